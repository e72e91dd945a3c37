"""The print edition's links to its own labels: written by Typst as addresses, made links to the
PDF's named destinations after the compile (outputs/pdf_links.py), or, where one cannot be,
compiled again with the links Typst checks itself."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from support.pdfcheck import links
from tei_edition.outputs import pdf_links, typeset
from tei_edition.outputs.pdf import write_part

P4 = '<p n="4" xml:id="p4"><persName ref="#lenin">Lenin</persName> wrote'


@pytest.fixture()
def compiles(monkeypatch) -> list[str]:
    """The `links` of every Typst compile made meanwhile."""
    made: list[str] = []
    run = typeset.Typesetter.run

    def counted(self, *args, **kwargs):
        made.append(kwargs.get("links", typeset.NAMED))
        return run(self, *args, **kwargs)

    monkeypatch.setattr(typeset.Typesetter, "run", counted)
    return made


def _with_ref(tmp_path: Path, minimal_tei: Path, target: str) -> Path:
    master = tmp_path / "m.xml"
    text = minimal_tei.read_text(encoding="utf-8")
    assert P4 in text
    master.write_text(text.replace(P4, f'<p n="4" xml:id="p4">See <ref target="{target}">there</ref>. '
                                       + P4.split(">", 1)[1]), encoding="utf-8")
    return master


def _descriptions(pdf: bytes) -> list[tuple[str, str]]:
    """(destination, description) of every link to a named destination."""
    return [(m.group(1).decode(), m.group(2).decode().strip()) for m in re.finditer(
        rb"/Dest\(([^)]*)\)\s*/F 4/StructParent \d+/Contents\(([^)]*)\)", pdf)]


def test_the_links_to_labels_open_their_destinations_in_one_compile(minimal_tei: Path, tmp_path: Path, compiles):
    out = write_part(_with_ref(tmp_path, minimal_tei, "#p1"), tmp_path / "m.pdf")
    data = out.read_bytes()
    assert compiles == [typeset.NAMED]
    assert pdf_links.PREFIX not in data
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)  # every object where the table says
    pages = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    made = [(name, text) for name, text in _descriptions(data) if text.startswith("Go to page")]
    assert ("p1", f"Go to page {pages['p1']}") in made  # the reference, to the page of ¶ 1
    assert len(made) >= 3  # and the signs of the emendations, the titles linked to their entries
    for name, text in made:
        assert text == f"Go to page {pages[name]}"
    assert all(link["target"] is not None for link in links(out))


def test_a_link_to_what_has_no_label_is_compiled_again_with_checked_links(minimal_tei: Path, tmp_path: Path,
                                                                         compiles):
    """A reference to a person of the register: the print edition has no destination for it. The
    PDF is compiled again, and the reference is its text, linked nowhere."""
    out = write_part(_with_ref(tmp_path, minimal_tei, "#lenin"), tmp_path / "m.pdf")
    data = out.read_bytes()
    assert compiles == [typeset.NAMED, typeset.CHECKED]
    assert pdf_links.PREFIX not in data and b"Go to page" not in data
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(out).pages).split())
    assert "See there. Lenin wrote" in text
    assert all(link["target"] is not None for link in links(out))


def test_an_extract_does_not_link_to_a_paragraph_it_does_not_print(minimal_tei: Path, tmp_path: Path, compiles):
    from tei_edition.outputs.pdf import Selection

    out = write_part(_with_ref(tmp_path, minimal_tei, "#p1"), tmp_path / "m.pdf", selection=Selection(first=3, last=4))
    assert compiles == [typeset.NAMED]
    assert "p1" not in [name for name, _ in _descriptions(out.read_bytes())]
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(out).pages).split())
    assert "See there. Lenin wrote" in text


# ---------------------------------------------------------------- named(), on its own

LINK = (b"<</Type/Annot/Subtype/Link/Rect[1 2 3 4]/Border[0 0 0]/A<</Type/Action/S/URI/URI(tei-edition-link-to:%s)>>"
        b"/F 4/StructParent 7/Contents(tei-edition-link-to:%s)>>")


def _pdf(*names: bytes, dests: bytes = b"(p1)9 0 R(edition:e1)10 0 R", extra: bytes = b"") -> bytes:
    body = b"\n".join(LINK % (n, n) for n in names)
    return (b"%PDF-1.7\n1 0 obj\n<</Type/Pages/Count 2/Kids[5 0 R 6 0 R]>>\nendobj\n" + body
            + b"\n9 0 obj\n[6 0 R/XYZ 10 20 0]\nendobj\n10 0 obj\n[5 0 R/XYZ 10 20 0]\nendobj\n"
            + b"<</Names<</Dests<</Names[" + dests + b"]>>>>>>" + extra)


def test_named_rewrites_each_link_in_place():
    before = _pdf(b"p1", b"edition:e1")
    after = pdf_links.named(before)
    assert after is not None and len(after) == len(before)
    assert _descriptions(after) == [("p1", "Go to page 2"), ("edition:e1", "Go to page 1")]
    assert after.replace(b" ", b"").count(b"/Dest(p1)/F4") == 1
    assert pdf_links.PREFIX not in after
    # nothing else moved: the bytes before the first link and after the last are the same
    start, end = before.index(b"<</Type/Annot"), before.rindex(b"/F 4/StructParent 7/Contents(")
    assert after[:start] == before[:start]
    assert after[end:].split(b">>", 1)[1] == before[end:].split(b">>", 1)[1]


@pytest.mark.parametrize("pdf", [
    _pdf(b"p1", b"s9"),  # a label without a destination
    _pdf(b"p1", extra=b"\n11 0 obj\n<</Type/ObjStm/N 3>>\nendobj\n"),  # objects it cannot read
    _pdf(b"p1", extra=b"(tei-edition-link-to:p1)"),  # the address where no link is
    _pdf(b"p1", dests=b"(p1)9 0 R", extra=b"<</Names<</Dests<</Names[(edition:e1)10 0 R]>>>>>>"),  # two trees
])
def test_named_gives_none_where_it_cannot_make_every_link(pdf: bytes):
    assert pdf_links.named(pdf) is None


def test_named_leaves_a_pdf_without_such_links_as_it_is():
    pdf = _pdf()
    assert pdf_links.named(pdf) is pdf
