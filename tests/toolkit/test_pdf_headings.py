"""The print edition (PDF) with ids and markup it makes headings, labels or links of: a TEI id
that names a heading of the back matter, a link or an emendation in a heading."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from support.pdfcheck import links, read_pages
from tei_edition.outputs.pdf import write_part
from support import FIXTURES


def _variant(tmp_path: Path, master: Path, old: str, new: str) -> Path:
    """`master` with `old` written `new`, which the schema and the rules accept."""
    from tei_edition.schema.validate import validate_file

    text = master.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.xml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert [p for p in validate_file(path) if p.severity == "error"] == []
    return path


@pytest.mark.parametrize("master, new", [
    *((FIXTURES / "minimal.xml", i) for i in ("bibliography", "index", "colophon", "emendations", "consulted",
                                              "e1", "mention")),
    *((FIXTURES.parent / "schema_cases" / "valid" / "full.xml", i) for i in ("glossary", "events", "map"))])
def test_a_tei_id_that_names_a_heading_of_the_back_matter_builds(tmp_path: Path, master: Path, new: str):
    """Before: a bibliography entry whose id was a label the print edition made itself (a heading
    of the back matter, a row of the emendations, the index markers) stopped Typst (a label twice;
    `<mention>` on the entry's anchor broke the index). The entry still gets its destination and links."""
    variant = _variant(tmp_path, master, "avrich-bolshevik-opposition", new)
    out = write_part(variant, tmp_path / "variant.pdf")
    reader = pypdf.PdfReader(out)
    entry = reader.get_destination_page_number(reader.named_destinations[new])
    assert "Avrich" in reader.pages[entry].extract_text()
    assert entry in {l["target"] for l in links(out) if l["page"] == 2}
    assert "Index" in [o["/Title"] for o in reader.outline if not isinstance(o, list)]


def _link_counts(pdf: Path) -> list[int]:
    """The number of links (into the PDF or out of it) on each page."""
    return [sum(1 for a in page.get("/Annots") or [] if a.get_object().get("/Subtype") == "/Link")
            for page in pypdf.PdfReader(pdf).pages]


@pytest.mark.parametrize("markup", [
    '<ptr target="https://x.org/a/b"/>', '<ref target="#p1">¶1</ref>', '<ref target="https://x.org/">ext</ref>',
    '<title level="m" ref="#avrich-bolshevik-opposition">Opp</title>',
    '<choice><sic>mnay</sic><corr resp="#editors" type="misspelling">many</corr></choice>',
    '<supplied resp="#editors" reason="omitted">many</supplied>'])
def test_a_link_in_a_section_heading_stays_in_the_heading_only(minimal_tei: Path, tmp_path: Path, markup: str):
    """Before: a heading holding a link (a reference, an address, a title with its entry, the sign
    of a correction) stopped Typst: the running head repeats the heading, and an artifact may hold
    no link (PDF/UA-1). The heading keeps its link; the running head and the contents have its text."""
    head = "<head>A life that touched many revolutionary threads</head>"
    variant = _variant(tmp_path, minimal_tei, head, f"<head>A life {markup} touched threads</head>")
    out = write_part(variant, tmp_path / "variant.pdf")
    plain = write_part(minimal_tei, tmp_path / "plain.pdf")
    pages, plain_pages = read_pages(out), read_pages(plain)
    heading = next(p.index for p in pages if p.index > 1 and "A life" in p.text)
    expected = _link_counts(plain)
    expected[heading] += 1  # the heading's own
    if "resp=" in markup:  # and the row of the emendation, which links back to the heading
        expected[next(p.index for p in pages if re.search("^Emendations$", p.text, re.M))] += 1
    assert _link_counts(out) == expected
    assert len(pages) == len(plain_pages)
    running = [p for p in pages if p.index % 2 == 0 and p.index > 0]  # recto pages after the title
    assert any(p.text.startswith("A life") and "touched threads" in p.text.splitlines()[0] for p in running)


SUPPLIED = '<supplied resp="#editors" reason="omitted">the</supplied>'
CORRECTED = '<choice><sic>Artcles</sic><corr resp="#editors" type="misspelling">Articles</corr></choice>'


@pytest.mark.parametrize("old, new, printed", [
    ("<head>Articles</head>", f"<head>Articles {SUPPLIED}</head>", "Articles [the]"),
    ("<head>Articles</head>", f"<head>{CORRECTED}</head>", "Articles°"),
    ("<listBibl>", f"<head>References {SUPPLIED}</head><listBibl>", "References [the]"),
    ("<listBibl>", f"<head>The {CORRECTED}</head><listBibl>", "The Articles°")])
def test_an_emendation_in_a_heading_of_the_references_builds(minimal_tei: Path, tmp_path: Path, old: str, new: str,
                                                              printed: str):
    """Before: a correction or a supplied word in a heading of the references (the bibliography's or
    a list's) stopped the XSLT (E0100, f:str of the row's section, which it has none of). Its row
    says References and links there, and the heading shows its sign."""
    out = write_part(_variant(tmp_path, minimal_tei, old, new), tmp_path / "variant.pdf")
    pages = read_pages(out)
    references = next(p.index for p in pages if p.index > 2 and printed in p.text)
    emendations = next(p for p in pages if re.search("^Emendations$", p.text, re.M))
    row = emendations.text.split("Kind")[-1]
    assert "References" in row and ("[the]" in row or "Artcles" in row)
    assert references in {l["target"] for l in links(out) if l["page"] == emendations.index}
