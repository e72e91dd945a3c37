"""The anchor lock: fingerprints, build failure naming the unit, accept with a reason.

The tests on the real master are in tests/edition/test_anchors_master.py."""

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.citation import anchor_decisions, anchors

from tei_edition.core import paths
from tei_edition.build import STAGES, build
from tei_edition.cli import main
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import NS, read_tei


@pytest.fixture()
def locked(minimal_tei, tmp_path) -> Path:
    master = tmp_path / "edition.xml"
    shutil.copy(minimal_tei, master)
    added, problems = anchors.lock(master)
    assert added == ["s1", "p1", "s2", "p2", "p3", "p4"] and problems == []
    return master


def edit(master: Path, old: str, new: str) -> None:
    text = master.read_text()
    assert text.count(old) == 1, old
    master.write_text(text.replace(old, new))


def fp(xml: str) -> str:
    el = etree.fromstring(f'<p xmlns="http://www.tei-c.org/ns/1.0">{xml}</p>')
    return anchors.fingerprint(anchors.unit_text(el))


BASE = 'He founded the <orgName>Workers Group</orgName> and was a signatory of the “appeal”, in 1921.'


@pytest.mark.parametrize("variant", [
    'He  founded the\n   <orgName>Workers Group</orgName> and was a signatory of the "appeal" in 1921',   # spaces, quotes, comma, stop
    'He founded the <orgName>Workers Group</orgName> and was a signa-tory of the ‘appeal’ – in 1921.',  # hyphen, dash
    'he founded the <orgName>workers group</orgName> and was a signatory of the appeal, in 1921.',       # case
    'He founded the <orgName>Workers Group</orgName> and was a <choice><sic>signatory</sic><corr>signer</corr></choice> of the “appeal”, in 1921.',
    'He founded the <orgName>Workers Group</orgName><note>An editorial note.</note> and was a signatory of the “appeal”, in 1921.',
    'He founded the <orgName>Workers\u00a0Group</orgName> and was a signatory of the “appeal”, in 1921.',
])
def test_fingerprint_keeps_through_whitespace_and_punctuation(variant):
    assert fp(variant) == fp(BASE)


@pytest.mark.parametrize("variant", [
    BASE.replace("founded", "found"),
    BASE.replace("1921", "1922"),
    BASE.replace(" and was a signatory", ""),
    BASE.replace("appeal", "appeals"),
    BASE.replace("signatory", "<choice><sic>signiator</sic><corr>signatory</corr></choice>"),  # source reading differs
])
def test_fingerprint_changes_with_the_words(variant):
    assert fp(variant) != fp(BASE)


def test_lock_file_records_units_in_document_order(locked):
    data = json.loads(anchors.lock_path(locked).read_text())
    assert list(data["anchors"]) == ["s1", "p1", "s2", "p2", "p3", "p4"]
    assert data["anchors"]["p1"]["unit"] == "paragraph"
    assert data["anchors"]["p1"]["fingerprint"].startswith("v1:")
    assert anchors.lock_path(locked).name == "edition.anchors.lock"


def test_anchors_stage_runs_before_outputs():
    names = [n for n, _ in STAGES]
    assert "anchors" in names
    assert names.index("anchors") < min(names.index(n) for n in ("html", "pdf", "dts", "exports"))


