"""The curation tools' problems are at the `<` of what they are about too, and a message that
names another element's line names that of its `<` (test_problem_positions_tools.py): the
registers' entry without an id (E0502), a quoted span without a decision at its unit (E0510), a
mark of the master no line names (E0530), a slip left undecided at its unit (E0532), a reference
given to two units (E0303's "also line"), a block the annotator would mark otherwise (W0405's
"line"). They were at lxml's line of the element, the tag's last, column 1 (E0502 and E0532 at
1:1), and the lines in messages were lxml's too.

Positions are marked with MARK; a start tag over two lines, after a comment holding `<x` on its
line, is what lxml's line got wrong."""

from __future__ import annotations

from click.testing import CliRunner

from tei_edition.citation.scheme import read_trees
from tei_edition.cli import main
from tei_edition.core.xmlio import TEI_NS, read_tei
from tei_edition.curation import registers
from tei_edition.curation.audit import audit_file, slip_problems
from support.positions import MARK, P1, X, at, marked, minimal, raised

HEADER = f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></teiHeader>
"""


def command(*args: str) -> list[str]:
    """The coded lines `tei-edition` prints, paths as given."""
    result = CliRunner().invoke(main, list(args))
    return [line for line in result.output.splitlines() if " [" in line]


# --- E0502: a register entry without xml:id -------------------------------------------------

NO_ID = f"""{HEADER}<standOff><listPerson>{X}{MARK}<person
 n="1"><persName>Vladimir Lenin</persName></person></listPerson></standOff>
<text><body><div>
<p>Lenin went to Perm.</p>
</div></body></text></TEI>
"""


def test_e0502_an_entry_without_id_in_the_document(tmp_path):
    doc, places = marked(tmp_path / "doc.xml", NO_ID)
    (tmp_path / "ovs.txt").write_text("", encoding="utf-8")
    (line, col), = places
    assert command("annotate", "--overrides", str(tmp_path / "ovs.txt"), str(doc)) == [
        f"{doc}:{line}:{col}: [E0502] a register person without xml:id"]


def test_e0502_an_entry_without_id_in_the_registers_given(tmp_path):
    """Bootstrapping from a registers file: at the entry in that file."""
    given, places = marked(tmp_path / "registers.xml",
                           f'<standOff xmlns="{TEI_NS}"><listPerson>\n{X}{MARK}<person\n n="1">'
                           f"<persName>Lenin</persName></person></listPerson></standOff>\n")
    doc, _ = marked(tmp_path / "doc.xml", HEADER + "<text><body><div><p>Lenin.</p></div></body></text></TEI>\n")
    (tmp_path / "ovs.txt").write_text("", encoding="utf-8")
    (line, col), = places
    assert command("annotate", "--registers", str(given), "--overrides", str(tmp_path / "ovs.txt"), str(doc)) == [
        f"{given}:{line}:{col}: [E0502] a register person without xml:id"]


def test_load_registers_names_the_entry_s_place(tmp_path):
    doc, places = marked(tmp_path / "doc.xml", NO_ID)
    try:
        registers.load_registers(doc)
    except ValueError as exc:
        assert str(exc) == f"{doc}:{places[0][0]}:{places[0][1]}: a register person without xml:id"
    else:
        raise AssertionError("no ValueError")


# --- E0510, E0530: the quotations' and the mentions' marking tools ---------------------------

MARKING = f"""<?xml version='1.0' encoding='UTF-8'?>
{HEADER}<standOff><listEvent><event xml:id="kronstadt-1921"><label>Kronstadt</label><desc>d</desc></event></listEvent>
<list type="glossary"><item xml:id="gloss-nep"><term>NEP</term><gloss>g</gloss></item></list></standOff>
<text><body><div type="section" xml:id="s1" n="1">{X}{MARK}<p
 n="1" xml:id="p1">After the uprising at Kronstadt the "Cheka" grew and Lenin proposed the NEP.</p></div></body>
