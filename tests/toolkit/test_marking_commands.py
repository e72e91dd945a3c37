"""`tei-edition quotations` and `tei-edition mentions` (and what every command that rewrites the master keeps
of it: its spelling, line ends, what follows the root) on a small master with its own decision
file: `--check` fails (E0511, E0531) while the master is not marked as the file says, a run marks
it in place (keeping the file's mode) and reports, and `--check` then says it is up to date."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tei_edition.cli import main
from tei_edition.core.xmlio import TEI_NS

MASTER = f"""<?xml version='1.0' encoding='UTF-8'?>
<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></teiHeader>
<standOff><listEvent><event xml:id="kronstadt-1921"><label>Kronstadt</label><desc>d</desc></event></listEvent>
<list type="glossary"><item xml:id="gloss-nep"><term>NEP</term><gloss>g</gloss></item></list></standOff>
<text><body><div type="section" xml:id="s1" n="1"><p n="1" xml:id="p1">After the uprising at Kronstadt the "Cheka" grew and Lenin proposed the NEP.</p></div></body></text></TEI>
"""

COMMANDS = [
    ("quotations", 'p1 | "Cheka" | soCalled | a label\n', "E0511", '<soCalled>"Cheka"</soCalled>',
     "1 quoted spans"),
    ("mentions", "p1 | the uprising at Kronstadt | #kronstadt-1921 |\np1 | NEP | #gloss-nep |\n", "E0531",
     '<term ref="#gloss-nep">NEP</term>', "1 mentions of events, 1 of glossary terms"),
]


@pytest.mark.parametrize("command, lines, code, marked, report", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_check_then_mark_then_up_to_date(tmp_path: Path, command: str, lines: str, code: str, marked: str,
                                         report: str) -> None:
    master, decisions = tmp_path / "master.xml", tmp_path / "decisions.txt"
    master.write_text(MASTER, encoding="utf-8")
    master.chmod(0o640)
    decisions.write_text("% decisions\n" + lines, encoding="utf-8")
    args = [command, "--master", str(master), "--decisions", str(decisions)]
    runner = CliRunner()

    stale = runner.invoke(main, [*args, "--check"])
    assert stale.exit_code == 1 and f"[{code}] not marked as decisions.txt says" in stale.output
    assert master.read_text(encoding="utf-8") == MASTER  # a check writes nothing

    done = runner.invoke(main, args)
    assert done.exit_code == 0 and f"{master}: {report}" in done.output
    assert marked in master.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(master).st_mode) == 0o640

    again = runner.invoke(main, [*args, "--check"])
    assert again.exit_code == 0 and f"{master}: up to date (" in again.output


@pytest.mark.parametrize("command, lines", [(c[0], c[1]) for c in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_an_empty_or_cut_off_decision_file_changes_nothing(tmp_path: Path, command: str, lines: str) -> None:
    # a file that does not account for the marks already made is refused, one coded line each
    master, decisions = tmp_path / "master.xml", tmp_path / "decisions.txt"
    master.write_text(MASTER, encoding="utf-8")
    decisions.write_text(lines, encoding="utf-8")
    args = [command, "--master", str(master), "--decisions", str(decisions)]
    runner = CliRunner()
    assert runner.invoke(main, args).exit_code == 0
    marked = master.read_bytes()
    for cut in {"", lines[:len(lines) // 2], lines[:lines.index("\n") + 1]} - {lines}:
        decisions.write_text(cut, encoding="utf-8")
        result = runner.invoke(main, args)
        assert result.exit_code == 1, (cut, result.output)
        assert result.output and all(re.fullmatch(r"\S+:\d+:\d+: \[E05[13]0\] .+", line)
                                     for line in result.output.splitlines()), result.output
        assert master.read_bytes() == marked


def test_mentions_says_what_it_removes(tmp_path: Path) -> None:
    master, decisions = tmp_path / "master.xml", tmp_path / "decisions.txt"
    master.write_text(MASTER, encoding="utf-8")
    decisions.write_text(COMMANDS[1][1], encoding="utf-8")
    args = ["mentions", "--master", str(master), "--decisions", str(decisions)]
    assert CliRunner().invoke(main, args).exit_code == 0
    decisions.write_text("p1 | the uprising at Kronstadt | #kronstadt-1921 |\np1 | NEP | remove #gloss-nep | why\n",
                         encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and "1 mentions of events, 0 of glossary terms, 1 marks removed as decisions.txt says" \
        in result.output
    assert "<term ref" not in master.read_text(encoding="utf-8")


def test_a_quoted_span_without_a_decision_is_reported_at_its_unit(tmp_path: Path) -> None:
    """It was at line 1 of the master for every span (101 lines at master:1:1 for the edition); it
    is at the unit's `<` (test_problem_positions_curation.py: a tag over lines)."""
    master, decisions = tmp_path / "master.xml", tmp_path / "decisions.txt"
    master.write_text(MASTER, encoding="utf-8")
    decisions.write_text("% nothing decided\n", encoding="utf-8")
    line, col = next((n, text.index("<p ") + 1) for n, text in enumerate(MASTER.split("\n"), 1)
                     if 'xml:id="p1"' in text)
    result = CliRunner().invoke(main, ["quotations", "--master", str(master), "--decisions", str(decisions), "--check"])
    assert result.exit_code == 1
    assert result.output.startswith(f"{master}:{line}:{col}: [E0510] p1: quoted span '\"Cheka\"'"), result.output