def test_changed_paragraph_fails_build_naming_it_then_accept_passes(locked, tmp_path, runner):
    edit(locked, "and worked in", "and laboured in")
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--master", str(locked), "--out", str(out)])
    assert result.exit_code == 1
    line = [x for x in result.output.splitlines() if "[E0312]" in x][0]
    assert re.match(rf"{re.escape(str(locked))}:\d+:\d+: \[E0312\] p1: text changed since it was locked", line), line
    lineno = int(line.split(":")[1])
    assert 'xml:id="p1"' in locked.read_text().splitlines()[lineno - 1]
    assert not out.exists()

    result = runner.invoke(main, ["anchors", "accept", "p1", "--master", str(locked),
                                  "--reason", "Transcription corrected against the source PDF", "--date", "2026-11-27"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["build", "--master", str(locked), "--out", str(out)])
    assert result.exit_code == 0, result.output
    # the decision is in the lock and in the revision history
    data = json.loads(anchors.lock_path(locked).read_text())
    assert data["decisions"][-1]["anchor"] == "p1" and data["decisions"][-1]["change"] == "text"
    assert data["decisions"][-1]["reason"] == "Transcription corrected against the source PDF"
    changes = read_tei(locked).getroot().findall("tei:teiHeader/tei:revisionDesc/tei:change", NS)
    assert changes[-1].get("when") == "2026-11-27" and changes[-1].get("target") == "#p1"
    assert "Transcription corrected" in changes[-1].text


def test_punctuation_correction_does_not_fail_the_build(locked, tmp_path):
    edit(locked, "and worked in", "and  worked, in")
    build(locked, tmp_path / "out")


def test_removed_anchor_fails_then_accept(locked, tmp_path):
    text = locked.read_text()
    locked.write_text(re.sub(r'\s*<p n="4" xml:id="p4">.*?</p>', "", text, flags=re.S))
    with pytest.raises(EditionError) as exc:
        build(locked, tmp_path / "out")
    problem = [p for p in exc.value.problems if p.code == "E0313"][0]
    assert problem.message.startswith("p4: ")
    assert problem.path == str(anchors.lock_path(locked))
    anchors.accept(locked, "p4", "Duplicate paragraph removed", "2026-11-27")
    build(locked, tmp_path / "out")
    assert json.loads(anchors.lock_path(locked).read_text())["anchors"]["p4"]["status"] == "removed"


def test_lock_never_relocks_a_changed_anchor(locked, runner):
    before = json.loads(anchors.lock_path(locked).read_text())["anchors"]["p1"]["fingerprint"]
    edit(locked, "and worked in", "and laboured in")
    result = runner.invoke(main, ["anchors", "lock", "--master", str(locked)])
    assert result.exit_code == 1 and "[E0312] p1:" in result.output
    assert json.loads(anchors.lock_path(locked).read_text())["anchors"]["p1"]["fingerprint"] == before
    result = runner.invoke(main, ["anchors", "check", "--master", str(locked)])
    assert result.exit_code == 1 and "[E0312] p1:" in result.output


def test_new_unit_is_a_warning_until_locked(locked, runner):
    edit(locked, "</cit>", '</cit>\n        <p n="5" xml:id="p5">A new paragraph.</p>')
    problems = anchors.check_master(locked)
    assert [p.code for p in problems] == ["W0310"] and "p5" in problems[0].message
    result = runner.invoke(main, ["anchors", "lock", "--master", str(locked)])
    assert result.exit_code == 0 and "1 anchor(s) added" in result.output
    assert anchors.check_master(locked) == []


def test_accept_without_change_or_reason_is_refused(locked, runner):
    with pytest.raises(EditionError) as exc:
        anchors.accept(locked, "p1", "nothing", "2026-11-27")
    assert exc.value.problems[0].code == "E0314"
    result = runner.invoke(main, ["anchors", "accept", "p99", "--reason", "x", "--master", str(locked)])
    # the anchor given is at fault, not the lock (was the lock's 1:1): at the argument, as `cite UNIT`
    assert result.exit_code == 1 and result.output == "ANCHOR:1:1: [E0314] p99: not in the anchor lock\n"
    with pytest.raises(EditionError) as exc:
        anchors.accept(locked, "p1", "  ", "2026-11-27")
    assert str(exc.value.problems[0]) == "--reason:1:1: [E0314] an accepted change needs a --reason"


def test_accept_edits_the_header_minimally(locked):
    locked.write_text(re.sub(r"\s*<revisionDesc>.*?</revisionDesc>", "", locked.read_text(), flags=re.S))
    edit(locked, "and worked in", "and laboured in")
    before = locked.read_text().splitlines()
    anchors.accept(locked, "p1", "Reason & <markup>", "2026-11-27")
    after = locked.read_text().splitlines()
    added = [line for line in after if line not in before]
    assert len(after) == len(before) + 3 and len(added) == 3  # revisionDesc created: open, change, close
    assert added[1].strip() == ('<change when="2026-11-27" who="#editors" target="#p1">'
                                'Text of #p1 changed: Reason &amp; &lt;markup&gt;</change>')
    assert [line for line in after if line in before] == before
    # a second decision is appended inside the existing revisionDesc, aligned with the first
    edit(locked, "wrote to him", "wrote him")
    anchors.accept(locked, "p4", "Second", "2026-11-28")
    lines = locked.read_text().splitlines()
    i = next(n for n, line in enumerate(lines) if 'target="#p4"' in line)
    assert lines[i - 1].strip().startswith('<change when="2026-11-27"')
    assert re.match(r"\s*", lines[i]).group(0) == re.match(r"\s*", lines[i - 1]).group(0)
    assert lines[i + 1].strip() == "</revisionDesc>"


def test_edition_master_without_lock_is_an_error(minimal_tei, tmp_path, monkeypatch):
    master = tmp_path / "edition.xml"
    shutil.copy(minimal_tei, master)
    monkeypatch.setattr(paths, "MASTER", master)
    with pytest.raises(EditionError) as exc:
        build(master, tmp_path / "out")
    problem = exc.value.problems[0]
    assert problem.code == "E0310" and "tei-edition anchors lock" in problem.message


def test_other_documents_without_lock_build(built_minimal):
    assert (built_minimal / "manifest.json").is_file()


def _lock_with(locked: Path, change) -> Path:
    lock_file = anchors.lock_path(locked)
    data = json.loads(lock_file.read_text())
    change(data)
    lock_file.write_text(json.dumps(data, indent=1))
    return lock_file


MALFORMED = {
    "entry a string": lambda d: d["anchors"].update(p1="x"),
    "entry null": lambda d: d["anchors"].update(p1=None),
    "fingerprint a number": lambda d: d["anchors"]["p1"].update(fingerprint=5),
    "incipit a list": lambda d: d["anchors"]["p1"].update(incipit=[]),
    "status not removed": lambda d: d["anchors"]["p1"].update(status="gone"),
    "decisions an object": lambda d: d.update(decisions={}),
    "decision a string": lambda d: d.update(decisions=["p1"]),
    "decision without reason": lambda d: d.update(decisions=[{"anchor": "p1", "change": "text", "from": None,
                                                                "to": None, "date": "2026-11-27", "who": "#editors"}]),
    "another version": lambda d: d.update(version=2),
}


@pytest.mark.parametrize("change", list(MALFORMED))
def test_a_malformed_lock_is_one_coded_line_and_nothing_is_written(locked, runner, change):
    edit(locked, "and worked in", "and laboured in")
    lock_file = _lock_with(locked, MALFORMED[change])
    before = locked.read_bytes(), lock_file.read_bytes()
    for args in (["check"], ["lock"], ["accept", "p1", "--reason", "r", "--date", "2026-11-27"]):
        result = runner.invoke(main, ["anchors", *args, "--master", str(locked)])
        assert result.exit_code == 1, result.output
        line = result.output.strip()
        assert "\n" not in line and re.match(rf"{re.escape(str(lock_file))}:\d+:1: \[E0311\] not a tei-edition "
                                             rf"anchor lock: ", line), line
        assert (locked.read_bytes(), lock_file.read_bytes()) == before


@pytest.mark.parametrize("text", ["[" * 100_000, '{"lock": ' + "1" * 5000 + "}"], ids=["nested", "long number"])
def test_unreadable_lock_json_is_e0311(locked, runner, text):
    anchors.lock_path(locked).write_text(text)
    result = runner.invoke(main, ["anchors", "check", "--master", str(locked)])
    assert result.exit_code == 1 and "[E0311] anchor lock is not readable JSON: " in result.output
    assert result.output.count("\n") == 1


@pytest.mark.parametrize("option, value", [
    ("--date", "2021-13-45"), ("--date", "9999-99-99"), ("--date", "2021-02-29"), ("--date", "2200-01-01"),
    ("--date", "21-1-1"), ("--who", ""), ("--who", '"><x'), ("--who", "editors"), ("--who", "#Editors"),
    ("--who", "#nobody"), ("--reason", "a\x01b"), ("--reason", "a\ufdd0"), ("--reason", "中"),
    ("--reason", "a \u2067b"), ("--reason", "a \u202eb\u202c"),
])
def test_accept_refuses_a_value_the_master_could_not_hold_before_writing(locked, runner, option, value):
    edit(locked, "and worked in", "and laboured in")
    lock_file = anchors.lock_path(locked)
    before = locked.read_bytes(), lock_file.read_bytes()
    args = {"--reason": "Corrected", "--date": "2026-11-27", "--who": "#editors", option: value}
    result = runner.invoke(main, ["anchors", "accept", "p1", *(x for kv in args.items() for x in kv),
                                  "--master", str(locked)])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and result.output.startswith(f"{option}:1:") and "[E0113]" in result.output
    assert (locked.read_bytes(), lock_file.read_bytes()) == before
    if option != "--reason":  # the API refuses them too (the reason's characters: the command line)
        with pytest.raises(EditionError) as exc:
            anchors.accept(locked, "p1", "Corrected", args["--date"], args["--who"])
        assert [(p.path, p.code) for p in exc.value.problems] == [(option, "E0113")]
        assert (locked.read_bytes(), lock_file.read_bytes()) == before


# --- accept stopped between its writes: every state is reported, then completed ------------------

def _changes(master: Path, anchor: str) -> int:
    return master.read_text().count(f'target="#{anchor}">Text of #{anchor} changed')


def _stopped_accept(locked: Path, monkeypatch, at: int, exc: BaseException) -> None:
    """accept p1 (its text changed), stopped by `exc` at its write `at` (1: the lock marked
    pending, 2: the master, 3: the lock without pending)."""
    real, calls = anchor_decisions.write_atomic, []

    def write(path, data, **kw):
        calls.append(path)
        if len(calls) == at:
            raise exc
        real(path, data, **kw)

    monkeypatch.setattr(anchor_decisions, "write_atomic", write)
    with pytest.raises(type(exc)):
        anchors.accept(locked, "p1", "Corrected", "2026-11-27")
    monkeypatch.setattr(anchor_decisions, "write_atomic", real)
    assert len(calls) == at


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), OSError(28, "No space left on device")], ids=["ctrl-c", "disk"])
@pytest.mark.parametrize("at", [1, 2, 3])
def test_an_accept_stopped_between_its_writes_is_reported_and_completed(locked, runner, tmp_path, monkeypatch, at, exc):
    edit(locked, "and worked in", "and laboured in")
    lock_file = anchors.lock_path(locked)
    before = locked.read_bytes(), lock_file.read_bytes()
    _stopped_accept(locked, monkeypatch, at, exc)
    pending = "pending" in json.loads(lock_file.read_text())
    if at == 1:  # nothing written: the change is still to accept
        assert (locked.read_bytes(), lock_file.read_bytes()) == before
        assert [p.code for p in anchors.check_master(locked)] == ["E0312"]
    else:  # the decision is in the lock, marked pending; the master has its change (3) or not yet (2)
        assert pending and _changes(locked, "p1") == (at == 3)
        problems = anchors.check_master(locked)
        assert [p.code for p in problems] == ["E0316"], problems
        assert problems[0].message.startswith("the acceptance of p1 (2026-11-27) was interrupted")
        assert problems[0].path == str(lock_file) and f'"pending": {{' in lock_file.read_text().splitlines()[problems[0].line - 1]
        with pytest.raises(EditionError) as failed:
            build(locked, tmp_path / "out")
        assert "E0316" in [p.code for p in failed.value.problems]
        result = runner.invoke(main, ["anchors", "lock", "--master", str(locked)])
        assert result.exit_code == 0, result.output
        assert "p1: the text change accepted on 2026-11-27 by a run that was interrupted is now complete" in result.output
    if at == 1:
        anchors.accept(locked, "p1", "Corrected", "2026-11-27")
    assert _changes(locked, "p1") == 1  # once: the master never holds a change the lock does not record
    data = json.loads(lock_file.read_text())
    assert "pending" not in data and [d["anchor"] for d in data["decisions"]] == ["p1"]
    assert anchors.check_master(locked) == []


