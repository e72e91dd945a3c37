"""Hostile or careless input: every failure is one coded line, exit 1 or 2, never a traceback.

Special files (FIFO, device, directory) are refused before reading, sizes are bounded before
and while reading, non-UTF-8 input is refused by every command, and messages stay one short line.

Here the faults of the editor tools (annotate, quotations, mentions), which read the edition's
lists (edition/source/*.txt) whatever master they are given; the rest is in
tests/toolkit/test_input_faults.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tei_edition.cli import main
from tei_edition.core import paths
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

@pytest.mark.parametrize("which", ["lock", "decisions", "order"])
def test_side_files_saved_with_a_byte_order_mark_read_as_without(which, runner, tmp_path):
    """Some editors put one first; it was the first line's first character (a malformed line 1,
    a lock that was not JSON)."""
    from tei_edition.citation.anchors import lock_path
    from tei_edition.reconstruct.ingest import ORDER_NAME

    def with_mark(original: Path, copy: Path) -> Path:
        copy.write_bytes(b"\xef\xbb\xbf" + original.read_bytes())
        return copy

    if which == "lock":
        master = tmp_path / paths.MASTER.name
        shutil.copy(paths.MASTER, master)
        with_mark(lock_path(paths.MASTER), lock_path(master))
        args = ["anchors", "check", "--master", str(master)]
    elif which == "decisions":
        args = ["quotations", "--check", "--decisions", str(with_mark(paths.SOURCE_DIR / "quotations.txt",
                                                                     tmp_path / "quotations.txt"))]
    else:
        args = ["ingest", str(tmp_path / "draft.xml"),
                "--order", str(with_mark(paths.SOURCE_DIR / ORDER_NAME, tmp_path / ORDER_NAME))]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
