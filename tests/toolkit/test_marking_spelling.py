"""`annotate`, `quotations` and `mentions` rewrite only the blocks whose marks change: every other
block of the text keeps its bytes as the editor spelt them (character references, CDATA, empty
tags written open and shut, single quotes, spacing between attributes, comments, a `>` in an
attribute value, a list in a list), and the file
still reads as lxml's own rewrite of it would."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tei_edition.cli import main
from tei_edition.core.xmlio import TEI_NS

CHANGED = '<p n="2" xml:id="p2">After the uprising at Kronstadt the "Cheka" grew and Lenin proposed the NEP.</p>'
HEAD = f"""<?xml version='1.0' encoding='UTF-8'?>
<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></teiHeader>
<standOff><listPerson><person xml:id="lenin"><persName>Lenin</persName></person></listPerson>
<listEvent><event xml:id="kronstadt-1921"><label>Kronstadt</label><desc>d</desc></event></listEvent>
<list type="glossary"><item xml:id="gloss-nep"><term>NEP</term><gloss>g</gloss></item></list></standOff>
<text><body>
<div type='section' xml:id="s1"   n="1">
  <p n='1'   xml:id = "p1">The winter was hard&#x2014;very hard&#160;indeed.</p>
  """
TAIL = """
  <p n="3" xml:id="p3"><![CDATA[Bread & peace]]> for the workers<lb></lb>of the towns.</p><p n="4" xml:id="p4">A word <!-- the editor's note to self --> here<?editor check?>.</p>
</div>
<div type="section" xml:id="s2" n="2">
  <head rend='plain'>Second &amp; last</head>
  <cit n="5" xml:id="p5" rend='block'><quote>Freedom of the press<lb/>for all.</quote><bibl>(<ref target='#x'>X</ref>)</bibl></cit>
  <p
     n="6"
     xml:id="p6">A paragraph over three lines&#xA0;with a &lt;tag&gt; in words.</p>
  <!-- <p n="7"> was here -->
  <list rend="a>b"><item>one<list><item>nested</item></list></item><item/></list>
</div>
</body></text></TEI>
<!-- after -->
"""
MASTER = HEAD + CHANGED + TAIL

COMMANDS = {
    "annotate": ("", '<persName ref="#lenin">Lenin</persName>'),
    "quotations": ('p2 | "Cheka" | soCalled | a label\n', '<soCalled>"Cheka"</soCalled>'),
    "mentions": ("p2 | the uprising at Kronstadt | #kronstadt-1921 |\np2 | NEP | #gloss-nep |\n",
                 '<term ref="#gloss-nep">NEP</term>'),
}


def _run(tmp_path: Path, command: str, master: Path) -> None:
    decisions = tmp_path / "decisions.txt"
    decisions.write_text(COMMANDS[command][0], encoding="utf-8")
    args = (["annotate", "--overrides", str(decisions), str(master)] if command == "annotate"
            else [command, "--master", str(master), "--decisions", str(decisions)])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def _lxml(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), encoding="UTF-8")


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_run_rewrites_only_the_paragraph_it_marks(tmp_path: Path, command: str, newline: str) -> None:
    """The whole text was written as lxml writes it when one mark changed anywhere."""
    master = tmp_path / "master.xml"
    before = MASTER.replace("\n", newline).encode()
    master.write_bytes(before)
    _run(tmp_path, command, master)
    after = master.read_bytes()

    head, tail = HEAD.replace("\n", newline).encode(), TAIL.replace("\n", newline).encode()
    assert after.startswith(head) and after.endswith(tail), after.decode()
    changed = after[len(head):len(after) - len(tail)].decode()
    assert COMMANDS[command][1] in changed and changed.startswith('<p n="2" xml:id="p2">')

    # what lxml's whole rewrite gives: the same command on the master as lxml spells it
    plain = tmp_path / "plain.xml"
    plain.write_bytes(_lxml(before).replace(b"\n", newline.encode()))
    _run(tmp_path, command, plain)
    assert _lxml(after) == _lxml(plain.read_bytes())

    _run(tmp_path, command, master)  # a second run changes nothing
    assert master.read_bytes() == after


def test_blocks_that_do_not_pair_off_fall_back_to_the_whole_text() -> None:
    """A block more in the new document: the text as lxml writes it, still checked."""
    from tei_edition.curation.annotate import keep_verbatim, serialize

    old = MASTER.encode()
    tree = etree.ElementTree(etree.fromstring(old))
    p = tree.find(f".//{{{TEI_NS}}}p")
    assert p is not None
    p.addnext(etree.fromstring(f'<p xmlns="{TEI_NS}">new</p>'))
    new = serialize(tree)
    kept = keep_verbatim(old, new, False)
    assert _lxml(kept) == _lxml(new) and b"&#x2014;" not in kept and b"<lb></lb>" not in kept
    assert kept.startswith(old[:old.index(b"<text>")]) and kept.endswith(b"</TEI>\n<!-- after -->\n")


def test_a_replaced_standoff_keeps_the_blocks_it_did_not_mark(tmp_path: Path) -> None:
    """`annotate --registers --replace-standoff`: the new standOff, the header and the untouched
    blocks as they were."""
    from tei_edition.curation.annotate import annotate_bytes

    registers = tmp_path / "registers.xml"
    registers.write_text(f'<standOff xmlns="{TEI_NS}"><listPerson><person xml:id="lenin"><persName>Lenin'
                         "</persName></person></listPerson></standOff>", encoding="utf-8")
    out, report = annotate_bytes(MASTER.encode(), "master.xml", registers, (), replace_standoff=True)
    assert report.standoff_replaced and b"<listEvent>" not in out
    assert out.startswith(HEAD[:HEAD.index("<standOff>")].encode()) and out.endswith(TAIL.encode())
    assert b'<persName ref="#lenin">Lenin</persName>' in out and b"<div type='section'" in out
