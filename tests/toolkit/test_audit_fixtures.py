"""`tei-edition audit`: the editor's list of what is not yet marked, as path:line:col lines; and
its checks (audit_tree) on the annotator's small TEI snippets.

The tests on the real master are in tests/edition/test_audit.py."""

from pathlib import Path

import pytest
from lxml import etree

from support.annotating import STANDOFF, T, run, tei
from tei_edition.cli import main
from tei_edition.curation import annotate as A


def test_missing_file_exit_2(runner, tmp_path: Path):
    result = runner.invoke(main, ["audit", str(tmp_path / "nope.xml")])
    assert result.exit_code == 2
    assert "[E0001]" in result.output


DOC = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
</fileDesc></teiHeader>
<standOff><listPerson><person xml:id="lenin"><persName>Vladimir Lenin</persName><persName type="variant">Lenin</persName>
</person><person xml:id="nadezhda"><persName>Nadezhda Lenin</persName><persName type="variant">Lenin</persName></person>
</listPerson><listPlace><place xml:id="perm"><placeName>Perm</placeName></place></listPlace></standOff>
<text><body><div>
<p><persName ref="#lenin">Vladimir Lenin</persName> and <persName ref="#nadezhda">Nadezhda Lenin</persName> went to {perm}.{more}</p>
</div></body></text></TEI>
"""
PERM = '<placeName ref="#perm">Perm</placeName>'


def _audit(runner, tmp_path: Path, perm: str = PERM, more: str = "") -> list[str]:
    """The coded lines of `tei-edition audit` on DOC (marked as the annotator marks it but for `more`)."""
    doc = tmp_path / "doc.xml"
    doc.write_text(DOC.format(perm=perm, more=more), encoding="utf-8")
    result = runner.invoke(main, ["audit", str(doc)])
    assert result.exit_code == (1 if perm != PERM or more else 0), result.output
    return [line.replace(str(doc), "doc.xml") for line in result.output.splitlines() if "[W04" in line]


def _at(tag: str, perm: str = PERM, more: str = "") -> str:
    """doc.xml:line:col of the `<` of `tag` in DOC, the place of a problem about that element."""
    text = DOC.format(perm=perm, more=more)
    at = text.index(tag)
    return f"doc.xml:{text.count(chr(10), 0, at) + 1}:{at - text.rfind(chr(10), 0, at)}"


def test_a_register_entry_without_id_is_e0502_at_the_entry(runner, tmp_path: Path):
    """The audit cannot read such registers (as annotate cannot): one coded line, exit 1 (it
    ended in E0199, an internal error)."""
    doc = tmp_path / "doc.xml"
    doc.write_text(DOC.format(perm=PERM, more="").replace('<person xml:id="nadezhda">', "<person>"), encoding="utf-8")
    result = runner.invoke(main, ["audit", str(doc)])
    assert result.exit_code == 1, result.output
    text = doc.read_text(encoding="utf-8")
    at = text.index("<person>")
    assert result.output.replace(str(doc), "doc.xml").splitlines() == [
        f"doc.xml:{text.count(chr(10), 0, at) + 1}:{at - text.rfind(chr(10), 0, at)}: [E0502] "
        "a register person without xml:id"]


def test_a_marked_document_has_nothing_left(runner, tmp_path: Path):
    assert _audit(runner, tmp_path) == []


def test_a_name_pointing_to_an_entry_of_another_kind_is_w0401(runner, tmp_path: Path):
    # one line: the W0405 of the same mark ("would remove <persName ref='#perm'>… and add <placeName…") is left out
    more = ' <persName ref="#perm">Perm</persName>'
    assert _audit(runner, tmp_path, more=more) == [
        f"{_at(more.strip(), more=more)}: [W0401] <persName ref='#perm'> points to a place, expected <placeName>"]


def test_an_entry_never_referenced_is_w0402_at_the_entry(runner, tmp_path: Path):
    assert _audit(runner, tmp_path, perm="the town") == [
        f"{_at('<place xml:id')}: [W0402] register entry 'perm' is never referenced"]


@pytest.mark.parametrize("code, more, message", [
    # "Lenin" names two entries: the annotator leaves it (W0501), the audit says so, alone
    ("W0403", " Lenin spoke.",
     "unmarked 'Lenin' (lenin, nadezhda): ' Lenin and Nadezhda Lenin went to Perm. Lenin spoke.'"),
    # one the annotator would mark: was also W0405 "the annotator would ... add ['<placeName ref="#perm">Perm']"
    ("W0403", " Perm again.", "unmarked 'Perm' (perm): ' Lenin and Nadezhda Lenin went to Perm. Perm again.'"),
    # one line: the W0405 of the same date (the annotator would add it, or remove it) is left out
    ("W0404", " In 1650.", "unmarked year 1650: 'nin and Nadezhda Lenin went to Perm. In 1650.'"),
    ("W0404", ' <date from="1922" to="1921">then</date>', "<date>then</date>: @from=1922 is after @to=1921"),
], ids=["W0403-ambiguous", "W0403-the-annotator-would-mark-it", "W0404-unmarked-year", "W0404-date-backwards"])
def test_a_name_or_year_left_unmarked_or_a_bad_date_is_one_line_alone(runner, tmp_path: Path, code: str, more: str,
                                                                      message: str):
    """W0403 (a name left unmarked) and W0404 (a year left unmarked, a bad date), each alone: at
    the paragraph, or at the date."""
    where = _at("<date" if "<date" in more else "<p>", more=more)
    assert _audit(runner, tmp_path, more=more) == [f"{where}: [{code}] {message}"]


def test_a_mark_edited_by_hand_is_w0405(runner, tmp_path: Path):
    lines = _audit(runner, tmp_path, perm='<placeName ref="#perm">Perm in spring</placeName>')
    assert lines == [
        "doc.xml:7:1: [W0405] p (line 7): the annotator would remove ['<placeName ref=\"#perm\">Perm in spring'] and "
        "add ['<placeName ref=\"#perm\">Perm']; correct marks through the registers (standOff) or the overrides file, "
        "then re-run"]


def test_w0405_names_the_mark_removed_beside_an_equal_one(runner, tmp_path: Path):
    # a second Perm marked where the annotator marks nothing (in a title), which no other check
    # sees: the marks differ only in how many there are; was "remove [] and add []"
    assert _audit(runner, tmp_path, more=' <title><placeName ref="#perm">Perm</placeName></title>') == [
        "doc.xml:7:1: [W0405] p (line 7): the annotator would remove ['<placeName ref=\"#perm\">Perm'] and add []; "
        "correct marks through the registers (standOff) or the overrides file, then re-run"]


def test_w0405_keeps_what_no_other_check_reports_in_the_same_paragraph(runner, tmp_path: Path):
    # the year is W0404 alone; the mark widened by hand beside it is still W0405
    assert _audit(runner, tmp_path, perm='<placeName ref="#perm">Perm in spring</placeName>', more=" In 1650.") == [
        "doc.xml:7:1: [W0404] unmarked year 1650: 'dezhda Lenin went to Perm in spring. In 1650.'",
        "doc.xml:7:1: [W0405] p (line 7): the annotator would remove ['<placeName ref=\"#perm\">Perm in spring'] and "
        "add ['<placeName ref=\"#perm\">Perm']; correct marks through the registers (standOff) or the overrides file, "
        "then re-run"]


# --- the checks on snippets (audit_tree) ------------------------------------------------------

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
