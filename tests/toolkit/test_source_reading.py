"""The source reading leaves out what the editors supplied, so supplying a missing word does not
change a unit's anchor fingerprint (issue #10: "In a letter to a comrade", ¶ 68)."""

from __future__ import annotations

from lxml import etree

from tei_edition.citation.anchors import fingerprint, unit_text
from tei_edition.core.text import EDITED_READING, SOURCE_READING, reading

TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'


def test_supplied_words_are_read_in_the_edition_but_not_in_the_source():
    p = etree.fromstring(f'<p {TEI}>In a letter to <supplied reason="omitted">a </supplied>comrade, '
                         f'<choice><sic>Miasnikovs</sic><corr type="possessive">Miasnikov\'s</corr></choice> view.</p>')
    assert reading(p, SOURCE_READING) == "In a letter to comrade, Miasnikovs view."
    assert reading(p, EDITED_READING) == "In a letter to a comrade, Miasnikov's view."


def test_the_fingerprint_ignores_a_supplied_word_and_sees_a_changed_one():
    plain = etree.fromstring(f"<p {TEI}>In a letter to comrade.</p>")
    supplied = etree.fromstring(f'<p {TEI}>In a letter to <supplied reason="omitted">a </supplied>comrade.</p>')
    changed = etree.fromstring(f"<p {TEI}>In a letter to a comrade.</p>")
    assert fingerprint(unit_text(supplied)) == fingerprint(unit_text(plain))
    assert fingerprint(unit_text(changed)) != fingerprint(unit_text(plain))
