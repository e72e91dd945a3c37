"""`build --out` when the disk fails (full, read-only, no permission to make the temporary
folder: simulated, and on a real small tmpfs) and at the last resort (an unexpected error): one
coded line, and the previous output kept (the folder's other rules: test_output_folder.py)."""

from __future__ import annotations

import errno
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from tei_edition.cli import main
from support import FIXTURES
from support.output_folders import CODED, leftovers, one_coded_line, snapshot

MINIMAL = FIXTURES / "minimal.xml"


# --- the disk: full, read-only, no permission ------------------------------------------------

@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT])
def test_a_write_failure_is_one_coded_line_and_keeps_the_output(err, tmp_path, runner, monkeypatch):
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    before = snapshot(out)
    real = Path.write_bytes

    def failing(self, data):
        if ".out.tmp-" in str(self):
            raise OSError(err, os.strerror(err), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    line = one_coded_line(runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out), "--full"]),
                           "E0102")
    assert os.strerror(err) in line
    assert snapshot(out) == before and leftovers(tmp_path) == []


def test_no_permission_to_create_the_temporary_folder(tmp_path, runner, monkeypatch):
    def refused(*_a, **_k):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    line = one_coded_line(runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(tmp_path / "o")]),
                           "E0102")
    assert "Permission denied" in line


@pytest.fixture()
def small_disk(tmp_path, runner):
    """A real tmpfs that holds one build of the minimal fixture but not two. Mounting needs root:
    run by another user the two tests skip (the simulated ENOSPC/EROFS tests above still run),
    except under CI, where they fail; run by root, as CI is, a failed mount fails them."""
    if os.geteuid() != 0:
        if os.environ.get("CI"):  # CI must run them: a skip there would hide that the real-disk case is untested
            pytest.fail("CI runs the tests as root, to mount a tmpfs; run by another user here")
        pytest.skip("mounting a tmpfs needs root (CI runs as root and runs these tests)")
    probe = tmp_path / "probe"
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(probe)]).exit_code == 0
    pages = sum(-(-f.stat().st_size // 4096) for f in probe.rglob("*") if f.is_file())
    mount = tmp_path / "disk"
    mount.mkdir()
    size = f"{pages * 4 * 3 // 2}k"  # one build and a half, in KiB
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.fail(f"cannot mount a tmpfs as root: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_real_full_disk(small_disk, runner):
    out = small_disk / "out"
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    before = snapshot(out)
    result = runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out), "--full"])
    line = one_coded_line(result, "E0102")
    assert "No space left on device" in line
    assert snapshot(out) == before and leftovers(small_disk) == []


def test_a_real_read_only_disk(small_disk, runner):
    out = small_disk / "out"
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    before = snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    line = one_coded_line(runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]), "E0102")
    assert "Read-only file system" in line
    assert snapshot(out) == before


# --- the last resort ---------------------------------------------------------------------------

def test_an_unexpected_error_isone_coded_line(runner, monkeypatch):
    import tei_edition.citation.cite as cite

    def broken(*_a, **_k):
        raise ValueError("planted\nbug")

    monkeypatch.setattr(cite, "citation", broken)
    result = runner.invoke(main, ["cite", "p1", "--master", str(MINIMAL)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    assert len(lines) == 1 and CODED.match(lines[0]), result.output
    assert "[E0199]" in lines[0] and "ValueError: planted\\nbug" in lines[0]