"""The annotator's marks of names (tei_edition.curation.annotate and its modules registers and
marks) on small TEI snippets: forms, word boundaries, what is never marked, overrides. Dates:
test_annotate_dates.py; the file and the command: test_annotate_files.py; the audit:
test_audit_fixtures.py; the tests on the real master (and its audit) are in
tests/edition/test_annotate_master.py."""

from __future__ import annotations

import pytest
from lxml import etree

from support.annotating import T, body_text, marks, run, tei
from tei_edition.curation import annotate as A


def test_possessives_are_left_outside_the_name():
    tree, _ = run("<p>Miasnikov's view, Miasnikovs mind, Trotsky's exile.</p>")
    assert marks(tree) == [("persName #miasnikov", "Miasnikov"), ("persName #miasnikov", "Miasnikov"),
                           ("persName #trotsky", "Trotsky")]
    p = tree.getroot().find(f".//{T}p")
    assert p[0].tail == "'s view, " and p[1].tail == "s mind, "


@pytest.mark.parametrize("text", ["permanent opposition", "Leninism Under", "the Leninist concept",
                                  "early Trotskyists", "Permian", "Moscowite"])
def test_word_boundaries(text):
    tree, _ = run(f"<p>{text}</p>")
    assert marks(tree) == []


def test_word_boundaries_positive():
    tree, _ = run("<p>Perm, Lenin; (Trotsky) anti-Moscow</p>")
    assert [m[1] for m in marks(tree)] == ["Perm", "Lenin", "Trotsky", "Moscow"]


def test_longest_match_first():
    tree, _ = run("<p>the Moscow Heavy-Artillery Works, A.I. Medvedev and Medvedev, Gavril Miasnikov, Gavril.</p>")
    assert marks(tree) == [("orgName #works", "Moscow Heavy-Artillery Works"),
                           ("persName #medvedev-a-i", "A.I. Medvedev"), ("persName #medvedev", "Medvedev"),
                           ("persName #miasnikov", "Gavril Miasnikov"), ("persName #miasnikov", "Gavril")]


def test_names_across_line_breaks():
    tree, _ = run("<p>Gavril\n   Miasnikov</p>")
    assert marks(tree) == [("persName #miasnikov", "Gavril\n   Miasnikov")]


def test_nothing_marked_inside_title_sic_note_or_existing_name():
    tree, _ = run('<p><title level="m">Bolshevik Opposition to Lenin</title> and '
                  '<choice><sic>Lenn</sic><corr>Lenin</corr></choice> '
                  '<note type="editorial">Lenin in a note</note> '
                  '<persName ref="#x">Lenin</persName></p>')
    # the pre-existing persName with @ref is the annotator's own (re-generated), the rest untouched
    assert marks(tree) == [("persName #lenin", "Lenin")]
    root = tree.getroot()
    assert root.find(f".//{T}title/{T}persName") is None and root.find(f".//{T}note/{T}persName") is None


def test_inline_quotations_are_kept_and_names_inside_them_rederived():
    """quote and soCalled (tei_edition.curation.quotations) are not the annotator's: a run keeps them, marks
    the names and dates inside them like any text, and a second run changes nothing."""
    tree, _ = run('<p>Lenin said <quote>"Perm in 1921, Trotsky"</quote>; the <soCalled>\'<persName ref="#lenin">'
                  'Miasnikov</persName>\'</soCalled> group, <soCalled>"<orgName ref="#pravda"><title level="j">'
                  'Pravda</title></orgName>"</soCalled>.</p>')
    p = tree.getroot().find(f".//{T}p")
    assert [etree.QName(c).localname for c in p] == ["persName", "quote", "soCalled", "soCalled"]
    assert [(etree.QName(c).localname, c.get("ref") or c.get("when")) for c in p[1]] == [
        ("placeName", "#perm"), ("date", "1921"), ("persName", "#trotsky")]
    assert p[1].text == '"' and p[1][-1].tail == '"'
    assert p[2][0].get("ref") == "#miasnikov" and (p[2].text, p[2][0].tail) == ("'", "'")
    assert p[3][0].tag == T + "orgName" and p[3][0][0].tag == T + "title"
    assert "".join(p.itertext()) == "Lenin said \"Perm in 1921, Trotsky\"; the 'Miasnikov' group, \"Pravda\"."
    once = etree.tostring(tree)
    A.annotate_tree(tree, None, [])
    assert etree.tostring(tree) == once


def test_choice_with_a_name_reading_is_wrapped_whole_with_preceding_words():
    tree, _ = run("<p>Valerian <choice><sic>Ossinky</sic><corr>Osinsky</corr></choice> warned; "
                  "<choice><sic>Ossinky</sic><corr>Osinsky</corr></choice> died.</p>")
    names = tree.getroot().findall(f"{T}text//{T}persName")
    assert [n.get("ref") for n in names] == ["#osinsky", "#osinsky"]
    assert names[0].text == "Valerian " and names[0][0].tag == T + "choice"


def test_periodical_title_is_wrapped():
    tree, _ = run('<p>the "<title level="j">Pravda</title>" said</p>')
    el = tree.getroot().find(f"{T}text//{T}orgName")
    assert el.get("ref") == "#pravda" and el[0].tag == T + "title"


def test_text_is_never_changed():
    body = ("<p>In 1921 Miasnikov's Perm, the <title>Kronstadt</title> (Kronstadt, Lenin) and "
            "<choice><sic>Ossinky</sic><corr>Osinsky</corr></choice>, 25th of February 1889.</p>")
    before = body_text(tei(body))
    tree, _ = run(body)
    assert body_text(tree) == before


def test_ambiguous_form_needs_an_override():
    body = '<p>a "Communist Workers International" in 1922 and a new "Communist Workers International."</p>'
    tree, report = run(body)
    assert marks(tree, "orgName") == [] and len(report.warnings) == 2
    tree, report = run(body, "#cwi-a | a \"[[Communist Workers International]]\" in 1922\n"
                             "#cwi-b | a new \"[[Communist Workers International]]")
    assert marks(tree, "orgName") == [("orgName #cwi-a", "Communist Workers International"),
                                      ("orgName #cwi-b", "Communist Workers International")]
    assert report.used_overrides == {1, 2}


def test_override_can_add_and_suppress():
    tree, _ = run("<p>the Third would be a weapon; (Kronstadt, Lenin); Kronstadt fell.</p>",
                  "#comintern | the [[Third]] would be\n- | ([[Kronstadt]], Lenin)")
    assert marks(tree) == [("orgName #comintern", "Third"), ("persName #lenin", "Lenin"),
                           ("placeName #kronstadt", "Kronstadt")]


def test_a_short_heading_is_left_as_it_is():
    """A section's short heading (head type="short", for the print's running heads) holds words
    only (E0225): the annotator marks the heading, not it."""
    tree, _ = run('<head>Lenin and Trotsky</head><head type="short">Lenin</head><p>Trotsky</p>')
    assert marks(tree) == [("persName #lenin", "Lenin"), ("persName #trotsky", "Trotsky"),
                           ("persName #trotsky", "Trotsky")]
    assert len(tree.getroot().find(f".//{T}head[@type='short']")) == 0
