"""An address longer than the print edition can link is refused where it is written, not by Typst
at the end of a build ("URL is too long", E0101, after the master had validated): a pointer's
target (E0204) longer than 8,000 characters, a base URL (E0251) longer than 7,988, which leaves
room for the "#p" and unit number every paragraph's link appends. At the limits, the PDF builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from support import FIXTURES
from support.input_faults import assert_coded
from tei_edition.cli import main
from tei_edition.core.urls import LONGEST_BASE_URL, LONGEST_URL
from tei_edition.outputs.pdf import write_part
from tei_edition.schema.validate import validate_file

MINIMAL = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
PTR = "https://en.wikipedia.org/wiki/Gavril_Myasnikov"
BASE = "https://tei-edition.example.org/lawson-2021-most-intransigent/"


def _url(start: str, length: int) -> str:
    return start + "a" * (length - len(start))


def _master(folder: Path, ptr: str = PTR, base: str = BASE) -> Path:
    assert MINIMAL.count(f'"{PTR}"') == 1 and MINIMAL.count(f">{BASE}<") == 1
    path = folder / "m.xml"
    path.write_text(MINIMAL.replace(f'"{PTR}"', f'"{ptr}"').replace(f">{BASE}<", f">{base}<"), encoding="utf-8")
    return path


def _codes(master: Path) -> list[str]:
    return [p.code for p in validate_file(master) if p.code.startswith("E")]


def test_a_pointer_one_character_too_long_is_e0204(tmp_path: Path):
    master = _master(tmp_path, ptr=_url("https://example.org/", LONGEST_URL + 1))
    problems = [p for p in validate_file(master) if p.code.startswith("E")]
    assert [p.code for p in problems] == ["E0204"], problems
    assert f"{LONGEST_URL + 1:,} characters long" in problems[0].message


def test_a_base_url_one_character_too_long_is_e0251(tmp_path: Path):
    assert _codes(_master(tmp_path, base=_url(BASE, LONGEST_BASE_URL + 1) + "/")) == ["E0251"]


@pytest.mark.parametrize("command", ["pdf", "cite", "epub"])
def test_a_base_url_option_too_long_is_e0251_before_any_work(command: str, minimal_tei: Path, tmp_path: Path):
    args = [command, "--master", str(minimal_tei), "--base-url", _url(BASE, LONGEST_BASE_URL + 1) + "/"]
    if command != "cite":
        args += ["--out", str(tmp_path / f"out.{command}")]
    lines = assert_coded(CliRunner().invoke(main, args))
    assert len(lines) == 1 and "[E0251]" in lines[0] and lines[0].startswith("--base-url:"), lines
    assert not list(tmp_path.iterdir())


def test_at_the_limits_the_master_validates_and_the_pdf_builds(tmp_path: Path):
    master = _master(tmp_path, ptr=_url("https://example.org/", LONGEST_URL),
                     base=_url(BASE, LONGEST_BASE_URL - 1) + "/")
    assert _codes(master) == []
    pdf = write_part(master, tmp_path / "m.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
