"""Words the TEI marks in another language (xml:lang) keep it in the web edition and the EPUB, so
that a screen reader speaks them in it (WCAG 3.1.2, language of parts).

The fixture (tests/fixtures/html/languages.xml) puts xml:lang on every kind of element the
pages print (foreign, a block quotation's quote, q, soCalled, hi, emph, name, title, notes, a
register entry's name and its variants, an event's label, a glossary term, the titles of works
consulted and of the bibliography), each holding a marker word Z…: wherever a page prints a
marker, the nearest lang around it must be the language the TEI gives it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

from support import FIXTURES
from support.html_site import build_html

LANGUAGES = FIXTURES / "html" / "languages.xml"
MARKER = re.compile(r"\bZ[a-z]+\b")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Where a page prints a marker as part of plain text made for another purpose, left as it is:
# the JSON-LD of the page head, the timeline's tooltips and the chronology's sentence of each
# date (flattened to text), the name filter's options, and a heading's foreign word in the
# contents (the heading's own language is kept there, tested below).
PLAIN = ["ancestor::*[local-name() = 'script' or local-name() = 'svg' or local-name() = 'option']",
         "ancestor::*[local-name() = 'td'][contains(@class, 'context')]",
         "ancestor::*[local-name() = 'nav'][contains(@class, 'toc') or @role = 'doc-toc']"]


def expected_languages() -> dict[str, str]:
    """Each marker word of the fixture and the language the TEI gives it."""
    tree = etree.parse(str(LANGUAGES))
    found: dict[str, str] = {}
    for text in tree.xpath("//text()"):
        for word in MARKER.findall(text):
            owner = text.getparent()
            found[word] = owner.xpath("string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)")
    return found


MARKERS = set(expected_languages())


def printed_languages(doc, lang_of) -> list[tuple[str, str, str]]:
    """(marker, the language around it, the element holding it) for every marker a page prints."""
    out = []
    for text in doc.xpath("//text()[not(" + " or ".join(PLAIN) + ")]"):
        for word in MARKER.findall(str(text)):
            if word not in MARKERS:
                continue  # a word of the site's own text (the encoding manual's examples)
            holder = text.getparent()
            out.append((word, lang_of(holder), holder.tag.split("}")[-1]))
    return out


def html_lang(e) -> str:
    return next((a.get("lang") for a in [e, *e.iterancestors()] if a.get("lang")), "")


def xhtml_lang(e) -> str:
    for a in [e, *e.iterancestors()]:
        if a.get(XML_LANG) or a.get("lang"):
            assert a.get(XML_LANG) in (None, a.get("lang")), "xml:lang and lang differ"
            return a.get("lang") or a.get(XML_LANG)
    return ""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_html(LANGUAGES, tmp_path_factory.mktemp("html-languages"))


def test_the_fixture_marks_words_in_four_languages():
    langs = expected_languages()
    assert len(langs) >= 20 and set(langs.values()) == {"ru", "de", "fr", "la"}


def test_every_page_keeps_the_language_of_every_marked_word(site: Path):
    expected = expected_languages()
    printed = []
    for page in sorted(site.glob("*.html")):
        printed += [(page.name, *p) for p in printed_languages(html.fromstring(page.read_bytes()), html_lang)]
    wrong = [p for p in printed if p[2] != expected[p[1]]]
    assert wrong == []
    # every marker reaches some page (the fixture tests what it says it tests)
    assert {p[1] for p in printed} == set(expected)


@pytest.mark.parametrize("marker, page_name", [
    ("Zcitquote", "index.html"),     # a block quotation's quote: its paragraph had no lang
    ("Zbold", "index.html"),         # hi rend="bold"
    ("Zname", "index.html"),         # a name without @ref
    ("Zregname", "persons.html"),    # the entry's heading
    ("Zvariant", "persons.html"),    # "Also"
    ("Zeventlabel", "events.html"),  # the event's heading
    ("Zglossterm", "glossary.html"),  # the term defined
    ("Zsourcetitle", "persons.html"),  # the short citation of a work consulted
])
def test_words_printed_out_of_their_place_keep_their_language(site: Path, marker: str, page_name: str):
    doc = html.fromstring((site / page_name).read_bytes())
    holders = doc.xpath(f"//text()[contains(., '{marker}')][not(ancestor::script)]/..")
    assert holders and {html_lang(h) for h in holders} == {expected_languages()[marker]}


def test_the_page_language_is_not_repeated_and_the_contents_keep_a_headings_language(tmp_path: Path):
    text = LANGUAGES.read_text(encoding="utf-8").replace(
        "<head>A life that touched", '<head xml:lang="fr">A life that touched')
    master = tmp_path / "languages.xml"
    master.write_text(text, encoding="utf-8")
    doc = html.fromstring((build_html(master, tmp_path / "out") / "index.html").read_bytes())
    assert doc.xpath("//nav[contains(@class, 'toc')]//a[@href = '#s2']/@lang") == ["fr"]
    assert doc.xpath("//h2[@id = 's2_h']/@lang") == ["fr"]
    # English, the page's language, is never set again on what the TEI leaves unmarked
    assert not doc.xpath("//body//*[@lang = 'en']")
    from tei_edition.outputs.epub import write_epub

    with zipfile.ZipFile(write_epub(master, tmp_path / "languages.epub")) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
    assert nav.xpath("//*[local-name() = 'a'][@href = 'index.xhtml#s2']/@lang") == ["fr"]


def test_a_text_in_another_language_than_its_header(tmp_path: Path):
    """<text xml:lang="de"> under an English header: the reading text and its notes are German,
    the page around them (title block, contents, "Notes") stays English."""
    master = tmp_path / "german.xml"
    master.write_text(LANGUAGES.read_text(encoding="utf-8").replace("<text>", '<text xml:lang="de">'), encoding="utf-8")
    doc = html.fromstring((build_html(master, tmp_path / "out") / "index.html").read_bytes())
    assert doc.xpath("//div[@class = 'reading-text']/@lang") == ["de"]
    note = doc.xpath("//li[@id = 'n2']")[0]
    assert html_lang(note.xpath(".//text()[contains(., 'A commentary')]/..")[0]) == "de"
    assert html_lang(note.xpath(".//a[@class = 'backlink']")[0]) == "en"


def test_a_cards_name_carries_its_language(site: Path):
    data = (site / "cards.js").read_text(encoding="utf-8")
    assert '"lang":"ru"' in data.replace(" ", "")
    assert "name.lang = data.lang" in (site / "assets" / "edition.js").read_text(encoding="utf-8")


def test_the_epub_keeps_the_language_of_every_marked_word(tmp_path: Path):
    from tei_edition.outputs.epub import write_epub

    epub = write_epub(LANGUAGES, tmp_path / "languages.epub")
    expected = expected_languages()
    printed = []
    with zipfile.ZipFile(epub) as z:
        for name in z.namelist():
            if name.endswith(".xhtml"):
                doc = etree.fromstring(z.read(name))
                printed += [(name, *p) for p in printed_languages(doc, xhtml_lang)]
    assert [p for p in printed if p[2] != expected[p[1]]] == []
    assert {"Zcitquote", "Zbold", "Zregname", "Zglossterm", "Znote"} <= {p[1] for p in printed}


def test_vnu_accepts_the_pages_with_their_languages(site: Path):
    """A span around what an element's template writes stays inside phrasing content."""
    from support.vnu import check

    assert check(sorted(site.glob("*.html"))) == []
