"""Inline quotations (tei_edition.curation.quotations): finding the quoted spans, the decision file, the
marking (nesting, idempotence, failures), and the committed master against edition/source/quotations.txt.

The tests on the real master are in tests/edition/test_quotations_master.py."""

from __future__ import annotations

import pytest
from lxml import etree

from tei_edition.curation import quotations as Q
from tei_edition.core.text import SOURCE_READING, reading
from tei_edition.core.xmlio import TEI_NS, parse_bytes

T = f"{{{TEI_NS}}}"


def spans(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.status) for s in Q.find_spans(text)]


# ------------------------------------------------------------------------------ finding spans
@pytest.mark.parametrize("text", [
    "Gavriil Il'ich Miasnikov", "Miasnikov's life", "the Tsar's brother", "all workers' parties.",
    "the Oktiabr' engineering factory", "coup d'état", "the Left-SR's had been", "didn't", "Workers' State",
])
def test_apostrophes_are_not_quotation_marks(text):
    assert spans(text) == []


def test_double_and_single_spans_with_punctuation_inside():
    assert spans("the 'hollow shells.' Not only \"the Soviets...are\"; and 'revolutionary war.'") == [
        ("'hollow shells.'", "ok"), ('"the Soviets...are"', "ok"), ("'revolutionary war.'", "ok")]


def test_possessive_inside_a_quotation_and_nested_spans():
    text = ("\"Myasnikov advocated soviets, the Workers' Opposition advocated unions ... the "
            "'organisation of peasant unions'.\" and \"Only recently the \"Pravda\" characterized\"")
    assert spans(text) == [
        ("\"Myasnikov advocated soviets, the Workers' Opposition advocated unions ... the "
         "'organisation of peasant unions'.\"", "ok"),
        ("'organisation of peasant unions'", "ok"),
        ('"Only recently the "Pravda" characterized"', "ok"), ('"Pravda"', "ok")]


def test_mismatched_and_unmatched_marks_are_reported():
    assert spans("\"The tactic ... against them.' He continues that 'collaboration ... revolution.\"") == [
        ("\"The tactic ... against them.'", "mismatched"), ("'collaboration ... revolution.\"", "mismatched")]
    found = Q.find_spans("\"an increase of 9% is 'the kind of conservatism.\" Then")
    assert [(s.status, s.key) for s in found] == [
        ("ok", "\"an increase of 9% is 'the kind of conservatism.\""),
        ("unmatched", "'the kind of conservatism.\" Then [unmatched]")]


def test_abbreviation_of_long_spans():
    assert Q.abbreviate('"' + "x" * 100 + '"') == '"' + "x" * 39 + "…" + "x" * 15 + '"'
    assert Q.abbreviate("'short\n  span'") == "'short span'"


# ------------------------------------------------------------------------------ marking
def doc(p: str) -> etree._ElementTree:
    return parse_bytes(f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body><div xml:id="s1">'
                       f'<p xml:id="p1">{p}</p></div></body></text></TEI>'.encode(), "snippet.xml")


def decisions(*lines: str) -> list[Q.Decision]:
    out = []
    for no, line in enumerate(lines, 1):
        unit, key, kind = line.split(" | ")
        out.append(Q.Decision(no, unit, key, kind, ""))
    return out


def para(tree) -> etree._Element:
    return tree.getroot().find(f".//{T}p")


def test_spans_are_wrapped_around_whole_elements_with_their_marks():
    tree = doc("Lenin admitted that \"the <orgName ref=\"#x\">Soviets</orgName>...are\"; forged "
               "\"<orgName ref=\"#cheka\">Cheka</orgName>\" documents, the 'Soviet' regime, "
               "the \"<title level=\"m\">Appeal</title>\" (<bibl>X</bibl>).")
    before = "".join(para(tree).itertext())
    report = Q.mark_tree(tree, decisions('p1 | "the Soviets...are" | quote', 'p1 | "Cheka" | soCalled',
                                         "p1 | 'Soviet' | soCalled", 'p1 | "Appeal" | title'))
    p = para(tree)
    assert "".join(p.itertext()) == before
    assert [etree.QName(c).localname for c in p] == ["quote", "soCalled", "soCalled", "title", "bibl"]
    assert (p[0].text, p[0][0].text, p[0][0].tail) == ('"the ', "Soviets", '...are"')
    assert (p[1].text, p[1][0].get("ref"), p[1][0].tail, p[1].tail) == ('"', "#cheka", '"', " documents, the ")
    assert p[2].text == "'Soviet'" and p[2].tail == " regime, the \""
    assert report.counts["quote"] == 1 and report.counts["soCalled"] == 2 and report.counts["title"] == 1