</text></TEI>
"""


def test_e0510_a_quoted_span_without_a_decision_is_at_its_unit(tmp_path):
    master, places = marked(tmp_path / "master.xml", MARKING)
    (tmp_path / "decisions.txt").write_text("% nothing decided\n", encoding="utf-8")
    (line, col), = places
    assert command("quotations", "--master", str(master), "--decisions", str(tmp_path / "decisions.txt"),
                   "--check") == [
        f"{master}:{line}:{col}: [E0510] p1: quoted span '\"Cheka\"' (ok) has no decision: add "
        f"`p1 | \"Cheka\" | quote|soCalled|title|block|none | why` to {tmp_path / 'decisions.txt'}"]


def test_e0530_a_mark_no_line_names_is_at_it(tmp_path):
    master, places = marked(tmp_path / "master.xml", MARKING,
                            ("proposed the NEP", f'proposed the {X}{MARK}<term\n ref="#gloss-nep">NEP</term>'),
                            ("</p>", f'<note>On {MARK}<term\n ref="#gloss-nep">NEP</term>.</note></p>'))
    decisions = tmp_path / "decisions.txt"
    decisions.write_text("% nothing decided\n", encoding="utf-8")
    lines = command("mentions", "--master", str(master), "--decisions", str(decisions))
    assert [x.split(" [E0530] ")[0] for x in lines] == [f"{master}:{line}:{col}:" for line, col in places[1:]]
    assert lines[0].endswith("[E0530] the mark <term ref=\"#gloss-nep\"> on 'NEP' in p1 has no line in "
                             f"{decisions}: keep it (`p1 | NEP | #gloss-nep | …`) or remove it "
                             "(`p1 | NEP | remove #gloss-nep | why`)")


# --- E0532: a slip neither corrected nor excepted -------------------------------------------

def test_e0532_is_at_its_unit(tmp_path):
    master, places = minimal(tmp_path, (P1, f'{X}{MARK}<p n="1"\n xml:id="p1">'),
                             ("and worked in", "and and worked in"),
                             ('<p n="2" xml:id="p2">', f'{MARK}<p n="2" xml:id="p2">'))  # 'Workers Group' there
    exceptions = tmp_path / "slips.txt"
    exceptions.write_text("% none\n", encoding="utf-8")
    tree = read_tei(master)
    problems = slip_problems(tree.getroot(), master, exceptions)
    assert at(problems, "E0532") == places
    assert [p.message for p in problems if p.code == "E0532"][0] == (
        "p1: doubled-word 'and and' is neither corrected nor listed in slips.txt: correct it (choice, corr type) or "
        "add a line with the reason")


# --- lines named in messages: E0303's "also line", W0405's "line" ---------------------------

def test_e0303_names_the_first_unit_s_line(tmp_path):
    master, places = minimal(tmp_path, (P1, f'{X}{MARK}<p n="1"\n xml:id="p1">'),
                             ('match="/TEI/text/body/div[@type=\'section\']/*[self::p or self::cit]" use="@xml:id"',
                              'match="/TEI/text/body/div[@type=\'section\']/*[self::p or self::cit]" use="\'x\'"'))
    problems = raised(lambda: read_trees(read_tei(master), str(master)))
    assert {p.message for p in problems if p.code == "E0303"} == {
        f"reference “x” is given to two units (also line {places[0][0]})"}


def test_w0405_names_its_block_s_line(tmp_path):
    doc, places = marked(tmp_path / "doc.xml", f"""{HEADER}<standOff><listPlace><place
 xml:id="perm"><placeName>Perm</placeName></place></listPlace><listPerson/></standOff>
<text><body><div>
{X}{MARK}<p
>To <placeName ref="#perm">Perm in spring</placeName>.</p>
</div></body></text></TEI>
""")
    w0405 = [p for p in audit_file(doc).problems if p.code == "W0405"]
    assert [(p.line, p.col) for p in w0405] == places
    assert w0405[0].message.startswith(f"p (line {places[0][0]}): the annotator would remove")
