"""core/xslt_worker.py: a command's XSLT runs in a process of its own, which the command waits on.

Saxon holds Python's global lock for a whole transform, so a Ctrl-C in the process running one
waited for it to end (4 s at k = 64). The command now waits on the worker and takes the signal at
once; the worker is killed. The slow transform in these tests is quadratic over 20,000 elements
(about 4.5 s on the reference machine); over 200,000 (ENDLESS) it runs for hours."""

from __future__ import annotations

import gc
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.core import xslt, xslt_worker
from tei_edition.core.problems import EditionError
from support import FIXTURES
from support.stylesheets import TEXT_XSL, write_stylesheet
from support.waiting import end_all, gone, interrupted_at_once, wait_for

MINIMAL = FIXTURES / "minimal.xml"
SLOW = TEXT_XSL.format('<xsl:template match="/"><xsl:for-each select="//i">'
                  '<xsl:if test="count(preceding::i) = 123456789">x</xsl:if></xsl:for-each></xsl:template>')
ITEMS = 20_000
ENDLESS = 200_000


def _counting(folder: Path) -> str:
    """A stylesheet that gives the number of items."""
    return write_stylesheet(folder, "count.xsl", TEXT_XSL.format(
        '<xsl:template match="/"><xsl:value-of select="count(//i)"/></xsl:template>'))


def _items(n: int = ITEMS) -> xslt.Document:
    return xslt.to_xdm(etree.fromstring("<r>" + "<i/>" * n + "</r>"))


