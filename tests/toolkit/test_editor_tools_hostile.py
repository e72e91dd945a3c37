"""The editor tools (quotations, annotate, audit) on well-formed documents of an odd shape: every
failure is one coded line, never an internal error (E0199), and none of them runs without end.

Found by a campaign of odd documents and arguments through the commands other than validate and
build (the fuzz of those two is test_fuzz.py)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from click.testing import CliRunner

from tei_edition.cli import main
from tei_edition.curation.registers import names_pattern
from support import FIXTURES
from support.input_faults import assert_coded

MINIMAL = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
NO_BODY = {
    "no-text": re.sub(r"<text>.*</text>", "", MINIMAL, flags=re.S),
    "no-body": re.sub(r"<body>.*</body>", "", MINIMAL, flags=re.S),
    "not-tei": "<?xml version='1.0'?><foo/>",
}


@pytest.mark.parametrize("shape", NO_BODY)
def test_quotations_list_of_a_document_without_a_body_is_e0510(shape: str, tmp_path: Path) -> None:
    """--list raised the marking's own error uncaught: an internal error (E0199) where the marking
    of the same document says E0510 at the master."""
    master = tmp_path / "m.xml"
    master.write_text(NO_BODY[shape], encoding="utf-8")
    lines = assert_coded(CliRunner().invoke(main, ["quotations", "--master", str(master), "--list"]))
    assert lines == [f"{master}:1:1: [E0510] the document has no text/body"], lines


class _Counted:
    """A compiled expression that counts what each scan may read: from where it begins to the
    end of the text (a scan that finds nothing reads it all)."""
    read = 0

    def __init__(self, rx: re.Pattern[str]):
        self._rx = rx

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        _Counted.read += min(endpos, len(text)) - pos
        return self._rx.finditer(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        _Counted.read += min(endpos, len(text)) - pos
        return self._rx.search(text, pos, endpos)

    def __getattr__(self, name: str) -> object:
        return getattr(self._rx, name)


def _work(command: str, folder: Path, n: int) -> tuple[int, int]:
    """(characters the scans for names and dates may read, lines of the curation package run) by
    `command` on a paragraph of n names and years."""
    master = folder / f"m{n}.xml"
    master.write_text(MINIMAL.replace('<p n="4" xml:id="p4">', '<p n="4" xml:id="p4">'
                                      + "Lenin and Miasnikov in 1921, " * n), encoding="utf-8")
    overrides = folder / "overrides.txt"
    overrides.write_text("", encoding="utf-8")
    args = ["audit", str(master)] if command == "audit" else ["annotate", str(master), "--overrides", str(overrides)]
    lines = 0

    def count(frame: FrameType, event: str, arg: object) -> object:
        nonlocal lines
        lines += event == "line"
        return count

    def calls(frame: FrameType, event: str, arg: object) -> object:
        return count if "/curation/" in frame.f_code.co_filename else None

    _Counted.read = 0
    sys.settrace(calls)
    try:
        result = CliRunner().invoke(main, args)
    finally:
        sys.settrace(None)
    assert result.exit_code in (0, 1) and "[E0" not in result.output, result.output[-500:]
    if command == "annotate":
        assert master.read_text(encoding="utf-8").count('<persName ref="#lenin">Lenin</persName> and') == n
    return _Counted.read, lines


@pytest.mark.parametrize("command", ["audit", "annotate"])
def test_a_paragraph_with_thousands_of_names_and_years_is_read_in_linear_time(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each mark splits the paragraph's text, and every piece was scanned to the paragraph's end
    for the next date (6,000 names and years: 23 s; 116 KB: 96 s), and every mark of the audit
    compared with every finding. The work is counted, never timed: four times the marks, about
    four times the characters scanned and the lines run (it was sixteen)."""
    from tei_edition.core import dates
    from tei_edition.curation import marks

    monkeypatch.setattr(dates, "SHAPES", [(name, _Counted(rx)) for name, rx in dates.SHAPES])
    monkeypatch.setattr(dates, "YEARLESS", _Counted(dates.YEARLESS))
    monkeypatch.setattr(marks, "names_pattern", lambda index: _Counted(names_pattern(index)))
    small, large = (_work(command, tmp_path, n) for n in (150, 600))
    assert large[0] < 6 * small[0], (small, large)
    assert large[1] < 6 * small[1], (small, large)
