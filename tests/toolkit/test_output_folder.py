"""`build --out`: it never destroys what it did not make, never leaves a moment without a
complete output folder, cleans up after killed builds, and runs one build per folder at a time;
an interruption is one coded line (a failing disk: test_output_folder_disk.py)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from tei_edition.cli import main
from tei_edition.core import output_folder
from support import FIXTURES
from support.output_folders import CODED, leftovers, one_coded_line, snapshot
from support.waiting import wait_for

MINIMAL = FIXTURES / "minimal.xml"


def cli(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tei_edition.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def temp_with(parent: Path, name: str = "out", inside: str = "tei") -> bool:
    return any((p / inside).exists() for p in parent.glob(f".{name}.tmp-*"))


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A project folder: edition/ with the master (and its source folder), like the repository."""
    edition = tmp_path / "project" / "edition"
    (edition / "source").mkdir(parents=True)
    shutil.copy(MINIMAL, edition / "m.xml")
    (edition / "source" / "notes.txt").write_text("the editors' notes\n", encoding="utf-8")
    return tmp_path / "project"


# --- never destroy what it did not make ----------------------------------------------------

@pytest.mark.parametrize("out", [".", "edition", "edition/source", "/", "..", "{root}", "{root}/edition",
                                 "{root}/edition/m.xml"])
def test_out_never_names_the_project_or_what_holds_the_master(out, project, runner, monkeypatch):
    monkeypatch.chdir(project)
    before = snapshot(project)
    result = runner.invoke(main, ["build", "--master", "edition/m.xml", "--out", out.format(root=project)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and CODED.match(lines[0]) and "[E0110]" in lines[0], result.output
    assert snapshot(project) == before
    assert sorted(p.name for p in project.iterdir()) == ["edition"]


def test_an_existing_folder_that_is_not_a_build_is_refused(tmp_path, runner):
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("precious\n")
    result = runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(mine)])
    assert result.exit_code == 1 and "[E0110]" in result.output and "not a previous build" in result.output
    assert (mine / "chapter1.tex").read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]


def test_a_folder_inside_a_build_is_refused(tmp_path, runner):
    """The next build of the outer folder would remove it with the rest, unasked."""
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    before = snapshot(out)
    result = runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out / "site" / "preview")])
    assert one_coded_line(result, "E0110").startswith(f"{out / 'site' / 'preview'}:0:0: [E0110] ")
    assert snapshot(out) == before and not (out / "site" / "preview").exists()


def test_a_file_is_refused(tmp_path, runner):
    target = tmp_path / "out"
    target.write_text("a file\n")
    result = runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(target)])
    assert result.exit_code == 1 and "[E0110]" in result.output
    assert target.read_text() == "a file\n"


@pytest.mark.parametrize("command", ["build", "package"])
def test_a_folder_whose_lock_cannot_be_made_is_named_not_its_lock(command, runner, request):
    """/proc holds no new files: the error named the lock file (/proc/.x.lock), which the user
    never named, as if it were the output."""
    given = ["--master", str(MINIMAL)] if command == "build" else \
        ["--build", str(request.getfixturevalue("built_minimal"))]
    result = runner.invoke(main, [command, *given, "--out", "/proc/x"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("/proc/x:0:0: [E0102] could not write here: the lock file "
                                                   "beside it, .x.lock, cannot be made: "), result.output


def test_a_failed_build_into_new_folders_leaves_none_of_them(tmp_path, runner):
    """The folders above a new --out were made before the build and stayed after it failed."""
    master = tmp_path / "m.xml"
    master.write_text(MINIMAL.read_text(encoding="utf-8").replace('ref="#', 'ref="#nobody-'), encoding="utf-8")
    (tmp_path / "kept").mkdir()
    result = runner.invoke(main, ["build", "--master", str(master), "--out", str(tmp_path / "kept" / "a" / "b" / "out")])
    assert result.exit_code == 1 and "[E0211]" in result.output, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept", "m.xml"] and not any((tmp_path / "kept").iterdir())
    result = runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(tmp_path / "kept" / "a" / "b" / "out")])
    assert result.exit_code == 0 and (tmp_path / "kept" / "a" / "b" / "out" / "manifest.json").is_file(), result.output


def test_new_empty_and_previous_builds_are_accepted(tmp_path, runner):
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (tmp_path / "new" / "deeper", empty, empty):  # the last: a previous build
        result = runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert (out / output_folder.MARKER).is_file() and (out / "manifest.json").is_file()
    assert output_folder.MARKER in (empty / "manifest.json").read_text()


