"""Typst's compile of the print edition, in a process of its own.

Typst keeps everything it laid out in a cache that lives as long as its process (it drops an
entry only after ten compiles that did not use it), so a long-running `serve --watch` that
compiled in its own process grew by the size of the edition's layout on every save. A child
process gives the memory back when it ends, and it can be stopped at once when the build is
interrupted, which a native call in a thread cannot.

Protocol: `python -m tei_edition.outputs.typeset ROOT TIMESTAMP PAPER PARENT`, the Typst source on
standard input, the PDF on standard output; a Typst error is one line on standard error and
exit status 3.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
from typing import Literal

from tei_edition.core import interrupts
from tei_edition.core.problems import EditionError, Problem

# Typst 0.15 writes this content as PDF/UA-1 (tagged, accessible) and PDF/A-2a (archival) at once.
PDF_STANDARDS: list[Literal["ua-1", "a-2a"]] = ["ua-1", "a-2a"]
TYPST_ERROR = 3



class Typesetter:
    """Compiles in a child process that `stop` ends at once, whether it has begun or not (a
    build interrupted just as the compile starts must not wait for it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self._stopped = False

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._child is not None and self._child.poll() is None:
                self._child.kill()

    def run(self, source: str, root: str, timestamp: dt.datetime, paper: str, master: str, book: str = "") -> bytes:
        """The PDF of Typst `source` (files relative to `root`); E0101 at `master` when Typst
        refuses it or the child ends without a PDF (naming `book`, "Volume 2 of 8", when given)."""
        what = f"typst ({book})" if book else "typst"
        args = [sys.executable, "-m", __name__, root, timestamp.isoformat(), paper, str(os.getpid())]
        with self._lock:
            if self._stopped:
                raise EditionError([Problem(master, 0, 0, "E0101", f"{what}: the typesetter was stopped")])
            child = self._child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                   stderr=subprocess.PIPE)
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


def main(argv: list[str]) -> int:
    import typst

    root, timestamp, paper, parent = argv
    for reaches_the_group in (signal.SIGINT, signal.SIGHUP):  # Ctrl-C, a closed terminal: the build decides
        signal.signal(reaches_the_group, signal.SIG_IGN)
    interrupts.end_with_parent(int(parent))
    source = sys.stdin.buffer.read()
    try:
        # the stub ties `root` to the type of `input` (one TypeVar); Typst takes a str root with bytes input
        pdf: bytes = typst.compile(source, root=root, format="pdf",  # type: ignore[call-overload]
                                   ignore_system_fonts=True, timestamp=dt.datetime.fromisoformat(timestamp),
                                   pdf_standards=PDF_STANDARDS, pdf_tags=True, sys_inputs={"paper": paper})
    except typst.TypstError as exc:
        sys.stderr.write(" ".join(str(exc.message).split()) + "\n")
        return TYPST_ERROR
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
