"""A second Ctrl-C (or a SIGTERM after one) while an interrupted `serve --watch` or build
cleans up: the temporary folders are still removed (found by the hostile campaign on serve
--watch: two signals 10 ms apart to the process group during a rebuild left `.build.tmp-*` or
`.build.tmp-live-*` beside the folder in 6 runs of 10; one signal, in none of 44)."""

from __future__ import annotations

import signal
from pathlib import Path
from types import SimpleNamespace

import pytest
from support.editing import copy_master, edit
from support.watching import watched

from tei_edition import watch
from tei_edition.build import build
from tei_edition.cli.guard import _interrupt
from tei_edition.core import interrupts, output_folder


@pytest.fixture(autouse=True)
def no_interruption_left():
    interrupts.clear()
    yield
    interrupts.clear()


def _temporary(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".build.tmp"))


def test_a_second_interruption_while_an_interrupted_build_is_removed_leaves_no_temporary_folder(
        tmp_path: Path, monkeypatch):
    master, out = copy_master(tmp_path), tmp_path / "build"
    real = output_folder.remove_tree

    def removal_interrupted(root, ignore_errors=False):
        _interrupt(signal.SIGINT, None)  # the second Ctrl-C: its handler, at a step inside the removal
        real(root, ignore_errors)

    def first(name, ctx):
        if name == "validate":
            raise KeyboardInterrupt("SIGINT")

    monkeypatch.setattr(output_folder, "remove_tree", removal_interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(master, out, on_stage=first)
    assert _temporary(tmp_path) == [] and not out.exists()


@pytest.mark.parametrize("when", ["as a rebuild begins", "as the watch ends"])
def test_an_interruption_while_the_shown_pages_are_removed_leaves_no_folder_of_them(tmp_path: Path, monkeypatch,
                                                                                   when: str):
    """The pages a rebuild showed early (hard links in `.build.tmp-live-*`) stay until the next
    rebuild begins, or the watch ends: a Ctrl-C as a rebuild removed them, or a second one as the
    watch removed those of the rebuild the first stopped, left the folder, taken off the list
    before it was removed."""
    master, out, view, app, watcher, lines = watched(tmp_path)
    assert _temporary(tmp_path)  # the first build's pages, shown before it was swapped in
    real_build, real_rmtree = watch.build, watch.shutil.rmtree
    first: list[str] = []

    def interrupted_after_the_pages(*args, on_stage, **kwargs):
        def stage(name, ctx):
            on_stage(name, ctx)
            if name == "html":  # this rebuild's pages shown: the first Ctrl-C
                first.append(name)
                raise KeyboardInterrupt("SIGINT")
        return real_build(*args, on_stage=stage, **kwargs)

    def removal_interrupted(path, ignore_errors=False):
        if when == "as a rebuild begins" or first:
            _interrupt(signal.SIGINT, None)  # its handler, at a step inside the removal
        real_rmtree(path, ignore_errors=ignore_errors)

    edit(master, "and worked in", "and toiled in")
    monkeypatch.setattr(watch, "build", interrupted_after_the_pages)
    monkeypatch.setattr(watch, "shutil", SimpleNamespace(rmtree=removal_interrupted))
    with pytest.raises(KeyboardInterrupt):
        watcher.run()
    assert _temporary(tmp_path) == []
    assert first == ([] if when == "as a rebuild begins" else ["html"])