def test_the_folder_has_the_mode_a_new_folder_gets(tmp_path, runner):
    """Not mkdtemp's 0700: a web server running as another user must be able to read the site."""
    (tmp_path / "plain").mkdir()
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    assert out.stat().st_mode & 0o777 == (tmp_path / "plain").stat().st_mode & 0o777


def test_a_build_made_before_the_marker_is_recognised_by_its_manifest(tmp_path, runner):
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    (out / output_folder.MARKER).unlink()
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    (out / output_folder.MARKER).unlink()
    (out / "notes.txt").write_text("not listed in the manifest\n")
    result = runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)])
    assert result.exit_code == 1 and "[E0110]" in result.output
    assert (out / "notes.txt").is_file()


def test_a_folder_whose_manifest_is_a_fifo_is_refused_without_waiting(tmp_path):
    """In a child process: recognising a build without its marker read the manifest, and waited
    for a writer that never came."""
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "manifest.json")
    done = subprocess.run([sys.executable, "-m", "tei_edition.cli", "build", "--master", str(MINIMAL), "--out",
                           str(out)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "[E0110]" in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr
    assert [p.name for p in out.iterdir()] == ["manifest.json"] and leftovers(tmp_path) == []


# --- the swap: never a moment without a complete output folder ------------------------------

POLLER = textwrap.dedent("""
    import os, sys
    out, stop = sys.argv[1], sys.argv[2]
    looks = misses = 0
    while not os.path.exists(stop):
        looks += 1
        if not (os.path.isfile(os.path.join(out, "manifest.json"))
                and os.path.isfile(os.path.join(out, "site", "index.html"))):
            misses += 1
        if looks == 1:
            print("looking", flush=True)
    print(looks, misses)
""")


def _poll(out: Path, stop: Path) -> subprocess.Popen:
    poller = subprocess.Popen([sys.executable, "-c", POLLER, str(out), str(stop)], stdout=subprocess.PIPE, text=True)
    # looking before the first swap (a fixed sleep did not wait for a slow start: no look at all)
    assert poller.stdout is not None and poller.stdout.readline() == "looking\n"
    return poller


def _finish(poller: subprocess.Popen, stop: Path) -> tuple[int, int]:
    stop.touch()
    looks, misses = map(int, poller.communicate(timeout=60)[0].split())
    return looks, misses


def test_a_reader_never_finds_the_folder_missing_during_swaps(tmp_path):
    out, stop = tmp_path / "out", tmp_path / "stop"

    def complete(folder: Path, n: int) -> Path:
        (folder / "site").mkdir(parents=True)
        (folder / "site" / "index.html").write_text(f"<p>{n}</p>")
        (folder / "manifest.json").write_text("{}")
        return folder

    output_folder.swap_in(complete(tmp_path / "first", 0), out)
    poller = _poll(out, stop)
    for n in range(300):
        output_folder.swap_in(complete(Path(tempfile.mkdtemp(dir=tmp_path, prefix=".out.tmp-")), n), out)
    looks, misses = _finish(poller, stop)
    assert (out / "site" / "index.html").read_text() == "<p>299</p>"
    assert looks > 1000 and misses == 0
    assert leftovers(tmp_path) == []


def test_a_reader_never_finds_the_folder_missing_during_builds(tmp_path, runner):
    out, stop = tmp_path / "out", tmp_path / "stop"
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    poller = _poll(out, stop)
    for _ in range(3):
        assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    looks, misses = _finish(poller, stop)
    assert looks > 1000 and misses == 0


# --- killed, interrupted and concurrent builds ------------------------------------------------

def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path, runner):
    out = tmp_path / "out"
    build = cli("build", "--master", str(MINIMAL), "--out", str(out))
    wait_for(lambda: temp_with(tmp_path) or build.poll() is not None)
    build.kill()  # SIGKILL: no clean-up can run
    build.wait(timeout=60)
    assert [n for n in leftovers(tmp_path) if ".tmp-" in n], "the killed build left nothing to clean"
    assert not out.exists()
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    assert leftovers(tmp_path) == []
    assert (out / "manifest.json").is_file()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "sigterm", "sighup"])
