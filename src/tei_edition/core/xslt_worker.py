"""The process that runs a command's XSLT (`core.xslt`), and the command's handle on it.

Protocol: `python -m tei_edition.core.xslt_worker PARENT`; requests on standard input, one reply
to each on standard output, in order, each a JSON object after its length (8 bytes, big-endian):

- `{"op": "compile", "names": [...]}`: compile these stylesheets now (the reply is sent before
  the next request is read; a stylesheet that does not compile is reported by its transform);
- `{"op": "transform", "name", "doc", "params", "output_dir", "source_path", "docs", "forget"}`:
  the documents it has not seen yet come in `docs` (id → [text, base URI]) and are kept until
  `forget` names them (the command's document was collected); a parameter that is a document
  is `{"doc": id}`. The reply is `{"result": text}` or `{"failure": ...}` (`forked.failure_of`).

What Saxon prints during a transform that succeeds (`xsl:message`) comes back in the reply
(`printed`) and the command prints it, to its standard error as it is at that moment; the
worker's own is the null device. The worker starts with the interruptions held
(`interrupts.spawned`), then ignores Ctrl-C and a hang-up (its command decides) and ends with
its command.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import threading
import weakref
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tei_edition.core.problems import EditionError, Problem

if TYPE_CHECKING:  # xslt imports this module where it needs the worker
    from tei_edition.core.xslt import Document

_LENGTH = 8


def send(stream: IO[bytes], message: dict[str, Any]) -> None:
    data = json.dumps(message, ensure_ascii=False).encode("utf-8")
    stream.write(len(data).to_bytes(_LENGTH, "big") + data)
    stream.flush()


def receive(stream: IO[bytes]) -> dict[str, Any] | None:
    """The next message, or None when the other end has gone."""
    head = stream.read(_LENGTH)
    if len(head) < _LENGTH:
        return None
    size = int.from_bytes(head, "big")
    data = stream.read(size)
    if len(data) < size:
        return None
    message: dict[str, Any] = json.loads(data)
    return message


class Worker:
    """The command's XSLT process, started on first use and again after it was stopped. One
    request at a time (a lock); a request interrupted (Ctrl-C, SIGTERM) or failed in the
    exchange kills the process, whose state is then unknown."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._known: set[int] = set()  # ids of the documents the process holds
        self._forgotten: list[int] = []  # collected here, to be dropped there
        self._pending = 0  # replies not read yet
        self._cancelled = False  # `cancel`led: no process is started until `start`

    def compile_ahead(self, names: list[str]) -> None:
        with self._lock:
            self._exchange({"op": "compile", "names": names}, wait=False)

    def transform(self, name: str, doc: Document, params: dict[str, Any], output_dir: Path | None,
                  source_path: str) -> str:
        from tei_edition.core.forked import raise_failure
        from tei_edition.core.xslt import Document

        with self._lock:
            self._running()  # first: a process started anew holds no document yet
            docs: dict[str, list[str | None]] = {}
            for each in [doc, *(v for v in params.values() if isinstance(v, Document))]:
                if each.id not in self._known and str(each.id) not in docs:
                    docs[str(each.id)] = [each.text, each.base_uri]
            request = {"op": "transform", "name": name, "doc": doc.id, "source_path": source_path,
                       "output_dir": None if output_dir is None else str(output_dir),
                       "params": {k: {"doc": v.id} if isinstance(v, Document) else v for k, v in params.items()},
                       "docs": docs}
            reply = self._exchange(request, wait=True)
            for each in [doc, *(v for v in params.values() if isinstance(v, Document))]:
                if each.id not in self._known:
                    self._known.add(each.id)
                    weakref.finalize(each, self._forgotten.append, each.id)
        assert reply is not None
        if reply.get("printed"):
            sys.stderr.write(reply["printed"])
            sys.stderr.flush()
        if "failure" in reply:
            raise_failure(reply["failure"])
        return str(reply["result"])

    def start(self) -> None:
        """Start the process now, if it is not running (in the thread that may be interrupted)."""
        with self._lock:
            self._cancelled = False
            self._running()

    def cancel(self) -> None:
        """Stop the process, and start none for a request another thread has under way (it fails,
        E0119), until `start` is called again."""
        self._cancelled = True
        self.stop()

    def _running(self) -> subprocess.Popen[bytes]:
        """The process, started again if it has ended (unless `cancel`led)."""
        if self._process is not None and self._process.poll() is None:
            return self._process
        if self._cancelled:
            raise EditionError([Problem("tei-edition", 0, 0, "E0119", "the process that runs the XSLT was stopped")])
        return self._start()

    def _exchange(self, request: dict[str, Any], wait: bool) -> dict[str, Any] | None:
        process = self._running()
        assert process.stdin is not None and process.stdout is not None
        forgotten, self._forgotten[:] = list(self._forgotten), []
        self._known.difference_update(forgotten)
        try:
            send(process.stdin, {**request, "forget": forgotten})
            self._pending += 1
            reply = None
            while wait and self._pending:
                reply = receive(process.stdout)
                if reply is None:
                    raise self._ended(process)
                self._pending -= 1
            return reply
        except BrokenPipeError:
            self.stop()
            raise self._ended(process) from None
        except BaseException:  # interrupted, or gone: a process in an unknown state is not used again
            self.stop()
            raise

    def _start(self) -> subprocess.Popen[bytes]:
        self.stop()
        from tei_edition.core import interrupts

        def start() -> subprocess.Popen[bytes]:
            self._process = subprocess.Popen([sys.executable, "-m", __name__, str(os.getpid())],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self._known, self._pending = set(), 0
            return self._process

        return interrupts.spawned(start)

    def stop(self) -> None:
        """Kill the process (at once: it may be in the middle of a transform)."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:  # the unsent rest of a request to a killed process
                    pass

    @staticmethod
    def _ended(process: subprocess.Popen[bytes]) -> EditionError:
        code = process.wait()
        if code < 0:
            number = -code
            name = signal.Signals(number).name if number in signal.valid_signals() else "?"
            why = f"was killed by signal {number} ({name}) from outside the command, by a user or by the system " \
                  f"when memory ran short"
        else:
            why = f"ended without an answer (exit {code})"
        return EditionError([Problem("tei-edition", 0, 0, "E0119", f"the process that runs the XSLT {why}; "
                                                                   "nothing was written: run the command again")])


_workers: list[Worker] = []  # the command's: the first, and the second once a transform ran beside it
_inherited: list[Worker] = []  # a copy of the command keeps its parent's handles, never using them


def worker(number: int = 0) -> Worker:
    """The command's worker; `number` 1: a second, for a transform beside the first's
    (`xslt.transform_beside`), started on first use and kept for the next."""
    if not _workers:
        atexit.register(stop)
    while len(_workers) <= number:
        _workers.append(Worker())
    return _workers[number]


def end(number: int) -> None:
    """Stop worker `number`, if there is one (started again on its next use)."""
    if number < len(_workers):
        _workers[number].stop()


def stop() -> None:
    """End the workers there are (their time is then the command's, as the system counts)."""
    for each in _workers:
        each.stop()


def drop() -> None:
    """Forget the workers without touching them (in a forked copy, they are the parent's)."""
    _inherited.extend(_workers)
    _workers.clear()


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """Answer the requests until the command closes its end."""
    from tei_edition.core import xslt
    from tei_edition.core.forked import failure_of

    documents: dict[int, xslt.Document] = {}
    while (request := receive(requests)) is not None:
        for gone in request.get("forget", ()):
            documents.pop(gone, None)
        if request["op"] == "compile":
            for name in request["names"]:
                try:
                    xslt.stylesheet(name)
                except EditionError:  # the transform that uses it says so
                    pass
            send(replies, {"compiled": request["names"]})
            continue
        for key, (text, base_uri) in request["docs"].items():
            documents[int(key)] = xslt.Document(text, base_uri)
        try:
            params = {k: documents[v["doc"]] if isinstance(v, dict) else v for k, v in request["params"].items()}
            out = request["output_dir"]
            result = xslt.transform(request["name"], documents[request["doc"]], params=params,
                                    output_dir=None if out is None else Path(out), source_path=request["source_path"])
            send(replies, {"result": result, "printed": _printed()})
        except Exception as exc:  # noqa: BLE001 - reported to the command, which raises it
            send(replies, {"failure": failure_of(exc)})


def _printed() -> str:
    from tei_edition.core import xslt

    assert xslt.relayed is not None
    text = b"".join(xslt.relayed).decode("utf-8", "replace")
    xslt.relayed.clear()
    return text


def main(argv: list[str]) -> int:
    from tei_edition.core import interrupts, xslt
    from tei_edition.core.streams import open_standard_streams

    open_standard_streams()  # before the replies' descriptor is taken: never standard error's number
    interrupts.leave_to_the_parent()
    interrupts.end_with_parent(int(argv[0]))
    xslt.run_here()
    xslt.relayed = []
    # the replies on a descriptor of their own: a line anything prints goes to standard error
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    serve(sys.stdin.buffer, replies)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
