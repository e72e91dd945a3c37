"""core/interrupts.py: an interruption is remembered as well as raised, so a build stops even
when Python drops the KeyboardInterrupt (raised inside a callback whose errors it ignores, as
a full test run once showed: "Exception ignored in: <function _get_module_lock…>")."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tei_edition.build import build
from tei_edition.core.build_context import BuildContext
from tei_edition.core import interrupts
from tei_edition.core.xmlio import read_tei
from support import FIXTURES

MINIMAL = FIXTURES / "minimal.xml"


@pytest.fixture(autouse=True)
def no_interruption_left():
    interrupts.clear()
    yield
    interrupts.clear()


def test_a_build_stops_at_its_next_stage_when_the_exception_was_lost(tmp_path: Path):
    interrupts.note("SIGTERM")  # as the signal handler does before raising
    with pytest.raises(KeyboardInterrupt, match="SIGTERM"):
        build(MINIMAL, tmp_path / "out", full=True)
    assert not (tmp_path / "out").exists() and list(tmp_path.iterdir()) == []


def test_waiting_for_a_background_job_sees_the_interruption_and_stops_the_job(tmp_path: Path):
    ctx = BuildContext(master=MINIMAL, tree=read_tei(MINIMAL), out=tmp_path)
    stopped = threading.Event()
    ctx.in_background("endless", lambda: stopped.wait(timeout=60), stop=stopped.set)
    threading.Timer(0.2, interrupts.note, args=("SIGINT",)).start()
    with pytest.raises(KeyboardInterrupt, match="SIGINT"):
        ctx.wait_background()
    assert stopped.is_set()


def test_without_an_interruption_nothing_is_raised():
    interrupts.check()
    interrupts.note("SIGINT")
    interrupts.clear()
    interrupts.check()


def test_the_watch_loop_ends_on_an_interruption_whose_exception_was_lost(tmp_path: Path):
    from support.editing import copy_master
    from tei_edition.serve import App
    from tei_edition.watch import LiveView, Watcher

    master, out = copy_master(tmp_path), tmp_path / "build"
    view = LiveView()
    watcher = Watcher(master, out, view, App(out, live=view), echo=lambda text, err: None)
    noted = threading.Event()

    def note_once_built() -> None:  # after the first build, while the loop only polls
        while not (out / "manifest.json").exists():
            noted.wait(0.05)
        interrupts.note("SIGTERM")
        noted.set()

    threading.Thread(target=note_once_built, daemon=True).start()
    give_up = threading.Event()
    timer = threading.Timer(60, give_up.set)  # a loop that misses it fails the test, not hangs it
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt, match="SIGTERM"):
            watcher.run(give_up)  # in the main thread, as the command runs it
    finally:
        timer.cancel()
    assert noted.is_set() and not give_up.is_set()


def test_a_server_in_the_main_thread_ends_on_an_interruption_whose_exception_was_lost(tmp_path: Path):
    from tei_edition.serve_http import make_server

    (tmp_path / "site").mkdir()
    server = make_server(tmp_path, 0)
    threading.Timer(0.2, interrupts.note, args=("SIGINT",)).start()
    give_up = threading.Timer(30, server.shutdown)  # a server that misses it fails the test, not hangs it
    give_up.start()
    try:
        with pytest.raises(KeyboardInterrupt, match="SIGINT"):
            server.serve_forever()
    finally:
        give_up.cancel()
        server.server_close()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "sigterm", "sighup"])
def test_an_interruption_inside_code_run_from_a_string_still_exits_130(sig, tmp_path: Path):
    # as when the signal lands while a stage's module is imported (dataclasses make methods with
    # exec): CPython marked the handled interruption unhandled, and a command run with -m (as
    # the tests and the bench run it) then ended by SIGINT (-2) instead of 130
    (tmp_path / "driver").mkdir()
    (tmp_path / "driver" / "interrupted_build.py").write_text(textwrap.dedent(f"""
        import sys
        from tei_edition.outputs import tei

        def publish_tei(ctx):
            exec("import os, signal, time\\nos.kill(os.getpid(), {int(sig)})\\ntime.sleep(30)")

        tei.publish_tei = publish_tei
        from tei_edition.cli import main
        sys.argv = ["tei-edition", *sys.argv[1:]]
        main()
        """), encoding="utf-8")
    build_process = subprocess.run([sys.executable, "-m", "interrupted_build", "build", "--master", str(MINIMAL),
                                    "--out", str(tmp_path / "out"), "--full", "--jobs", "1"],
                                   capture_output=True, text=True, timeout=120, cwd=tmp_path / "driver")
    assert build_process.returncode == 130, build_process.stderr
    assert build_process.stderr.splitlines() == [f"tei-edition:0:0: [E0112] interrupted ({sig.name})"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["driver"]


def _signalled_at_import(module: str, sig: signal.Signals, folder: Path) -> dict[str, str]:
    """An environment in which the process sends itself `sig` as it begins to import `module`
    (a sitecustomize in `folder`): the moment is the import's, not a timer's."""
    import os

    (folder / "sitecustomize.py").write_text(textwrap.dedent(f"""
        import os, sys, time

        class Interrupt:
            def find_spec(self, name, path=None, target=None):
                if name == {module!r}:
                    sys.meta_path.remove(self)
                    os.kill(os.getpid(), {int(sig)})
                    time.sleep(5)
                return None

        sys.meta_path.insert(0, Interrupt())
        """), encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), *sys.path])}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "sigterm", "sighup"])
def test_an_interruption_while_the_command_line_loads_is_one_coded_line(sig, tmp_path: Path):
    """Before the guard's handlers (~50 ms of imports): Python's traceback, or for SIGTERM no
    line at all. The signal is sent from inside the import of click, the command line's first."""
    done = subprocess.run([sys.executable, "-m", "tei_edition.cli", "build", "--master", str(MINIMAL), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=60,
                          env=_signalled_at_import("click", sig, tmp_path))
    assert done.returncode == 130, done.stderr
    assert done.stderr.splitlines() == [f"tei-edition:0:0: [E0112] interrupted ({sig.name})"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "sigterm", "sighup"])
