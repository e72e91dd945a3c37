"""The correction policy leaves no slip of a declared kind undecided: every candidate the finder
reports is corrected in the master or listed, with its reason, in edition/source/slips.txt; and
the list does not go stale.

The tests on the real master are in tests/edition/test_slips_master.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tei_edition.curation import slips

TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'


def _doc(body: str, persons: str = '<person xml:id="miasnikov"><persName>Miasnikov</persName></person>') -> etree._Element:
    return etree.fromstring(f'<TEI {TEI}><standOff><listPerson>{persons}</listPerson></standOff>'
                            f'<text><body><div><p xml:id="p1">{body}</p></div></body></text></TEI>')


def _kinds(root) -> list[tuple[str, str, bool]]:
    return [(c.kind, c.text, handled) for c, handled in slips.candidates(root)]


def test_possessive_candidates_and_what_handles_them():
    root = _doc("In Miasnikovs mind the workers committee met; the workers gathered; than Miasnikovs.")
    assert ("possessive", "Miasnikovs", False) in _kinds(root)          # name form + s, whatever follows
    assert ("possessive", "workers committee", False) in _kinds(root)   # s-word before a noun
    assert not any(t == "workers gathered" for _, t, _ in _kinds(root))  # before a verb form: not a candidate
    fixed = _doc('In <persName ref="#miasnikov">Miasnikov</persName><choice><sic>s</sic>'
                 '<corr resp="#editors" type="possessive">\'s</corr></choice> mind.')
    assert ("possessive", "Miasnikovs", True) in _kinds(fixed)
    wrong_kind = _doc('In Miasnikov<choice><sic>s</sic><corr type="misspelling">\'s</corr></choice> mind.')
    assert ("possessive", "Miasnikovs", False) in _kinds(wrong_kind)    # a correction of another kind does not count


def test_doubled_words_articles_and_run_together():
    kinds = _kinds(_doc("It was the the end; Trotsky had after all had not; a organising bureau of the AllUnion party."))
    assert ("doubled-word", "the the", False) in kinds
    assert ("doubled-word", "had after all had", False) in kinds
    assert ("article", "a organising", False) in kinds
    assert ("run-together", "AllUnion", False) in kinds
    removed = _doc('Trotsky had after all <choice><sic>had </sic><corr resp="#editors" type="doubled-word"/></choice>not.')
    assert ("doubled-word", "had after all had", True) in _kinds(removed)


def test_supplied_words_are_not_read_as_the_source(tmp_path: Path):
    root = _doc('a letter to <supplied reason="omitted">a </supplied>comrade.')
    text, found = slips._reading(root.find(".//{http://www.tei-c.org/ns/1.0}p"))
    assert text == "a letter to comrade." and found == [(12, 12, "supplied")]


def test_check_reports_undecided_candidates_and_stale_exceptions(tmp_path: Path):
    root = _doc("The workers committee met. It was the the end.")
    exceptions = tmp_path / "slips.txt"
    exceptions.write_text("% comment\n* | workers committee | possessive | a reviewed reason\n"
                          "p9 | Russians trade | possessive | matches nothing\n", encoding="utf-8")
    undecided, stale = slips.check(root, slips.load_exceptions(exceptions))
    assert [(c.kind, c.text) for c in undecided] == [("doubled-word", "the the")]
    assert [x.text for x in stale] == ["Russians trade"]


def test_an_exception_without_a_reason_is_refused(tmp_path: Path):
    bad = tmp_path / "slips.txt"
    bad.write_text("p1 | the the | doubled-word |\n", encoding="utf-8")
    with pytest.raises(ValueError, match="reason"):
        slips.load_exceptions(bad)


def test_the_audit_reports_undecided_slips_and_stale_exceptions(tmp_path: Path):
    from tei_edition.curation.audit import slip_problems

    root = _doc("The workers committee met. It was the the end.")
    exceptions = tmp_path / "slips.txt"
    exceptions.write_text("p1 | workers committee | possessive | reviewed\np1 | a union | article | stale\n",
                          encoding="utf-8")
    problems = slip_problems(root, tmp_path / "doc.xml", exceptions)
    assert [p.code for p in problems] == ["E0532", "E0533"]
    assert "'the the'" in problems[0].message and problems[1].line == 2


def test_a_short_heading_is_not_read_for_slips():
    """A section's short heading is the editors' words for the print's running heads (and would
    share the heading's label)."""
    root = etree.fromstring(f'<TEI {TEI}><text><body><div xml:id="s2"><head>The workers committee</head>'
                            f'<head type="short">The workers committee, short</head><p xml:id="p1">x</p></div>'
                            f'</body></text></TEI>')
    assert [(label, el.get("type")) for label, el in slips.units(root)] == [("s2-head", None), ("p1", None)]
