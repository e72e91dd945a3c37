"""Registers and the annotator of names and dates (tei_edition.curation.annotate and its modules
registers, marks, dates, audit), on small TEI snippets and the fixtures; the tests on the real
master (and its audit) are in tests/edition/test_annotate_master.py."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from tei_edition.curation import annotate as A
from tei_edition.curation import dates as D
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import TEI_NS, parse_bytes, read_xml

T = f"{{{TEI_NS}}}"

STANDOFF = f"""<standOff xmlns="{TEI_NS}" xml:id="registers">
  <listPerson>
    <person xml:id="miasnikov"><persName>Gavril Miasnikov</persName>
      <persName type="variant">Miasnikov</persName><persName type="variant">Gavril</persName>
      <note>x</note></person>
    <person xml:id="lenin"><persName>Vladimir Lenin</persName><persName type="variant">Lenin</persName></person>
    <person xml:id="trotsky"><persName>Trotsky</persName></person>
    <person xml:id="medvedev"><persName>Medvedev</persName></person>
    <person xml:id="medvedev-a-i"><persName>A.I. Medvedev</persName></person>
    <person xml:id="osinsky"><persName>Valerian Osinsky</persName><persName type="variant">Valerian Ossinky</persName>
      <persName type="variant">Ossinky</persName></person>
  </listPerson>
  <listPlace>
    <place xml:id="perm"><placeName>Perm</placeName></place>
    <place xml:id="moscow"><placeName>Moscow</placeName></place>
    <place xml:id="kronstadt"><placeName>Kronstadt</placeName></place>
  </listPlace>
  <listOrg>
    <org xml:id="works"><orgName>Moscow Heavy-Artillery Works</orgName></org>
    <org xml:id="comintern"><orgName>Communist International</orgName><orgName type="variant">Third International</orgName></org>
    <org xml:id="cwi-a"><orgName>Communist Workers International</orgName></org>
    <org xml:id="cwi-b"><orgName>Communist Workers International</orgName></org>
    <org xml:id="pravda" type="periodical"><orgName>Pravda</orgName></org>
  </listOrg>
</standOff>"""


def tei(body: str) -> etree._ElementTree:
    doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}">
  <teiHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></teiHeader>
  <text>
    <body>
      <div>{body}</div>
    </body>
  </text>
</TEI>
"""
    return parse_bytes(doc.encode(), "snippet.xml")


def run(body: str, overrides: str = "") -> tuple[etree._ElementTree, A.Report]:
    tree = tei(body)
    so = etree.fromstring(STANDOFF.encode())
    report = A.annotate_tree(tree, so, A.load_overrides(text=overrides))
    return tree, report


def marks(tree, tag=None) -> list[tuple[str, str]]:
    """(local name + ref/normalised value, text) of every mark in the body, in order."""
    out = []
    for el in tree.getroot().find(f"{T}text/{T}body").iter(*(T + t for t in ("persName", "placeName", "orgName", "date"))):
        local = etree.QName(el).localname
        if tag and local != tag:
            continue
        key = el.get("ref") or ",".join(f"{k}={v}" for k, v in sorted(el.attrib.items()))
        out.append((f"{local} {key}", "".join(el.itertext())))
    return out


def body_text(tree) -> str:
    return "".join(tree.getroot().find(f"{T}text/{T}body").itertext())


# ------------------------------------------------------------------------------ names
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


def test_override_file_syntax_errors_are_reported():
    for n, text in enumerate(("#x no bar here", "#x | context without brackets", "date when=sometime | [[1921]]")):
        with pytest.raises(EditionError) as exc:
            A.load_overrides(text="% a comment\n" * n + text)
        assert [(p.line, p.code) for p in exc.value.problems] == [(n + 1, "E0502")]


def test_bootstrap_then_idempotent_from_the_own_standoff(tmp_path):
    src = tmp_path / "doc.xml"
    src.write_bytes(A.serialize(tei("<p>Miasnikov in Perm, March 1921.</p>")))
    reg = tmp_path / "reg.xml"
    reg.write_text(STANDOFF, encoding="utf-8")
    ov = tmp_path / "ov.txt"
    ov.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="no registers"):
        A.annotate_file(src, None, ov)                  # nothing to read the registers from
    A.annotate_file(src, reg, ov)                       # bootstrap: inserts the standOff
    once = src.read_bytes()
    reg.unlink()                                        # from now on the document is the truth
    A.annotate_file(src, None, ov)
    assert src.read_bytes() == once
    assert once.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = parse_bytes(once, "doc.xml").getroot()
    assert [etree.QName(c).localname for c in root if isinstance(c.tag, str)] == ["teiHeader", "standOff", "text"]
    assert len(root.findall(f"{T}standOff")) == 1
    assert marks(parse_bytes(once, "doc.xml")) == [("persName #miasnikov", "Miasnikov"), ("placeName #perm", "Perm"),
                                                   ("date when=1921-03", "March 1921")]


