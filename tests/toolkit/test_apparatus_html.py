"""The apparatus in the web edition (issue #10), on a fixture made for it and on the master:
registers in the order of their sort keys, note labels as the TEI's @n, every intervention once
on the emendations page and linked both ways, every @source a link to its work consulted,
events and glossary terms linked from the text, no quotation marks added to the author's text.

The tests on the real master are in tests/edition/test_apparatus_html_master.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tei_edition.core import paths
from support.html_site import APPARATUS, NEW_PAGES, build_html, js_data, page
from support.apparatus_html import MARKS, marks, text_of


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    return build_html(APPARATUS, tmp_path_factory.mktemp("apparatus"))


def test_the_order_is_the_keys_not_the_names(fixture_site: Path, tmp_path: Path):
    # by name "Gavril …" < "Grand Duke …" < "Vladimir …"; by key lenin < miasnikov < michael
    persons = [a.get("id") for a in page(fixture_site, "persons.html").xpath("//article")]
    assert persons == ["lenin", "miasnikov", "grand-duke-michael"]
    # a changed key moves the entry, whatever its name
    moved = tmp_path / "moved.xml"
    moved.write_text(APPARATUS.read_text(encoding="utf-8").replace('sortKey="lenin-vladimir"', 'sortKey="zz-lenin"'),
                     encoding="utf-8")
    site = build_html(moved, tmp_path / "out")
    assert [a.get("id") for a in page(site, "persons.html").xpath("//article")] == ["miasnikov", "grand-duke-michael", "lenin"]


def test_the_label_is_n_not_the_position(fixture_site: Path):
    # the fixture's first note is n2 labelled 1, its second n1 labelled 2
    index = page(fixture_site, "index.html")
    assert [text_of(a) for a in index.xpath("//a[@role='doc-noteref']")] == ["1", "2"]
    assert [a.get("href") for a in index.xpath("//a[@role='doc-noteref']")] == ["#n2", "#n1"]


def test_a_correction_inside_a_name_keeps_the_name_link_and_its_sign_follows(fixture_site: Path):
    p4 = page(fixture_site, "index.html").xpath("//div[@id='p4']")[0]
    name = p4.xpath(".//a[@data-card='grand-duke-michael']")[0]
    assert name.xpath(".//span[@class='corr']") and not name.xpath(".//a")
    sign = name.getnext()
    assert sign.get("class") == "emend" and sign.get("href").startswith("emendations.html#e")


def test_supplied_text_is_bracketed_with_its_spaces_outside(fixture_site: Path):
    p2 = page(fixture_site, "index.html").xpath("//div[@id='p2']/p")[0]
    assert "appeal to [a] comrade" in text_of(p2).replace("°", "")


def test_key_to_the_signs_on_the_emendations_page_and_about(fixture_site: Path):
    for name in ("emendations.html", "about.html"):
        key = page(fixture_site, name).xpath("//section[@id='signs']")[0]
        words = text_of(key)
        for what in ("°", "[word]", "editorial note", "commentary", "¶ 42", "Highlight names", "“ ” ‘ ’"):
            assert what in words, (name, what)
    about = page(fixture_site, "about.html")
    assert about.xpath("//nav[@class='toc']//a[@href='#signs']")


def test_a_short_citation_names_the_work(fixture_site: Path):
    miasnikov = page(fixture_site, "persons.html").xpath("//article[@id='miasnikov']")[0]
    item = text_of(miasnikov.xpath(".//dt[.='Sources']/following-sibling::dd[1]")[0])
    assert "Life dates: Wikipedia, “Gavril Myasnikov”" in item
    assert "Description: the essay, ¶ 1, ¶ 2" in item
    michael = page(fixture_site, "persons.html").xpath("//article[@id='grand-duke-michael']")[0]
    assert michael.xpath("string(.//a[@class='source-ref']/cite)") == "A History of the Revolution"


def test_events_are_linked_from_the_text_with_cards(fixture_site: Path):
    p4 = page(fixture_site, "index.html").xpath("//div[@id='p4']")[0]
    events = p4.xpath(".//a[contains(@class, 'name-event')]")
    assert [(a.get("href"), a.get("data-card")) for a in events] == [
        ("events.html#kronstadt-uprising-1921", "kronstadt-uprising-1921"), ("events.html#tenth-congress-1921", "tenth-congress-1921")]
    cards = js_data(fixture_site / "cards.js", "TEI_CARDS")
    assert cards["tenth-congress-1921"]["kind"] == "event" and cards["tenth-congress-1921"]["dates"] == "8–16 March 1921"
    assert cards["gloss-soviet"] == {"kind": "term", "name": "soviet",
                                     "about": "Russian for ‘council’: an elected council of workers’ deputies."}


def test_event_entry_dates_places_participants_sources_mentions(fixture_site: Path):
    events = page(fixture_site, "events.html")
    def field(entry: str, label: str) -> str:
        return text_of(events.xpath(f"//article[@id='{entry}']//dt[.='{label}']/following-sibling::dd[1]")[0])
    assert field("october-revolution-1917", "Date") == "7 November 1917 (New Style)"
    assert field("killing-michael-1918", "Date") == "13 June 1918"
    assert field("killing-michael-1918", "Places") == "Perm"
    assert events.xpath("//article[@id='killing-michael-1918']//dt[.='Participants']/following-sibling::dd[1]//a/@href") == [
        "persons.html#grand-duke-michael", "persons.html#miasnikov"]
    assert field("kronstadt-uprising-1921", "Sources") == "A. Historian, A History of the Revolution"
    assert field("miasnikov-exile", "Sources") == "the essay, ¶ 4"
    assert not events.xpath("//article[@id='miasnikov-exile']//dt[.='Date']")
    back = events.xpath("//article[@id='tenth-congress-1921']//ul[@class='inline mentions']//a/@href")
    assert back == ["index.html#p4"]


def test_glossary_terms_are_quiet_links_not_italics(fixture_site: Path):
    p4 = page(fixture_site, "index.html").xpath("//div[@id='p4']/p")[0]
    term = p4.xpath(".//a[@data-card='gloss-nep']")[0]
    assert term.get("class") == "name name-term" and term.get("href") == "glossary.html#gloss-nep"
    assert not term.xpath("ancestor::em | .//em")
    glossary = page(fixture_site, "glossary.html")
    assert [d.text for d in glossary.xpath("//dfn")] == ["New Economic Policy (NEP)", "soviet"]  # by sort key
    assert "Russian for ‘council’" in text_of(glossary.xpath("//article[@id='gloss-soviet']")[0])


def test_the_author_s_emphasis_stays_italic(tmp_path: Path):
    text = APPARATUS.read_text(encoding="utf-8").replace(
        "had had had its say", "had <emph>had</emph> its say")
    master = tmp_path / "emph.xml"
    master.write_text(text, encoding="utf-8")
    p4 = page(build_html(master, tmp_path / "out"), "index.html").xpath("//div[@id='p4']/p")[0]
    assert [e.text for e in p4.xpath(".//em")] == ["had"]


def test_the_count_of_marks_sees_an_added_pair():
    assert marks("“Pravda”, 'x'") == 4 and marks("Pravda") == 0


def generated_marks(css: str) -> list[str]:
    """The quotation marks a stylesheet's generated content would add (strings and *-quote keywords)."""
    found = []
    for value in re.findall(r"content:\s*([^;}]*)", css):
        strings = re.findall(r'"((?:[^"\\]|\\.)*)"' + r"|'((?:[^'\\]|\\.)*)'", value)
        found += [m for a, b in strings for m in MARKS if m in a + b]
        found += re.findall(r"\b(?:no-)?(?:open|close)-quote\b", value)
    return found


def test_no_stylesheet_generates_quotation_marks():
    assert generated_marks('q::before { content: open-quote; } .t::after { content: "”"; }') == ["open-quote", "”"]
    for css in (paths.ASSETS_DIR / "edition.css", paths.ASSETS_DIR / "print.css", paths.XSLT_DIR / "epub" / "edition.css"):
        assert generated_marks(css.read_text(encoding="utf-8")) == [], css.name


def test_new_pages_are_in_the_navigation_of_every_page(fixture_site: Path):
    for name in ["index.html", *NEW_PAGES]:
        nav = page(fixture_site, name).xpath("//nav[@class='site-nav']//a/@href")
        assert set(NEW_PAGES) <= set(nav), name