# annotate marks names from the master's own registers; an empty overrides file is "none"
ANNOTATE = ("annotate", "", "", "", "")
PERSONS = '<standOff><listPerson><person xml:id="lenin"><persName>Lenin</persName></person></listPerson>'


def _run(tmp_path: Path, command: str, lines: str, master: Path, *extra: str) -> Result:
    decisions = tmp_path / "decisions.txt"
    decisions.write_text(lines, encoding="utf-8")
    if command == "annotate":
        return CliRunner().invoke(main, ["annotate", "--overrides", str(decisions), *extra, str(master)])
    return CliRunner().invoke(main, [command, "--master", str(master), "--decisions", str(decisions), *extra])


@pytest.mark.parametrize("command, lines", [(c[0], c[1]) for c in [*COMMANDS, ANNOTATE]],
                         ids=[c[0] for c in [*COMMANDS, ANNOTATE]])
def test_a_master_already_marked_is_left_as_it_is_whatever_its_spelling(tmp_path: Path, command: str,
                                                                         lines: str) -> None:
    """A character reference, quotes, CDATA, a comment after the root: the same document, so
    --check is up to date and a run writes nothing (--check said E0511/E0531, a run rewrote it)."""
    master = tmp_path / "master.xml"
    master.write_text(MASTER.replace("<standOff>", PERSONS), encoding="utf-8")
    assert _run(tmp_path, command, lines, master).exit_code == 0
    spelt = (master.read_text(encoding="utf-8").replace('type="section"', "type='section'")
             .replace(" grew ", " grew&#x20;").replace("After ", "<![CDATA[After ]]>") + "<!-- after -->\n")
    master.write_text(spelt, encoding="utf-8")
    inode = os.stat(master).st_ino
    if command != "annotate":
        check = _run(tmp_path, command, lines, master, "--check")
        assert check.exit_code == 0 and "up to date" in check.output, check.output
    assert _run(tmp_path, command, lines, master).exit_code == 0
    assert master.read_text(encoding="utf-8") == spelt and os.stat(master).st_ino == inode


@pytest.mark.parametrize("command, lines", [(c[0], c[1]) for c in [*COMMANDS, ANNOTATE]],
                         ids=[c[0] for c in [*COMMANDS, ANNOTATE]])
def test_a_run_keeps_the_line_ends_and_what_follows_the_root(tmp_path: Path, command: str, lines: str) -> None:
    """CRLF lines stay CRLF (the body was written with LF below a CRLF header) and a comment on
    its own line after the root stays there (it was joined to the root's end tag)."""
    master = tmp_path / "master.xml"
    text = MASTER.replace("<standOff>", PERSONS).replace("<body>", "<body>\n") + "<!-- after -->\n"
    master.write_bytes(text.replace("\n", "\r\n").encode())
    assert _run(tmp_path, command, lines, master).exit_code == 0
    marked = master.read_bytes()
    assert marked != text.replace("\n", "\r\n").encode()  # marked
    assert marked.count(b"\n") == marked.count(b"\r\n") and marked.endswith(b"</TEI>\r\n<!-- after -->\r\n")
    assert _run(tmp_path, command, lines, master).exit_code == 0 and master.read_bytes() == marked