def test_an_interruption_during_a_transform_is_taken_at_once(tmp_path: Path):
    """A build whose print edition's XSLT takes hours, interrupted inside it: the old code
    waited for the transform; now the build exits at once, coded, leaving nothing, its worker ended."""
    (tmp_path / "driver").mkdir()
    started = tmp_path / "started"
    slow = write_stylesheet(tmp_path, "slow.xsl", SLOW)
    (tmp_path / "driver" / "slow_transform.py").write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from lxml import etree
        from tei_edition.core import xslt, xslt_worker
        from tei_edition.outputs import pdf

        real_send = xslt_worker.send

        def send(stream, message):  # the worker's pid written once it has the request
            real_send(stream, message)
            if message.get("op") == "transform":
                Path({str(started) + ".part"!r}).write_text(str(xslt_worker._workers[0]._process.pid))
                Path({str(started) + ".part"!r}).rename({str(started)!r})

        def typst_source(*args, **kwargs):
            xslt_worker.send = send
            doc = xslt.to_xdm(etree.fromstring("<r>" + "<i/>" * {ENDLESS} + "</r>"))
            return xslt.transform({slow!r}, doc)

        pdf.typst_source = typst_source
        from tei_edition.cli import run
        sys.argv = ["tei-edition", *sys.argv[1:]]
        run()
        """), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "slow_transform", "build", "--master", str(MINIMAL), "--out",
                             str(out), "--jobs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=tmp_path / "driver")
    try:
        wait_for(lambda: started.exists() or proc.poll() is not None, what="the transform")
        assert started.exists(), proc.communicate()
        worker = int(started.read_text())  # inside the transform: the request sent, not a sleep
        interrupted_at_once(proc, "the transform")
        wait_for(lambda: gone(worker), timeout=30, what="the worker to end")
    finally:
        end_all([worker] if started.exists() else [], [proc])
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["driver", "slow.xsl", "started"]


def test_a_worker_killed_during_a_transform_is_one_coded_error(tmp_path: Path, monkeypatch):
    slow = write_stylesheet(tmp_path, "slow.xsl", SLOW)
    worker = xslt_worker.worker()
    xslt.compile_ahead([slow])  # the process is running from here
    process = worker._process
    assert process is not None
    failures: list[BaseException] = []
    sent = threading.Event()
    real_send = xslt_worker.send

    def send(stream, message) -> None:
        real_send(stream, message)
        if message.get("op") == "transform":
            sent.set()

    monkeypatch.setattr(xslt_worker, "send", send)

    def run() -> None:
        try:
            xslt.transform(slow, _items())
        except BaseException as exc:  # noqa: BLE001 - looked at below
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    # the request sent (a fixed sleep could kill the idle worker first: the transform then ran in a new one)
    assert sent.wait(timeout=60)
    process.send_signal(signal.SIGKILL)
    thread.join(timeout=30)
    assert len(failures) == 1 and isinstance(failures[0], EditionError)
    (problem,) = failures[0].problems
    assert problem.code == "E0119" and "killed by signal 9 (SIGKILL)" in problem.message
    assert worker._process is None  # and the next transform starts another
    assert xslt.transform(write_stylesheet(tmp_path, "id.xsl", TEXT_XSL.format(
        '<xsl:template match="/">done</xsl:template>')), _items(3)) == "done"


def test_a_stylesheet_compiled_ahead_that_does_not_compile_is_reported_by_its_transform(tmp_path: Path):
    broken = write_stylesheet(tmp_path, "broken.xsl", TEXT_XSL.format('<xsl:template match="/"><xsl:value-of select="(("/>'
                                                            '</xsl:template>'))
    xslt.compile_ahead([broken])
    with pytest.raises(EditionError) as raised:
        xslt.transform(broken, _items(3))
    (problem,) = raised.value.problems
    assert problem.code == "E0100" and "does not compile" in problem.message


def test_the_worker_drops_the_documents_this_process_no_longer_holds(tmp_path: Path):
    """A long `serve --watch` makes a new document on every save: the worker keeps each only as
    long as the command does."""
    count = _counting(tmp_path)
    worker = xslt_worker.worker()
    doc = _items(5)
    assert xslt.transform(count, doc) == "5"
    gone = doc.id
    del doc
    gc.collect()
    assert xslt.transform(count, _items(2)) == "2"  # carries the collected document's id to the worker
    assert gone not in worker._known
    process = worker._process
    assert process is not None and process.stdin is not None and process.stdout is not None
    # asked for the forgotten document directly, the worker no longer has it
    xslt_worker.send(process.stdin, {"op": "transform", "name": count, "doc": gone, "params": {}, "docs": {},
                                     "output_dir": None, "source_path": "", "forget": []})
    reply = xslt_worker.receive(process.stdout)
    assert reply is not None and reply["failure"]["kind"] == "internal" and "KeyError" in reply["failure"]["text"]


def test_saxons_messages_pass_through_on_success_and_not_on_failure(tmp_path: Path, capfd):
    told = write_stylesheet(tmp_path, "told.xsl", TEXT_XSL.format(
        '<xsl:template match="/"><xsl:message>a note for the editor</xsl:message>ok</xsl:template>'))
    assert xslt.transform(told, _items(1)) == "ok"
    assert "a note for the editor" in capfd.readouterr().err
    stopped = write_stylesheet(tmp_path, "stopped.xsl", TEXT_XSL.format(
        '<xsl:template match="/"><xsl:message terminate="yes">no such thing</xsl:message></xsl:template>'))
    with pytest.raises(EditionError) as raised:
        xslt.transform(stopped, _items(1))
    assert raised.value.problems[0].code == "E0100"
    assert capfd.readouterr().err == ""  # one coded error, not Saxon's dozen lines of trace


def test_a_copy_of_the_build_runs_its_transforms_itself(tmp_path: Path):
    """The build's forked copy (killed by the build when interrupted) must not talk to its
    parent's worker through the descriptors it inherited."""
    code = textwrap.dedent(f"""
        import os, sys
        from lxml import etree
        from tei_edition.core import xslt, xslt_worker
        doc = xslt.to_xdm(etree.fromstring("<r><i/></r>"))
        name = {_counting(tmp_path)!r}
        assert xslt.transform(name, doc) == "1"
        parent_worker = xslt_worker._workers[0]._process.pid
        pid = os.fork()
        if pid == 0:
            xslt.run_here()
            ok = xslt.transform(name, doc) == "1" and not xslt_worker._workers and xslt.started()
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert xslt.transform(name, doc) == "1" and xslt_worker._workers[0]._process.pid == parent_worker
        assert not xslt.started()
        print("ok")
        """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr


def test_a_ctrl_c_that_reaches_the_worker_as_it_starts_is_the_commands(tmp_path: Path, capfd):
    """A terminal's Ctrl-C reaches the whole process group, the worker too, which may still be
    starting: Python's start printed a traceback and the worker died. It now starts with the
    interruptions held, and drops a Ctrl-C that came meanwhile (the command decides)."""
    worker = xslt_worker.worker()
    worker.stop()
    process = worker._start()
    process.send_signal(signal.SIGINT)  # at once: inside Python's start or the worker's imports
    assert xslt.transform(write_stylesheet(tmp_path, "id.xsl", TEXT_XSL.format('<xsl:template match="/">done</xsl:template>')),
                          _items(1)) == "done"
    assert worker._process is process and process.poll() is None
    assert capfd.readouterr().err == ""
    status = Path(f"/proc/{process.pid}/status").read_text()
    masks = {line.split(":")[0]: int(line.split()[1], 16) for line in status.splitlines()
             if line.startswith(("SigBlk", "SigIgn"))}
    bits = {sig: 1 << (sig - 1) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    assert not masks["SigBlk"] & (bits[signal.SIGINT] | bits[signal.SIGTERM] | bits[signal.SIGHUP])  # let in
    assert masks["SigIgn"] & bits[signal.SIGINT] and masks["SigIgn"] & bits[signal.SIGHUP]
    assert not masks["SigIgn"] & bits[signal.SIGTERM]  # a SIGTERM of its own still ends it


def test_a_worker_that_ended_between_two_transforms_is_started_again_with_the_documents(tmp_path: Path):
    count = _counting(tmp_path)
    worker = xslt_worker.worker()
    doc = _items(4)
    assert xslt.transform(count, doc) == "4"
    process = worker._process
    assert process is not None
    process.kill()  # from outside, while it waits
    process.wait()
    assert xslt.transform(count, doc) == "4"  # the same document, sent again to the new process
    assert worker._process is not None and worker._process.pid != process.pid