def test_existing_standoff_is_never_replaced_unless_asked(tmp_path):
    src = tmp_path / "doc.xml"
    src.write_bytes(A.serialize(tei("<p>Miasnikov in Perm.</p>")))
    reg = tmp_path / "reg.xml"
    reg.write_text(STANDOFF, encoding="utf-8")
    A.annotate_file(src, reg, None)
    # an editor corrects the registers in the document: Perm is no longer a register entry
    data = src.read_bytes()
    data = re.sub(rb'<place xml:id="perm">.*?</place>\s*', b"", data, flags=re.S)
    src.write_bytes(data)
    with pytest.raises(ValueError, match="already has registers"):
        A.annotate_file(src, reg, None)
    assert src.read_bytes() == data
    A.annotate_file(src, None, None)                    # the document's own (corrected) registers
    assert [m[1] for m in marks(read_xml(src))] == ["Miasnikov"]
    A.annotate_file(src, reg, None, replace_standoff=True)
    assert [m[1] for m in marks(read_xml(src))] == ["Miasnikov", "Perm"]
    assert len(read_xml(src).getroot().findall(f"{T}standOff")) == 1


HAND_HEADER = f"""<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment before the root -->
<TEI xmlns='{TEI_NS}' xml:lang="en">
  <teiHeader>
    <fileDesc><titleStmt><title type='main'>Lenin &amp; Miasnikov &#x2014; 1921</title><title/>
      <respStmt><resp>x</resp><name   ref="#e" >Perm</name></respStmt></titleStmt></fileDesc>
  </teiHeader>
  <text>
    <body>
      <div><p>Miasnikov in Perm, March 1921.</p></div>
    </body>
  </text>
</TEI>
"""


@pytest.mark.parametrize("bootstrap", [True, False], ids=["standOff-inserted", "own-standOff"])
def test_header_bytes_are_kept(tmp_path, bootstrap):
    """A hand-written header keeps its bytes (quotes, character references, empty tags), and
    nothing in it is marked."""
    src = tmp_path / "doc.xml"
    data = HAND_HEADER.encode()
    if not bootstrap:
        so = STANDOFF.replace(f' xmlns="{TEI_NS}"', "")
        data = data.replace(b"  </teiHeader>\n", b"  </teiHeader>\n  " + so.encode() + b"\n")
    src.write_bytes(data)
    reg = tmp_path / "reg.xml"
    reg.write_text(STANDOFF, encoding="utf-8")
    A.annotate_file(src, reg if bootstrap else None, None)
    out = src.read_bytes()

    def header(b: bytes) -> bytes:
        return b[: b.index(b"</teiHeader>") + len(b"</teiHeader>")]
    assert header(out) == header(data)
    if not bootstrap:
        assert out[: out.index(b"<text>")] == data[: data.index(b"<text>")]
    assert [m[1] for m in marks(read_xml(src))] == ["Miasnikov", "Perm", "March 1921"]
    A.annotate_file(src, None, None)
    assert src.read_bytes() == out


# ------------------------------------------------------------------------------ dates
@pytest.mark.parametrize("text, attrs", [
    ("On the 25th of February 1889, he", {"when": "1889-02-25"}),
    ("dated the 1st of August, 1921;", {"when": "1921-08-01"}),
    ("in 1905;", {"when": "1905"}),
    ("In March 1921, he", {"when": "1921-03"}),
    ("in March, 1920, he", {"when": "1920-03"}),
    ("strike wave of early 1921.", {"when": "1921"}),
    ("September 12, 2021", {"when": "2021-09-12"}),
    ("held on the 10th-18th of January 1918.", {"from": "1918-01-10", "to": "1918-01-18"}),
    ("held from April 17–25, 1923, he", {"from": "1923-04-17", "to": "1923-04-25"}),
    ("held between the 18th and 30th of March, 1918, Lenin", {"from": "1918-03-18", "to": "1918-03-30"}),
    ("held between the 27th of March and the 2nd of April, 1922.", {"from": "1922-03-27", "to": "1922-04-02"}),
    ("Between 1917 and 1920, 7.5 million", {"from": "1917", "to": "1920"}),
    ("in 1918–1920 were", {"from": "1918", "to": "1920"}),
    ("between 1933–37.", {"from": "1933", "to": "1937"}),
    ("Retreat, 1920-24)", {"from": "1920", "to": "1924"}),
])
def test_date_shapes(text, attrs):
    found = D.find_dates(text)
    assert len(found) == 1, found
    assert dict(found[0].attrs) == attrs


@pytest.mark.parametrize("text", [
    "out of a total of 35, 226 party members, 6441 members", "its 9% increase", "Nearly 20,000 members",
    "8000 other Oppositionists", "the March Action in Germany", "the February revolution broke out",
    "in 'another November.'", "the 11th Congress", "an 8 point programme", "the 31st of February 1921",
])
def test_not_dates(text):
    assert D.find_dates(text) == []


