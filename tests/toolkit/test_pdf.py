"""The print edition (PDF) of a whole document: units and their numbers, index, metadata and
standard, fonts, paper, links, reproducibility, a Typst failure. Escaping: test_pdf_escaping.py;
parts (extracts): test_pdf_parts.py; headings and ids of the back matter: test_pdf_headings.py."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from support.many_pages import NAMES, write_long_master
from support.pdfcheck import check_index, check_units, links, norm, read_pages
from tei_edition.cli import main
from tei_edition.outputs.pdf import write_part
from support import FIXTURES

SPECIALS = FIXTURES / "pdf" / "specials.xml"


@pytest.fixture(scope="module")
def long_master(tmp_path_factory) -> Path:
    return write_long_master(tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def long_pdf(long_master: Path, tmp_path_factory) -> Path:
    return write_part(long_master, tmp_path_factory.mktemp("pdf-out") / "long.pdf")


@pytest.fixture(scope="module")
def specials_pdf(tmp_path_factory) -> Path:
    return write_part(SPECIALS, tmp_path_factory.mktemp("pdf-sp") / "specials.pdf")


def test_units_in_order_with_their_opening_words(long_pdf: Path, long_master: Path):
    assert len(pypdf.PdfReader(long_pdf).pages) >= 6
    check_units(long_pdf, long_master)


def test_units_of_minimal(minimal_tei: Path, tmp_path: Path):
    check_units(write_part(minimal_tei, tmp_path / "minimal.pdf"), minimal_tei)


def test_index_pages_are_links_to_pages_naming_the_entry(long_pdf: Path, long_master: Path):
    assert check_index(long_pdf, long_master) > len(NAMES)


def test_every_mention_page_is_in_the_index(long_pdf: Path, long_master: Path):
    """Pages whose units mention a name are exactly the pages the index gives for it."""
    pages = read_pages(long_pdf)
    text = long_master.read_text()
    index_page = next(p for p in pages if re.search(r"^Index$", p.text, re.M))
    # the index line of Miasnikov: "Miasnikov, Gavril 4, 7, …"
    line = next(l for l in index_page.text.splitlines() if l.startswith("Miasnikov"))
    listed = [int(x) for x in re.findall(r"\d+", line)]
    body_pages = [p for p in pages[: index_page.index] if "Gavril Miasnikov" in p.text.replace("\n", " ")
                  or "GavrilMiasnikov" in norm(p.text)]
    assert listed == sorted({p.index + 1 for p in body_pages})
    assert text.count('ref="#miasnikov"') >= len(listed)


def test_metadata_language_outline_and_standard(specials_pdf: Path):
    reader = pypdf.PdfReader(specials_pdf)
    meta = reader.metadata
    assert meta.title == 'Specials #1: "$x$" \\ [y] <z>: A test of *escaping* _everywhere_ ") #panic("no")'
    assert meta.author == "Ann O'Test #author"
    assert meta.subject and "made-up source" in meta.subject
    assert meta["/Keywords"] == 'Typst, escaping "quotes", back\\slash'
    assert meta.creation_date.isoformat().startswith("2026-11-27")
    root = reader.trailer["/Root"]
    assert root["/Lang"].startswith("en")
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    titles = [o["/Title"] for o in reader.outline if not isinstance(o, list)]
    assert 'Head with # and [brackets] and "quotes"' in [norm(t) and t.replace("“", '"').replace("”", '"') for t in titles]
    assert {"References", "Index", "Colophon"} <= set(titles)
    xmp = root["/Metadata"].get_object().get_data()
    assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert b"<pdfaid:part>2</pdfaid:part>" in xmp and b"<pdfaid:conformance>A</pdfaid:conformance>" in xmp


def test_every_author_is_in_the_metadata_and_on_the_title_page(minimal_tei: Path, tmp_path: Path):
    """The PDF named `author[1]` alone (its metadata, title page and running heads), where the web
    edition and the EPUB name every author."""
    text = minimal_tei.read_text(encoding="utf-8").replace(
        "<author>Tommy Lawson</author>", "<author>Tommy Lawson</author><author>Ann Other</author>", 1)
    (tmp_path / "m.xml").write_text(text, encoding="utf-8")
    pdf = write_part(tmp_path / "m.xml", tmp_path / "m.pdf")
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata.author == "Tommy Lawson, Ann Other"
    assert b"Ann Other" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()  # XMP dc:creator
    assert "TommyLawson,AnnOther" in norm(reader.pages[0].extract_text())  # the title page


def test_fonts_are_embedded(specials_pdf: Path):
    reader = pypdf.PdfReader(specials_pdf)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = (font.get("/DescendantFonts") or [font])[0].get_object()["/FontDescriptor"]
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), desc


@pytest.mark.parametrize("paper,size", [("a4", (595.28, 841.89)), ("a5", (419.53, 595.28)),
                                        ("letter", (612.0, 792.0))])
def test_paper_sizes(paper: str, size, minimal_tei: Path, tmp_path: Path):
    out = write_part(minimal_tei, tmp_path / f"{paper}.pdf", paper=paper)
    for page in pypdf.PdfReader(out).pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == size


def test_rebuild_is_byte_identical(tmp_path: Path):
    a = write_part(SPECIALS, tmp_path / "a.pdf").read_bytes()
    b = write_part(SPECIALS, tmp_path / "b.pdf").read_bytes()
    assert a == b


def test_internal_links_reach_their_targets(specials_pdf: Path):
    pages = read_pages(specials_pdf)
    bibliography = next(p.index for p in pages if "Book ] with [ specials" in p.text)
    body_links = [l for l in links(specials_pdf) if l["page"] == 2]
    assert bibliography in {l["target"] for l in body_links}
    contents = [l for l in links(specials_pdf) if l["page"] == 1]
    assert {l["target"] for l in contents} >= {2, bibliography}


def test_typst_failure_is_one_clean_e0101_line(runner, minimal_tei: Path, tmp_path: Path, monkeypatch):
    import tei_edition.outputs.pdf as pdf

    monkeypatch.setattr(pdf, "typst_source", lambda *a, **k: '#import "edition.typ": *\n#undefined-thing(\n')
    result = runner.invoke(main, ["pdf", "--master", str(minimal_tei), "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "[E0101]" in lines[0] and "Traceback" not in result.output
    assert not (tmp_path / "x.pdf").exists()
