"""outputs/chronology.py and outputs/timeline.py: the chronology's rows and the timeline's
geometry, computed in Python (chronology.xsl only renders them), on the fixture."""

from __future__ import annotations

from fractions import Fraction

import pytest
from lxml import etree

from tei_edition.citation.units import citable_units
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs import timeline
from tei_edition.outputs.chronology import (CHRONOLOGY_NS, Context, Row, chronology_document, date_bounds,
                                            iso_date, text_rows)
from tei_edition.outputs.reading_text import sentence_stops, words
from support import FIXTURES

CHRONO = FIXTURES / "html" / "chronology.xml"
C = f"{{{CHRONOLOGY_NS}}}"


@pytest.fixture(scope="module")
def rows() -> dict[str, Row]:
    tree = read_tei(CHRONO)
    return {r.id: r for r in text_rows(tree, citable_units(tree, str(CHRONO)))}


def test_one_row_per_valid_date_of_the_body_in_reading_order(rows):
    assert list(rows) == [f"d{n}" for n in range(1, 10)]  # the note's date and the invalid ones left out
    assert [(r.start, r.end) for r in rows.values()] == [
        ("1921", "1921"), ("1918-07-12", "1918-07-12"), ("1889-02-25", "1889-02-25"),
        ("1918-01-23", "1918-01-31"), ("1918", "1918"), ("1921", "1923"), ("1921-01", "1923-06"),
        ("1922", "1922"), ("1920", "1921")]
    assert rows["d9"].dating == {"notBefore": "1920", "notAfter": "1921"}


def test_context_is_the_sentence_without_notes(rows):
    assert rows["d2"].context == Context("Later, on the ", "12th of July", ", he went to Perm.")
    assert rows["d1"].context == Context("In ", "1921", " Lenin wrote.")
    assert rows["d4"].context.before == "A congress met "  # the sentence before is not in it


def test_names_of_the_sentence_else_of_the_paragraph(rows):
    assert (rows["d1"].scope, rows["d1"].named) == ("sentence", ["lenin"])
    assert (rows["d2"].scope, rows["d2"].named) == ("sentence", ["perm"])  # not the names in the note
    assert (rows["d4"].scope, rows["d4"].named) == ("paragraph", ["miasnikov"])


def test_unit_section_and_note(rows):
    assert (rows["d3"].unit.anchor, rows["d3"].unit.n) == ("p2", "2")
    assert rows["d6"].unit is None and rows["d6"].section == "s2"  # in a heading
    assert [r.id for r in rows.values() if r.note] == ["d2"] and rows["d2"].note == "n1"


def test_chronological_order_ranges_by_start_ties_in_reading_order(rows):
    assert [r.id for r in sorted(rows.values(), key=Row.sort_key)] == [
        "d3", "d5", "d4", "d2", "d9", "d1", "d6", "d7", "d8"]


@pytest.mark.parametrize("value, valid", [
    ("1921", True), ("-0044", True), ("1921-02", True), ("1921-13", False), ("1920-02-29", True),
    ("1921-02-29", False), ("1900-02-29", False), ("2000-02-29", True), ("1921-04-31", False),
    ("21", False), ("Smarch", False), (None, False)])
def test_iso_dates(value, valid):
    assert iso_date(value) is valid


def test_bounds_prefer_when_then_from_to_then_not_before_after():
    def bounds(**attrs: str) -> tuple[str, str] | None:
        return date_bounds(etree.Element("date", attrs))
    assert bounds(when="1921", **{"from": "1900"}) == ("1921", "1921")
    assert bounds(when="1921-13", **{"from": "1918", "to": "1920"}) == ("1918", "1920")
    assert bounds(to="1920") == ("1920", "1920")
    assert bounds(notBefore="1920") == ("1920", "1920")
    assert bounds(when="x") is None


def test_sentence_stops_skip_initials_and_need_a_capital_or_an_opening_quote():
    s = 'V. I. Lenin wrote in 1921. He said: “no.” “Then” he left. and so on? (Yes.) End'
    ends, starts = sentence_stops(s)
    # not after the initials, nor before "and"; before a capital, an opening quote or bracket
    assert [s[:e].rsplit(" ", 1)[-1] for e in ends] == ["1921.", "“no.”", "on?", "(Yes.)"]
    assert [s[st:st + 4] for st in starts] == ["He s", "“The", "(Yes", "End"]


