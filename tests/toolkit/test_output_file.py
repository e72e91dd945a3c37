"""A command's output file never replaces a file the command did not make, and a failed write
leaves the previous file whole (core/output_file.py; `ingest` on the real source in
tests/edition/test_ingest_output.py)."""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import as_a_user
from tei_edition.cli import main
from tei_edition.core.output_file import check_output, is_draft, is_epub, is_pdf, is_timings, write_output
from tei_edition.core.problems import EditionError

LINE_E0114 = "[E0114] output refused"


@pytest.fixture()
def master(minimal_tei: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "edition" / "minimal.xml"
    copy.parent.mkdir()
    shutil.copyfile(minimal_tei, copy)
    return copy


def _refused(result, path: Path, before: bytes) -> None:
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 1 and LINE_E0114 in lines[0], result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", ["pdf", "epub"])
@pytest.mark.parametrize("which", ["master", "lock", "text"])
def test_pdf_and_epub_never_write_over_the_master_its_lock_or_another_file(runner, master: Path, command: str,
                                                                            which: str):
    target = {"master": master, "lock": master.with_name("minimal.anchors.lock"),
              "text": master.parent / "thesis.pdf"}[which]
    if which != "master":  # a lock's contents do not matter here: it is refused unread
        target.write_text("my thesis\n" if which == "text" else '{"lock": 1}\n', encoding="utf-8")
    before = target.read_bytes()
    result = runner.invoke(main, [command, "--master", str(master), "--out", str(target),
                                  "--base-url", "https://example.org/e/"])
    _refused(result, target, before)


def test_a_previous_pdf_is_replaced_and_a_failed_write_keeps_it(runner, master: Path, tmp_path: Path):
    out = tmp_path / "part.pdf"
    assert runner.invoke(main, ["pdf", "--master", str(master), "--out", str(out)]).exit_code == 0
    before = out.read_bytes()
    assert is_pdf(out)
    assert runner.invoke(main, ["pdf", "--master", str(master), "--out", str(out)]).exit_code == 0
    assert out.read_bytes() == before  # replaced by the same bytes
    # a file-size limit below the PDF's size: the write fails half-way
    limit = len(before) // 2
    proc = subprocess.run([sys.executable, "-m", "tei_edition.cli", "pdf", "--master", str(master), "--out", str(out)],
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)))
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1 and "[E0102]" in lines[0] and str(out) in lines[0], proc.stderr
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edition", "part.pdf"]  # no temporary file left


