"""Hostile or careless input: every failure is one coded line, exit 1 or 2, never a traceback.

Special files (FIFO, device, directory) are refused before reading, sizes are bounded before
and while reading, non-UTF-8 input is refused by every command, and messages stay one short line.

Here the faults of the editor tools (annotate, quotations, mentions), which read the edition's
lists (edition/source/*.txt) whatever master they are given; the rest is in
tests/toolkit/test_input_faults.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tei_edition.cli import main
from support import FIXTURES
from support.input_faults import COMMANDS, COMMAND_IDS, assert_coded


def _latin1_master(folder: Path) -> Path:
    """The minimal fixture saved as ISO-8859-1 (declared as such): well-formed XML, but not the
    UTF-8 every tool of the edition reads and writes."""
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace("worked in", "worked in Zürich and")
    master = folder / "latin1.xml"
    master.write_bytes(text.encode("iso-8859-1"))
    return master


def _undeclared_latin1(folder: Path) -> Path:
    master = folder / "undeclared.xml"
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8").replace("worked in", "worked in Zürich and")
    master.write_bytes(text.encode("iso-8859-1"))
    return master


@pytest.mark.parametrize("make", [_latin1_master, _undeclared_latin1], ids=["declared", "undeclared"])
@pytest.mark.parametrize("args", COMMANDS, ids=COMMAND_IDS)
def test_non_utf8_master_is_one_coded_line(make, args, runner, tmp_path):
    master = make(tmp_path)
    before = master.read_bytes()
    result = runner.invoke(main, [a.format(m=master, d=tmp_path) for a in args])
    lines = assert_coded(result)
    assert any("[E0007]" in line and "UTF-8" in line for line in lines), result.output
    assert master.read_bytes() == before
    assert not (tmp_path / "out").exists()


def test_write_failure_of_an_editor_tool_is_coded(runner, tmp_path, monkeypatch):
    """`ingest` writing its draft into a folder it may not write."""
    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied", str(tmp_path / "draft.xml"))

    monkeypatch.setattr("tei_edition.core.output_file.write_atomic", refuse)
    result = runner.invoke(main, ["ingest", str(tmp_path / "draft.xml"), "--plain"])
    lines = assert_coded(result)
    assert "[E0102]" in lines[0] and "Permission denied" in lines[0]