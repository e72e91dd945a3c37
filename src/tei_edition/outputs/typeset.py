"""Typst's compile of the print edition, in a process of its own.

Typst keeps everything it laid out in a cache that lives as long as its process (it drops an
entry only after ten compiles that did not use it), so a long-running `serve --watch` that
compiled in its own process grew by the size of the edition's layout on every save. A child
process gives the memory back when it ends, and it can be stopped at once when the build is
interrupted, which a native call in a thread cannot.

The child is `typeset_child` (its protocol there), a module of its own so that it imports only
what the compile needs: it starts on the build's longest path.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading

from tei_edition.core import interrupts
from tei_edition.core.problems import EditionError, Problem
from tei_edition.outputs import typeset_child
from tei_edition.outputs.typeset_child import TYPST_ERROR

NAMED, CHECKED = "named", "checked"  # edition.typ's links: to addresses named after labels, or to the labels


class Typesetter:
    """Compiles in a child process that `stop` ends at once, whether it has begun or not (a
    build interrupted just as the compile starts must not wait for it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self._stopped = False
        self._ready: tuple[list[str], subprocess.Popen[bytes]] | None = None  # started ahead (`ready`)

    def ready(self, root: str, timestamp: dt.datetime, paper: str) -> None:
        """Start the child for a compile with these settings now: it readies Typst while the
        source is made (its start is then off the build's longest path). `stop` ends it unused."""
        args = self._args(root, timestamp, paper)
        def keep() -> None:  # inside `spawned`: the handle is kept before an interruption is raised
            self._ready = (args, self._spawn(args))

        with self._lock:
            if not self._stopped and self._ready is None:
                interrupts.spawned(keep)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            for child in (self._child, self._ready[1] if self._ready else None):
                if child is not None and child.poll() is None:
                    child.kill()
            if self._ready is not None:  # never given a source: reaped here
                self._ready[1].wait()
                self._ready = None

    @staticmethod
    def _args(root: str, timestamp: dt.datetime, paper: str, links: str = NAMED) -> list[str]:
        return [sys.executable, "-m", typeset_child.__name__, root, timestamp.isoformat(), paper, links,
                str(os.getpid())]

    @staticmethod
    def _spawn(args: list[str]) -> subprocess.Popen[bytes]:
        """Inside `interrupts.spawned`, with the handle kept there."""
        return subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def run(self, source: str, root: str, timestamp: dt.datetime, paper: str, master: str, book: str = "",
            links: str = NAMED) -> bytes:
        """The PDF of Typst `source` (files relative to `root`); E0101 at `master` when Typst
        refuses it or the child ends without a PDF (naming `book`, "Volume 2 of 8", when given).
        `links`: edition.typ's input `links` (NAMED or CHECKED, `pdf_links`)."""
        what = f"typst ({book})" if book else "typst"
        args = self._args(root, timestamp, paper, links)
        with self._lock:
            if self._stopped:
                raise EditionError([Problem(master, 0, 0, "E0101", f"{what}: the typesetter was stopped")])
            ready, self._ready = self._ready, None
            if ready is not None and ready[0] != args:  # readied for other settings
                ready[1].kill()
                ready[1].wait()
            if ready is not None and ready[0] == args:
                self._child = ready[1]
            else:
                def keep() -> None:  # as in `ready`
                    self._child = self._spawn(args)

                interrupts.spawned(keep)
            child = self._child
            assert child is not None
        pdf, err = child.communicate(source.encode("utf-8"))
        if child.returncode == 0:
            return pdf
        lines = err.decode("utf-8", "replace").strip().splitlines()
        if child.returncode == TYPST_ERROR and lines:
            message = " ".join(lines[-1].split())
        elif child.returncode < 0:
            message = f"the typesetter was stopped by signal {-child.returncode}"
        else:
            message = f"the typesetter failed (exit {child.returncode}): {lines[-1] if lines else 'no message'}"
        raise EditionError([Problem(master, 0, 0, "E0101", f"{what}: {message[:500]}")])
