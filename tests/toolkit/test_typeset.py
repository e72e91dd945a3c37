"""Typst compiles in a child process (outputs/typeset.py): the memory of its layout cache is
given back after each compile, an interrupted build stops it at once, and it never outlives
the build that started it."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tei_edition.core.problems import EditionError
from tei_edition.outputs import pdf, typeset, typeset_child
from support import FIXTURES
from support.waiting import children_of, cmdline, end_all, gone, wait_for

MINIMAL = FIXTURES / "minimal.xml"
CODED = re.compile(r"^[^\n]*:\d+:\d+: \[[EW]\d{4}\] [^\n]+$")
WHEN = dt.datetime(2021, 9, 12, tzinfo=dt.timezone.utc)
# Typst's interpreter runs this for minutes: a compile that only ends when it is stopped
ENDLESS = "#let x = 0\n#for i in range(100000) { for j in range(100000) { x += 1 } }\n#x\n"


def resident_mib() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def typesetters_of(pid: int) -> list[int]:
    return [c for c in children_of(pid) if typeset_child.__name__.encode() in cmdline(c)]


@pytest.fixture()
def start_build(tmp_path):
    """Start `tei-edition build` of the minimal master and wait for its Typst child: (build, child).
    Whatever the test's outcome, neither is left running."""
    started: list[subprocess.Popen] = []

    def start(**popen) -> tuple[subprocess.Popen, int]:
        build = subprocess.Popen([sys.executable, "-m", "tei_edition.cli", "build", "--master", str(MINIMAL),
                                  "--out", str(tmp_path / "out")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, **popen)
        started.append(build)
        found: list[int] = []
        wait_for(lambda: bool(found.extend(typesetters_of(build.pid)) or found))
        started_children.append(found[0])
        return build, found[0]

    started_children: list[int] = []
    yield start
    end_all(started_children, started)


def ended_by_interruption(build: subprocess.Popen, child: int, out: Path) -> None:
    """The build ended at once as an interrupted command does, its child with it, writing nothing."""
    stdout, stderr = build.communicate(timeout=60)
    assert build.returncode == 130, stdout + stderr
    assert [line for line in stderr.splitlines() if CODED.match(line)] == stderr.splitlines() != []
    assert "[E0112]" in stderr
    wait_for(lambda: gone(child), timeout=10)
    assert not out.exists()


def test_compiles_give_their_memory_back():
    # in the build's own process Typst's cache grew by ~38 MiB a compile of this text
    def compile_once(i: int) -> bytes:
        return pdf.compile_pdf(f'#set document(title: "Test")\n#set page(header: context counter(page).display())\n#"{i}" #lorem(30000)\n',
                               "master.xml", WHEN)

    assert compile_once(0).startswith(b"%PDF-")
    before = resident_mib()
    for i in range(1, 4):
        assert compile_once(i).startswith(b"%PDF-")
    assert resident_mib() - before < 20


def test_a_typst_error_is_one_coded_problem_at_the_master():
    with pytest.raises(EditionError) as caught:
        pdf.compile_pdf('#let x = (\n#nonsense(', "master.xml", WHEN)
    [problem] = caught.value.problems
    assert problem.code == "E0101" and problem.path == "master.xml"
    assert str(problem).startswith("master.xml:0:0: [E0101] typst: ") and "\n" not in str(problem)


def test_an_unknown_paper_is_refused_at_its_option():
    """Only through the API (the command line offers a choice): at --paper, not at the master."""
    with pytest.raises(EditionError) as caught:
        pdf.compile_pdf("Text", "master.xml", WHEN, "b5")
    assert str(caught.value.problems[0]) == "--paper:1:1: [E0103] unknown paper 'b5' (one of a4, a5, letter)"


def test_a_stopped_typesetter_is_a_coded_problem():
    import threading

    result: list[BaseException] = []
    typesetter = typeset.Typesetter()

    def run() -> None:
        try:
            pdf.compile_pdf(ENDLESS, "master.xml", WHEN, typesetter=typesetter)
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            result.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    wait_for(lambda: typesetters_of(os.getpid()) != [])
    typesetter.stop()
    worker.join(timeout=60)
    assert not worker.is_alive()
    [exc] = result
    assert isinstance(exc, EditionError)
    assert "stopped by signal 9" in str(exc.problems[0])
    with pytest.raises(EditionError, match="stopped"):  # a stopped typesetter starts nothing more
        pdf.compile_pdf("Text", "master.xml", WHEN, typesetter=typesetter)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_build_stops_its_typesetter(sig, tmp_path, start_build):
    build, child = start_build()
    os.kill(child, signal.SIGSTOP)  # held mid-compile, however fast the machine
    build.send_signal(sig)
    ended_by_interruption(build, child, tmp_path / "out")


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def idle(pid: int, seconds: float = 0.5) -> bool:
    before = cpu_ticks(pid)
    time.sleep(seconds)
    return cpu_ticks(pid) == before


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_build_waiting_for_its_typesetter_is_interrupted_at_once(sig, tmp_path, start_build):
    # every other stage done, the build only waits for the compile (held stopped): the signal
    # must stop the compile, not wait for it
    build, child = start_build()
    os.kill(child, signal.SIGSTOP)
    wait_for(lambda: any((t / "epub").is_dir() for t in tmp_path.glob(".out.tmp-*")) and idle(build.pid))
    build.send_signal(sig)
    ended_by_interruption(build, child, tmp_path / "out")


def test_ctrl_c_in_a_terminal_ends_the_build_and_its_typesetter(tmp_path, start_build):
    # a terminal's Ctrl-C reaches the whole process group: the child leaves the decision to the build
    build, child = start_build(start_new_session=True)
    os.killpg(build.pid, signal.SIGINT)
    ended_by_interruption(build, child, tmp_path / "out")


def test_the_typesetter_ends_when_its_build_is_killed(tmp_path):
    # a parent that starts a compile that would run for minutes, as the build starts it (the
    # child's arguments are the Typesetter's own), then dies without clean-up
    parent = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import datetime as dt, subprocess, time
        from tei_edition.outputs.typeset import Typesetter
        args = Typesetter._args(".", dt.datetime(2021, 9, 12, tzinfo=dt.timezone.utc), "a4")
        child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        child.stdin.write({ENDLESS!r}.encode()); child.stdin.close()
        print(child.pid, flush=True)
        time.sleep(600)
        """)], stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        child = int(parent.stdout.readline())
        # compiling: more CPU than starting Python and Typst takes; a child that could not
        # start (wrong arguments) is gone by then
        wait_for(lambda: gone(child) or cpu_ticks(child) > 1.5 * os.sysconf("SC_CLK_TCK"), what="the child's compile")
        assert not gone(child)
        parent.kill()  # SIGKILL: the build can do nothing more
        parent.wait(timeout=60)
        wait_for(lambda: gone(child), timeout=30)
    finally:  # a failure here must not leave the parent to the next tests
        parent.kill()
        parent.wait(timeout=60)


SMALL = '#set document(title: "Test")\nText'


def readied_child(typesetter: typeset.Typesetter, paper: str) -> int:
    typesetter.ready(str(pdf.TEMPLATE_DIR), WHEN, paper)
    wait_for(lambda: typesetters_of(os.getpid()) != [], what="the child")  # its command line, once it is exec'd
    [child] = typesetters_of(os.getpid())
    return child


def test_a_readied_child_compiles_the_source_it_was_readied_for():
    typesetter = typeset.Typesetter()
    readied = readied_child(typesetter, "a4")
    assert pdf.compile_pdf(SMALL, "master.xml", WHEN, typesetter=typesetter).startswith(b"%PDF-")
    assert typesetter._child is not None and typesetter._child.pid == readied  # no second child
    assert typesetters_of(os.getpid()) == []


def test_a_child_readied_for_other_settings_or_never_used_is_ended():
    typesetter = typeset.Typesetter()
    readied = readied_child(typesetter, "a5")
    assert pdf.compile_pdf(SMALL, "master.xml", WHEN, "a4", typesetter=typesetter).startswith(b"%PDF-")
    assert gone(readied) and typesetter._child is not None and typesetter._child.pid != readied
    unused = typeset.Typesetter()
    idle_child = readied_child(unused, "a4")
    unused.stop()  # as the build does when the previous build held the PDF
    assert gone(idle_child) and typesetters_of(os.getpid()) == []
