"""chronology.html: the dates of the body in chronological order, with a static SVG timeline.

On a small fixture (order, ranges, the note flag, sentences and names, what is left out, a
hostile date text) and on the master (75 rows, links that resolve).

The tests on the real master are in tests/edition/test_chronology_master.py."""

from __future__ import annotations

import pytest
from support import FIXTURES
from support.html_site import build_html, page


CHRONO = FIXTURES / "html" / "chronology.xml"


@pytest.fixture(scope="module")
def doc(tmp_path_factory):
    return page(build_html(CHRONO, tmp_path_factory.mktemp("chronology")), "chronology.html")


def rows(doc):
    return doc.xpath("//tr[contains(@class, 'chron-row')]")


def cell(row, cls: str) -> str:
    return " ".join(row.xpath(f"string(td[@class='{cls}'])").split())


def entities(row) -> list[str]:
    return [a.get("href").split("#")[1] for a in row.xpath("td[@class='named']//a")]


def test_rows_in_chronological_order_ranges_by_start_ties_in_reading_order(doc):
    # d5 "1918" (a year) before d4 (23–31 January 1918); d9 not before 1920; d1 (1921, ¶ 1),
    # d6 (1921–1923, in a heading), then d7 (from January 1921).
    assert [r.get("id") for r in rows(doc)] == ["d3", "d5", "d4", "d2", "d9", "d1", "d6", "d7", "d8"]
    assert [h.text_content() for h in doc.xpath("//section[@class='chron-year']/h2")] == [
        "1889", "1918", "1920", "1921", "1922"]


def test_dates_are_readable_and_keep_the_texts_wording(doc):
    got = {r.get("id"): (" ".join(r.xpath("string(th/node()[1])").split()), cell(r, "wording")) for r in rows(doc)}
    assert got["d3"] == ("25 February 1889", "the 25th of February 1889")
    assert got["d4"] == ("23–31 January 1918", "10th-18th of January 1918")
    assert got["d2"] == ("12 July 1918", "12th of July")
    assert got["d6"] == ("1921–1923", "1921–23")
    assert got["d7"] == ("January 1921 – June 1923", "between 1921 and 1923")
    d3 = doc.xpath("//tr[@id='d3']")[0]
    assert d3.xpath("th/time/@datetime") == ["1889-02-25"]
    assert (d3.get("data-start"), d3.get("data-end")) == ("1889-02-25", "1889-02-25")


def test_context_is_the_sentence_with_the_date_marked_and_notes_left_out(doc):
    d2 = doc.xpath("//tr[@id='d2']")[0]
    assert cell(d2, "context") == "Later, on the 12th of July, he went to Perm."
    assert d2.xpath("string(td[@class='context']/mark)") == "12th of July"
    assert cell(doc.xpath("//tr[@id='d1']")[0], "context") == "In 1921 Lenin wrote."


def test_names_of_the_sentence_else_of_the_paragraph_link_to_the_registers(doc):
    by_id = {r.get("id"): r for r in rows(doc)}
    assert entities(by_id["d1"]) == ["lenin"]
    assert entities(by_id["d2"]) == ["perm"]  # not Miasnikov or Michael: they are named in the note
    assert by_id["d2"].xpath("td[@class='named']//a/@href") == ["places.html#perm"]
    assert entities(by_id["d4"]) == ["miasnikov"] and "In the paragraph" in cell(by_id["d4"], "named")
    assert by_id["d1"].get("data-entities") == "lenin"


def test_editorial_note_after_a_date_marks_its_row(doc):
    noted = doc.xpath("//tr[contains(@class, 'has-note')]")
    assert [r.get("id") for r in noted] == ["d2"]
    assert noted[0].xpath("th/a[@class='chron-note']/@href") == ["index.html#n1"]
    assert "Editorial note 1: date" in noted[0].xpath("string(th/a)")


def test_paragraph_and_heading_links(doc):
    where = {r.get("id"): (r.xpath("string(td[@class='where']/a/@href)"), cell(r, "where")) for r in rows(doc)}
    assert where["d3"] == ("index.html#p2", "¶ 2")
    assert where["d6"] == ("index.html#s2", "§ 2")


def test_invalid_missing_and_editorial_dates_are_left_out(doc):
    text = doc.text_content()
    assert len(rows(doc)) == 9
    assert "Smarch" not in cell(doc.xpath("//tr[@id='d8']")[0], "wording")
    assert "13 June 1918" not in " ".join(r.text_content() for r in rows(doc))
    assert "not before 1920, not after 1921" in text


def test_hostile_date_text_stays_text(doc, tmp_path_factory):
    d8 = doc.xpath("//tr[@id='d8']")[0]
    # (the straight quotation marks set as typographic ones, as everywhere in the web edition)
    assert cell(d8, "wording") == '<script>alert(1)</script> & “1922”'
    assert d8.xpath("string(td[@class='context']/mark)") == '<script>alert(1)</script> & “1922”'
    # no inline script but the page's JSON-LD data block (citation metadata, no text of the body)
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in doc.xpath("//script"))
    assert "alert(1)" not in "".join(doc.xpath("//script[@type='application/ld+json']/text()"))
    mark = doc.xpath("//*[local-name()='a'][@href='#d8']")[0]
    assert "<script>alert(1)</script>" in mark.text_content()
    assert not doc.xpath("//*[local-name()='script' and not(@src) and not(@type='application/ld+json')]")


def test_timeline_is_an_svg_with_one_linked_mark_per_row(doc):
    svg = doc.xpath("//figure[@class='timeline']/*[local-name()='svg']")[0]
    assert svg.get("role") == "group"
    title = svg.xpath("string(*[local-name()='title'])")
    assert title == "Timeline of the 9 dates of the text, 1889–1923"
    assert "table below" in svg.xpath("string(*[local-name()='desc'])")
    marks = svg.xpath(".//*[local-name()='a']")
    assert sorted(m.get("href") for m in marks) == sorted("#" + r.get("id") for r in rows(doc))
    shape = {m.get("href"): m.xpath("*[local-name()!='title']")[0] for m in marks}
    assert shape["#d3"].tag.endswith("circle")
    assert shape["#d4"].get("class") == "dot range"  # a range within a year
    for multi_year in ("#d6", "#d7", "#d9"):
        assert shape[multi_year].get("class") == "span"
    assert "noted" in shape["#d2"].get("class")
    labels = svg.xpath(".//*[local-name()='text']/text()")
    assert labels[0] == "1889" and labels[-1] == "1923" and "1900" in labels


def test_filter_is_hidden_until_the_script_shows_it_and_decades_link_to_years(doc):
    form = doc.xpath("//form[@id='chron-filter']")[0]
    assert form.get("hidden") is not None
    assert form.xpath(".//select[@id='chron-entity']/option/@value") == ["", "lenin", "miasnikov", "perm",
                                                                          "workers-group"]
    assert doc.xpath("//nav[@class='chron-decades']//a/@href") == ["#y1889", "#y1918", "#y1920"]


def test_chronology_is_linked_from_every_page(tmp_path_factory):
    site = build_html(CHRONO, tmp_path_factory.mktemp("chronology-nav"))
    for name in ("index.html", "persons.html", "about.html"):
        assert page(site, name).xpath("//nav[@class='site-nav']//a[@href='chronology.html']"), name
