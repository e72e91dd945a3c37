"""What the test modules share and are not tests themselves: folders, builders of small sites,
checkers (vnu, EPUB, PDF, DTS client), the browser's settings. Test modules import from here,
never from one another; pytest fixtures live in the conftest.py files instead."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
CHECKOUT = TESTS.parent
FIXTURES = TESTS / "fixtures"


def as_a_user() -> list[str]:
    """The command prefix that makes file permissions apply (root overrides them)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        if os.environ.get("CI"):  # CI must run them: a skip there would hide that they are untested
            pytest.fail("CI runs as root, and needs setpriv (util-linux) to give up overriding permissions")
        pytest.skip("root, without setpriv to give up overriding file permissions")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