@pytest.mark.parametrize("at", [2, 3])
def test_accept_again_after_an_interruption_completes_without_a_duplicate(locked, runner, monkeypatch, at):
    edit(locked, "and worked in", "and laboured in")
    _stopped_accept(locked, monkeypatch, at, KeyboardInterrupt())
    again = runner.invoke(main, ["anchors", "accept", "p1", "--reason", "Corrected", "--date", "2026-11-27",
                                 "--master", str(locked)])
    assert again.exit_code == 0 and "p1: text change accepted" in again.output, again.output
    assert _changes(locked, "p1") == 1 and anchors.check_master(locked) == []
    # an accept of another anchor completes the interrupted one first
    edit(locked, "and laboured in", "and toiled in")
    _stopped_accept(locked, monkeypatch, at, KeyboardInterrupt())
    edit(locked, "wrote to him", "wrote him")
    anchors.accept(locked, "p4", "Second", "2026-11-28")
    assert _changes(locked, "p1") == 2 and _changes(locked, "p4") == 1
    data = json.loads(anchors.lock_path(locked).read_text())
    assert "pending" not in data and [d["anchor"] for d in data["decisions"]] == ["p1", "p1", "p4"]
    assert anchors.check_master(locked) == []


def test_an_accept_that_cannot_edit_the_header_writes_nothing(locked):
    edit(locked, "and worked in", "and laboured in")
    edit(locked, "</revisionDesc>", "</revisionDesc><!-- </revisionDesc> -->")  # two closing tags in the text
    lock_file = anchors.lock_path(locked)
    before = locked.read_bytes(), lock_file.read_bytes()
    with pytest.raises(EditionError) as exc:
        anchors.accept(locked, "p1", "Corrected", "2026-11-27")
    assert [p.code for p in exc.value.problems] == ["E0315"]
    assert (locked.read_bytes(), lock_file.read_bytes()) == before


