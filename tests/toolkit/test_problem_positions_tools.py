"""The other problems about an element are at the `<` of its start tag too, where its file is at
hand (test_problem_positions.py, test_problem_positions_more.py): the anchor lock's (E0312,
W0310: the column of the `<` before `"p1"` on the tag's last line), the ODD's (E0240-E0242),
the header's edit (E0315), the EPUB's (E0105, E0106: column 0), the annotator's and the audit's
(W0501, W0401-W0405: the element's or its paragraph's line, column 1).

Positions are marked with MARK; a start tag over two lines, or a comment before it on its line,
is what the line alone, or a search of the line, got wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_edition.build import build
from tei_edition.citation import anchors, revisions
from tei_edition.cli import main
from tei_edition.core.xmlio import TEI_NS, read_tei
from tei_edition.curation.audit import audit_file
from tei_edition.outputs.epub import check_header
from tei_edition.schema import odd
from support.positions import MARK, P1, X, at, marked, minimal, raised

# --- the anchor lock ----------------------------------------------------------------------

UNIT_TAGS = [f'{MARK}<p n="1"\n          xml:id="p1">', f'<!-- "p1" -->{MARK}{P1}',
             f'<?editor <x?>{MARK}<p\n xml:id="p1" n="1">']


def _locked(tmp_path: Path, tag: str) -> tuple[Path, list[tuple[int, int]]]:
    master, places = minimal(tmp_path, (P1, tag))
    assert anchors.lock(master)[1] == []
    text = master.read_text(encoding="utf-8")
    master.write_text(text.replace("and worked in", "and laboured in"), encoding="utf-8")
    return master, places


@pytest.mark.parametrize("tag", UNIT_TAGS, ids=["tag-over-lines", "comment", "instruction"])
def test_e0312_a_changed_unit(tag, tmp_path):
    master, places = _locked(tmp_path, tag)
    assert at(anchors.check_master(master), "E0312") == places


@pytest.mark.parametrize("tag", UNIT_TAGS, ids=["tag-over-lines", "comment", "instruction"])
def test_e0312_in_the_build(tag, tmp_path):
    """The build checks the lock on the tree it stripped of its instructions."""
    master, places = _locked(tmp_path, tag)
    assert at(raised(lambda: build(master, tmp_path / "build")), "E0312") == places


def test_w0310_a_unit_not_yet_locked(tmp_path):
    master, _ = minimal(tmp_path)
    assert anchors.lock(master)[1] == []
    _, places = marked(master, master.read_text(encoding="utf-8"),
                       ("</cit>", f'</cit>\n        {X}{MARK}<p\n n="5" xml:id="p5">A new paragraph.</p>'))
    assert at(anchors.check_master(master), "W0310") == places


# --- the ODD ------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, code", [
    ('<elementSpec ident="cit" module="core" mode="replace">',
     f'{X}{MARK}<elementSpec ident="cit"\n module="core" mode="change">', "E0240"),
    ('<attDef ident="n" usage="req">', f'{MARK}<attDef ident="n"\n mode="change" usage="req">', "E0242"),
    ("<content><textNode/></content>", f"<content>{X}{MARK}<anyElement\n/></content>", "E0241"),
], ids=["E0240", "E0242", "E0241"])
def test_the_odd_refused_at_its_element(old, new, code, tmp_path):
    variant, places = marked(tmp_path / "variant.odd.xml", odd.ODD.read_text(encoding="utf-8"), (old, new))
    assert at(raised(lambda: odd.derived(variant)), code) == places


# --- the header's edit (anchors accept) and the EPUB's header -----------------------------

def test_e0315_is_at_the_revision_desc(tmp_path):
    master, places = minimal(tmp_path, ("<revisionDesc>", f"{X}{MARK}<revisionDesc\n    >"),
                             ("</revisionDesc>", "</revisionDesc><!-- </revisionDesc> -->"))
    problems = raised(lambda: revisions.with_change(master.read_bytes(), master, "2026-12-01", "#editors", "x"))
    assert at(problems, "E0315") == places


@pytest.mark.parametrize("edit, code", [
    ('<idno type="URI">https://tei-edition.example.org/lawson-2021-most-intransigent/</idno>', "E0105"),
    ('<date when="2026-11-27">2026</date>', "E0106")], ids=["E0105", "E0106"])
def test_the_epub_header_is_at_the_publication_stmt(edit, code, tmp_path):
    master, places = minimal(tmp_path, ("<publicationStmt>", f"{X}{MARK}<publicationStmt\n>"), (edit, ""))
    assert at(raised(lambda: check_header(read_tei(master), str(master), None)), code) == places


# --- the annotator and the audit ----------------------------------------------------------

NAMES = f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></teiHeader>
<standOff><listPerson>{MARK}<person xml:id="lenin"><persName>Vladimir Lenin</persName>
<persName type="variant">Lenin</persName></person>{X}{MARK}<person
 xml:id="nadezhda"><persName>Nadezhda Lenin</persName>
<persName type="variant">Lenin</persName></person></listPerson>
<listPlace>{MARK}<place
 xml:id="perm"><placeName>Perm</placeName></place></listPlace></standOff>
<text><body><div>
{X}{MARK}<p
>Lenin went to Perm.</p>
</div></body></text></TEI>
"""


def test_the_audit_is_at_the_entries_and_the_paragraph(tmp_path):
    """W0402 (an entry never referenced) at each entry, W0403 (a name unmarked: Lenin, Perm) at
    their paragraph."""
    doc, places = marked(tmp_path / "doc.xml", NAMES)
    problems = audit_file(doc).problems
    assert (at(problems, "W0402"), at(problems, "W0403")) == (places[:3], [places[3]] * 2)


def test_the_audit_of_a_mark_is_at_it(tmp_path):
    """W0401 (a mark pointing nowhere) and W0404 (a date that is none) at their tags."""
    doc, places = marked(tmp_path / "doc.xml", NAMES,
                         ("Lenin went", f'{X}{MARK}<persName\n ref="#x">Lenin</persName> went'),
                         (" to Perm", f' to Perm in {MARK}<date\n when="1921-13-01">1921</date>'))
    problems = audit_file(doc).problems
    assert (at(problems, "W0401"), at(problems, "W0404")) == ([places[4]], [places[5]])


def test_annotate_w0501_is_at_its_paragraph_in_the_file_written(tmp_path):
    doc, ovs = tmp_path / "doc.xml", tmp_path / "overrides.txt"
    marked(doc, NAMES)
    ovs.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", "--overrides", str(ovs), str(doc)])
    assert result.exit_code == 1, result.output
    lines = doc.read_text(encoding="utf-8").split("\n")
    line = next(n for n, x in enumerate(lines, 1) if "went to" in x)
    col = lines[line - 1].index("<p") + 1
    assert [x.replace(str(tmp_path) + os.sep, "").split(" [W0501]")[0] for x in result.output.splitlines()
            if "[W0501]" in x] == [f"doc.xml:{line}:{col}:"]
