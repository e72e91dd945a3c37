"""Hostile or careless input: every failure is one coded line, exit 1 or 2, never a traceback.

Special files (FIFO, device, directory) are refused before reading, sizes are bounded before
and while reading, so are the attributes of an element, non-UTF-8 input is refused by every
command, and messages stay one short line.

The editor tools' faults are in tests/edition/test_input_faults_master.py: those tools read
the edition's lists (edition/source/*.txt) whatever master they are given."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tei_edition.cli import main
from tei_edition.core.problems import EditionError, Problem
from support import FIXTURES
from support.input_faults import COMMANDS, COMMAND_IDS, assert_coded


def test_problem_messages_are_one_line():
    p = Problem("a\nb.xml", 1, 1, "E0002", "first line\nsecond line\r\tand a tab")
    assert "\n" not in str(p) and "\r" not in str(p)
    assert "first line\\nsecond line" in str(p)
    assert str(p).startswith("a\\nb.xml:1:1: [E0002] ")


def test_bidirectional_formatting_characters_in_messages_are_escaped(tmp_path, runner):
    """A value quoted with an override left open would reverse the rest of the line: the file's
    name and the value of an attribute (E0204 quotes it) are printed escaped."""
    p = Problem("a\u202e.xml", 1, 1, "E0211", 'ref="#x\u2067" on <persName> points to nothing')
    assert str(p) == 'a\\u202e.xml:1:1: [E0211] ref="#x\\u2067" on <persName> points to nothing'
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    bad = tmp_path / "m.xml"
    bad.write_text(text.replace('ref="#lenin"', 'ref="#lenin\u202e"'), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1 and "[E0253]" in result.output and "#lenin\\u202e" in result.output, result.output
    assert not {"\u202e", "\u2067"} & set(result.output)


def test_long_values_in_messages_are_truncated():
    value = "#" + "x" * 2_000_000
    p = Problem("f.xml", 1, 1, "E0211", f'ref="{value}" on <persName> points to nothing')
    assert len(str(p)) < 1200
    assert "…" in p.message and p.message.endswith("points to nothing")
    spaced = " ".join(["word"] * 100_000)
    assert len(Problem("f.xml", 1, 1, "E0211", spaced).message) <= 1000


def test_dangling_two_megabyte_ref_is_one_short_line(runner, tmp_path):
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    bad = tmp_path / "long-ref.xml"
    bad.write_text(text.replace('ref="#lenin"', 'ref="#' + "y" * 2_000_000 + '"'), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    lines = assert_coded(result)
    assert all(len(line) < 1200 for line in result.output.splitlines())
    assert any("[E0211]" in line for line in lines)


def test_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "master.xml"
    os.mkfifo(fifo)
    proc = subprocess.run([sys.executable, "-m", "tei_edition.cli", "validate", str(fifo)],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"{fifo}:0:0: [E0006]" in proc.stdout and "FIFO" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_device_is_refused_before_reading():
    """/dev/zero never ends: reading it would exhaust memory."""
    proc = subprocess.run([sys.executable, "-m", "tei_edition.cli", "validate", "/dev/zero"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "/dev/zero:0:0: [E0006]" in proc.stdout and "device" in proc.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=COMMAND_IDS)
def test_directory_as_master_is_refused(args, runner, tmp_path):
    folder = tmp_path / "master.xml"
    folder.mkdir()
    lines = assert_coded(runner.invoke(main, [a.format(m=folder, d=tmp_path) for a in args]))
    assert any("[E0006]" in line and "directory" in line for line in lines), lines


def test_size_is_checked_before_reading(tmp_path, monkeypatch):
    from tei_edition.core import inputs

    big = tmp_path / "big.xml"
    with open(big, "wb") as fh:  # sparse: 30 MiB that are never read
        fh.truncate(30 * 1024 * 1024)
    read = []
    real_read = os.read
    monkeypatch.setattr(inputs.os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    with pytest.raises(inputs.EditionError) as info:
        inputs.read_bytes(big)
    assert [p.code for p in info.value.problems] == ["E0005"]
    assert read == []


def test_a_file_that_grows_while_read_is_bounded(tmp_path, monkeypatch):
    """stat says small, the file delivers more: the read stops at the limit."""
    from tei_edition.core import inputs

    small = tmp_path / "small.xml"
    small.write_bytes(b"<TEI/>")
    monkeypatch.setattr(inputs.os, "read", lambda fd, n: b"x" * n)  # a file that never ends
    with pytest.raises(inputs.EditionError) as info:
        inputs.read_bytes(small, limit=1000)
    assert [p.code for p in info.value.problems] == ["E0005"]


def _crowded(folder, count: int):
    """The minimal fixture with `count` more attributes on the first name of the essay, and the
    line and column of its `<`."""
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    at = text.index("<persName ", text.index("<body"))
    master = folder / "crowded.xml"
    master.write_text(text[:at] + "<persName" + "".join(f' a{i}="1"' for i in range(count)) + text[at + 9:],
                      encoding="utf-8")
    return master, (text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at))


def test_attributes_per_element_are_bounded(tmp_path):
    """lxml reads an element's attribute values in n² (300,000 on <TEI> never ended): the safe
    parser refuses an element with more than 256, at its tag, and takes one with 256."""
    from tei_edition.core.xmlio import MAX_ATTRIBUTES, read_tei

    assert MAX_ATTRIBUTES == 256
    master, _ = _crowded(tmp_path, MAX_ATTRIBUTES - 1)  # and its own ref: 256
    read_tei(master)
    master, (line, col) = _crowded(tmp_path, MAX_ATTRIBUTES)
    with pytest.raises(EditionError) as info:
        read_tei(master)
    assert [(p.line, p.col, p.code) for p in info.value.problems] == [(line, col, "E0005")]
    assert info.value.problems[0].message.startswith("<persName> has 257 attributes; an element may have at most 256")


# the editor tools (annotate, quotations, mentions) read the edition's lists before the master
READERS = [(a, i) for a, i in zip(COMMANDS, COMMAND_IDS) if a[0] not in ("annotate", "quotations", "mentions")]


@pytest.mark.parametrize("args", [a for a, _ in READERS], ids=[i for _, i in READERS])
def test_an_element_with_too_many_attributes_is_refused_by_every_command(args, runner, tmp_path):
    master, (line, col) = _crowded(tmp_path, 300_000)  # 3.6 MB, under the size limit
    lines = assert_coded(runner.invoke(main, [a.format(m=master, d=tmp_path) for a in args]))
    assert any(f":{line}:{col}: [E0005] <persName> has 300001 attributes" in x for x in lines), lines


def test_non_utf8_master_whose_anchor_changed(runner, tmp_path):
    """The defect as found: a Latin-1 master with a lock whose unit p1 changed."""
    master = tmp_path / "m.xml"
    shutil.copy(FIXTURES / "minimal.xml", master)
    assert runner.invoke(main, ["anchors", "lock", "--master", str(master)]).exit_code == 0
    text = master.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    master.write_bytes(text.replace("worked in", "lived in Zürich and worked in").encode("iso-8859-1"))
    for args in (["anchors", "check"], ["build", "--out", str(tmp_path / "out")]):
        lines = assert_coded(runner.invoke(main, [*args, "--master", str(master)]))
        assert "[E0007]" in lines[0]


@pytest.mark.parametrize("args", [a for a, _ in READERS], ids=[i for _, i in READERS])
def test_a_master_whose_name_is_not_utf8_is_refused_by_every_command(args, runner, tmp_path):
    """A name's bytes that are not UTF-8 (Python holds them as surrogates) reached lxml, which
    takes names as UTF-8: an internal error (E0199) in every command that reads the master."""
    master = os.fsdecode(os.fsencode(str(tmp_path)) + b"/m\xff.xml")
    shutil.copy(FIXTURES / "minimal.xml", master)
    lines = assert_coded(runner.invoke(main, [a.format(m=master, d=tmp_path) for a in args]))
    assert any(":0:0: [E0007] the file's name is not UTF-8" in x and "m\ufffd.xml" in x for x in lines), lines


@pytest.mark.parametrize("which", ["lock", "decisions", "overrides", "source", "order"])
def test_non_utf8_side_files_are_coded(which, runner, tmp_path):
    master = tmp_path / "m.xml"
    shutil.copy(FIXTURES / "minimal.xml", master)
    bad = tmp_path / f"{which}.txt"
    bad.write_bytes("% d\u00e9cision\n".encode("iso-8859-1"))
    if which == "lock":
        (tmp_path / "m.anchors.lock").write_bytes(bad.read_bytes())
        args = ["anchors", "check", "--master", str(master)]
    elif which == "decisions":
        args = ["quotations", "--master", str(master), "--decisions", str(bad), "--check"]
    elif which == "overrides":
        args = ["annotate", str(master), "--overrides", str(bad)]
    else:
        good = tmp_path / "good.txt"
        good.write_text("x\n", encoding="utf-8")
        files = {"source": bad, "order": good} if which == "source" else {"source": good, "order": bad}
        args = ["ingest", str(tmp_path / "draft.xml"), "--source", str(files["source"]),
                "--order", str(files["order"])]
    lines = assert_coded(runner.invoke(main, args))
    assert any(code in " ".join(lines) for code in ("[E0007]", "[E0311]")), lines


@pytest.mark.parametrize("special", ["fifo", "directory"])
@pytest.mark.parametrize("which", ["lock", "decisions", "overrides", "source"])
def test_special_side_files_are_refused_before_reading(which, special, tmp_path):
    """Every file a command reads, not only the master: a FIFO would hang the command."""
    master = tmp_path / "m.xml"
    shutil.copy(FIXTURES / "minimal.xml", master)
    target = tmp_path / ("m.anchors.lock" if which == "lock" else f"{which}.txt")
    os.mkfifo(target) if special == "fifo" else target.mkdir()
    good = tmp_path / "good.txt"
    good.write_text("x\n", encoding="utf-8")
    args = {"lock": ["anchors", "check", "--master", str(master)],
            "decisions": ["quotations", "--master", str(master), "--decisions", str(target), "--check"],
            "overrides": ["annotate", str(master), "--overrides", str(target)],
            "source": ["ingest", str(tmp_path / "draft.xml"), "--order", str(good)]}[which]
    if which == "source":
        args += ["--source", str(target)]
    proc = subprocess.run([sys.executable, "-m", "tei_edition.cli", *args], capture_output=True, text=True,
                          timeout=30)
    output = proc.stdout + proc.stderr
    assert proc.returncode in (1, 2), output
    assert "Traceback" not in output
    assert f"{target}:0:0: [E0006]" in output, output


def test_a_file_too_large_is_a_file_validate_cannot_read_exit_2(runner, tmp_path):
    """Refused before it is read, as a FIFO or a device is: exit 2, not 1 (an invalid file)."""
    big = tmp_path / "big.xml"
    with open(big, "wb") as fh:
        fh.truncate(21 * 1024 * 1024)  # sparse: the size is checked before a byte is read
    result = runner.invoke(main, ["validate", str(big)])
    assert result.exit_code == 2 and "[E0005]" in result.output, result.output


@pytest.mark.parametrize("args", [["cite", "p1", "--master", "{m}"], ["validate", "{m}"],
                                  ["anchors", "check", "--master", "{m}"], ["build", "--master", "{m}", "--out", "{d}/o"]],
                         ids=["cite", "validate", "anchors", "build"])
def test_an_unreadable_master_is_e0001_in_every_command(args, tmp_path):
    """click refused it first, as a bad option value: E0113 where README promises E0001."""
    from support import as_a_user

    master = tmp_path / "m.xml"
    shutil.copy(FIXTURES / "minimal.xml", master)
    master.chmod(0)
    proc = subprocess.run([*as_a_user(), sys.executable, "-m", "tei_edition.cli",
                           *[a.format(m=master, d=tmp_path) for a in args]], capture_output=True, text=True, timeout=60)
    output = proc.stdout + proc.stderr
    assert proc.returncode in (1, 2) and "Traceback" not in output, output
    assert f"{master}:0:0: [E0001] cannot read file: Permission denied" in output and "[E0113]" not in output, output


@pytest.mark.parametrize("args", [a for a, _ in READERS], ids=[i for _, i in READERS])
def test_a_repeated_xml_id_is_the_same_line_in_every_command(args, runner, tmp_path):
    """libxml2 stops at a second xml:id="p1": `validate` said so as the rule's E0210, every other
    command (build, anchors, cite, audit …) as "E0002 not well-formed XML: ID p1 already defined"."""
    text = (FIXTURES / "minimal.xml").read_text(encoding="utf-8")
    at = text.index('xml:id="p2"')
    master = tmp_path / "m.xml"
    master.write_text(text[:at] + 'xml:id="p1"' + text[at + len('xml:id="p2"'):], encoding="utf-8")
    lines = assert_coded(runner.invoke(main, [a.format(m=master, d=tmp_path) for a in args]))
    line = text.count("\n", 0, at) + 1
    assert [x for x in lines if "[E0002]" in x] == []
    assert any(f"m.xml:{line}:" in x and '[E0210] xml:id="p1" is already used by an earlier element' in x
               for x in lines), lines