def test_accept_killed_at_any_moment_leaves_a_pair_the_next_run_makes_whole(locked, tmp_path):
    """Real processes, SIGINT at moments spread over an accept's run: afterwards `anchors lock`
    leaves the lock and the master agreeing, the decision recorded once or not at all."""
    import signal
    import subprocess
    import sys
    import time

    edit(locked, "and worked in", "and laboured in")
    original = locked.read_bytes(), anchors.lock_path(locked).read_bytes()
    args = [sys.executable, "-m", "tei_edition.cli", "anchors", "accept", "p1", "--reason", "Corrected",
            "--date", "2026-11-27", "--master", str(locked)]
    start = time.monotonic()
    subprocess.run(args, check=True, capture_output=True)
    whole = time.monotonic() - start
    for k in range(8):
        locked.write_bytes(original[0])
        anchors.lock_path(locked).write_bytes(original[1])
        run = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(whole * (0.45 + 0.08 * k))
        run.send_signal(signal.SIGINT)
        run.communicate(timeout=60)
        subprocess.run([*args[:4], "lock", "--master", str(locked)], capture_output=True, timeout=60)
        data = json.loads(anchors.lock_path(locked).read_text())
        assert "pending" not in data
        assert _changes(locked, "p1") == len(data["decisions"]) <= 1, (k, run.returncode)
        assert [p.code for p in anchors.check_master(locked)] == ([] if data["decisions"] else ["E0312"])


