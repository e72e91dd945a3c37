"""The works consulted are listed by their sort keys in every output (the web page, the print
edition, the EPUB), within each kind of work: not in the document's order, nor by the words
their entries begin with. Ties go by xml:id, as in every list of the edition."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import html

from support.html_site import APPARATUS, build_html, page
from tei_edition.core.xmlio import read_tei
from tei_edition.core.xslt import to_xdm
from tei_edition.outputs import pdf


def _wikipedia(ident: str, key: str, title: str) -> str:
    return (f'<bibl xml:id="{ident}" type="wikipedia" sortKey="{key}"><title level="a">{title}</title>, '
            '<title level="m">Wikipedia, The Free Encyclopedia</title>, <publisher>Wikimedia Foundation</publisher>, '
            f'<ptr target="https://en.wikipedia.org/wiki/{ident}"/>, accessed '
            '<date type="accessed" when="2026-11-25">25 November 2026</date>.</bibl>\n')


# In the document: this order, then the fixture's own article (Gavril Myasnikov, myasnikov-gavril).
# By the words the entries begin with: 10th, 8th, Alexander, Gavril, Lev, Lev. By key: below.
ADDED = [("src-wp-shliapnikov", "shliapnikov-alexander", "Alexander Shliapnikov"),
         ("src-wp-tenth", "10th-congress", "10th Congress of the Russian Communist Party (Bolsheviks)"),
         ("src-wp-kamenev-b", "kamenev-lev", "Lev Kamenev"),
         ("src-wp-eighth", "08th-congress", "8th Congress of the Russian Communist Party (Bolsheviks)"),
         ("src-wp-kamenev-a", "kamenev-lev", "Lev Kamenev")]
BY_KEY = ["src-wp-eighth", "src-wp-tenth", "src-wp-kamenev-a", "src-wp-kamenev-b", "src-wp-myasnikov",
          "src-wp-shliapnikov"]


@pytest.fixture(scope="module")
def master(tmp_path_factory) -> Path:
    text = APPARATUS.read_text(encoding="utf-8")
    mark = '<bibl xml:id="src-wp-myasnikov"'
    assert text.count(mark) == 1
    text = text.replace(mark, "".join(_wikipedia(*work) for work in ADDED) + mark)
    path = tmp_path_factory.mktemp("works") / "works.xml"
    path.write_text(text, encoding="utf-8")
    return path


def _wikipedia_ids(ids: list[str]) -> list[str]:
    return [i for i in ids if i.startswith("src-wp-")]


def test_the_web_page_lists_them_by_key(master: Path, tmp_path: Path):
    sources = page(build_html(master, tmp_path), "sources.html")
    listed = sources.xpath("//section[@id='sources_wikipedia']//li[@class='bibl-entry']/@id")
    assert listed == BY_KEY
    # the other kinds keep their own place and entries
    assert sources.xpath("//section[@id='sources_geonames']//li[@class='bibl-entry']/@id") == ["src-geonames-511196"]


def test_the_print_edition_lists_them_by_key(master: Path):
    tree = read_tei(master)
    source = pdf.typst_source(tree, to_xdm(tree, master.resolve().as_uri()), str(master))
    consulted = source[source.index('"consulted")'):]
    assert _wikipedia_ids(re.findall(r'#bibl-entry\("([^"]+)"\)', consulted)) == BY_KEY


def test_the_epub_lists_them_by_key(master: Path, tmp_path: Path):
    from tei_edition.outputs.epub import write_epub

    epub = write_epub(master, tmp_path / "works.epub")
    with zipfile.ZipFile(epub) as z:
        name = next(n for n in z.namelist() if n.endswith("sources.xhtml"))
        sources = html.fromstring(z.read(name))
    listed = sources.xpath("//*[@id='sources_wikipedia']//li/@id")
    assert _wikipedia_ids(listed) == BY_KEY


def test_a_changed_key_moves_the_work(master: Path, tmp_path: Path):
    moved = tmp_path / "moved.xml"
    moved.write_text(master.read_text(encoding="utf-8").replace('sortKey="08th-congress"', 'sortKey="zz-eighth"'),
                     encoding="utf-8")
    sources = page(build_html(moved, tmp_path / "out"), "sources.html")
    listed = sources.xpath("//section[@id='sources_wikipedia']//li[@class='bibl-entry']/@id")
    assert listed == BY_KEY[1:] + ["src-wp-eighth"]
