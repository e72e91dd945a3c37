"""`tei-edition serve --watch` (tei_edition/watch/): rebuild on save, the new pages served
first, a failed rebuild shown and the last good build kept. The open page's side (the banner,
the /__build long poll, who may ask): test_watch_live.py."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support.editing import copy_master, edit
from support.watching import body, saved, status, watched

from tei_edition import watch
from tei_edition.cli import main
from tei_edition.core.problems import EditionError, Problem
from tei_edition.serve import App
from tei_edition.watch import LiveView, Watcher

@pytest.fixture()
def setup(tmp_path: Path):
    return watched(tmp_path)


def test_a_save_rebuilds_and_the_new_pages_are_served_before_the_build_is_swapped_in(setup, monkeypatch):
    master, out, view, app, watcher, _ = setup
    assert status(app)["state"] == "ready"
    pages = status(app)["pages"]
    seen: dict[str, bytes] = {}
    shown = view.preview

    def probe(site: Path) -> None:  # the moment the new pages are shown: the build is not swapped in yet
        shown(site)
        seen["served"] = body(app, "/site/index.html")
        seen["build"] = (out / "site" / "index.html").read_bytes()

    monkeypatch.setattr(view, "preview", probe)
    assert not watcher.changed()
    edit(master, "and worked in", "and laboured in")
    assert saved(watcher)
    assert watcher.rebuild() is not None
    assert b"laboured" in seen["served"] and b"laboured" not in seen["build"]
    assert b"laboured" in body(app, "/site/index.html") and b"laboured" in (out / "site" / "index.html").read_bytes()
    after = status(app)
    assert after["state"] == "ready" and after["pages"] == pages + 1 and after["problems"] == []
    assert view.site() is None  # the finished build is served from the build folder again


@pytest.mark.parametrize("old, new", [
    ("  </teiHeader>", "  <!-- a note to myself -->\n  </teiHeader>"),  # a comment
    ("  </teiHeader>", "\n    \n  </teiHeader>"),  # whitespace between elements (the header's: no page shows it)
    ("    <body>", "    <body><?editor checked?>"),  # a processing instruction (W0250)
    ("    <body>", "    <body>\n\n  "),  # the text's indentation: between body's blocks, and a div's and a cit's
    ("      </div>", "\n\t\n      </div>"),
    ("        <cit n=\"3\"", "\n        <cit n=\"3\""),
    ("          <quote>", "\n          <quote>"),
])
def test_a_save_that_changes_no_page_does_not_reload_the_open_page(setup, old: str, new: str):
    """Such a save rebuilt (the master's bytes changed) and showed the "new" pages, byte for byte
    the pages shown: every open page reloaded once, for nothing (its scroll position lost)."""
    master, out, view, app, watcher, _ = setup
    pages = status(app)["pages"]
    page = body(app, "/site/index.html")
    edit(master, old, new)
    assert saved(watcher) and watcher.rebuild() is not None
    assert status(app)["pages"] == pages and status(app)["state"] == "ready"
    assert body(app, "/site/index.html") == page
    edit(master, "and worked in", "and toiled in")  # a page that changes still reloads, once
    assert saved(watcher) and watcher.rebuild() is not None
    assert status(app)["pages"] == pages + 1 and b"toiled in" in body(app, "/site/index.html")


def test_a_page_the_save_no_longer_makes_reloads(setup):
    """No page rewritten, but one of the served build not made again: the open page may be that one."""
    import hashlib

    from tei_edition.core.incremental import STATE_NAME

    master, out, view, app, watcher, _ = setup
    pages = status(app)["pages"]
    extra = out / "site" / "gone.html"  # a page of the served build, recorded in its state
    extra.write_bytes(b"<html><head></head></html>")
    state = json.loads((out / STATE_NAME).read_text(encoding="utf-8"))
    st = os.stat(extra)
    state["files"]["site/gone.html"] = [st.st_size, hashlib.sha256(extra.read_bytes()).hexdigest(), st.st_ino,
                                        st.st_mtime_ns]
    (out / STATE_NAME).write_text(json.dumps(state), encoding="utf-8")
    edit(master, "  </teiHeader>", "  <!-- a note -->\n  </teiHeader>")
    assert saved(watcher) and watcher.rebuild() is not None
    assert status(app)["pages"] == pages + 1 and not (out / "site" / "gone.html").exists()


def test_a_save_that_changes_nothing_builds_nothing(setup):
    master, *_ , watcher, _ = setup
    before = master.stat().st_mtime_ns
    master.write_bytes(master.read_bytes())  # the same bytes
    # a new modification time for sure: the clock a file's time is read from may not have moved
    os.utime(master, ns=(before, before + 1_000_000_000))
    assert not saved(watcher)


def test_a_failed_rebuild_keeps_the_last_good_build_and_reports_its_problems(setup):
    master, out, view, app, watcher, lines = setup
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    pages = status(app)["pages"]
    edit(master, 'ref="#lenin"', 'ref="#nobody"')
    assert saved(watcher)
    assert watcher.rebuild() is None
    now = status(app)
    assert now["state"] == "failed" and now["pages"] == pages
    assert any("[E0211]" in line and "#nobody" in line for line in now["problems"])
    assert any("[E0211]" in line for line in lines)  # and in the terminal
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert b"Lenin" in body(app, "/site/index.html")
    edit(master, 'ref="#nobody"', 'ref="#lenin"')
    assert saved(watcher) and watcher.rebuild() is not None
    assert status(app)["state"] == "ready" and status(app)["problems"] == []


@pytest.mark.parametrize("midway", ["truncated", "half-written", "renamed away"])
def test_a_save_caught_midway_is_not_built(setup, midway: str):
    """A save seen before it ended was built at once and shown as a failure: the master truncated
    and not yet written again (an editor writing in place; `Path.write_bytes` too) was E0002
    "Document is empty", half-written "Premature end of data", and missing between an editor's
    rename of it and its new file (vim's backupcopy=no) E0001 — in the banner of every open page
    and in the terminal, for a state the editor never saved."""
    master, out, view, app, watcher, lines = setup
    text = master.read_bytes().replace(b"and worked in", b"and toiled in")
    backup = master.with_name(master.name + "~")
    if midway == "renamed away":
        os.rename(master, backup)
    else:
        with open(master, "r+b") as fh:
            fh.truncate(0)
            if midway == "half-written":
                fh.write(text[: len(text) // 2])
    states: list[str] = []
    shown = view._update

    def update(**changes) -> None:
        shown(**changes)
        states.append(view.state)

    view._update = update  # type: ignore[method-assign]
    assert not watcher.changed()  # the save under way
    if midway == "renamed away":
        master.write_bytes(text)
        backup.unlink()
    else:
        with open(master, "r+b") as fh:
            fh.seek(0, os.SEEK_END)
            fh.write(text[fh.tell():])
    assert saved(watcher) and watcher.rebuild() is not None
    assert "failed" not in states and states[-1] == "ready"
    assert not [line for line in lines if "[E0" in line]
    assert b"toiled in" in body(app, "/site/index.html")


def test_a_save_that_keeps_size_and_modification_time_is_built(setup, monkeypatch):
    """Where modification times are coarser than two saves (FAT: 2 s; a kernel's clock tick,
    1-10 ms, before Linux 6.13), an edit of the same length (a letter for a letter) in the tick
    of the last look kept the master's inode, size and modification time: the watcher never
    read it again, and the preview showed the text before the edit as current until another
    save. The file below is in that state (its time set back as such a clock sets it)."""
    monkeypatch.setattr(watch, "TICK", 3600.0, raising=False)  # a tick as coarse as need be: no timing in the test
    master, out, view, app, watcher, lines = setup
    before = os.stat(master)
    edit(master, "and worked in", "and walked in")
    os.utime(master, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(master)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)
    assert saved(watcher) and watcher.rebuild() is not None
    assert b"walked in" in body(app, "/site/index.html")
    assert not saved(watcher)  # hashed again, the same bytes: nothing to build


def test_a_save_whose_modification_time_is_set_back_to_the_same_moment_is_built(setup):
    """Two saves of the same length, each followed by `touch -d` to one moment in the past (a
    clock set back, `cp -p`, an archive's times): the second kept inode, size and modification
    time, and was never built (found by the hostile campaign on serve --watch). Its change time
    (ctime), which no command can set, still tells it."""
    master, out, view, app, watcher, lines = setup
    past = 978_307_200_000_000_000  # 2001-01-01
    for word in ("walked", "talked"):
        edit(master, "and worked in" if word == "walked" else "and walked in", f"and {word} in")
        os.utime(master, ns=(past, past))
        assert saved(watcher) and watcher.rebuild() is not None
        assert f"and {word} in".encode() in body(app, "/site/index.html")


def test_nothing_is_built_while_a_command_rewrites_the_master(setup):
    """`anchors accept` writes the anchor lock (its decision marked pending), then the master,
    then the lock again, holding the master's edit lock throughout: a rebuild between two of
    those writes read a pending lock and failed (E0316, "an accept was interrupted")."""
    from tei_edition.citation.anchors import lock_path
    from tei_edition.core.locks import editing

    master, out, view, app, watcher, lines = setup
    with editing(master):  # as the command holds it
        lock_path(master).write_text("the command's first write\n", encoding="utf-8")
        assert not watcher.changed() and not watcher.changed() and not watcher.changed()
        edit(master, "and worked in", "and toiled in")  # its second write
        assert not watcher.changed() and not watcher.changed()
        lock_path(master).unlink()  # its last
    assert saved(watcher) and watcher.rebuild() is not None
    assert status(app)["state"] == "ready" and b"toiled in" in body(app, "/site/index.html")


@pytest.mark.parametrize("replaced_by", ["fifo", "folder"])
def test_an_input_replaced_by_what_is_no_file_fails_the_rebuild_and_watching_goes_on(setup, replaced_by: str):
    """A FIFO as the master (or its lock): the watcher read it for the hash of its bytes and waited
    for a writer forever, never rebuilding again (a link to /dev/zero: reading without end)."""
    master, out, view, app, watcher, _ = setup
    good = master.read_bytes()
    master.unlink()
    if replaced_by == "fifo":
        os.mkfifo(master)
    else:
        master.mkdir()
    looked: list[bool] = []
    thread = threading.Thread(target=lambda: looked.append(saved(watcher)), daemon=True)
    thread.start()
    thread.join(5)
    if thread.is_alive():  # blocked in open(): a writer lets it go, then fail
        os.close(os.open(master, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail("the watcher blocked on the FIFO")
    assert looked == [True] and watcher.rebuild() is None
    assert any("[E0006]" in line for line in status(app)["problems"])
    if replaced_by == "fifo":
        master.unlink()
    else:
        master.rmdir()
    master.write_bytes(good)
    assert saved(watcher) and watcher.rebuild() is not None and status(app)["state"] == "ready"


@pytest.mark.parametrize("option, value", [("--paper", "a5"), ("--volume-units", "40"), ("--master", "x.xml")])
def test_serve_options_of_watch_alone_are_refused_without_it(runner, tmp_path, option: str, value: str):
    result = runner.invoke(main, ["serve", "--dir", str(tmp_path), option, value, "--port", "0"])
    assert result.exit_code == 1 and f"{option}:1:1: [E0140]" in result.output


def test_the_watcher_builds_in_the_volumes_it_was_given(tmp_path: Path, monkeypatch):
    given: dict[str, object] = {}

    def build(master, out, **options):
        given.update(options)
        raise EditionError([Problem(str(master), 1, 1, "E0001", "stop here")])

    monkeypatch.setattr(watch, "build", build)
    watcher = Watcher(tmp_path / "m.xml", tmp_path / "out", LiveView(), App(tmp_path), paper="a5",
                            echo=lambda *_: None, volume_units=40)
    assert watcher.rebuild() is None
    assert given["volume_units"] == 40 and given["paper"] == "a5"


def test_serve_watch_as_a_process_rebuilds_on_save(tmp_path: Path):
    from support.serve_process import start_server, stop_server

    master = copy_master(tmp_path)
    proc, base = start_server(tmp_path / "build", "--watch", "--master", str(master))
    try:
        def state() -> dict:
            with urllib.request.urlopen(f"{base}/__build", timeout=30) as r:
                return json.load(r)

        def page() -> bytes:
            with urllib.request.urlopen(f"{base}/site/index.html", timeout=30) as r:
                return r.read()

        deadline = time.monotonic() + 120
        while state()["state"] != "ready":
            assert time.monotonic() < deadline, "no first build"
            time.sleep(0.1)
        edit(master, "and worked in", "and toiled in")
        while b"toiled" not in page():
            assert time.monotonic() < deadline, "the page never showed the edit"
            time.sleep(0.1)
        while state()["state"] != "ready":
            assert time.monotonic() < deadline, "the rebuild never ended"
            time.sleep(0.1)
    finally:
        stop_server(proc)
    assert b"toiled" in (tmp_path / "build" / "site" / "index.html").read_bytes()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".build.")]  # no folder left behind


def test_a_second_watch_of_the_same_folder_is_refused_and_the_first_goes_on(tmp_path: Path):
    """Two watchers of one folder raced for the build's lock on every save: each showed the
    other's turn as a failed rebuild (E0111 in its banner). The second is now refused at once;
    a plain `serve` of the folder (reading only) is not."""
    import subprocess
    import sys

    from support.serve_process import start_server, stop_server

    master = copy_master(tmp_path)
    out = tmp_path / "build"
    first, base = start_server(out, "--watch", "--master", str(master))
    try:
        second = subprocess.run([sys.executable, "-m", "tei_edition.cli", "serve", "--port", "0", "--dir", str(out),
                                 "--watch", "--master", str(master)], capture_output=True, text=True, timeout=60)
        assert second.returncode == 1, second.stdout + second.stderr
        lines = second.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"{out}:0:0: [E0149] "), second.stderr
        assert f"process {first.pid}" in lines[0]
        deadline = time.monotonic() + 120
        while True:  # the first build, after which the folder exists
            with urllib.request.urlopen(f"{base}/__build", timeout=30) as r:
                if json.load(r)["state"] == "ready":
                    break
            assert time.monotonic() < deadline, "no first build"
            time.sleep(0.1)
        reader, _ = start_server(out)  # serving the folder as it is, beside the watch
        stop_server(reader)
    finally:
        stop_server(first)
    assert not (tmp_path / ".build.watch.lock").exists()
    again, _ = start_server(out, "--watch", "--master", str(master))  # the folder is free again
    stop_server(again)