def test_dates_in_tree_yearless_and_overrides():
    body = ("<p>In 1918, he. On the 12th of July he led. Germany (21). Of them 1930 were organisers. "
            "In late 26, Trotsky. On the 7th of November in Moscow.</p>")
    ov = ("date when=1918-07-12 | On the [[12th of July]] he led\n"
          "date when=1921 | Germany ([[21]])\n"
          "date - | [[1930]] were organisers\n"
          "date when=1926 | In [[late 26]], Trotsky\n")
    tree, report = run(body, ov)
    assert marks(tree, "date") == [("date when=1918", "1918"), ("date when=1918-07-12", "12th of July"),
                                   ("date when=1921", "21"), ("date when=1926", "late 26")]
    assert any("7th of November" in w.text for w in report.warnings)


def test_date_validation():
    assert D.date_problems({"when": "1921-03"}) == []
    assert D.date_problems({"from": "1918-03", "to": "1918"}) == []
    assert D.date_problems({"when": "1921-13"})
    assert D.date_problems({"when": "1921-02-30"})
    assert D.date_problems({"from": "1922", "to": "1921"})
    assert D.date_problems({})
    assert D.date_problems({"when": "21"})


# ------------------------------------------------------------------------------ audit on snippets
def test_audit_reports_unmarked_wrong_kind_unreferenced_and_bad_dates():
    tree, _ = run("<p>Miasnikov in Perm, 1921.</p>")
    so = etree.fromstring(STANDOFF.encode())
    entries = A.load_registers(so)
    p = tree.getroot().find(f".//{T}p")
    p[-1].tail += " Lenin met Trotsky."          # planted, unmarked
    p[0].tag = T + "placeName"                  # persName -> placeName with a person's ref
    bad = etree.SubElement(p, T + "date", when="1921-13")
    bad.text = "x"
    found = A.audit_tree(tree, [], entries)
    assert any(f.startswith("(c) unmarked 'Lenin'") for f in found)
    assert any(f.startswith("(c) unmarked 'Trotsky'") for f in found)
    assert any(f.startswith("(a)") and "#miasnikov" in f for f in found)
    assert any(f.startswith("(b)") and "'moscow'" in f for f in found)
    assert any(f.startswith("(d)") and "1921-13" in f for f in found)


def test_audit_reads_unmarked_choice_as_the_source():
    tree = tei("<p>Valerian <choice><sic>Ossinky</sic><corr>Osinsky</corr></choice> warned.</p>")
    entries = A.load_registers(etree.fromstring(STANDOFF.encode()))
    assert any("Valerian Ossinky" in f for f in A.audit_tree(tree, [], entries))


# --- the overrides file: named or by default, it must be there --------------------------------

def _document_to_annotate(tmp_path):
    """A document with its registers, one name left to mark and one occurrence an override keeps unmarked."""
    src = tmp_path / "doc.xml"
    reg = tmp_path / "reg.xml"
    reg.write_text(STANDOFF, encoding="utf-8")
    src.write_bytes(A.serialize(tei("<p>Lenin wrote to Trotsky.</p>")))
    A.annotate_file(src, reg, None)
    data = re.sub(rb'<persName ref="#lenin">Lenin</persName>', b"Lenin", src.read_bytes())
    src.write_bytes(data)
    overrides = tmp_path / "overrides.txt"
    overrides.write_text("- | to [[Trotsky]]\n", encoding="utf-8")
    return src, overrides


def test_overrides_named_but_missing_are_an_error_and_nothing_is_written(tmp_path, runner):
    from tei_edition.cli import main

    src, _ = _document_to_annotate(tmp_path)
    before = src.read_bytes()
    result = runner.invoke(main, ["annotate", str(src), "--overrides", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert result.output == f"{tmp_path / 'missing.txt'}:0:0: [E0001] file not found\n"
    assert src.read_bytes() == before
    with pytest.raises(Exception) as exc:  # the API too: a missing file is not "no overrides"
        A.load_overrides(tmp_path / "missing.txt")
    assert "E0001" in str(exc.value)


def test_default_overrides_missing_are_an_error_not_none(tmp_path, runner, monkeypatch):
    from tei_edition.cli import main
    from tei_edition.curation import registers

    src, overrides = _document_to_annotate(tmp_path)
    before = src.read_bytes()
    monkeypatch.setattr(registers, "OVERRIDES", tmp_path / "source" / "annotation-overrides.txt")
    result = runner.invoke(main, ["annotate", str(src)])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"{tmp_path / 'source' / 'annotation-overrides.txt'}:0:0: [E0001] "
                                    f"the annotation overrides are not there")
    assert "give --overrides FILE (an empty file for none)" in result.output
    assert src.read_bytes() == before
    # where the default is there, it is used: the override keeps Trotsky unmarked
    monkeypatch.setattr(registers, "OVERRIDES", overrides)
    result = runner.invoke(main, ["annotate", str(src)])
    assert "[E0" not in result.output and "W0502" not in result.output, result.output  # (W0402: entries unmentioned)
    marked = src.read_text(encoding="utf-8")
    assert '<persName ref="#lenin">Lenin</persName>' in marked and "to Trotsky." in marked
