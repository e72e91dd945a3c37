"""Parts of the print edition (PDF): extracts by paragraphs or by section, their numbers,
titles and index, and the options that choose them (`pdf --paragraphs`, `--section`)."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from support.many_pages import write_long_master
from support.pdfcheck import check_units, margin_numbers, read_pages
from tei_edition.cli import main
from tei_edition.outputs.pdf import Selection, parse_paragraphs, write_part
from tei_edition.core.problems import EditionError


@pytest.fixture(scope="module")
def long_master(tmp_path_factory) -> Path:
    return write_long_master(tmp_path_factory.mktemp("pdf"))


def test_partial_by_paragraphs_keeps_numbers_and_cites_them(long_master: Path, tmp_path: Path):
    out = write_part(long_master, tmp_path / "part.pdf", selection=Selection(first=10, last=20), paper="a5")
    check_units(out, long_master, list(range(10, 21)))
    assert "Extract: ¶¶ 10–20" in pypdf.PdfReader(out).pages[0].extract_text()
    # the document's title says so too (as a volume's names the volume): it was the whole edition's
    assert pypdf.PdfReader(out).metadata.title == "A Long Test: Many pages, Extract: ¶¶ 10–20"
    text = " ".join(pypdf.PdfReader(out).pages[-1].extract_text().split())
    assert "¶¶ 10–20" in text and "https://example.org/long/#p10" in text.replace("- ", "").replace("/ ", "/")


def test_partial_by_section(long_master: Path, tmp_path: Path):
    out = write_part(long_master, tmp_path / "s2.pdf", selection=Selection(section="s2"))
    numbers = [n for _, n, _ in margin_numbers(read_pages(out))]
    assert numbers == list(range(24, 47))
    assert "Extract: Section number 2, ¶¶ 24–46" in pypdf.PdfReader(out).pages[0].extract_text()
    assert pypdf.PdfReader(out).metadata.title.endswith(", Extract: Section number 2, ¶¶ 24–46")
    check_units(out, long_master, numbers)


def test_partial_index_lists_only_printed_mentions(long_master: Path, tmp_path: Path):
    out = write_part(long_master, tmp_path / "p.pdf", selection=Selection(first=4, last=4))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    # unit 4 mentions NAMES[4 % 5] only
    assert "Workers Group" in text and "Miasnikov, Gavril" not in text


def test_empty_selection_is_an_error(long_master: Path, tmp_path: Path):
    with pytest.raises(EditionError) as err:
        write_part(long_master, tmp_path / "x.pdf", selection=Selection(first=500, last=600))
    assert err.value.problems[0].code == "E0103"
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("args, where", [
    (["--section", "s99"], "--section"),
    (["--paragraphs", "500-600"], "--paragraphs"),
    (["--section", "s1", "--paragraphs", "3-4"], "--paragraphs"),  # the range narrows the section (¶ 1)
])
def test_a_part_the_master_lacks_is_refused_at_its_option(runner, minimal_tei: Path, tmp_path: Path, args, where):
    """The value given is at fault, not the master (which was the place: master:0:0), as for any
    option (`--jobs:1:1`); still E0103, exit 1. (The command validates first: a valid master.)"""
    result = runner.invoke(main, ["pdf", "--master", str(minimal_tei), *args, "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert result.output.startswith(f"{where}:1:1: [E0103] ") and result.output.count("\n") == 1, result.output
    assert not (tmp_path / "x.pdf").exists()


def test_parse_paragraphs():
    assert parse_paragraphs("10-20") == (10, 20)
    assert parse_paragraphs("7") == (7, 7)
    for bad in ("", "a-b", "20-10", "0", "1-2-3", "\u0663", "1-\u0663", "\uff17"):  # digits of other scripts are no unit numbers
        with pytest.raises(ValueError):
            parse_paragraphs(bad)


def test_cli_pdf_part(runner, minimal_tei: Path, tmp_path: Path):
    out = tmp_path / "cli.pdf"
    result = runner.invoke(main, ["pdf", "--master", str(minimal_tei), "--paragraphs", "2-3",
                                  "--paper", "letter", "--out", str(out)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert [n for _, n, _ in margin_numbers(read_pages(out))] == [2, 3]


@pytest.mark.parametrize("option, value", [("--section", "\x1b[31m"), ("--section", "s 1"), ("--section", "x" * 101),
                                           ("--paragraphs", ""), ("--paragraphs", "9" * 5000),
                                           ("--paragraphs", "5-3"), ("--paragraphs", "p1")])
def test_a_malformed_part_is_one_line_at_its_option(runner, minimal_tei: Path, tmp_path: Path, option: str, value: str):
    """Before: control characters in --section ended as an internal error, an empty --paragraphs
    printed the whole edition, a 5,000-digit one leaked Python's integer limit, and the errors of
    --paragraphs were not at the option."""
    result = runner.invoke(main, ["pdf", "--master", str(minimal_tei), option, value, "--out", str(tmp_path / "x.pdf")])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and lines[0].startswith(f"{option}:1:1: [E0113] "), result.output
    assert "int_max_str_digits" not in lines[0]
    assert not (tmp_path / "x.pdf").exists()
