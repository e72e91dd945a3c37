"""The HTML stage on small fixtures: pages, links, registers, interventions, metadata, safety.

The tests on the real master are in tests/edition/test_html_master.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html

from tei_edition.core.xmlio import read_tei
from support import FIXTURES
from support.html_site import PAGES, RICH, build_html, js_data, page
from support.html_pages import merged_graph
from support.short_forms import with_short_forms


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_html(RICH, tmp_path_factory.mktemp("html-rich"))


@pytest.fixture(scope="module")
def index(site):
    return page(site, "index.html")


def test_every_page_and_data_file_is_written(site: Path):
    for name in PAGES + ["cards.js", "search-index.js", "assets/edition.css", "assets/print.css",
                         "assets/edition.js", "assets/search.js"]:
        assert (site / name).is_file(), name


def test_index_has_title_block_abstract_and_contents(index):
    assert index.xpath("string(//h1)") == "The Most Intransigent of Bolsheviks"
    assert "Gavril Miasnikov, the Workers Group" in index.xpath("string(//*[@class='subtitle'])")
    assert index.xpath("string(//*[@class='author'])") == "Tommy Lawson"
    assert "tei-edition team" in index.xpath("string(//*[@class='editors'])")
    assert index.xpath("string(//section[@class='abstract']/p)").startswith("A new biography of Left-Communist")
    toc = index.xpath("//nav[@class='toc']//a/@href")
    assert toc == ["#s1", "#s2", "#s3"]
    heads = [h.text_content() for h in index.xpath("//div[@class='reading-text']//h2")]
    assert heads == ["A life that touched many revolutionary threads", "Reflection on the Workers Group"]


def test_abstract_is_skipped_when_the_header_has_none(tmp_path: Path):
    site = build_html(FIXTURES / "minimal.xml", tmp_path)
    doc = page(site, "index.html")
    assert doc.xpath("//section[@class='abstract']") == []
    assert doc.xpath("//div[@id='p1']")


def test_each_unit_has_its_id_and_a_margin_number_linking_to_itself(index):
    units = index.xpath("//div[contains(@class,'unit')]")
    assert [u.get("id") for u in units] == ["p1", "p2", "p3", "p4", "p5"]
    for u in units:
        pn = u.xpath("./a[@class='pn']")[0]
        assert pn.get("href") == "#" + u.get("id")
        assert pn.text_content().endswith(u.get("id")[1:])
    assert index.xpath("//div[@id='p3']/blockquote")


def test_names_link_to_register_entries_with_card_data(site: Path, index):
    links = {(a.text_content(), a.get("href")) for a in index.xpath("//a[contains(@class,'name')]")}
    assert ("Gavril Miasnikov", "persons.html#miasnikov") in links
    assert ("Perm", "places.html#perm") in links
    assert ("Workers Group", "organisations.html#workers-group") in links
    cards = js_data(site / "cards.js", "TEI_CARDS")
    assert cards["miasnikov"]["name"] == "Gavril Miasnikov"
    assert cards["miasnikov"]["dates"] == "25 February 1889 – 16 November 1945"
    assert cards["perm"]["kind"] == "place"
    for a in index.xpath("//a[@data-card]"):
        assert a.get("data-card") in cards


def test_links_never_nest(site: Path):
    for name in PAGES:
        assert page(site, name).xpath("//a//a") == [], name


def test_register_entries_list_variants_dates_authorities_and_mentions(site: Path):
    persons = page(site, "persons.html")
    entry = persons.xpath("//article[@id='miasnikov']")[0]
    text = entry.text_content()
    assert "Gavril Ilyich Myasnikov" in text
    assert "25 February 1889" in text
    assert "Bolshevik metalworker" in text
    assert entry.xpath(".//a[@class='authority']/@href") == ["https://www.wikidata.org/entity/Q4160436"]
    mentions = entry.xpath(".//ul[contains(@class,'mentions')]//a/@href")
    assert mentions == ["index.html#p1", "index.html#p4"]
    lenin = persons.xpath("//article[@id='lenin']")[0]
    # A mention inside an editorial note counts for its paragraph.
    assert lenin.xpath(".//ul[contains(@class,'mentions')]//a/@href") == ["index.html#p2", "index.html#p4"]
    assert lenin.xpath(".//a[@class='authority']") == []
    places = page(site, "places.html")
    perm = places.xpath("//article[@id='perm']")[0]
    assert "58.01, 56.25" in perm.text_content()
    assert perm.xpath(".//a[@class='authority']/@href") == ["https://sws.geonames.org/511196/"]
    orgs = page(site, "organisations.html")
    assert orgs.xpath("//article[@id='workers-group']//ul[contains(@class,'mentions')]//a/@href") == [
        "index.html#p2", "index.html#p5"]


def test_bibliography_entries_link_back_to_citing_paragraphs(site: Path, index):
    assert index.xpath("//div[@id='p2']//a[@class='bibl-ref']/@href") == [
        "bibliography.html#avrich-bolshevik-opposition"]
    bib = page(site, "bibliography.html")
    entry = bib.xpath("//li[@id='avrich-bolshevik-opposition']")[0]
    assert entry.xpath(".//ul[contains(@class,'mentions')]//a/@href") == ["index.html#p2", "index.html#p3"]
    assert "not cited" in bib.xpath("string(//li[@id='unused-entry'])")
    assert [h.text_content() for h in bib.xpath("//h2")] == ["Books", "Editorial additions"]


def test_corrections_show_the_corrected_reading_and_keep_the_source_one_glance_away(index):
    corr = index.xpath("//span[@class='corr']")[0]
    assert corr.get("title") == "source reads: signiator"
    assert corr.text.startswith("signatory")
    # the sign ° after the reading is the focusable link (to the list of emendations) that names the source's reading
    sign = corr.xpath("a[@class='emend']")[0]
    assert sign.get("href") == "emendations.html#e1"
    assert "the source reads “signiator”" in sign.xpath("string(span[@class='visually-hidden'])")


def test_editorial_notes_have_references_and_back_links(index):
    ref = index.xpath("//div[@id='p2']//a[@role='doc-noteref']")[0]
    assert ref.get("href") == "#n1" and ref.get("id") == "nr_n1"
    note = index.xpath("//section[@class='notes']//li[@id='n1']")[0]
    assert "An editorial note on" in note.text_content()
    assert note.xpath(".//a[@role='doc-backlink']/@href") == ["#nr_n1"]
    assert "paragraph 2" in note.xpath("string(.//a[@role='doc-backlink'])")
    # The note's text is not in the paragraph itself.
    assert "An editorial note" not in index.xpath("string(//div[@id='p2']/p)")


def test_cite_control_gives_the_chicago_note_with_permalink(index):
    cite = index.xpath("//div[@id='p4']/details[@class='cite']")[0]
    text = " ".join(cite.xpath("string(.//p[@class='citation'])").split())
    assert text.startswith("Tommy Lawson, The Most Intransigent of Bolsheviks: Gavril Miasnikov")
    assert "para. 4," in text
    assert cite.xpath(".//a[@class='permalink']/@href") == ["https://tei-edition.example.org/lawson/#p4"]


def test_unsafe_targets_are_never_links(site: Path, index):
    p4 = index.xpath("//div[@id='p4']/p")[0]
    assert [a.get("href") for a in p4.xpath(".//a[not(@data-card)]")] == ["https://libcom.org/", "#p1"]
    assert [s.text_content() for s in p4.xpath(".//span[@class='ref']")] == ["this", "that"]
    for name in PAGES:
        raw = (site / name).read_text(encoding="utf-8")
        assert not re.search(r"javascript\s*:", raw, re.I), name
        doc = html.fromstring(raw)
        for el in doc.iter():
            for attr in getattr(el, "attrib", {}):
                assert not attr.lower().startswith("on"), (name, el.tag, attr)


def test_tei_text_never_becomes_script(site: Path):
    for name in PAGES:
        doc = page(site, name)
        for s in doc.xpath("//script"):
            assert s.get("src") or s.get("type") == "application/ld+json", name
    index = page(site, "index.html")
    assert len(index.xpath("//script[not(@src)]")) == 1
    assert "</script><script>alert(3)</script>" in index.xpath("string(//div[@id='p4']/p)")
    persons = page(site, "persons.html")
    assert "Bolshevik leader <script>alert(1)</script>." in persons.xpath("string(//article[@id='lenin'])")
    for data in ("cards.js", "search-index.js"):
        body = (site / data).read_text(encoding="utf-8").split("=", 1)[1]
        assert "<" not in body and "</" not in body, data


def test_metadata_tags_json_ld_and_canonical(index):
    meta = {m.get("name"): m.get("content") for m in index.xpath("//meta[@name]")}
    assert meta["citation_title"].startswith("The Most Intransigent of Bolsheviks: Gavril")
    assert meta["citation_author"] == "Tommy Lawson"
    assert meta["citation_publication_date"] == "2026/11/27"
    assert meta["DC.creator"] == "Tommy Lawson"
    assert index.xpath("//link[@rel='canonical']/@href") == ["https://tei-edition.example.org/lawson/"]
    raw = index.xpath("string(//script[@type='application/ld+json'])")
    assert "</" not in raw
    ld = merged_graph(json.loads(raw))
    assert ld["@type"] == "Book"
    assert ld["author"][0]["name"] == "Tommy Lawson"
    mentions = {m["@id"]: m for m in ld["mentions"]}
    m = mentions["https://tei-edition.example.org/lawson/persons.html#miasnikov"]
    assert m["@type"] == "Person" and m["sameAs"] == ["https://www.wikidata.org/entity/Q4160436"]
    assert "sameAs" not in mentions["https://tei-edition.example.org/lawson/persons.html#lenin"]


def test_base_url_override_reaches_canonical_permalinks_and_json_ld(tmp_path: Path):
    site = build_html(RICH, tmp_path, base_url="https://example.net/ed/")
    doc = page(site, "index.html")
    assert doc.xpath("//link[@rel='canonical']/@href") == ["https://example.net/ed/"]
    assert doc.xpath("//div[@id='p1']//a[@class='permalink']/@href") == ["https://example.net/ed/#p1"]
    ld = merged_graph(json.loads(doc.xpath("string(//script[@type='application/ld+json'])")))
    assert ld["url"] == "https://example.net/ed/"
    assert ld["mentions"][0]["@id"].startswith("https://example.net/ed/persons.html#")
    persons = page(site, "persons.html")
    assert persons.xpath("//link[@rel='canonical']/@href") == ["https://example.net/ed/persons.html"]
    # Without a final slash the URL is taken as given (as tei_edition.citation.cite does): pages resolve
    # against it as any relative link would.
    site = build_html(RICH, tmp_path / "noslash", base_url="https://example.net/ed")
    doc = page(site, "index.html")
    assert doc.xpath("//div[@id='p1']//a[@class='permalink']/@href") == ["https://example.net/ed#p1"]
    assert page(site, "about.html").xpath("//link[@rel='canonical']/@href") == ["https://example.net/about.html"]


def test_search_index_holds_the_reading_text(site: Path):
    data = js_data(site / "search-index.js", "TEI_SEARCH")
    assert [d["id"] for d in data["docs"]] == ["p1", "p2", "p3", "p4", "p5"]
    p2 = data["docs"][1]
    assert p2["n"] == "2" and p2["s"] == "A life that touched many revolutionary threads"
    assert "signatory" in p2["t"] and "signiator" not in p2["t"]
    assert "editorial note" not in p2["t"] and "Cite" not in p2["t"]
    assert data["terms"]["perm"] == [0, 4]
    assert data["terms"]["miasnikov"] == [0]


def test_search_index_names_a_corrected_heading_by_its_reading(tmp_path: Path):
    """A correction in a section's heading: the index's section title held its sign and hidden
    words, "revolutionary° (editorial correction; the source reads “revolutionry”) threads"."""
    from tei_edition.outputs.html_search import build_index

    (tmp_path / "index.html").write_text(
        '<html><body><section class="section" id="s2"><h2 id="s2_h">A life <span class="corr" title="source reads: '
        'revolutionry">revolutionary<a class="emend" href="emendations.html#e2"><span aria-hidden="true">°</span>'
        '<span class="visually-hidden"> (editorial correction; the source reads “revolutionry”)</span></a></span>'
        ' threads</h2><div class="unit" id="p4"><a class="pn" href="#p4">4</a><p>Text.</p></div></section>'
        '</body></html>', encoding="utf-8")
    assert build_index(tmp_path / "index.html")["docs"] == [
        {"id": "p4", "n": "4", "s": "A life revolutionary threads", "t": "Text."}]


def test_about_page_has_principles_source_citation_licence_and_downloads(site: Path):
    about = page(site, "about.html")
    text = about.text_content()
    assert "keeps the author’s text & marks every intervention" in text
    assert "reassembled by sentence continuity" in text
    assert about.xpath("//section[@id='cite']//p[@class='citation']")
    assert about.xpath("//section[@id='licence']//a[@rel='license']/@href") == [
        "https://creativecommons.org/licenses/by/4.0/"]
    downloads = about.xpath("//section[@id='downloads']//a/@href")
    assert "../tei/lawson-2021-most-intransigent.xml" in downloads
    assert "../pdf/lawson-2021-most-intransigent.pdf" in downloads
    # The encoding manual from tei_edition.schema.manual, its top heading an h2 of this page.
    manual = about.xpath("//div[@id='manual']")[0]
    assert manual.xpath(".//h2") and not manual.xpath(".//h1")
    assert manual.xpath(".//*[@id='el-p']")


def test_manual_fragment_is_sanitised(tmp_path: Path, monkeypatch):
    evil = ('<section><h1 onclick="alert(1)">Manual</h1><script>alert(2)</script>'
            '<p style="x">See <a href="javascript:alert(3)">this</a>, <a href="#el-p">p</a> and '
            '<a href="https://tei-c.org/">TEI</a>.</p></section>')
    import tei_edition.outputs.html_extras as extras
    monkeypatch.setattr(extras, "manual_fragment", lambda ctx: evil)
    about = page(build_html(RICH, tmp_path), "about.html")
    manual = about.xpath("//div[@id='manual']")[0]
    assert manual.xpath("string(.//h2)") == "Manual"
    assert manual.xpath(".//script") == [] and manual.xpath(".//@onclick | .//@style") == []
    assert manual.xpath(".//a/@href") == ["#el-p", "https://tei-c.org/"]
    assert "this" in manual.text_content()


def test_pages_are_self_contained(site: Path):
    for name in PAGES:
        doc = page(site, name)
        for el, attr in ((e, a) for e in doc.xpath("//script|//link|//img|//iframe") for a in ("src", "href")):
            url = el.get(attr)
            if url and el.get("rel") not in ("canonical", "schema.DC"):
                assert not re.match(r"^[a-z]+:|^//", url), (name, url)
                assert (site / url.split("#")[0]).is_file(), (name, url)
        assert doc.get("lang") == "en"


def test_html_output_is_deterministic(tmp_path: Path):
    a = build_html(RICH, tmp_path / "a")
    b = build_html(RICH, tmp_path / "b")
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def _fill(t: str, anchor: str, url: str) -> str:
    return t.replace("%URL%", url).replace("%ID%", anchor).replace("%N%", anchor[1:])


def test_citation_data_reproduces_every_style_of_tei_edition_cite(site: Path, index):
    from tei_edition.citation import cite

    tree = read_tei(RICH)
    expected = cite.all_units(tree, cite.base_url(tree))
    data = js_data(site / "citations.js", "TEI_CITATIONS")
    keys = [c["key"] for c in data["choices"]]
    assert keys == ["chicago-note", "chicago", "mla", "mla-in-text", "apa", "apa-in-text",
                    "bibtex", "biblatex", "ris", "csl-json"]
    forms = {"chicago-note": ("in-text", "chicago"), "mla-in-text": ("in-text", "mla"),
             "apa-in-text": ("in-text", "apa")}
    for anchor in ["p1", "p2", "p3", "p4", "p5"]:
        unit = expected["units"][anchor]
        url = json.loads(unit["csl-json"])[0]["URL"]
        for key in keys:
            form, style = forms.get(key, ("entry", key))
            want = unit["in-text"][style] if form == "in-text" else unit[style]
            got = data["texts"].get(key, {}).get(anchor) or _fill(data["templates"][key], anchor, url)
            assert got == want, (anchor, key)
    # Without JavaScript the page shows cite.py's Chicago note, its URL a link.
    p4 = index.xpath("//div[@id='p4']//p[@class='citation']")[0]
    assert " ".join(p4.text_content().split()) == expected["units"]["p4"]["in-text"]["chicago"]
    assert index.xpath("//script/@src").count("citations.js") == 1


def test_a_short_heading_or_title_is_not_printed(tmp_path: Path):
    """A section's short heading and the header's short title are for the print edition's running
    heads: the web edition names the section and the essay as before."""
    text = RICH.read_text(encoding="utf-8")
    text = with_short_forms(text)
    master = tmp_path / "short.xml"
    master.write_text(text, encoding="utf-8")
    doc = page(build_html(master, tmp_path / "site"), "index.html")
    heads = [h.text_content() for h in doc.xpath("//div[@class='reading-text']//h2")]
    assert heads == ["A life that touched many revolutionary threads", "Reflection on the Workers Group"]
    assert doc.xpath("//body//*[normalize-space() = 'A life' or normalize-space() = 'Bolsheviks']") == []
    assert doc.xpath("string(//h1)") == "The Most Intransigent of Bolsheviks"
