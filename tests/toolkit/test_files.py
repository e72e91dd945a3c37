"""core/files: write_atomic (the mode kept, the umask respected, the write all or nothing) and remove_tree."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tei_edition.core import files
from tei_edition.core.files import write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture()
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_rewrite_keeps_the_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "master.xml"
    target.write_text("old")
    for mode in (0o644, 0o640, 0o664, 0o600):
        target.chmod(mode)
        write_atomic(target, "new")
        assert _mode(target) == mode
    assert target.read_text() == "new"


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_new_file_gets_the_umask_mode(tmp_path: Path, umask: int, expected: int) -> None:
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "new.lock", b"data")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new.lock") == expected


def test_text_is_written_as_utf8_without_newline_translation(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    write_atomic(target, "Miasnikov — Мясников\r\nline\n")
    assert target.read_bytes() == "Miasnikov — Мясников\r\nline\n".encode()


def test_failure_mid_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "master.xml"
    target.write_text("the old text")
    real_write = os.write
    calls: list[int] = []

    def write_then_fail(fd: int, data: bytes | memoryview) -> int:
        calls.append(fd)
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        return real_write(fd, bytes(data)[:3])  # a short write, then the disk is full

    monkeypatch.setattr(files.os, "write", write_then_fail)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "a much longer new text")
    monkeypatch.undo()
    assert len(calls) == 2
    assert target.read_text() == "the old text"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["master.xml"]  # no temporary left


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    monkeypatch.setattr(files.os, "write", lambda fd, data: real_write(fd, bytes(data)[:2]))
    write_atomic(tmp_path / "f", b"0123456789")
    assert (tmp_path / "f").read_bytes() == b"0123456789"


def test_data_and_folder_are_synced_before_and_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "master.xml"
    target.write_text("old")
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync-dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file")
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "fsync", fsync)
    monkeypatch.setattr(files.os, "replace", replace)
    write_atomic(target, "new")
    assert events == ["fsync-file", "rename", "fsync-dir"]


def test_failed_rename_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "master.xml"
    target.write_text("old")

    def refuse(src: str | Path, dst: str | Path) -> None:
        raise PermissionError("refused")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_atomic(target, "new")
    monkeypatch.undo()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["master.xml"]


def test_a_symbolic_link_is_kept_and_its_target_rewritten(tmp_path: Path) -> None:
    real = tmp_path / "real.xml"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.xml"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert _mode(real) == 0o640


def _tree(root: Path, outside: Path, files_per_folder: int) -> None:
    """Folders of files, a link to a folder outside and a link to a file outside."""
    for folder in ("a", "a/b", "c;down=1"):
        (root / folder).mkdir(parents=True)
        for i in range(files_per_folder):
            (root / folder / f"{i}.json").write_text("{}")
    (outside / "kept").mkdir(parents=True)
    (outside / "kept" / "file.txt").write_text("kept")
    (root / "a" / "link-to-folder").symlink_to(outside / "kept")
    (root / "link-to-file").symlink_to(outside / "kept" / "file.txt")


@pytest.mark.parametrize("per_folder", [3, 1000])  # one thread; several (3,000 files)
def test_remove_tree_removes_all_and_follows_no_link(per_folder: int, tmp_path: Path):
    import threading

    root, outside = tmp_path / "build", tmp_path / "outside"
    _tree(root, outside, per_folder)
    threads = set(threading.enumerate())  # not a count: another test's thread may end meanwhile
    files.remove_tree(root)
    assert not root.exists()
    assert (outside / "kept" / "file.txt").read_text() == "kept"  # what a link pointed to stays
    assert set(threading.enumerate()) <= threads  # its threads have ended: a build may still fork


def test_remove_tree_reports_what_it_cannot_remove(tmp_path: Path):
    """As shutil.rmtree does: an error, unless told to ignore it."""
    with pytest.raises(FileNotFoundError):
        files.remove_tree(tmp_path / "missing")
    files.remove_tree(tmp_path / "missing", ignore_errors=True)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(NotADirectoryError):
        files.remove_tree(tmp_path / "a-file")
    assert (tmp_path / "a-file").read_text() == "x"


@pytest.mark.parametrize("failing", ["open", "replace", "write", "fsync"])
def test_a_failed_write_is_reported_at_the_file_not_at_its_temporary_name(tmp_path, monkeypatch, failing: str):
    """An editor's E0102 named `.m.xml.af291944.tmp`, a file the editor never asked for; a failed
    write or fsync (a full disk) named none, and was `tei-edition:0:0: ... could not write its output`."""
    target = tmp_path / "m.xml"
    target.write_text("old", encoding="utf-8")
    real = getattr(os, failing)

    def refuse(*args, **kwargs):
        if failing in ("write", "fsync"):  # on the temporary file's descriptor, as the kernel: no name
            raise PermissionError(13, "Permission denied")
        if ".tmp" in str(args[0]):  # the temporary file (opened, or renamed from)
            raise PermissionError(13, "Permission denied", str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(files.os, failing, refuse)
    with pytest.raises(OSError) as caught:
        files.write_atomic(target, "new")
    assert caught.value.filename == str(target) and caught.value.strerror == "Permission denied"
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["m.xml"]


def test_a_read_only_file_is_not_replaced(tmp_path):
    """A rename replaces a file whatever its permission bits: a 0444 master was rewritten."""
    target = tmp_path / "m.xml"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(PermissionError) as caught:
        write_atomic(target, "new")
    assert caught.value.filename == str(target) and "read-only" in caught.value.strerror
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["m.xml"]


def test_a_rewrite_removes_the_temporary_file_a_killed_rewrite_left(tmp_path: Path) -> None:
    """An editor's command (annotate, anchors accept …) killed mid-write left `.<name>.*.tmp`
    beside the master for good."""
    target = tmp_path / "master.xml"
    target.write_text("old")
    (tmp_path / ".master.xml.0123abcd.tmp").write_text("half of the new")
    write_atomic(target, "new")
    assert [p.name for p in tmp_path.iterdir()] == ["master.xml"] and target.read_text() == "new"