def test_words_cut_with_an_ellipsis_and_keep_the_touching_space():
    assert words("one two three four ", 2, True) == "… three four "
    assert words(" one two three", 2, False) == " one two …"
    assert words("one two", 5, True) == "one two"
    assert words("a\u00a0b c", 2, False) == "a\u00a0b c"  # only XML spaces separate words


# --- the timeline ------------------------------------------------------------------------------

def test_year_fraction_and_rounding_half_up():
    assert timeline.year_fraction("1921", False) == 0 and timeline.year_fraction("1921", True) == 1
    assert timeline.year_fraction("1921-03", False) == Fraction(2, 12)
    assert timeline.year_fraction("1921-03-01", True) == Fraction(2 + Fraction(1, 31), 12)
    assert timeline.rounded(Fraction(225, 100)) == Fraction(23, 10)
    assert timeline.rounded(Fraction(-225, 100)) == Fraction(-22, 10)
    assert [timeline.number(Fraction(x)) for x in (16, Fraction(413, 10), Fraction(-7, 2))] == ["16", "41.3", "-3.5"]
    assert (timeline.idiv(1925, 10), timeline.idiv(-1925, 10)) == (192, -192)


def span(id_: str, start: str, end: str) -> Row:
    return Row(id=id_, kind="text", order=int(id_[1:]), start=start, end=end)


def test_overlapping_ranges_take_separate_lanes_and_reuse_freed_ones():
    axis = timeline.Axis(1900, 1929)
    spans = [span("d1", "1900", "1910"), span("d2", "1905", "1915"), span("d3", "1912", "1920"),
             span("d4", "1917", "1925"), span("d5", "1916", "1918")]
    # d3 follows d1 in the first lane; d4 follows d2; d5 would touch d2's end: a third lane
    assert timeline.pack(spans, axis) == [0, 1, 0, 1, 2]


def test_layout_on_the_fixture(rows):
    ordered = sorted(rows.values(), key=Row.sort_key)
    doc = chronology_document(list(rows.values()))
    assert (doc.get("first"), doc.get("last"), doc.get("count"), doc.get("noted")) == ("1889", "1923", "9", "1")
    tl = doc.find(C + "timeline")
    assert [el.get("row") for el in tl.iterfind(C + "span")] == ["d9", "d6", "d7"]
    marks = {el.get("row"): etree.QName(el).localname for el in tl if el.get("row")}
    assert marks == {"d3": "dot", "d5": "dot", "d4": "range", "d2": "dot", "d9": "span", "d1": "dot",
                     "d6": "span", "d7": "span", "d8": "dot"}
    axis_y = int(tl.find(C + "axis").get("y"))
    stack_1918 = [float(el.get("cy") or el.get("y")) for el in tl if el.get("row") in ("d5", "d4", "d2")]
    assert stack_1918 == [axis_y - 10, axis_y - 22 - 3.5, axis_y - 34]  # a pitch apart above the axis
    assert [t.get("label") for t in tl.iterfind(C + "tick") if t.get("label")] == ["1889", "1900", "1910", "1920", "1923"]
    years = [y.get("value") for y in doc.iterfind(C + "year")]
    assert years == ["1889", "1918", "1920", "1921", "1922"]
    assert [r.get("id") for r in doc.iterfind(f"{C}year/{C}row")] == [r.id for r in ordered]


def test_another_kind_of_row_sorts_and_lays_out_beside_the_text_dates(rows):
    """The extension point: e.g. an event of a listEvent register, without a sentence."""
    event = Row(id="e1", kind="event", order=1, start="1917-11-07", end="1917-11-07",
                dating={"when": "1917-11-07"}, named=["lenin"])
    doc = chronology_document([*rows.values(), event])
    row = doc.find(f"{C}year[@value='1917']/{C}row")
    assert (row.get("id"), row.get("kind"), row.find(C + "text")) == ("e1", "event", None)
    assert doc.find(f"{C}timeline/{C}dot[@row='e1']") is not None
