"""One writer at a time: every command that rewrites the master (or its anchor lock) holds the
master's edit lock (`core/locks.py`) for its whole read-modify-write. A second one waits, then
reads what the first one wrote, so no update is lost; E0115 when the wait runs out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tei_edition.citation import anchors
from tei_edition.cli import main
from tei_edition.core import locks
from tei_edition.curation.quotations import abbreviate
from support import FIXTURES

BLOCK = abbreviate('"The emancipation of the workers must be the task of the workers themselves"')


def master_for_every_command(folder: Path) -> Path:
    """The minimal master with something left for each rewriting command to do."""
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    for old, new in [('<persName ref="#lenin">Lenin</persName> wrote', "Lenin wrote"),      # annotate
                     ("of the appeal (", 'of the "appeal" ('),                               # quotations
                     ("  </standOff>", '    <list type="glossary"><item xml:id="gloss-letter"><term>letter</term>'
                                       "<gloss>g</gloss></item></list>\n  </standOff>")]:    # mentions
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    master = folder / "edition.xml"
    master.write_text(text, encoding="utf-8")
    (folder / "quotations.txt").write_text(f'p2 | "appeal" | soCalled | a label\np3 | {BLOCK} | block | the cit\n', encoding="utf-8")
    (folder / "mentions.txt").write_text("p4 | wrote to him | #gloss-letter |\n", encoding="utf-8")
    (folder / "overrides.txt").write_text("", encoding="utf-8")
    return master


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


NEW_TITLE = ("The Most Intransigent of Bolsheviks</title>", "The Most Intransigent Bolshevik</title>")
P5 = ("</cit>", '</cit>\n        <p n="5" xml:id="p5">A new paragraph.</p>')

# command, its arguments after the master's folder is made, what another command changes meanwhile,
# and what must be in the files when both are done (the other's update, and this one's)
CASES = {
    "quotations": (lambda f: ["quotations", "--master", str(f / "edition.xml"), "--decisions", str(f / "quotations.txt")],
                   NEW_TITLE, ["Intransigent Bolshevik<", '<soCalled>"appeal"</soCalled>']),
    "mentions": (lambda f: ["mentions", "--master", str(f / "edition.xml"), "--decisions", str(f / "mentions.txt")],
                 NEW_TITLE, ["Intransigent Bolshevik<", '<term ref="#gloss-letter">wrote to him</term>']),
    "annotate": (lambda f: ["annotate", str(f / "edition.xml"), "--overrides", str(f / "overrides.txt")],
                 NEW_TITLE, ["Intransigent Bolshevik<", '<persName ref="#lenin">Lenin</persName> wrote']),
    "anchors accept": (lambda f: ["anchors", "accept", "p1", "--reason", "r", "--date", "2026-11-28",
                                  "--master", str(f / "edition.xml")],
                       NEW_TITLE, ["Intransigent Bolshevik<", 'target="#p1">Text of #p1 changed: r</change>']),
    "anchors lock": (lambda f: ["anchors", "lock", "--master", str(f / "edition.xml")],
                     P5, ['"p5": {']),
}


def cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tei_edition.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("name", list(CASES))
def test_a_second_command_waits_and_reads_what_the_first_wrote(tmp_path, name):
    args, (old, new), expected = CASES[name]
    master = master_for_every_command(tmp_path)
    if name.startswith("anchors"):
        anchors.lock(master)
    if name == "anchors accept":
        edit(master, "and worked in", "and laboured in")  # p1 changed: something to accept
    with locks.editing(master):  # another command is rewriting the master
        second = cli(*args(tmp_path))
        time.sleep(1.0)
        assert second.poll() is None, second.communicate()  # it waits for the edit lock
        edit(master, old, new)  # what the first one writes before it ends
    stdout, stderr = second.communicate(timeout=60)
    assert second.returncode == 0, stdout + stderr
    lock = anchors.lock_path(master)
    written = master.read_text(encoding="utf-8") + (lock.read_text(encoding="utf-8") if lock.exists() else "")
    for text in expected:
        assert text in written, (text, stderr)
    assert list(tmp_path.glob(".*.lock")) == []  # the lock file goes with the lock


def test_a_command_that_waited_too_long_fails_with_a_coded_line_and_writes_nothing(tmp_path, monkeypatch):
    master = master_for_every_command(tmp_path)
    before = master.read_bytes()
    monkeypatch.setattr(locks, "EDIT_WAIT", 0.2)
    with locks.editing(master):
        result = CliRunner().invoke(main, CASES["mentions"][0](tmp_path))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "[E0115] another tei-edition command (process " in result.output
    assert "waited 0.2 s" in result.output
    assert master.read_bytes() == before



def test_a_lock_file_that_is_a_link_to_the_master_never_truncates_it(tmp_path):
    master = master_for_every_command(tmp_path)
    before = master.read_bytes()
    locks.edit_lock_path(master).symlink_to(master)
    result = CliRunner().invoke(main, CASES["anchors lock"][0](tmp_path))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "[E0117]" in result.output
    assert master.read_bytes() == before

def test_checks_and_listings_do_not_wait(tmp_path, monkeypatch):
    master = master_for_every_command(tmp_path)
    monkeypatch.setattr(locks, "EDIT_WAIT", 0.0)
    runner = CliRunner()
    with locks.editing(master):
        assert runner.invoke(main, [*CASES["quotations"][0](tmp_path), "--check"]).exit_code == 1  # E0511, not E0115
        assert runner.invoke(main, ["quotations", "--master", str(master), "--list"]).exit_code == 0
        assert "E0115" not in runner.invoke(main, [*CASES["mentions"][0](tmp_path), "--check"]).output
        assert runner.invoke(main, ["anchors", "check", "--master", str(master)]).exit_code == 0


def test_two_accepts_at_once_both_recorded(tmp_path):
    master = master_for_every_command(tmp_path)
    anchors.lock(master)
    edit(master, "and worked in", "and laboured in")
    edit(master, "wrote to him", "wrote to them")
    runs = [cli("anchors", "accept", anchor, "--reason", f"r {anchor}", "--date", "2026-11-28", "--master", str(master))
            for anchor in ("p1", "p4")]
    for run in runs:
        stdout, stderr = run.communicate(timeout=60)
        assert run.returncode == 0, stdout + stderr
    decisions = json.loads(anchors.lock_path(master).read_text(encoding="utf-8"))["decisions"]
    assert sorted(d["anchor"] for d in decisions) == ["p1", "p4"]
    text = master.read_text(encoding="utf-8")
    assert "Text of #p1 changed: r p1" in text and "Text of #p4 changed: r p4" in text
    assert anchors.check_master(master) == []


@pytest.mark.parametrize("name", list(CASES))
def test_a_rewritten_file_with_other_names_says_that_they_keep_the_old_text(tmp_path, name):
    """The master (or its anchor lock) hard-linked elsewhere: the rewrite, a new file renamed into
    place (never half-written), left the other name with the old text without a word."""
    args = CASES[name][0]
    master = master_for_every_command(tmp_path)
    if name.startswith("anchors"):
        anchors.lock(master)
    if name == "anchors accept":
        edit(master, "and worked in", "and laboured in")
    if name == "anchors lock":
        edit(master, *P5)
    rewritten = anchors.lock_path(master) if name == "anchors lock" else master
    (tmp_path / "elsewhere").mkdir()
    other = tmp_path / "elsewhere" / "copy"
    os.link(rewritten, other)
    before = other.read_bytes()
    result = CliRunner().invoke(main, args(tmp_path))
    assert result.exit_code in (0, 1), result.output  # annotate: 1 when its audit finds something
    warned = [line for line in result.output.splitlines() if "[W0115]" in line]
    assert warned == [f"{rewritten}:0:0: [W0115] this file had 1 other name (hard links), which keep the old text: "
                      "it was written whole and renamed into place under this name only; link the others to it "
                      "again (ln -f) if they are to follow it"], result.output
    assert other.read_bytes() == before != rewritten.read_bytes()
    again = CliRunner().invoke(main, ["anchors", "check", "--master", str(master)])
    assert "[W0115]" not in again.output  # said once, by the command that split them


@pytest.mark.parametrize("name", ["quotations", "mentions", "annotate", "anchors accept"])
def test_a_master_an_editor_saves_while_a_command_works_is_never_written_over(tmp_path, monkeypatch, name):
    """An editor's save between the command's read and its write (the edit lock keeps out only
    tei-edition's commands) was replaced without a word by the command's text, made from the old."""
    from tei_edition.core import files

    master = master_for_every_command(tmp_path)
    if name == "anchors accept":
        anchors.lock(master)
        edit(master, "and worked in", "and laboured in")
    prepare = files._prepare

    def saved_meanwhile(path, data):
        if os.path.samefile(path, master) and NEW_TITLE[1] not in master.read_text(encoding="utf-8"):
            edit(master, *NEW_TITLE)
        return prepare(path, data)

    monkeypatch.setattr(files, "_prepare", saved_meanwhile)
    result = CliRunner().invoke(main, CASES[name][0](tmp_path))
    assert result.exit_code == 1
    assert f"{master}:0:0: [E0503] the file changed while the command worked on it" in result.output, result.output
    assert NEW_TITLE[1] in master.read_text(encoding="utf-8")  # the editor's save, as saved
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]