def test_an_accepted_anchor_change_keeps_crlf_line_ends(tmp_path: Path) -> None:
    """`anchors accept` added its <change> line with LF to a master whose lines all end in CRLF."""
    from support import FIXTURES

    master = tmp_path / "master.xml"
    master.write_bytes((FIXTURES / "minimal.xml").read_bytes().replace(b"\n", b"\r\n"))
    assert CliRunner().invoke(main, ["anchors", "lock", "--master", str(master)]).exit_code == 0
    master.write_bytes(master.read_bytes().replace(b"and worked in", b"and laboured in"))
    result = CliRunner().invoke(main, ["anchors", "accept", "p1", "--reason", "r", "--master", str(master)])
    assert result.exit_code == 0, result.output
    text = master.read_bytes()
    assert b'target="#p1">Text of #p1 changed: r</change>\r\n' in text and text.count(b"\n") == text.count(b"\r\n")


def test_annotate_interrupted_in_its_audit_says_the_master_was_written(tmp_path: Path, monkeypatch) -> None:
    """The audit runs after the write: `interrupted (SIGTERM)` alone let the editor think the
    master was as before."""
    from tei_edition.curation import audit

    from support import FIXTURES

    master = tmp_path / "master.xml"
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    master.write_text(text.replace('<persName ref="#lenin">Lenin</persName>', "Lenin"), encoding="utf-8")
    overrides = tmp_path / "overrides.txt"
    overrides.write_text("", encoding="utf-8")

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt("SIGTERM")

    monkeypatch.setattr(audit, "audit_findings", interrupted)
    result = CliRunner().invoke(main, ["annotate", str(master), "--overrides", str(overrides)])
    assert result.exit_code == 130, result.output
    assert '<persName ref="#lenin">Lenin</persName>' in master.read_text(encoding="utf-8")  # written, as it says
    assert result.output.splitlines()[-1] == (f"tei-edition:0:0: [E0112] interrupted (SIGTERM, after {master} was "
                                              f"written, before its audit: run tei-edition audit {master})")


NAMES = f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></teiHeader>
{{standoff}}
<text><body><div>
<p>Lenin went to Perm.</p>
</div></body></text></TEI>
"""
REGISTERS = """<standOff><listPerson><person xml:id="lenin"><persName>Vladimir Lenin</persName>
<persName type="variant">Lenin</persName></person><person xml:id="nadezhda"><persName>Nadezhda Lenin</persName>
<persName type="variant">Lenin</persName></person></listPerson>
<listPlace><place xml:id="perm"><placeName>Perm</placeName></place></listPlace></standOff>"""


def _annotate(tmp_path: Path, standoff: str, overrides: str) -> list[str]:
    doc, ovs = tmp_path / "doc.xml", tmp_path / "overrides.txt"
    doc.write_text(NAMES.format(standoff=standoff), encoding="utf-8")
    ovs.write_text(overrides, encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", "--overrides", str(ovs), str(doc)])
    assert result.exit_code == 1, result.output
    return [line.replace(str(tmp_path) + os.sep, "") for line in result.output.splitlines() if "] " in line]


def test_annotate_a_document_without_registers_is_e0502(tmp_path: Path) -> None:
    assert _annotate(tmp_path, "", "") == [
        "doc.xml:1:1: [E0502] the document has no registers (standOff with listPerson): bootstrap it with "
        "--registers FILE"]


def test_annotate_with_registers_from_a_tei_file_without_them_is_e0502_there(tmp_path: Path) -> None:
    """The file given has none: the message said the document had none and to give --registers."""
    doc, ovs, given = tmp_path / "doc.xml", tmp_path / "overrides.txt", tmp_path / "given.xml"
    doc.write_text(NAMES.format(standoff=""), encoding="utf-8")
    ovs.write_text("", encoding="utf-8")
    given.write_text(NAMES.format(standoff=""), encoding="utf-8")
    result = CliRunner().invoke(main, ["annotate", "--overrides", str(ovs), "--registers", str(given), str(doc)])
    assert result.exit_code == 1, result.output
    at = NAMES.index("<TEI")
    assert result.output.replace(str(tmp_path) + os.sep, "").splitlines() == [
        f"given.xml:{NAMES.count(chr(10), 0, at) + 1}:{at - NAMES.rfind(chr(10), 0, at)}: [E0502] --registers names "
        "a TEI file without registers (no standOff with listPerson)"]


def test_annotate_a_bad_override_is_e0502_at_its_line(tmp_path: Path) -> None:
    # was reported at doc.xml:1:1, the document, not the overrides file that holds the line
    assert _annotate(tmp_path, REGISTERS, "% overrides\nnonsense\n") == [
        "overrides.txt:2:1: [E0502] expected 'ACTION | context with [[span]]': 'nonsense'"]


def test_audit_of_the_master_with_a_bad_override_is_e0502_at_its_line(tmp_path: Path, monkeypatch) -> None:
    """`audit` reads the master's overrides too: a bad line was an internal error (E0199)."""
    from tei_edition.core import paths
    from tei_edition.curation import audit

    doc, ovs = tmp_path / "doc.xml", tmp_path / "overrides.txt"
    doc.write_text(NAMES.format(standoff=REGISTERS), encoding="utf-8")
    ovs.write_text("% overrides\nnonsense\n", encoding="utf-8")
    monkeypatch.setattr(paths, "MASTER", doc)
    monkeypatch.setattr(audit, "OVERRIDES", ovs)
    result = CliRunner().invoke(main, ["audit", str(doc)])
    assert result.exit_code == 1
    assert result.output == f"{ovs}:2:1: [E0502] expected 'ACTION | context with [[span]]': 'nonsense'\n"


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in line)