def test_an_interrupted_build_is_one_coded_line_and_leaves_the_output(sig, tmp_path, runner):
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    before = snapshot(out)
    build = cli("build", "--master", str(MINIMAL), "--out", str(out))
    wait_for(lambda: temp_with(tmp_path))
    build.send_signal(sig)
    stdout, stderr = build.communicate(timeout=60)
    assert build.returncode == 130, stdout + stderr
    assert stderr.splitlines() == [line for line in stderr.splitlines() if CODED.match(line)] != []
    assert "[E0112]" in stderr and "Traceback" not in stderr
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("swap", ["exchange", "two renames"])
def test_a_ctrl_c_while_the_previous_build_is_removed_ends_the_removal_then_the_command(swap, tmp_path, runner):
    """After the swap the previous build is removed (1.5 s for the real edition). A Ctrl-C then
    stopped the removal: the command said the rest was a permission problem (W0111), exited 0 and
    left it beside the output. The removal is made slow here, and the Ctrl-C sent to the process
    group as a terminal does."""
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    previous = out.stat().st_ino
    started = tmp_path / "removing"
    (tmp_path / "driver").mkdir()
    (tmp_path / "driver" / "slow_removal.py").write_text(textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from tei_edition.core import output_folder

        real = output_folder.discard

        def slow(root):
            Path({str(started)!r}).touch()
            time.sleep(1)
            real(root)

        output_folder.discard = slow
        if {swap == "two renames"}:
            output_folder._exchange = lambda a, b: False
        from tei_edition.cli import main
        sys.argv = ["tei-edition", *sys.argv[1:]]
        main()
        """), encoding="utf-8")
    build = subprocess.Popen([sys.executable, "-m", "slow_removal", "build", "--master", str(MINIMAL), "--out",
                              str(out), "--full", "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, cwd=tmp_path / "driver", start_new_session=True)
    try:
        wait_for(lambda: started.exists() or build.poll() is not None, what="the removal")
        os.killpg(build.pid, signal.SIGINT)
        stdout, stderr = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
            build.communicate()
    assert build.returncode == 130 and stdout == "", stdout + stderr
    assert stderr.splitlines() == [f"tei-edition:0:0: [E0112] interrupted (SIGINT, after the swap: {out} holds "
                                   f"the new folder)"]
    assert out.stat().st_ino != previous and (out / "manifest.json").is_file()  # the new build
    assert leftovers(tmp_path) == []  # the previous one removed all the same


def test_a_build_started_under_nohup_outlives_its_terminal(tmp_path):
    """A hang-up the command was told to ignore (`nohup`, which sets SIGHUP to be ignored before
    the command starts) must not stop it: only an unprotected build cleans up and ends."""
    out = tmp_path / "out"
    build = cli("build", "--master", str(MINIMAL), "--out", str(out), "--full",
                preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    wait_for(lambda: temp_with(tmp_path) or build.poll() is not None)
    build.send_signal(signal.SIGHUP)
    stdout, stderr = build.communicate(timeout=120)
    assert build.returncode == 0, stdout + stderr
    assert "[E0112]" not in stderr and (out / "manifest.json").is_file() and leftovers(tmp_path) == []


def test_a_second_build_into_the_same_folder_fails_fast(tmp_path):
    out = tmp_path / "out"
    first = cli("build", "--master", str(MINIMAL), "--out", str(out))
    wait_for(lambda: temp_with(tmp_path) or first.poll() is not None)
    first.send_signal(signal.SIGSTOP)  # hold the first build mid-way, whatever the machine's speed
    try:
        second = cli("build", "--master", str(MINIMAL), "--out", str(out))
        stdout, stderr = second.communicate(timeout=60)
    finally:
        first.send_signal(signal.SIGCONT)
    assert second.returncode == 1, stdout + stderr
    assert len(stderr.splitlines()) == 1 and CODED.match(stderr.strip()) and "[E0111]" in stderr
    assert str(first.pid) in stderr
    out1, err1 = first.communicate(timeout=120)
    assert first.returncode == 0, out1 + err1
    assert (out / "manifest.json").is_file() and leftovers(tmp_path) == []


def test_builds_into_different_folders_run_side_by_side(tmp_path):
    builds = [cli("build", "--master", str(MINIMAL), "--out", str(tmp_path / name)) for name in ("a", "b")]
    for build in builds:
        stdout, stderr = build.communicate(timeout=120)
        assert build.returncode == 0, stdout + stderr



@pytest.mark.parametrize("kind", ["link", "hard link", "fifo"])
def test_a_lock_name_that_holds_another_file_is_never_written_over(kind, tmp_path, runner):
    """The lock file is truncated when taken: through a link it destroyed the file linked to."""
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out)]).exit_code == 0
    before = snapshot(out)
    precious = tmp_path / "precious.txt"
    precious.write_text("precious\n")
    lock = tmp_path / ".out.lock"
    {"link": lambda: lock.symlink_to(precious), "hard link": lambda: os.link(precious, lock),
     "fifo": lambda: os.mkfifo(lock)}[kind]()
    result = runner.invoke(main, ["build", "--master", str(MINIMAL), "--out", str(out), "--full"])
    assert one_coded_line(result, "E0117").startswith(str(lock))
    assert precious.read_text() == "precious\n" and os.path.lexists(lock)
    assert snapshot(out) == before and leftovers(tmp_path) == [".out.lock"]