def test_a_fifo_or_a_folder_as_output_is_refused_at_once(master: Path, tmp_path: Path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        # a subprocess: before the fix, writing into the FIFO blocked for ever
        proc = subprocess.run([sys.executable, "-m", "tei_edition.cli", "pdf", "--master", str(master),
                               "--out", str(target)], capture_output=True, text=True, timeout=60)
        assert proc.returncode in (1, 2) and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert "[E0114]" in proc.stderr or "[E0113]" in proc.stderr  # click refuses a folder itself
    assert (tmp_path / "pipe.pdf").exists() and not (tmp_path / "pipe.pdf").is_file()


def test_build_timings_are_refused_before_the_build(runner, master: Path, tmp_path: Path):
    out = tmp_path / "site-build"
    before = master.read_bytes()
    result = runner.invoke(main, ["build", "--master", str(master), "--out", str(out), "--timings", str(master)])
    _refused(result, master, before)
    assert not out.exists()  # refused before any work


def test_build_timings_inside_the_output_folder_are_refused(runner, master: Path, tmp_path: Path):
    """They were written into the new build after the swap: a file its manifest does not list."""
    out = tmp_path / "site-build"
    assert runner.invoke(main, ["build", "--master", str(master), "--out", str(out)]).exit_code == 0
    listed = (out / "manifest.json").read_bytes()
    for timings in (out / "t.json", out / "site" / "t.json"):
        result = runner.invoke(main, ["build", "--master", str(master), "--out", str(out), "--timings", str(timings)])
        assert result.exit_code == 1 and result.output.count("\n") == 1 and "[E0114]" in result.output, result.output
        assert not timings.exists() and (out / "manifest.json").read_bytes() == listed


@pytest.mark.parametrize("where", ["below a file", "below a file's subfolder", "in a read-only folder"])
def test_build_timings_that_cannot_be_written_are_refused_before_the_build(master: Path, tmp_path: Path,
                                                                          where: str):
    """They were written after the build had replaced OUT, which the refusal then left replaced;
    and Path.mkdir's "File exists" was said for a folder that is a file."""
    out = tmp_path / "b"
    assert subprocess.run([sys.executable, "-m", "tei_edition.cli", "build", "--master", str(master), "--out",
                           str(out), "--jobs", "1"], capture_output=True, timeout=120).returncode == 0
    before = out.stat()
    (tmp_path / "file.xml").write_text("<not-a-folder/>\n", encoding="utf-8")
    (tmp_path / "ro").mkdir(mode=0o555)
    folder, timings, reason = {
        "below a file": (tmp_path / "file.xml", tmp_path / "file.xml" / "t.json", "Not a directory"),
        "below a file's subfolder": (tmp_path / "file.xml", tmp_path / "file.xml" / "s" / "t.json", "Not a directory"),
        "in a read-only folder": (tmp_path / "ro", tmp_path / "ro" / "t.json", "Permission denied")}[where]
    user = as_a_user() if where == "in a read-only folder" else []
    done = subprocess.run([*user, sys.executable, "-m", "tei_edition.cli", "build", "--master", str(master),
                           "--out", str(out), "--full", "--jobs", "1", "--timings", str(timings)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == "", done.stdout + done.stderr
    after = out.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # untouched: not rebuilt
    assert done.stderr.splitlines() == [f"{timings}:0:0: [E0102] cannot write timings: {reason} ({folder})"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "edition", "file.xml", "ro"]


@pytest.mark.parametrize("command", ["pdf", "epub"])
def test_an_output_file_below_a_file_names_the_cause(runner, master: Path, tmp_path: Path, command: str):
    """Path.mkdir says "File exists" when a folder to make is a file: the cause is that it is no folder."""
    (tmp_path / "file.xml").write_text("<not-a-folder/>\n", encoding="utf-8")
    target = tmp_path / "file.xml" / f"x.{command}"
    result = runner.invoke(main, [command, "--master", str(master), "--out", str(target),
                                  "--base-url", "https://example.org/e/"])
    code = {"pdf": "E0102", "epub": "E0104"}[command]
    what = {"pdf": "PDF", "epub": "EPUB"}[command]
    assert result.exit_code == 1 and result.output.splitlines() == [
        f"{target}:0:0: [{code}] cannot write {what}: Not a directory ({tmp_path / 'file.xml'})"], result.output
    with pytest.raises(EditionError) as caught:  # and where the check before the work is passed by
        write_output(target, b"%PDF-", code, what, is_pdf)
    assert caught.value.problems[0].message == f"cannot write {what}: Not a directory"


def test_build_timings_replace_previous_timings(runner, master: Path, tmp_path: Path):
    timings = tmp_path / "t.json"
    timings.write_text('{"validate": 0.1, "total": 1.5}\n', encoding="utf-8")
    result = runner.invoke(main, ["build", "--master", str(master), "--out", str(tmp_path / "b"), "--jobs", "1",
                                  "--timings", str(timings), "--base-url", "https://example.org/e/"])
    assert result.exit_code == 0, result.output
    assert json.loads(timings.read_text(encoding="utf-8"))["total"] > 0


def test_kinds(tmp_path: Path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj <</Creator(Typst 0.15.1)>> endobj\n%%EOF\n")
    other_pdf = tmp_path / "b.pdf"
    other_pdf.write_bytes(b"%PDF-1.4\n1 0 obj <</Creator(Word)>> endobj\n%%EOF\n")
    epub = tmp_path / "a.epub"
    epub.write_bytes(b"PK\x03\x04" + bytes(26) + b"mimetypeapplication/epub+zip" + b"PK")
    zip_ = tmp_path / "a.zip"
    zip_.write_bytes(b"PK\x03\x04" + bytes(26) + b"word/document.xml")
    draft = tmp_path / "draft.xml"
    draft.write_text("<TEI><p>Draft master document built by tei_edition.reconstruct.ingest; not yet published.</p>"
                     "</TEI>", encoding="utf-8")
    timings = tmp_path / "t.json"
    timings.write_text('{"validate": 0.1, "total": 2}', encoding="utf-8")
    other_json = tmp_path / "o.json"
    other_json.write_text('{"total": "all", "name": 3}', encoding="utf-8")
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    files = [pdf, other_pdf, epub, zip_, draft, timings, other_json, empty]
    assert [f for f in files if is_pdf(f)] == [pdf]
    assert [f for f in files if is_epub(f)] == [epub]
    assert [f for f in files if is_draft(f)] == [draft]
    assert [f for f in files if is_timings(f)] == [timings]


def test_an_input_is_refused_even_when_of_the_right_kind(tmp_path: Path):
    pdf = tmp_path / "in.pdf"
    pdf.write_bytes(b"%PDF-1.7 /Creator(Typst 0.15.1)")
    link = tmp_path / "link.pdf"
    link.symlink_to(pdf)
    with pytest.raises(EditionError) as caught:
        check_output(link, is_pdf, "PDF", [pdf])
    assert caught.value.problems[0].code == "E0114" and "which the command reads" in caught.value.problems[0].message
    check_output(link, is_pdf, "PDF", [tmp_path / "other.pdf"])  # of the right kind, not an input: taken


def test_write_output_keeps_the_mode_and_leaves_no_temporary_file(tmp_path: Path):
    out = tmp_path / "t.json"
    out.write_text('{"total": 1}', encoding="utf-8")
    out.chmod(0o640)
    write_output(out, b'{"total": 2}\n', "E0102", "timings", is_timings)
    assert out.read_bytes() == b'{"total": 2}\n' and (out.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["t.json"]


@pytest.mark.parametrize("args", [["pdf", "--out"], ["epub", "--out"], ["build", "--timings"]])
def test_an_output_file_named_with_a_trailing_slash_is_a_folder_not_a_file(runner, master: Path, tmp_path: Path,
                                                                          args: list[str]):
    """`--out new/` wrote a file named `new`: the slash is read as the folder it names."""
    result = runner.invoke(main, [args[0], "--master", str(master), args[1], f"{tmp_path / 'new'}/",
                                  "--base-url", "https://example.org/e/"])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and "[E0113]" in lines[0] and "names a folder" in lines[0]
    assert not (tmp_path / "new").exists()


def test_the_temporary_files_of_a_killed_run_are_removed_by_the_next(runner, master: Path, tmp_path: Path):
    """A run killed while it probed the folder (check_writable) or wrote the file left its
    temporary file beside the output for good; the next run removes those nobody holds."""
    import fcntl

    out = tmp_path / "out" / "e.epub"
    out.parent.mkdir()
    (out.parent / ".e.epub.0123abcd.tmp").write_bytes(b"")  # a probe's
    (out.parent / ".e.epub.89abcdef.tmp").write_bytes(b"PK\x03\x04 cut short")  # a write's
    held = out.parent / ".e.epub.feedface.tmp"  # a live run's: held (flock) while it writes
    fd = os.open(held, os.O_WRONLY | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    (tmp_path / "precious").write_text("mine\n", encoding="utf-8")
    (out.parent / ".e.epub.deadbeef.tmp").symlink_to(tmp_path / "precious")
    os.link(tmp_path / "precious", out.parent / ".e.epub.0badf00d.tmp")
    (out.parent / ".e.epub.notmine1.tmp").write_text("mine\n", encoding="utf-8")
    try:
        result = runner.invoke(main, ["epub", "--master", str(master), "--out", str(out)])
    finally:
        os.close(fd)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == [".e.epub.0badf00d.tmp", ".e.epub.deadbeef.tmp",
                                                            ".e.epub.feedface.tmp", ".e.epub.notmine1.tmp",
                                                            "e.epub"]
    assert (tmp_path / "precious").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("command", ["pdf", "epub"])
def test_a_failed_write_into_new_folders_leaves_none_of_them(runner, master: Path, tmp_path: Path, monkeypatch,
                                                              command: str):
    """`--out new/deeper/x.pdf` on a full disk left `new/deeper/` behind (package removes its own)."""
    from tei_edition.core import output_file

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(output_file, "write_atomic", full)
    target = tmp_path / "new" / "deeper" / f"x.{command}"
    result = runner.invoke(main, [command, "--master", str(master), "--out", str(target)])
    assert result.exit_code == 1 and len(result.output.splitlines()) == 1, result.output
    assert "No space left on device" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edition"]
