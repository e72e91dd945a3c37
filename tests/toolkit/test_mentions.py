"""Mentions of events and glossary terms: marked from the decision file, reproducible, and kept by
the annotator (which marks names inside them), so `tei-edition annotate` and `tei-edition mentions`
give the same bytes in either order.

The tests on the real master are in tests/edition/test_mentions_master.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tei_edition.core.xmlio import parse_bytes
from tei_edition.curation import mentions as M
from tei_edition.curation.annotate import annotate_bytes
from tei_edition.curation.audit import reannotation_findings

DOC = """<?xml version='1.0' encoding='UTF-8'?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></teiHeader>
<standOff><listPerson><person xml:id="lenin"><persName>Lenin</persName></person></listPerson>
<listPlace><place xml:id="kronstadt"><placeName>Kronstadt</placeName></place></listPlace>
<listOrg><org xml:id="cheka"><orgName>Cheka</orgName></org></listOrg>
<listEvent><event xml:id="kronstadt-1921" type="uprising"><label>Kronstadt</label><desc>d</desc></event></listEvent>
<list type="glossary"><item xml:id="gloss-nep"><term>NEP</term><gloss>g</gloss></item></list></standOff>
<text><body><div type="section" xml:id="s1" n="1"><p n="1" xml:id="p1">After the suppression of Kronstadt in 1921 Lenin proposed the NEP; the <choice><sic>NEPs</sic><corr>NEP's</corr></choice> end.<note>A note on Kronstadt.</note></p></div></body></text></TEI>
"""


def _lines(tmp_path: Path, *lines: str) -> list[M.Mention]:
    f = tmp_path / "mentions.txt"
    f.write_text("% test\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
    return M.load_mentions(f)


def test_marks_events_and_terms_around_names_and_dates(tmp_path):
    annotated, _ = annotate_bytes(DOC.encode(), "doc")
    marked, counts = M.mark_bytes(annotated, "doc", _lines(
        tmp_path, "p1 | the suppression of Kronstadt in 1921 | #kronstadt-1921 | holds a name and a date",
        "p1 | NEP | #gloss-nep |"))
    text = marked.decode()
    assert counts == {"events": 1, "terms": 1, "removed": 0}
    assert ('<rs type="event" ref="#kronstadt-1921">the suppression of <placeName ref="#kronstadt">Kronstadt</placeName> '
            'in <date when="1921">1921</date></rs>') in text
    assert '<term ref="#gloss-nep">NEP</term>;' in text
    # the annotator keeps the marks and re-derives the names inside: same bytes in either order
    again, _ = annotate_bytes(marked, "doc")
    assert again == marked
    assert M.mark_bytes(again, "doc", M.load_mentions(tmp_path / "mentions.txt"))[0] == marked
    assert reannotation_findings(parse_bytes(marked, "doc")) == []


def test_a_term_inside_an_event_and_repeated_spans(tmp_path):
    marked, counts = M.mark_bytes(DOC.encode(), "doc", _lines(
        tmp_path, "p1 | Lenin proposed the NEP | #kronstadt-1921 |", "p1 | NEP | #gloss-nep |"))
    assert '<rs type="event" ref="#kronstadt-1921">Lenin proposed the <term ref="#gloss-nep">NEP</term></rs>' in marked.decode()
    with pytest.raises(M.MentionError, match="occurrence 2"):
        M.mark_bytes(DOC.encode(), "doc", _lines(tmp_path, "p1 | Lenin | #gloss-nep |", "p1 | Lenin | #gloss-nep |"))


def test_errors_name_the_line_and_change_nothing(tmp_path):
    with pytest.raises(M.MentionError) as exc:
        M.mark_bytes(DOC.encode(), "doc", _lines(
            tmp_path, "p1 | Kronstadt | #lenin |", "p9 | NEP | #gloss-nep |", "p1 | Stalin | #gloss-nep |",
            "p1 | EPs end | #gloss-nep |"))
    messages = exc.value.messages
    assert any(":2:" in m and "neither an event" in m for m in messages)
    assert any(":3:" in m and "no unit p9" in m for m in messages)
    assert any(":4:" in m and "is not in p1" in m for m in messages)
    assert any(":5:" in m and "split <choice>" in m for m in messages)


def test_a_malformed_line_is_refused(tmp_path):
    with pytest.raises(M.MentionError, match="expected"):
        _lines(tmp_path, "p1 | NEP | gloss-nep")
    with pytest.raises(M.MentionError, match="expected"):
        _lines(tmp_path, "p1 | NEP | remove gloss-nep")


def test_a_mark_the_file_leaves_out_is_refused_and_removing_one_is_said(tmp_path):
    # an empty or cut-off decision file would unmark the master: each mark needs a line
    marked, _ = M.mark_bytes(DOC.encode(), "doc", _lines(
        tmp_path, "p1 | Lenin proposed the NEP | #kronstadt-1921 |", "p1 | the | #gloss-nep |", "p1 | the | #gloss-nep |"))
    for lines in [(), ("p1 | Lenin proposed the NEP | #kronstadt-1921 |", "p1 | the | #gloss-nep |")]:
        with pytest.raises(M.MentionError) as exc:
            M.mark_bytes(marked, "doc", _lines(tmp_path, *lines))
        left_out = [m for m in exc.value.messages if "has no line" in m]
        marks = {f"doc:8:{m.start() + 1}" for m in re.finditer("<(?:rs|term) ", marked.decode().split("\n")[7])}
        assert len(left_out) == 3 - len(lines) and all(m.split(": ")[0] in marks for m in left_out)  # at their <
    assert any("'the' in p1 (occurrence 2)" in m and "`p1 | the | remove #gloss-nep | why`" in m
               for m in exc.value.messages)
    # removing is a line of its own, counted, and stays true on the next run
    file = _lines(tmp_path, "p1 | Lenin proposed the NEP | #kronstadt-1921 |", "p1 | the | #gloss-nep |",
                  "p1 | the | remove #gloss-nep | not the policy here")
    once, counts = M.mark_bytes(marked, "doc", file)
    assert counts == {"events": 1, "terms": 1, "removed": 1}
    assert once.decode().count("<term ") == 1
    assert M.mark_bytes(once, "doc", file) == (once, {"events": 1, "terms": 1, "removed": 0})
    # a removal may name an entry no longer in the registers
    gone = marked.replace(b'xml:id="kronstadt-1921"', b'xml:id="kronstadt-1920"')
    assert b"<rs " not in M.mark_bytes(gone, "doc", _lines(
        tmp_path, "p1 | Lenin proposed the NEP | remove #kronstadt-1921 |", "p1 | the | #gloss-nep |",
        "p1 | the | #gloss-nep |"))[0]


def test_a_mark_no_line_can_name_is_refused(tmp_path):
    doc = DOC.replace("A note on Kronstadt.", 'A note on <term ref="#gloss-nep">Kronstadt</term>.')
    col = doc.split("\n")[7].index("<term") + 1
    with pytest.raises(M.MentionError, match=rf"^doc:8:{col}: the mark <term ref=\"#gloss-nep\"> is in a note"):
        M.mark_bytes(doc.encode(), "doc", _lines(tmp_path))


def test_a_span_that_would_split_a_bidirectional_pair_is_refused(tmp_path):
    """Balanced in the paragraph, but a mark holding one of the two would not be (E0253)."""
    doc = DOC.replace("Lenin proposed the NEP;", "Lenin proposed the \u2067NEP and more\u2069;").encode()
    with pytest.raises(M.MentionError) as exc:
        M.mark_bytes(doc, "doc", _lines(tmp_path, "p1 | \u2067NEP | #gloss-nep |"))
    message, = exc.value.messages
    assert message.startswith("mentions.txt:2: '\\u2067NEP' in p1 holds U+2067 RIGHT-TO-LEFT ISOLATE without the "
                              "U+2069 POP DIRECTIONAL ISOLATE that closes it: marked, the pair would be split")
    marked, _ = M.mark_bytes(doc, "doc", _lines(tmp_path, "p1 | \u2067NEP and more\u2069 | #gloss-nep |"))
    assert '<term ref="#gloss-nep">\u2067NEP and more\u2069</term>;' in marked.decode()
