"""Stages of a build in a second process, beside the others.

Saxon holds Python's global lock for the whole of a transform, so the XSLT stages cannot share
the machine's cores as threads; a forked copy of the build can. The copy runs the stages it is
given (the build gives it the web edition's first stages, `build.ASIDE`) into the build's
temporary folder while the build goes on with the others, and hands back each stage's time and
warnings, or what stopped it, through a pipe.

A process is forked only where that is safe and pays: one thread and no Saxon yet in this process
(a copy of a started Saxon, or of a lock another thread holds, may hang), and more than one CPU.
The copy ignores Ctrl-C (the build decides, and kills it), ends when the build is gone, and never
returns into the build's code: it leaves through `os._exit` whatever happens.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from tei_edition.core import interrupts, xslt
from tei_edition.core.problems import EditionError, Problem, raised_at

_MAX_FD = os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024


class WorkerError(Exception):
    """The second process failed in a way that is not the edition's fault (a toolkit bug)."""


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return (hasattr(os, "fork") and threading.active_count() == 1 and not xslt.started()
            and cpus() > 1)


@dataclass
class StageResult:
    name: str
    seconds: float
    warnings: list[Problem]


class ForkedStages:
    """`stages` ((name, run) pairs; `run` returns the stage's warnings) run one after another in
    a forked process from `start` on; `wait` gives their results or raises what stopped them."""

    def __init__(self, stages: Sequence[tuple[str, Callable[[], list[Problem]]]]) -> None:
        self.stages = list(stages)
        self._pid = 0
        self._read = -1
        self._reaped = False
        self._stopped = False  # by the build: a signal it sent is not news
        self._lock = threading.Lock()

    def start(self) -> None:
        sys.stdout.flush()  # or the copy would print what the build had not written out yet
        sys.stderr.flush()
        parent = os.getpid()

        def fork() -> None:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the copy
                os.close(read)
                _run_in_child(self.stages, write, parent)
            os.close(write)
            self._pid, self._read = pid, read

        # no interruption between the fork and `stop` knowing the copy's pid (the copy lets them
        # in once it has its own handlers)
        interrupts.spawned(fork)

    def stop(self) -> None:
        """Kill the copy (a reaped pid may belong to another process by now: never killed)."""
        with self._lock:
            if self._pid and not self._reaped:
                self._stopped = True
                os.kill(self._pid, signal.SIGKILL)

    def wait(self) -> list[StageResult]:
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        with self._lock:
            self._reaped = True
        if not data:
            stages = ", ".join(n for n, _ in self.stages)
            if os.WIFSIGNALED(status) and not self._stopped:  # killed from outside the build
                number = os.WTERMSIG(status)
                raise EditionError([Problem("tei-edition", 0, 0, "E0119", (
                    f"the build's second process (the stages {stages}) was killed by signal {number} "
                    f"({signal.Signals(number).name if number in signal.valid_signals() else '?'}) "
                    f"from outside the build, by a user or by the system when memory ran short; nothing "
                    f"was written: build again, or with --jobs 1 (one process)"))])
            raise WorkerError(f"the process of the stages {stages} ended without a result "
                              f"(exit {os.waitstatus_to_exitcode(status)})")
        payload = json.loads(data)
        failure = payload.get("failure")
        if failure is not None:
            raise_failure(failure)
        return [StageResult(r["name"], r["seconds"], [Problem.from_dict(d) for d in r["warnings"]])
                for r in payload["stages"]]


def raise_failure(failure: dict[str, Any]) -> NoReturn:
    """Raise in this process what `failure_of` wrote down in another."""
    kind = failure["kind"]
    if kind == "problems":
        raise EditionError([Problem.from_dict(d) for d in failure["problems"]])
    if kind == "os":
        raise OSError(failure["errno"], failure["strerror"], failure["filename"], None, failure.get("filename2"))
    raise WorkerError(failure["text"])


def failure_of(exc: BaseException) -> dict[str, Any]:
    """What stopped a child's work, as JSON for the build (`raise_failure` raises it there)."""
    if isinstance(exc, EditionError):
        return {"kind": "problems", "problems": [p.as_dict() for p in exc.problems]}
    if isinstance(exc, OSError):
        return {"kind": "os", "errno": exc.errno, "strerror": exc.strerror,
                **{key: None if name is None else os.fsdecode(name)
                   for key, name in (("filename", exc.filename), ("filename2", exc.filename2))}}
    return {"kind": "internal", "text": f"{type(exc).__name__}: {exc}{raised_at(exc)}"}


def _let_go(keep: int) -> None:
    """Hold nothing of the build's but the pipe `keep`: its output folder's lock would outlive a
    killed build. Every other descriptor is pointed at /dev/null rather than closed, so a number
    is never reused while a Python object of the build may still close it."""
    null = os.open(os.devnull, os.O_RDWR)
    try:
        held = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc: every number a descriptor may have
        held = list(range(3, _MAX_FD))
    for fd in held:
        if fd <= 2 or fd in (keep, null):
            continue
        try:
            os.fstat(fd)  # open? (the listing's own is gone by now)
        except OSError:
            continue
        os.dup2(null, fd)
    os.close(null)


def _run_in_child(stages: Sequence[tuple[str, Callable[[], list[Problem]]]], write: int, parent: int) -> None:
    """The copy's whole life: run the stages, write the result, leave."""
    payload: dict[str, Any] = {"stages": []}
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # before the interruptions are let in: not the build's handler
        interrupts.leave_to_the_parent()
        interrupts.end_with_parent(parent)  # the pid from before the fork
        _let_go(write)
        xslt.run_here()  # the build kills the copy when interrupted: Saxon may hold it
        for name, run in stages:
            started = time.perf_counter()
            warnings = run()
            payload["stages"].append({"name": name, "seconds": time.perf_counter() - started,
                                      "warnings": [w.as_dict() for w in warnings]})
    except BaseException as exc:  # noqa: BLE001 - reported to the build, which decides
        payload["failure"] = failure_of(exc)
    try:
        data = json.dumps(payload).encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(write, view):]
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(0)