def test_annotate_an_ambiguous_name_is_w0501_at_its_paragraph(tmp_path: Path) -> None:
    """It was at doc.xml:1:1 whatever the paragraph (the annotator's warnings had no line)."""
    lines = _annotate(tmp_path, REGISTERS, "")
    # also the audit's W0402 (entries never referenced) and W0403 (the name unmarked)
    line = _line_of(tmp_path / "doc.xml", "went to")
    assert line > 1 and [line for line in lines if "[W0501]" in line] == [
        f"doc.xml:{line}:1: [W0501] ambiguous name 'Lenin' (lenin, nadezhda) left unmarked: add an override near "
        "'Lenin went to Perm.'"]


def test_annotate_w0501_is_at_the_line_of_the_file_as_written_after_a_bootstrap(tmp_path: Path) -> None:
    """--registers inserts the standOff above the text: the paragraph's line is that of the
    written file, which the editor opens, not the input's."""
    doc, registers, ovs = tmp_path / "doc.xml", tmp_path / "registers.xml", tmp_path / "overrides.txt"
    doc.write_text(NAMES.format(standoff=""), encoding="utf-8")
    registers.write_text(REGISTERS.replace("<standOff>", f'<standOff xmlns="{TEI_NS}">'), encoding="utf-8")
    ovs.write_text("", encoding="utf-8")
    before = _line_of(doc, "went to")
    result = CliRunner().invoke(main, ["annotate", "--registers", str(registers), "--overrides", str(ovs), str(doc)])
    assert result.exit_code == 1, result.output  # the audit: the name is left unmarked
    after = _line_of(doc, "went to")
    assert "<standOff" in doc.read_text(encoding="utf-8") and after > before
    assert [line for line in result.output.splitlines() if "[W0501]" in line] == [
        f"{doc}:{after}:1: [W0501] ambiguous name 'Lenin' (lenin, nadezhda) left unmarked: add an override near "
        "'Lenin went to Perm.'"]


def test_mentions_of_an_unknown_entry_is_e0530(tmp_path: Path) -> None:
    master, decisions = tmp_path / "master.xml", tmp_path / "decisions.txt"
    master.write_text(MASTER, encoding="utf-8")
    decisions.write_text("p1 | NEP | #gloss-nope |\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["mentions", "--master", str(master), "--decisions", str(decisions)])
    assert result.exit_code == 1
    assert result.output.replace(str(tmp_path) + os.sep, "").splitlines() == [
        "decisions.txt:1:1: [E0530] #gloss-nope is neither an event of the register of events nor an item of the glossary"]
    assert master.read_text(encoding="utf-8") == MASTER
