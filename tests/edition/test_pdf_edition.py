"""The print edition of the real master (built once per session by `built_edition`)."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from support.pdfbounds import outside_text_block, overlapping_words, unmarked_runs
from support.pdfcheck import check_index, check_units, margin_numbers, overfull_words, read_pages
from tei_edition.core import paths


@pytest.fixture(scope="module")
def edition_pdf(built_edition: Path) -> Path:
    return built_edition / "pdf" / f"{paths.BASENAME}.pdf"


def test_every_unit_numbered_in_order_on_its_opening_line(edition_pdf: Path):
    check_units(edition_pdf, paths.MASTER)


def test_index_references_are_links_to_pages_with_the_mention(edition_pdf: Path):
    assert check_index(edition_pdf, paths.MASTER) > 100


def test_metadata_and_outline(edition_pdf: Path):
    reader = pypdf.PdfReader(edition_pdf)
    assert reader.metadata.title.startswith("The Most Intransigent of Bolsheviks")
    assert reader.metadata.author == "Tommy Lawson"
    assert reader.metadata.subject and reader.metadata["/Keywords"]
    titles = [o["/Title"] for o in reader.outline if not isinstance(o, list)]
    assert "Reflection on the Workers Group" in titles and "Index" in titles
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "Extract" not in reader.pages[0].extract_text()  # the whole edition


def test_corrections_give_the_source_reading_in_the_emendations(edition_pdf: Path):
    text = " ".join("\n".join(p.text for p in read_pages(edition_pdf)).split())
    assert "¶ 84 with Proudhommeaux, with Prudhommeaux, Misspelt name" in text
    assert "Source reads" not in text.split("Emendations")[0]  # not a footnote any more


def test_margin_numbers_are_never_in_the_text_block(edition_pdf: Path):
    pages = read_pages(edition_pdf)
    numbers = margin_numbers(pages)
    assert len({n for _, n, _ in numbers}) == len(numbers)


@pytest.mark.parametrize("paper", ["a5", "letter"])
def test_other_paper_sizes_keep_numbers_index_and_lines(paper: str, tmp_path: Path):
    from tei_edition.outputs.pdf import write_part

    pdf = write_part(paths.MASTER, tmp_path / f"{paper}.pdf", paper=paper)
    check_units(pdf, paths.MASTER)
    assert check_index(pdf, paths.MASTER) > 100
    assert overfull_words(pdf) == []
    assert outside_text_block(pdf, paper) == [] and overlapping_words(pdf) == []


@pytest.mark.parametrize("paper", ["a4", "a5", "letter"])
def test_the_xslt_marks_every_run_a_measure_may_have_to_break(paper: str):
    """The emendations' readings are the narrowest measure (66 pt on A5: the kinds' column is
    wide): the XSLT marks every run that edition.typ `fit` may have to break in them, and in every
    other container."""
    assert unmarked_runs(paths.MASTER, paper) == []


def test_no_line_sticks_out_of_the_text_block(edition_pdf: Path):
    assert overfull_words(edition_pdf) == []
    # the text block the layout's margins give, the title page too, and no word over another
    assert outside_text_block(edition_pdf, "a4") == [] and overlapping_words(edition_pdf) == []


def test_colophon_cites_as_tei_edition_cite_does(edition_pdf: Path):
    from support.pdfcheck import norm
    from tei_edition.citation.cite import citation
    from tei_edition.core.xmlio import read_tei

    expected = citation(read_tei(paths.MASTER), None, "chicago").strip()
    colophon = read_pages(edition_pdf)[-1].text
    assert "Colophon" in colophon and norm(expected) in norm(colophon)


def test_recto_heads_name_the_section_begun_on_the_page_or_the_last_before(edition_pdf: Path):
    from support.pdfcheck import norm

    reader = pypdf.PdfReader(edition_pdf)
    begun = [(reader.get_destination_page_number(o), norm(o["/Title"])) for o in reader.outline
             if not isinstance(o, list) and o["/Title"] != "[Opening]"]  # untitled: never a head
    title = norm(reader.metadata.title.split(":")[0])
    pages = read_pages(edition_pdf)
    checked = 0
    for page in pages[2::2]:  # recto pages after the title page (odd page numbers)
        top = max(i.y for i in page.items)
        head = norm("".join(i.text for i in sorted(page.items, key=lambda i: i.x) if i.y >= top - 1))
        on_page = [t for index, t in begun if index == page.index]
        before = [t for index, t in begun if index < page.index]
        expected = on_page[0] if on_page else before[-1] if before else title
        assert head == expected + str(page.index + 1), (page.index + 1, head, expected)
        checked += 1
    assert checked > 10 and any(index == page.index for page in pages[2::2] for index, _ in begun)



def test_contents_lists_every_bookmark_with_its_page_and_links_there(edition_pdf: Path):
    from support.pdfcheck import check_contents

    pages, entries = check_contents(edition_pdf)
    assert pages == 1 and entries > 20
