"""`tei-edition serve --watch` and its build folder: a save while another build writes the
folder is built once that build has finished; a folder removed (`make clean`, right as a rebuild
ended, or by a process serving it) is built again, once per save, or one line says why it cannot
be (the rest of the watcher: test_watch.py)."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support.editing import copy_master, edit
from support.watching import body, saved, status, watched

from tei_edition import watch


@pytest.fixture()
def setup(tmp_path: Path):
    return watched(tmp_path)


def test_a_save_while_another_build_writes_the_folder_is_built_when_it_has_finished(setup):
    """`make` or `tei-edition build` into the watched folder holds its lock: a save meanwhile
    failed the rebuild (E0111, "run this one when it has finished") and nothing ran it again —
    the banner said the rebuild failed, and the preview showed the text before the save until
    the editor saved once more. (The other build stands for itself here by holding that lock.)"""
    from tei_edition.core.output_folder import locked

    master, out, view, app, watcher, lines = setup
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
    deadline = time.monotonic() + 120  # generous: the machine may be busy; no timing is asserted
    try:
        with locked(out.resolve()):
            edit(master, "and worked in", "and toiled in")
            thread.start()
            while not any("[E0111]" in line for line in lines):  # the watcher found the folder busy
                assert time.monotonic() < deadline and thread.is_alive(), lines
                time.sleep(0.05)
            assert status(app)["state"] != "failed" and b"toiled in" not in body(app, "/site/index.html")
        while b"toiled in" not in body(app, "/site/index.html") or status(app)["state"] != "ready":
            assert time.monotonic() < deadline, ("not rebuilt once the other build had finished", lines)
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(60)
    assert status(app)["problems"] == []


def test_a_folder_removed_as_its_build_ended_is_built_again(setup, monkeypatch):
    """Removed between the build's swap and the watcher's look at it (`make clean` right as a
    rebuild ended; CI met it under load), the missing folder was kept as the build's own look,
    so it was never found lost: "Not built" until the next save."""
    import shutil

    from tei_edition import watch

    master, out, view, app, watcher, lines = setup
    real_build = watch.build

    def build_then_removed(*args, **kwargs):
        ctx = real_build(*args, **kwargs)
        shutil.rmtree(out)  # after the swap, before the watcher looks
        return ctx

    monkeypatch.setattr(watch, "build", build_then_removed)
    edit(master, "and worked in", "and toiled in")
    assert saved(watcher) and watcher.rebuild() is not None
    monkeypatch.setattr(watch, "build", real_build)
    assert not watcher.lost()  # a second look, as for any removal
    assert watcher.lost() and watcher.rebuild(restoring=True) is not None
    assert b"toiled in" in body(app, "/site/index.html") and status(app)["state"] == "ready"


@pytest.mark.parametrize("how", ["rm -rf build", "rm -rf build/*"])
def test_a_removed_build_folder_is_built_again_once_per_save(setup, how: str):
    """`make clean` (or `rm -rf build`) while watching left the preview answering "Not built"
    for every page until the next save of the master: nothing looked at the folder."""
    import shutil

    master, out, view, app, watcher, lines = setup

    def remove() -> None:
        if how == "rm -rf build":
            shutil.rmtree(out)
        else:
            for entry in out.iterdir():
                if not entry.name.startswith("."):
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink()

    assert not watcher.lost() and not watcher.lost()  # its own build, in place
    remove()
    assert not watcher.lost()  # the removal may be under way: a second look
    assert watcher.lost() and watcher.rebuild(restoring=True) is not None
    assert b"worked in" in body(app, "/site/index.html") and status(app)["state"] == "ready"
    assert not watcher.lost() and not watcher.lost()
    remove()  # again before any save: not built over and over, one line
    assert not watcher.lost() and not watcher.lost() and not watcher.lost() and not watcher.lost()
    assert [line for line in lines if "[E0" in line] == [f"{out}:0:0: [E0141] " + line.split("[E0141] ", 1)[1]
                                                          for line in lines if "[E0141]" in line]
    assert len([line for line in lines if "[E0141]" in line]) == 1
    assert status(app)["state"] == "failed" and "[E0141]" in status(app)["problems"][0]
    edit(master, "and worked in", "and toiled in")  # the next save builds it
    assert saved(watcher) and watcher.rebuild() is not None
    assert b"toiled in" in body(app, "/site/index.html") and status(app)["state"] == "ready"
    remove()
    assert not watcher.lost() and watcher.lost()  # and a loss after it is built again


def test_a_build_folder_that_cannot_be_made_again_is_one_line_and_watching_goes_on(setup):
    """The folder replaced by one that is not a build (the build refuses it, E0110): one line,
    no rebuild at every look, and the next save that can build does."""
    import shutil

    master, out, view, app, watcher, lines = setup
    shutil.rmtree(out)
    out.mkdir()
    (out / "notes.txt").write_text("not a build\n")
    assert not watcher.lost() and watcher.lost()
    assert watcher.rebuild(restoring=True) is None
    coded = [line for line in lines if "[E0" in line]
    assert len(coded) == 1 and coded[0].startswith(f"{out}:0:0: [E0141] ") and "[E0110]" in coded[0], lines
    assert not watcher.lost() and not watcher.lost() and not watcher.lost()
    assert len([line for line in lines if "[E0" in line]) == 1
    problems = status(app)["problems"]
    assert status(app)["state"] == "failed" and "[E0141]" in problems[0] and "[E0110]" in problems[1]
    (out / "notes.txt").unlink()
    edit(master, "and worked in", "and toiled in")
    assert saved(watcher) and watcher.rebuild() is not None
    assert b"toiled in" in body(app, "/site/index.html") and status(app)["state"] == "ready"


def test_a_folder_found_lost_while_its_removal_is_under_way_is_built_once_it_is_gone(setup):
    """`make clean` (rm -rf build) under a running watch: the watcher looked twice while rm was
    still removing the folder (its manifest gone, site/ not yet), tried to build it again, was
    refused (E0110: not empty, not a build) and gave up until the next save: the preview
    answered "Not built" for every page although the folder was gone a moment later (found by
    the hostile campaign, 1 run of 3 `make clean`s). A refused folder is now tried again once
    it changes (removed), still once per save when the build succeeds."""
    import shutil

    master, out, view, app, watcher, lines = setup
    assert not watcher.lost() and not watcher.lost()
    for entry in sorted(out.iterdir()):  # rm -rf build, halfway: the marker and the manifest gone
        if entry.name != "site":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    assert not watcher.lost() and watcher.lost()
    assert watcher.rebuild(restoring=True) is None  # refused: the folder is not empty, nor a build
    assert any("[E0141]" in line and "[E0110]" in line for line in lines)
    assert not watcher.lost() and not watcher.lost()  # as it was refused: not tried over and over
    shutil.rmtree(out)  # rm -rf ends
    assert not watcher.lost() and watcher.lost() and watcher.rebuild(restoring=True) is not None
    assert b"worked in" in body(app, "/site/index.html") and status(app)["state"] == "ready"
    shutil.rmtree(out)  # built again once per save: lost again before a save, one line
    assert not watcher.lost() and not watcher.lost() and not watcher.lost()
    assert status(app)["state"] == "failed"


def test_a_folder_still_being_removed_is_not_taken_as_lost_until_its_removal_ends(setup):
    """rm -rf of a build of the real edition (~1,000 files) outlasts two looks: with the manifest
    gone and the folder not yet, the watcher took it as lost, tried to build it and printed
    E0141 (E0110: not empty, not a build) for 9 `make clean`s out of 10 in the hostile
    campaign. A folder whose files still go from one look to the next has not settled."""
    import shutil

    master, out, view, app, watcher, lines = setup
    for entry in sorted(out.iterdir()):  # rm -rf build under way: only site/ left
        if entry.name != "site":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    assert not watcher.lost()
    files = sorted(p for p in (out / "site").rglob("*") if p.is_file())
    assert len(files) > 2
    files[0].unlink()  # rm goes on between two looks
    assert not watcher.lost()
    files[1].unlink()
    assert not watcher.lost()
    shutil.rmtree(out)  # and ends
    assert not watcher.lost() and watcher.lost() and watcher.rebuild(restoring=True) is not None
    assert not [line for line in lines if "[E0" in line], lines
    assert b"worked in" in body(app, "/site/index.html") and status(app)["state"] == "ready"


def test_a_folder_replaced_by_another_build_is_made_this_watchs_again_without_a_failure(setup):
    """`make clean && make` under a running watch, make's build the one that got the folder's
    lock: a complete build swapped in, taken as the folder "removed or replaced again before any
    save", so the open pages showed a failed rebuild (E0141) over a complete build, until the
    next save (hostile campaign: 2 runs of 6). A build of another command is made this watch's
    again (incrementally), as often as one is swapped in; only a removal waits for a save."""
    import shutil

    from tei_edition.build import build

    master, out, view, app, watcher, lines = setup
    for _ in range(2):  # no save in between
        build(master, out)  # another command's build swapped in
        assert not watcher.lost() and watcher.lost() and watcher.rebuild(restoring=True) is not None
        assert status(app)["state"] == "ready" and not [line for line in lines if "[E0" in line], lines
        assert not watcher.lost() and not watcher.lost()
    shutil.rmtree(out)  # `make clean`: the loss of the folder is built again once per save
    assert not watcher.lost() and watcher.lost() and watcher.rebuild(restoring=True) is not None
    shutil.rmtree(out)  # again: not built, one line
    assert not watcher.lost() and not watcher.lost() and not watcher.lost()
    assert status(app)["state"] == "failed" and len([line for line in lines if "[E0141]" in line]) == 1
    build(master, out)  # then `make`: its build is taken up, and the banner goes
    assert not watcher.lost() and watcher.lost() and watcher.rebuild(restoring=True) is not None
    assert status(app)["state"] == "ready" and b"worked in" in body(app, "/site/index.html")
    assert len([line for line in lines if "[E0" in line]) == 1


def test_serve_watch_as_a_process_builds_a_removed_folder_again(tmp_path: Path):
    import shutil

    from support.serve_process import start_server, stop_server

    master = copy_master(tmp_path)
    out = tmp_path / "build"
    proc, base = start_server(out, "--watch", "--master", str(master))
    try:
        def page() -> tuple[int, bytes]:
            try:
                with urllib.request.urlopen(f"{base}/site/index.html", timeout=30) as r:
                    return r.status, r.read()
            except urllib.error.HTTPError as e:
                return e.code, e.read()

        deadline = time.monotonic() + 120  # generous: the machine may be busy; no timing is asserted
        while not (out / "site" / "index.html").is_file():
            assert time.monotonic() < deadline, "no first build"
            time.sleep(0.1)
        shutil.rmtree(out)
        while not (out / "site" / "index.html").is_file():  # its pages may be served a moment before
            assert time.monotonic() < deadline, "the removed folder was never built again"
            time.sleep(0.1)
        assert page()[0] == 200 and b"worked in" in page()[1]
    finally:
        stop_server(proc)
