"""The apparatus agrees with itself (E0270-E0276, W0270): what the golden cases in
tests/schema_cases/invalid do not show, each on the valid case with one change."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree

from tei_edition.schema.date_checks import agree, julian, text_span
from tei_edition.schema.validate import validate_tree
from support import TESTS

FULL = TESTS / "schema_cases" / "valid" / "full.xml"


def _codes(tmp_path, *edits: tuple[str, str]) -> list[str]:
    text = FULL.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "case.xml"
    path.write_text(text, encoding="utf-8")
    return [p.code for p in validate_tree(etree.parse(str(path)), str(path))]


def test_julian_days_are_read_as_gregorian():
    assert julian(date(1918, 1, 10)) == date(1918, 1, 23)  # the Third Congress of Soviets opened
    assert julian(date(1918, 1, 31)) == date(1918, 2, 13)  # the last Old Style day
    assert julian(date(1889, 2, 13)) == date(1889, 2, 25)  # 12 days in the nineteenth century


@pytest.mark.parametrize("text, value, agreed", [
    ("10th-18th of January 1918", (date(1918, 1, 23), date(1918, 1, 31)), True),  # Old Style days
    ("10th-18th of January 1918", (date(1918, 1, 10), date(1918, 1, 18)), True),
    ("23rd-31st of January 1918", (date(1918, 1, 10), date(1918, 1, 18)), False),
    ("1917", (date(1918, 1, 1), date(1918, 12, 31)), False),  # a year is not read as Old Style
    ("1921", (date(1921, 8, 1), date(1921, 8, 1)), True),     # the value more precise than the text
    ("8 March 1922", (date(1921, 3, 8), date(1921, 3, 8)), False),
    ("5 December 2026", (date(2026, 12, 5), date(2026, 12, 5)), True),
    ("2026-11-27", (date(2026, 11, 27), date(2026, 11, 27)), True),
    ("7 November 1924", (date(1924, 10, 25), date(1924, 10, 25)), False),  # no Old Style after 1918
])
def test_a_dates_text_and_value(text: str, value: tuple[date, date], agreed: bool):
    read = text_span(text)
    assert read is not None
    assert agree(read[0], value, read[1]) is agreed


@pytest.mark.parametrize("text", ["late 26", "before the rising", "(21)", "31 February 1921"])
def test_a_text_that_names_no_date_is_not_checked(text: str):
    assert text_span(text) is None


def test_a_date_mention_outside_its_event_passes_with_a_note_right_after(tmp_path):
    """The essay dates Trotsky's deportation 1927 once (¶ 11): the master says so in a note."""
    moved = ('notBefore="1921-02" notAfter="1921-03-18"', 'notBefore="1919-02" notAfter="1919-03-18"')
    assert "E0275" in _codes(tmp_path, moved)
    noted = ('at <placeName ref="#kronstadt">Kronstadt</placeName></rs>,',
             'at <placeName ref="#kronstadt">Kronstadt</placeName></rs><note type="editorial" resp="#editors" '
             'xml:id="n4" n="2" corresp="#p5">The essay dates it 1919.</note>,')
    renumbered = ('xml:id="n3" n="2"', 'xml:id="n3" n="3"'), ('xml:id="n2" n="3"', 'xml:id="n2" n="4"')
    assert _codes(tmp_path, moved, noted, *renumbered) == []


def test_a_participant_born_after_the_event(tmp_path):
    assert _codes(tmp_path, ('<persName type="variant">Lenin</persName>',
                             '<persName type="variant">Lenin</persName>\n<birth when="1922" source="#src-wp-gavril-myasnikov"/>'
                             )) == ["E0271"]


def test_a_participant_alive_passes(tmp_path):
    assert _codes(tmp_path, ('<persName type="variant">Lenin</persName>',
                             '<persName type="variant">Lenin</persName>\n<birth when="1870-04-22" source="#src-wp-gavril-myasnikov"/>'
                             '<death when="1924-01-21" source="#src-wp-gavril-myasnikov"/>')) == []


@pytest.mark.parametrize("idno, code", [
    ('<idno type="ISBN" source="#src-wp-workers-group">9780000000000</idno>', "E0273"),
    ('<idno type="wikipedia" source="#src-wp-workers-group">https://de.wikipedia.org/wiki/Arbeitergruppe</idno>', "E0273"),
    ('<idno type="VIAF" source="#src-wp-workers-group">javascript:alert(1)</idno>', "E0273"),
    ('<idno type="VIAF" source="#src-wp-workers-group">151212345</idno>', None),
    ('<idno type="wikidata" source="#src-wp-workers-group">Q4380926</idno>', None),
])
def test_identifier_forms(tmp_path, idno: str, code: str | None):
    codes = _codes(tmp_path, ('<orgName type="variant">Workers Group</orgName>',
                              '<orgName type="variant">Workers Group</orgName>\n' + idno))
    assert (code in codes) if code else codes == []  # a German article cites the English one: E0274 too


def test_a_location_citing_another_places_geonames_record(tmp_path):
    bibl = ('<bibl xml:id="src-geonames-{n}" type="geonames" sortKey="p-{n}"><title level="a">P</title>, '
            '<publisher>GeoNames</publisher>, <ptr target="https://www.geonames.org/{n}"/>, accessed '
            '<date type="accessed" when="2026-11-25">25 November 2026</date>.</bibl>')
    edits = [('<location source="#src-wp-gavril-myasnikov">', '<location source="#src-geonames-498817">'),
             ('<note>City in the Urals.</note>',
              '<idno type="GeoNames" source="#src-geonames-511196">511196</idno><note>City in the Urals.</note>'),
             ('    </listBibl>\n  </standOff>',
              bibl.format(n=498817) + bibl.format(n=511196) + '\n    </listBibl>\n  </standOff>')]
    assert _codes(tmp_path, *edits) == ["E0274"]
    edits[0] = ('<location source="#src-wp-gavril-myasnikov">', '<location source="#src-geonames-511196">')
    edits[2] = ('    </listBibl>\n  </standOff>', bibl.format(n=511196) + '\n    </listBibl>\n  </standOff>')
    assert _codes(tmp_path, *edits) == []


def test_a_work_read_for_a_later_revision_is_no_warning_once_the_revision_is_recorded(tmp_path):
    """W0270 compares the day a work was read with the edition's last dated version: a source
    read on 5 December for a revision recorded that day (as the master's apparatus was) is no
    fault of an edition first published on 27 November; unrecorded, it is."""
    read_later = ('accessed <date type="accessed" when="2026-11-25">25 November 2026</date>.</bibl><bibl '
                  'xml:id="src-wp-workers-group"',
                  'accessed <date type="accessed" when="2026-12-05">5 December 2026</date>.</bibl><bibl '
                  'xml:id="src-wp-workers-group"')
    assert "W0270" in _codes(tmp_path, read_later)
    recorded = ('<change when="2026-11-27" who="#editors">Test fixture.</change>',
                '<change when="2026-12-05" who="#editors">Works consulted.</change>'
                '<change when="2026-11-27" who="#editors">Test fixture.</change>')
    assert "W0270" not in _codes(tmp_path, read_later, recorded)
    too_early = (recorded[0], recorded[1].replace("2026-12-05", "2026-12-04"))
    assert "W0270" in _codes(tmp_path, read_later, too_early)
