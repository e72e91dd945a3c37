"""A build's web stages in a second process (core/forked.py): the same outputs and warnings as one
process, a failure there reported as one coded line, an interruption or a killed build ending
it, and no fork where a copy of the process would not be safe."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from tei_edition.core import forked
from tei_edition.build import build
from tei_edition.core import xslt
from support import FIXTURES
from support.waiting import children_of, cmdline, end_all, gone, wait_for

MINIMAL = FIXTURES / "minimal.xml"
CODED = re.compile(r"^[^\n]*:\d+:\d+: \[[EW]\d{4}\] [^\n]+$")
# the site's stage, replaced in the build's process before the fork (the copy inherits it)
DRIVER = """
import sys, time
from pathlib import Path
from tei_edition.core.problems import EditionError, Problem
from tei_edition.outputs import html
{setup}

def build_site(ctx):
{body}

html.build_site = build_site
from tei_edition.cli import main
sys.argv = ["tei-edition", *sys.argv[1:]]
main()
"""


def run_build(master: Path, out: Path, *options: str, site: str | None = None, setup: str = "",
              **popen) -> subprocess.Popen:
    """`tei-edition build` in a process of its own (Saxon not yet started: it may fork);
    `site`: the body of a replacement for the site's stage; `setup`: code run before the build."""
    args = ["build", "--master", str(master), "--out", str(out), "--full", *options]
    if site is None:
        command = [sys.executable, "-m", "tei_edition.cli", *args]
    else:
        command = [sys.executable, "-c", DRIVER.format(body=textwrap.indent(textwrap.dedent(site), "    "), setup=setup),
                   *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def finished(build_process: subprocess.Popen) -> tuple[int, str, str]:
    stdout, stderr = build_process.communicate(timeout=120)
    return build_process.returncode, stdout, stderr


@pytest.fixture()
def started(tmp_path, tmp_path_factory):
    """Builds started by a test, each with the copy it forked, once the copy is in the site's
    stage (the pid it writes down there: a child with the build's command line may also be the
    XSLT worker or Typst between their fork and exec); none is left running."""
    processes: list[subprocess.Popen] = []
    copies: list[int] = []

    def start(site: str, **popen) -> tuple[subprocess.Popen, int]:
        said = tmp_path_factory.mktemp("copy") / "pid"
        announce = (f"import os\nPath({str(said) + '.part'!r}).write_text(str(os.getpid()))\n"
                    f"os.replace({str(said) + '.part'!r}, {str(said)!r})\n")
        process = run_build(MINIMAL, tmp_path / "out", site=announce + textwrap.dedent(site), **popen)
        processes.append(process)
        wait_for(lambda: said.exists() or process.poll() is not None)
        assert said.exists(), process.communicate()
        copy = int(said.read_text())
        copies.append(copy)
        assert copy in children_of(process.pid) and cmdline(copy) == cmdline(process.pid)
        return process, copy

    yield start
    end_all(copies, processes)


@pytest.fixture()
def warned(tmp_path) -> Path:
    """A master whose build warns in three stages: validation (before the fork), the site's
    (in the copy) and the TEI's (beside it, after the site's in the order of the stages)."""
    text = (FIXTURES / "map" / "places.xml").read_text(encoding="utf-8")
    text = text.replace('<p n="1" xml:id="p1">', '<?editor check this?><p n="1" xml:id="p1">', 1)
    text = text.replace('<placeName ref="#new-york">New York</placeName>.</p>',
                        '<placeName ref="#new-york">New York</placeName> (<ref target="notes/other.xml">notes</ref>).</p>', 1)
    master = tmp_path / "warned.xml"
    master.write_text(text, encoding="utf-8")
    return master


def test_two_processes_build_what_one_does_with_the_same_warnings(warned, tmp_path):
    results = {}
    for jobs in ("1", "2"):
        timings = tmp_path / f"timings-{jobs}.json"
        code, stdout, stderr = finished(run_build(warned, tmp_path / f"out-{jobs}", "--jobs", jobs,
                                                  "--timings", str(timings)))
        assert code == 0, stderr
        results[jobs] = (json.loads((tmp_path / f"out-{jobs}" / "manifest.json").read_text()), stderr,
                         json.loads(timings.read_text()))
    (manifest_1, warnings_1, timings_1), (manifest_2, warnings_2, timings_2) = results["1"], results["2"]
    assert "stages-aside" in timings_2 and "stages-aside" not in timings_1  # the second did fork
    assert manifest_2 == manifest_1
    codes = [re.search(r"\[(\w+)\]", line).group(1) for line in warnings_2.splitlines()]
    assert codes == ["W0250", "W0120", "W0320"]  # validate, html (in the copy), tei: the stages' order
    assert warnings_2 == warnings_1
    assert {"exports", "html", "search"} <= timings_2.keys()  # the copy's stages are timed too


def test_no_fork_where_a_copy_would_not_be_safe(monkeypatch):
    monkeypatch.setattr(forked, "cpus", lambda: 2)
    monkeypatch.setattr(xslt, "_processor", None)
    monkeypatch.delitem(sys.modules, "saxonche", raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert forked.can_fork()
    monkeypatch.setattr(threading, "active_count", lambda: 2)  # another thread may hold a lock
    assert not forked.can_fork()
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(xslt, "_processor", object())  # Saxon started: its copy may hang
    assert not forked.can_fork()
    monkeypatch.setattr(xslt, "_processor", None)
    monkeypatch.setitem(sys.modules, "saxonche", object())  # loaded by someone else: Saxon may have run
    assert not forked.can_fork()
    monkeypatch.delitem(sys.modules, "saxonche")
    monkeypatch.setattr(forked, "cpus", lambda: 1)  # nothing to gain
    assert not forked.can_fork()


def test_a_build_in_a_process_that_used_saxon_itself_builds(tmp_path):
    """A script (or the tests: the DTS reference implementation's) that ran Saxon, let it go and
    then built in the same process: the build forked, its copy could not start Saxon again
    (Graal: "Failed to enter the specified IsolateThread context") and the build ended in E0199.
    Such a process no longer forks."""
    script = textwrap.dedent(f"""
        import gc, sys
        from saxonche import PySaxonProcessor
        saxon = PySaxonProcessor(license=False)
        xpath = saxon.new_xpath_processor()
        xpath.set_context(xdm_item=saxon.parse_xml(xml_text="<a><b/></a>"))
        assert xpath.evaluate_single("count(//b)").get_atomic_value().integer_value == 1
        del xpath, saxon
        gc.collect()
        from tei_edition.build import build
        ctx = build({str(MINIMAL)!r}, {str(tmp_path / "out")!r}, jobs=2)
        print("stages-aside" in ctx.timings)
        """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False" and "graal" not in done.stderr.lower()
    assert (tmp_path / "out" / "site" / "index.html").is_file()


def test_without_a_fork_the_stages_run_here(tmp_path):
    xslt.processor()  # Saxon started in this process: no copy of it
    ctx = build(MINIMAL, tmp_path / "out", full=True, jobs=2)
    assert "stages-aside" not in ctx.timings
    assert {"exports", "html", "search"} <= ctx.timings.keys()
    assert (tmp_path / "out" / "site" / "index.html").is_file()
    assert (tmp_path / "out" / "site" / "search-index.js").is_file()


def test_a_fork_that_became_unsafe_after_the_checks_runs_the_stages_here(tmp_path, warned, monkeypatch):
    answers = iter([True, False])  # safe when the build chose, no longer after the checks
    monkeypatch.setattr(forked, "can_fork", lambda: next(answers))
    ctx = build(warned, tmp_path / "out", full=True, jobs=2)
    assert "stages-aside" not in ctx.timings and {"exports", "html", "search"} <= ctx.timings.keys()
    assert [p.code for p in ctx.warnings] == ["W0250", "W0120", "W0320"]
    assert (tmp_path / "out" / "site" / "search-index.js").is_file()


def test_a_refused_fork_runs_the_stages_here(tmp_path, warned, monkeypatch):
    import errno

    def refuse() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(forked, "can_fork", lambda: True)
    monkeypatch.setattr(os, "fork", refuse)
    ctx = build(warned, tmp_path / "out", full=True, jobs=2)
    assert "stages-aside" not in ctx.timings
    assert [p.code for p in ctx.warnings] == ["W0250", "W0120", "W0320"]
    assert (tmp_path / "out" / "site" / "search-index.js").is_file()


@pytest.mark.parametrize(("site", "expected"), [
    ('raise EditionError([Problem(str(ctx.master), 3, 4, "E0100", "html/site.xsl: made to fail")])',
     r":3:4: \[E0100\] html/site.xsl: made to fail$"),
    ('raise OSError(28, "No space left on device", str(ctx.out / "site" / "index.html"))',
     r"site/index\.html:0:0: \[E0102\] could not write.*: No space left on device$"),
    ('raise OSError(28, "No space left on device", "/pkg/assets/a.js", None, str(ctx.out / "site" / "a.js"))',
     r"site/a\.js:0:0: \[E0102\] could not write.*: No space left on device$"),
    ('raise RuntimeError("made to fail")',
     r": \[E0199\] internal error, please report it: WorkerError: RuntimeError: made to fail at .*$"),
    ("import os; os._exit(3)",
     r": \[E0199\] .*ended without a result \(exit 3\)"),
], ids=["edition-error", "disk-full", "disk-full-copying", "bug", "exit"])
def test_a_failure_in_the_copy_is_one_coded_line_and_writes_nothing(site, expected, tmp_path):
    code, stdout, stderr = finished(run_build(MINIMAL, tmp_path / "out", site=site))
    assert code == 1
    lines = stderr.splitlines()
    assert len(lines) == 1 and CODED.match(lines[0]) and re.search(expected, lines[0]), stderr
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder left behind either


def test_the_copy_holds_nothing_of_the_builds_but_its_pipe(tmp_path):
    # the build's descriptors (its output lock among them) point at /dev/null in the copy
    site = """
        import os
        held = {fd: os.readlink(f"/proc/self/fd/{fd}") for fd in map(int, os.listdir("/proc/self/fd"))
                if fd > 2 and os.path.exists(f"/proc/self/fd/{fd}")}
        others = sorted(target for target in held.values() if target != os.devnull and not target.startswith("pipe:"))
        pipes = sum(target.startswith("pipe:") for target in held.values())
        raise EditionError([Problem(str(ctx.master), 1, 1, "E0100", f"held {others} pipes {pipes}")])
        """
    code, _, stderr = finished(run_build(MINIMAL, tmp_path / "out", site=site))
    assert code == 1
    assert stderr.rstrip().endswith("[E0100] held [] pipes 1"), stderr


def test_a_file_the_build_had_open_never_closes_one_of_the_copys(tmp_path):
    # opened before the fork; closed in the copy after the copy opened a file of its own: had
    # the copy closed the build's descriptor, its own file would have taken the number
    site = """
        import os
        mine = open(ctx.master, "rb")
        BUILDS_FILE.close()
        raise EditionError([Problem(str(ctx.master), 1, 1, "E0100", f"read {len(mine.read(5))}")])
        """
    driver_setup = f"BUILDS_FILE = open({str(MINIMAL)!r}, 'rb')\n"
    process = run_build(MINIMAL, tmp_path / "out", site=site, setup=driver_setup)
    code, _, stderr = finished(process)
    assert code == 1
    assert stderr.rstrip().endswith("[E0100] read 5"), stderr


SLOW = "time.sleep(600)"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_build_ends_its_copy(sig, tmp_path, started):
    process, copy = started(SLOW)
    process.send_signal(sig)
    code, _, stderr = finished(process)
    assert code == 130 and "[E0112]" in stderr
    assert all(CODED.match(line) for line in stderr.splitlines())
    wait_for(lambda: gone(copy), timeout=10)
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_in_a_terminal_is_the_builds_to_decide(tmp_path, started):
    # the whole group gets SIGINT: the copy ignores it, the build ends it
    process, copy = started(SLOW, start_new_session=True)
    os.killpg(process.pid, signal.SIGINT)
    code, _, stderr = finished(process)
    assert code == 130 and "[E0112]" in stderr
    wait_for(lambda: gone(copy), timeout=10)


def test_a_copy_killed_from_outside_is_one_coded_line_not_a_bug(tmp_path, started):
    """The system's out-of-memory killer (or a user) ending the second process is not a toolkit
    bug: it was an internal error (E0199, "please report it")."""
    process, copy = started(SLOW)
    os.kill(copy, signal.SIGKILL)
    code, _, stderr = finished(process)
    assert code == 1
    lines = stderr.splitlines()
    assert len(lines) == 1 and CODED.match(lines[0]), stderr
    assert re.search(r"^tei-edition:0:0: \[E0119\] the build's second process \(the stages .*\) was killed by "
                     r"signal 9 \(SIGKILL\) from outside the build.*--jobs 1", lines[0]), stderr
    assert list(tmp_path.iterdir()) == []


def test_the_copy_ends_when_its_build_is_killed(started):
    process, copy = started(SLOW)
    process.kill()  # SIGKILL: no clean-up in the build
    process.wait(timeout=60)
    wait_for(lambda: gone(copy), timeout=10)