def test_an_interruption_after_the_command_has_finished_changes_nothing(sig, tmp_path: Path):
    """While Python finalizes, it resets a signal's handler to the default: a Ctrl-C then ended a
    finished `validate` by SIGINT (exit -2, 6 of 60 Ctrl-Cs sent around its end), or printed
    E0112 for a command that had done its work. The signal is sent from Python's exit handlers."""
    import os

    (tmp_path / "sitecustomize.py").write_text(textwrap.dedent(f"""
        import atexit, os, signal, time

        atexit.register(lambda: (os.kill(os.getpid(), {int(sig)}), time.sleep(0.3)))
        """), encoding="utf-8")
    path = os.pathsep.join([str(tmp_path), *sys.path])
    done = subprocess.run([sys.executable, "-m", "tei_edition.cli", "validate", str(MINIMAL)],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": path})
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert done.stdout.startswith("1 file(s) valid") and done.stderr == ""


def test_an_interruption_during_validation_is_taken_at_once(tmp_path: Path):
    """lxml validates in native code, and a signal's handler runs only when the main thread is back
    in Python: a Ctrl-C waited for the validation to end (2 s at k = 64). It now runs beside the
    main thread, which takes the signal at once. The native call here is an XSLT 1.0 transform
    of many minutes (quadratic over 400,000 elements), in place of the schemas."""
    from support.waiting import interrupted_at_once, wait_for

    (tmp_path / "driver").mkdir()
    started = tmp_path / "started"
    (tmp_path / "driver" / "slow_validation.py").write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from lxml import etree
        from tei_edition.schema import validate

        DOC = etree.fromstring("<r>" + "<i/>" * 400000 + "</r>")
        SLOW = etree.XSLT(etree.fromstring(
            '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
            '<xsl:template match="/"><xsl:for-each select="//i">'
            '<xsl:if test="count(preceding::i) = -1">x</xsl:if></xsl:for-each></xsl:template>'
            '</xsl:stylesheet>'))

        def findings(tree):
            Path({str(started)!r}).touch()
            SLOW(DOC)
            return []

        validate._schema_findings = findings
        from tei_edition.cli import run
        sys.argv = ["tei-edition", *sys.argv[1:]]
        run()
        """), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "slow_validation", "validate", str(MINIMAL)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path / "driver")
    wait_for(started.exists, what="the validation")
    interrupted_at_once(proc, "the validation")


def test_a_job_waited_for_gives_its_result_or_its_failure():
    threads = set(threading.enumerate())  # not a count: another test's thread may end meanwhile
    assert interrupts.waiting_for(lambda: 42) == 42
    with pytest.raises(ValueError, match="bad"):
        interrupts.waiting_for(lambda: (_ for _ in ()).throw(ValueError("bad")))
    assert set(threading.enumerate()) <= threads  # its thread is gone: a build may still fork after it


def test_an_interruption_while_a_child_starts_is_raised_once_the_child_is_kept():
    """A signal held back in the thread that starts a child can still reach another thread of the
    command, and its handler then runs at the next step of this one, inside `subprocess.Popen`:
    the child, forked but not yet handed back, ran on unknown to the build (a typesetter left
    stopped, in 1 of 10 interrupted builds). The handler now only notes it while a child starts."""
    from tei_edition.cli.guard import _interrupt

    kept: list[str] = []

    def start() -> str:
        _interrupt(signal.SIGTERM, None)  # the handler, at a step inside the start
        kept.append("child")
        return "child"

    with pytest.raises(KeyboardInterrupt, match="SIGTERM"):
        interrupts.spawned(start)
    assert kept == ["child"]
    assert not interrupts.defer()


def test_an_interruption_lost_after_the_last_stage_still_keeps_the_build_out(tmp_path: Path, monkeypatch):
    """The exception of a signal that came while the manifest was written (inside an import's
    callback, say) was dropped, and no stage was left to check: the build was swapped in and
    the command exited 0 (once in a full run of the suite). It is checked before the swap."""
    import tei_edition.build as build_module

    out = tmp_path / "out"
    build(MINIMAL, out, full=True)
    before = sorted(p.name for p in out.iterdir())
    written = build_module.write_manifest

    def interrupted_while_written(*args, **kwargs):
        written(*args, **kwargs)
        interrupts.note("SIGTERM")  # as the handler does before its exception is lost

    monkeypatch.setattr(build_module, "write_manifest", interrupted_while_written)
    (out / "site" / "index.html").write_text("the previous build")
    with pytest.raises(KeyboardInterrupt, match="SIGTERM"):
        build(MINIMAL, out, full=True)
    assert (out / "site" / "index.html").read_text() == "the previous build"
    assert sorted(p.name for p in out.iterdir()) == before and [p.name for p in tmp_path.iterdir()] == ["out"]



def _console_script(folder: Path) -> Path:
    """The `tei-edition` program as an installer writes it from pyproject.toml's entry point."""
    import tomllib

    from support import CHECKOUT

    entry = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, function = entry["tei-edition"].split(":")
    script = folder / "tei-edition"
    script.write_text(f"#!{sys.executable}\nimport sys\nfrom {module} import {function}\nif __name__ == '__main__':\n"
                      f"    sys.argv[0] = sys.argv[0].removesuffix('.exe')\n    sys.exit({function}())\n",
                      encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("program", ["script", "-m"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "sigterm", "sighup"])
def test_an_interruption_before_the_handlers_were_taken_is_one_coded_line(sig, program: str, tmp_path: Path):
    """`early` imported `signal` (and with it `enum`), threading and the toolkit's first modules
    before it took the signals: 10 ms in which a Ctrl-C was Python's traceback (exit -2; 20 of
    60 Ctrl-Cs sent at once to a starting command), a SIGTERM no line at all. The signal is sent
    from inside the first import of the toolkit's own modules (tei_edition.core)."""
    start = [str(_console_script(tmp_path))] if program == "script" else [sys.executable, "-m", "tei_edition.cli"]
    done = subprocess.run([*start, "validate", str(MINIMAL)], capture_output=True, text=True, timeout=60,
                          env=_signalled_at_import("tei_edition.core", sig, tmp_path))
    assert done.returncode == 130, done.stderr
    assert done.stderr.splitlines() == [f"tei-edition:0:0: [E0112] interrupted ({sig.name})"]


@pytest.mark.parametrize("where", ["main thread", "worker thread"])
def test_the_waiting_thread_does_its_own_work_while_the_job_runs(where: str):
    """Validation runs its checks in Python while lxml validates in the job's thread (a large
    edition's dates and links: about a second at k = 64). The job here ends only once the waiting
    thread's work has begun, so run one after the other they would never meet."""
    begun, seen = threading.Event(), []

    def job() -> str:
        seen.append(begun.wait(timeout=30))
        return "job"

    def call() -> None:
        seen.append(interrupts.waiting_for(job, begun.set))

    if where == "main thread":
        call()
    else:
        thread = threading.Thread(target=call)
        thread.start()
        thread.join()
    assert seen == [True, "job"]


def test_the_waiting_threads_failure_is_raised_once_the_job_has_ended():
    threads = set(threading.enumerate())
    ended = threading.Event()

    def job() -> None:
        threading.Event().wait(0.2)  # still running when the waiting thread's work fails
        ended.set()

    def failing() -> None:
        raise ValueError("own check")

    with pytest.raises(ValueError, match="own check"):
        interrupts.waiting_for(job, failing)
    assert ended.is_set() and set(threading.enumerate()) <= threads
