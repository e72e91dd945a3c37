"""Waiting for another process to reach a state, with a deadline instead of a fixed sleep; what
Linux's /proc says of a process and its children."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest


def wait_for(condition: Callable[[], object], timeout: float = 60.0, what: str = "the build") -> None:
    """Poll `condition` every 5 ms until it is true; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.005)


def gone(pid: int) -> bool:
    """The process has ended (a zombie not yet reaped counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def children_of(pid: int) -> list[int]:
    """The child processes of `pid`, started from any of its threads. A thread (the build's
    short-lived ones: validation, the Typst compile's) or the process that ends while they are
    read has none: it is no error."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except FileNotFoundError:
        return []
    found = []
    for task in tasks:
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return b""


def end_all(children: list[int], processes: list[subprocess.Popen]) -> None:
    """What a test started, ended whatever its outcome: `children` (a build's Typst child or its
    forked copy) killed if still there, then the builds themselves, their pipes drained."""
    for pid in children:
        if not gone(pid):
            os.kill(pid, signal.SIGKILL)
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.communicate()


def interrupted_at_once(proc: subprocess.Popen, what: str) -> None:
    """Ctrl-C to the command `proc`: it ends with the one coded line and status 130 before
    `what`, a native call that holds Python's lock and runs for many minutes, could end (no
    duration is measured: a command that waits for the call misses the deadline)."""
    proc.send_signal(signal.SIGINT)
    try:
        _, stderr = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"the interruption waited for {what} to end")
    assert proc.returncode == 130, stderr
    assert stderr.splitlines() == ["tei-edition:0:0: [E0112] interrupted (SIGINT)"]