def test_check_without_a_lock_says_nothing_was_compared(minimal_tei, tmp_path, runner):
    """It said "anchors match m.anchors.lock" for a lock that did not exist."""
    master = tmp_path / "m.xml"
    shutil.copyfile(minimal_tei, master)
    result = runner.invoke(main, ["anchors", "check", "--master", str(master)])
    assert result.exit_code == 0 and "no anchor lock beside m.xml: nothing to compare" in result.output
    assert "anchors match" not in result.output


@pytest.mark.parametrize("command", [["anchors", "check"], ["build", "--out", "{out}"],
                                     ["anchors", "accept", "p1", "--reason", "why"], ["anchors", "lock"]])
@pytest.mark.parametrize("target", ["/nonexistent/lock", "self", "loop"])
def test_a_lock_that_is_a_link_to_nothing_is_an_error(locked, runner, target: str, command: list[str]):
    """`anchors accept` said "anchor lock not found" where check and build name the link; `anchors
    lock` began a new lock at the link's target (or failed to write one), the lost lock's history
    gone without a word."""
    lock_file = anchors.lock_path(locked)
    lock_file.unlink()
    other = lock_file.with_name("other.lock")
    lock_file.symlink_to({"self": lock_file, "loop": other}.get(target, target))
    if target == "loop":
        other.symlink_to(lock_file)
    before = locked.read_bytes()
    args = [a.format(out=locked.parent / "out") for a in command]
    result = runner.invoke(main, [*args, "--master", str(locked)])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1, result.output
    assert lines[0].startswith(f"{lock_file}:0:0: [E0310] the anchor lock is a link to nothing"), lines[0]
    assert locked.read_bytes() == before and lock_file.is_symlink()
