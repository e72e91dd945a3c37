"""A correction (`choice`: sic and corr, orig and reg) in the header's title, author, editor or
publisher, or in a register's name: every output names it by the edited reading, as the print
edition did. The record, the pages' metadata, the EPUB's package, the DTS Dublin Core, the reading
text, the about page, the registers' exports and the register pages' "Also" printed both readings
run together ("Tommy LawsnLawson", "Gavril MiasnkovMiasnikov")."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from support.html_site import build_html, page
from tei_edition.citation import cite, webmeta
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.dts import edition_metadata
from tei_edition.outputs.epub import write_epub
from tei_edition.outputs.exports import plain_text

BASE = "https://tei-edition.example.org/lawson-2021-most-intransigent/"
TITLE = "The Most Intransigent of Bolsheviks: Gavril Miasnikov, the Workers Group and the Degeneration of the Russian Revolution"
SIC = ("Intransigant", "Lawsn", "edtiors", "t-e", "Miasnkov", "Urls")


@pytest.fixture(scope="module")
def master(minimal_tei: Path, tmp_path_factory) -> Path:
    text = minimal_tei.read_text(encoding="utf-8")
    for old, new in (
            ("Most Intransigent of", 'Most <choice><sic>Intransigant</sic><corr resp="#editors" type="misspelling">'
                                     "Intransigent</corr></choice> of"),
            ("<author>Tommy Lawson</author>", '<author>Tommy <choice><sic>Lawsn</sic><corr resp="#editors" '
                                              'type="misspelt-name">Lawson</corr></choice></author>'),
            ('<editor xml:id="editors">The tei-edition editors</editor>',
             '<editor xml:id="editors">The tei-edition <choice><sic>edtiors</sic><corr resp="#editors" '
             'type="misspelling">editors</corr></choice></editor>'),
            ("<publisher>tei-edition</publisher>", "<publisher><choice><orig>t-e</orig><reg>tei-edition</reg>"
                                                   "</choice></publisher>"),
            ("<persName>Gavril Miasnikov</persName>", '<persName>Gavril <choice><sic>Miasnkov</sic><corr resp="#editors" '
                                                      'type="misspelt-name">Miasnikov</corr></choice></persName>'),
            ("from the Urals,", 'from the <choice><sic>Urls</sic><corr resp="#editors" type="misspelling">Urals</corr>'
                               "</choice>,")):
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path_factory.mktemp("readings") / "m.xml"
    path.write_text(text, encoding="utf-8")
    return path


def _no_source_reading(text: str) -> None:
    assert not any(s in text for s in SIC), text


def test_the_record_and_its_formats_name_the_edited_reading(master: Path):
    tree = read_tei(master)
    item = cite.csl_item(tree, None, BASE)
    assert (item["title"], item["author"], item["editor"], item["publisher"]) == (
        TITLE, [{"family": "Lawson", "given": "Tommy"}], [{"literal": "The tei-edition editors"}], "tei-edition")
    for style in cite.STYLES:
        _no_source_reading(cite.citation(tree, None, style, BASE))
    meta = json.loads(webmeta.page_metadata(tree, BASE))
    assert ["citation_title", TITLE] in meta["meta"] and ["citation_author", "Tommy Lawson"] in meta["meta"]
    _no_source_reading(json.dumps(meta, ensure_ascii=False))
    dc = edition_metadata(tree, BASE)["dublinCore"]
    assert (dc["title"][0]["value"], dc["creator"], dc["publisher"]) == (TITLE, ["Tommy Lawson"], ["tei-edition"])
    text = plain_text(tree, str(master), BASE)
    assert text.startswith("The Most Intransigent of Bolsheviks\n") and "\nTommy Lawson\n" in text
    _no_source_reading(text)


def test_the_pages_and_the_epub_name_the_edited_reading(master: Path, tmp_path: Path):
    site = build_html(master, tmp_path / "web")
    for name in ("index.html", "about.html"):
        _no_source_reading(etree.tostring(page(site, name), encoding="unicode"))
    index = page(site, "index.html")
    assert index.xpath("string(//meta[@name='citation_author']/@content)") == "Tommy Lawson"
    assert index.xpath("string(//p[@class='author'])") == "Tommy Lawson"
    with zipfile.ZipFile(write_epub(master, tmp_path / "m.epub")) as z:
        opf = etree.fromstring(z.read("EPUB/package.opf"))
    dc = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert opf.xpath("//dc:title/text()", namespaces=dc) == [TITLE]
    assert opf.xpath("//dc:creator/text()", namespaces=dc) == ["Tommy Lawson"]
    assert opf.xpath("//dc:publisher/text()", namespaces=dc) == ["tei-edition"]


def test_the_registers_name_the_edited_reading(master: Path, tmp_path: Path):
    from tei_edition.outputs.exports import register_entries, registers_csv, registers_jsonld

    entries = register_entries(read_tei(master))
    miasnikov = next(e for e in entries if e["id"] == "miasnikov")
    assert (miasnikov["name"], miasnikov["variants"]) == ("Gavril Miasnikov", ["Miasnikov"])
    assert miasnikov["note"].startswith("Bolshevik metalworker from the Urals,")
    _no_source_reading(registers_csv(entries) + registers_jsonld(entries, BASE))
    persons = page(build_html(master, tmp_path / "web"), "persons.html")
    assert persons.xpath("string(//*[@id='miasnikov']//dd[1])") == "Miasnikov"  # "Also": not the name itself
    assert "Miasnkov" not in persons.text_content()  # the note shows its correction as one (title="source reads: …")
