"""The print edition (PDF) sets text holding Typst's special characters literally: markup,
comments, injections and quotes of the specials fixture, and random text of them."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from support.pdfcheck import check_units, norm, read_pages
from tei_edition.outputs.pdf import write_part
from support import FIXTURES

SPECIALS = FIXTURES / "pdf" / "specials.xml"


@pytest.fixture(scope="module")
def specials_pdf(tmp_path_factory) -> Path:
    return write_part(SPECIALS, tmp_path_factory.mktemp("pdf-sp") / "specials.pdf")


def test_every_special_character_comes_out_literally(specials_pdf: Path):
    text = " ".join(read_pages(specials_pdf)[2].text.split())
    text = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    for literal in [
        "Hash # dollar $ star * under _ at @ lt < gt > tick ` open [ close ] tilde ~ back \\ slash / end.",
        "= not a heading", "- not a list", "+ not an enum",
        "Line one = still text - also text + and this 1. and this / term: and this",
        "Comments // not a comment and /* not a block */ and */ here.",
        'Injections: #set page(width: 2cm) and #panic("boom") and ]#panic("x")[ and "; #panic("y"); " '
        'and \\"; #panic("z") and \\u{41} and $a^2$ and <p1> and @p1 and #{1+1}.',
        "Quotes \"double\" and 'single', the workers' party, don't; dashes -- and --- and ... and a spaced",
        "Hash #set Person met the Bracket ] Org [ in *Title* #x and `Article`.",
        '"Quoted # text ] with \\ specials" (Source #1 ])',
        "A corr #y [",
    ]:
        assert literal in text, literal
    notes = " ".join(read_pages(specials_pdf)[2].text.split())
    assert "A note with # and ] and \\ inside." in notes
    emendations = " ".join(next(p.text for p in read_pages(specials_pdf)
                                if re.search("^Emendations$", p.text, re.M)).split())
    assert "¶ 11 A sic #x ] reading A corr #y [ reading Misspelt word" in emendations
    page_sizes = {tuple(p.mediabox) for p in pypdf.PdfReader(specials_pdf).pages}
    assert len(page_sizes) == 1  # "#set page(width: 2cm)" did nothing


def test_quotes_become_typographic(specials_pdf: Path):
    text = " ".join(read_pages(specials_pdf)[2].text.split())
    assert "“double” and ‘single’, the workers’ party, don’t" in text
    # the author's spaced hyphen stays a hyphen, as in the web edition (no silent change)
    assert "a spaced - hyphen, after - an element - twice." in text


def test_random_text_of_special_characters_comes_out_literally(tmp_path: Path):
    """Fuzz: paragraphs of random Typst-significant characters survive as text, each on its own."""
    import random

    from lxml import etree

    rng = random.Random(20211204)
    alphabet = list("#$*_@<>`[]~\\/=+-\"'{}();:.,!?&%^|") + ["//", "/*", "*/", "\n= ", "\n- ", "\n+ ",
                                                            "\\u{41}", "#{", "\")", "];"] + list("abcxyz  ")
    tree = etree.parse(str(SPECIALS))
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    div = tree.find(".//t:body/t:div", ns)
    for old in list(tree.find(".//t:body", ns)):
        old.getparent().remove(old)
    tree.find(".//t:body", ns).append(div)
    for child in list(div):
        div.remove(child)
    expected = []
    for n in range(1, 41):
        text = "w" + "".join(rng.choice(alphabet) for _ in range(25)) + "z"
        p = etree.SubElement(div, "{http://www.tei-c.org/ns/1.0}p", n=str(n))
        p.set("{http://www.w3.org/XML/1998/namespace}id", f"p{n}")
        p.text = text
        expected.append((n, text))
    master = tmp_path / "fuzz.xml"
    tree.write(str(master), encoding="utf-8", xml_declaration=True)
    out = write_part(master, tmp_path / "fuzz.pdf")
    check_units(out, master)
    body = norm("".join(p.text for p in read_pages(out)[2:]))
    position = 0
    for n, text in expected:
        found = body.find(norm(text), position)
        assert found >= 0, (n, text)
        position = found
