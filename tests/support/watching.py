"""What the tests of `serve --watch` share: a watched copy of the master, and the server's answers."""

from __future__ import annotations

import json
from pathlib import Path

from support.editing import copy_master
from tei_edition.serve import App
from tei_edition.watch import LiveView, Watcher

OWN = ("127.0.0.1", 8000)
HEADERS = {"Host": "127.0.0.1:8000"}


def body(app: App, target: str) -> bytes:
    response = app.respond(target, HEADERS, OWN)
    assert response.status == 200, (target, response.status, response.body)
    return response.file.read_bytes() if response.file is not None else response.body


def status(app: App, since: int | None = None) -> dict:
    return json.loads(body(app, "/__build" + (f"?since={since}" if since is not None else "")))


def saved(watcher: Watcher) -> bool:
    """Whether the watcher rebuilds after a save: at its second look, once the inputs looked
    the same twice in a row (its first look sees the save, which may still be under way)."""
    assert not watcher.changed()
    return watcher.changed()


def watched(tmp_path: Path) -> tuple[Path, Path, LiveView, App, Watcher, list[str]]:
    """A copy of the master built once by a watcher: (master, out, view, app, watcher, lines printed)."""
    master = copy_master(tmp_path)
    out = tmp_path / "build"
    view = LiveView()
    app = App(out, live=view)
    lines: list[str] = []
    watcher = Watcher(master, out, view, app, echo=lambda text, err: lines.append(text))
    watcher.changed()
    assert watcher.rebuild() is not None, lines
    return master, out, view, app, watcher, lines