def test_nested_quotation_and_idempotence():
    tree = doc("He noted \"Only the \"<orgName ref=\"#pravda\"><title level=\"j\">Pravda</title></orgName>\" "
               "called it 'mad'.\" Then <choice><sic>teh</sic><corr>the</corr></choice> end.")
    ds = decisions("p1 | \"Only the \"Pravda\" called it 'mad'.\" | quote", 'p1 | "Pravda" | title',
                   "p1 | 'mad' | soCalled")
    Q.mark_tree(tree, ds)
    once = etree.tostring(tree)
    q = para(tree)[0]
    assert q.tag == T + "quote" and [c.tag for c in q] == [T + "orgName", T + "soCalled"]
    Q.mark_tree(tree, ds)
    assert etree.tostring(tree) == once
    # the annotator leaves them alone (its own test: tests/toolkit/test_annotate.py, test_inline_quotations_are_kept_and_names_inside_them_rederived)
    assert reading(para(tree), SOURCE_READING).startswith("He noted \"Only the \"Pravda\"")


def test_every_problem_is_reported_and_nothing_changes():
    tree = doc("the 'breathing space' and \"Left <persName ref=\"#x\">Trotsky\" group</persName> and 'hole'")
    before = etree.tostring(tree)
    with pytest.raises(Q.QuotationError) as exc:
        Q.mark_tree(tree, decisions("p1 | 'breathing room' | soCalled",
                                    "p1 | \"Left Trotsky\" | quote", "p1 | 'hole' | title"))
    text = "\n".join(exc.value.messages)
    assert "'breathing space'" in text and "has no decision" in text          # a span without a line
    assert "no quoted span \"'breathing room'\"" in text                     # a line without a span
    assert "would split markup" in text and "<persName>" in text              # a span across an element
    assert "no <title> inside the marks" in text                              # a wrong title decision
    tree2 = doc("the 'breathing space' and \"Left <persName ref=\"#x\">Trotsky\" group</persName> and 'hole'")
    with pytest.raises(Q.QuotationError):
        Q.mark_bytes(etree.tostring(tree2), "x.xml", decisions("p1 | 'breathing space' | soCalled"))
    assert etree.tostring(tree2) == before


def test_block_and_unmatched_decisions_are_checked():
    xml = (f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><body><div xml:id="s1"><cit xml:id="p1" rend="block"><quote>"A '
           f"'b.\"</quote> <bibl>(X)</bibl></cit></div></body></text></TEI>")
    ok = decisions("p1 | \"A 'b.\" | block", "p1 | 'b.\" (X) [unmatched] | none")
    Q.mark_tree(parse_bytes(xml.encode(), "c.xml"), ok)
    with pytest.raises(Q.QuotationError) as exc:
        Q.mark_tree(parse_bytes(xml.encode(), "c.xml"),
                    decisions("p1 | \"A 'b.\" | block", "p1 | 'b.\" (X) [unmatched] | soCalled"))
    assert "unmatched mark can only be `none`" in str(exc.value)


def test_decision_file_syntax(tmp_path):
    f = tmp_path / "q.txt"
    f.write_text("% comment\n\np1 | 'a' | soCalled | why | more\np2 | 'b' | scare\n", encoding="utf-8")
    with pytest.raises(Q.QuotationError) as exc:
        Q.load_decisions(f)
    assert ":4:" in str(exc.value)
    f.write_text("p1 | 'a' | soCalled | why | more\n", encoding="utf-8")
    assert Q.load_decisions(f) == [Q.Decision(1, "p1", "'a'", "soCalled", "why | more")]


@pytest.mark.parametrize("p, why", [
    ('\u2067the "Pravda\u2069 said" so', "U+2069 POP DIRECTIONAL ISOLATE without the character that opens it"),
    ('"\u2067Pravda said" so\u2069', "U+2067 RIGHT-TO-LEFT ISOLATE without the U+2069 POP DIRECTIONAL ISOLATE that "
                                     "closes it"),
])
def test_a_span_that_would_split_a_bidirectional_pair_is_refused(p, why):
    """Balanced in the paragraph, but a quote holding one of the two would not be (E0253)."""
    tree = doc(p)
    before = etree.tostring(tree)
    with pytest.raises(Q.QuotationError) as exc:
        Q.mark_tree(tree, decisions(f"p1 | {Q.find_spans(p)[0].key} | quote"))
    message, = exc.value.messages
    assert f"the span holds {why}: marked, the pair would be split between two elements" in message
    assert etree.tostring(tree) == before


def test_a_span_that_holds_a_bidirectional_pair_whole_is_marked():
    p = '"\u2067Pravda\u2069 said" so'
    tree = doc(p)
    Q.mark_tree(tree, decisions(f"p1 | {Q.find_spans(p)[0].key} | quote"))
    assert para(tree)[0].text == '"\u2067Pravda\u2069 said"'


def test_a_short_heading_is_no_unit():
    """A section's short heading is the editors' words for the print's running heads: no unit of
    the author's text, whose label (s2-head) is the heading's."""
    body = etree.fromstring(f'<body xmlns="{TEI_NS}"><div xml:id="s2"><head>The "Workers Group"</head>'
                            f'<head type="short">The "Group"</head><p xml:id="p1">x</p></div></body>')
    assert [(label, el.get("type")) for label, el in Q.units(body)] == [("s2-head", None), ("p1", None)]
