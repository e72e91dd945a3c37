"""`file.pdf#p42` opens at ¶42: the PDF's named destinations, resolved by PDF.js itself.

PDF.js (pdfjs-dist from npm, .ci/webtools) opens each PDF under node and resolves every name
as its viewer does for a URL fragment; each unit `p{n}` must open on the page whose margin shows
n, just above that number (the unit's first line), in every paper size. Sections `s{n}` open at
their heading (the untitled opening at its first unit), notes `n{k}` at the footnote itself.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_pdf_destinations_fixtures.py."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from tei_edition.core import paths
from support.pdf_destinations import expectations, problems



@pytest.fixture(scope="module")
def master_expected() -> dict[str, tuple[str, object]]:
    return expectations(paths.MASTER)


def test_every_unit_section_and_note_of_the_a4_edition_opens_in_place(built_edition: Path, master_expected):
    pdf = built_edition / "pdf" / f"{paths.BASENAME}.pdf"
    kinds = {what for what, _ in master_expected.values()}
    assert len(master_expected) >= 94 + 3 + 10 and kinds == {"unit", "line", "note"}
    assert problems(pdf, master_expected) == []


@pytest.mark.parametrize("paper", ["a5", "letter"])
def test_every_destination_opens_in_place_in_other_paper_sizes(paper: str, master_expected, tmp_path: Path):
    from tei_edition.outputs.pdf import write_part

    pdf = write_part(paths.MASTER, tmp_path / f"{paper}.pdf", paper=paper)
    assert problems(pdf, master_expected) == []


def test_the_check_fails_on_a_wrong_or_missing_destination(built_edition: Path, master_expected):
    pdf = built_edition / "pdf" / f"{paths.BASENAME}.pdf"
    shifted = {f"p{value + 1}": (what, value) for name, (what, value) in master_expected.items()
               if what == "unit" and name.startswith("p") and value < 5}
    wrong = {"s2": ("line", "Nowhere"), "n1": ("note", "Nothing"), "p999": ("unit", 999)}
    found = problems(pdf, {**shifted, **wrong})
    assert len(found) == len(shifted) + len(wrong)
    assert "p999: no such destination" in found


def test_master_outline_starts_with_the_opening(built_edition: Path):
    reader = pypdf.PdfReader(built_edition / "pdf" / f"{paths.BASENAME}.pdf")
    titles = [o["/Title"] for o in reader.outline if not isinstance(o, list)]
    assert titles[:2] == ["[Opening]", "A life that touched many revolutionary threads"]
