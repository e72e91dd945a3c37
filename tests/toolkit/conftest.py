"""The toolkit's tests work on tests/fixtures/ or on input they make, never on the real master.

Besides the static check (test_test_layout.py), a guard at run time: while a test of this folder
runs, opening a file of the master's folder (edition/) fails it. It catches what no name shows,
such as a command run without a file, which then takes the master by default."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tei_edition.core import paths

EDITION = os.path.realpath(paths.EDITION_DIR)
_opened: list[str] | None = None  # files of edition/ opened during the running test; None between tests


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _opened is None or event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.path.realpath(os.fsdecode(args[0]))
    if path == EDITION or path.startswith(EDITION + os.sep):
        _opened.append(path)


sys.addaudithook(_audit)  # process-wide and permanent; inert (one comparison) outside the toolkit's tests


@pytest.fixture(autouse=True)
def master_untouched() -> Iterator[None]:
    global _opened
    _opened = []
    try:
        yield
    finally:
        opened, _opened = _opened, None
    assert not opened, (f"a toolkit test opened the real master's files {sorted(set(opened))}: "
                        "give it a fixture, or move it to tests/edition/")
