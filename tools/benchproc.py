"""Whole-process timing shared by the bench scripts: the kernel's own accounting of each run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    user: float
    sys: float
    peak_rss_kib: int  # ru_maxrss of the process (the largest of it and the children it waited for)
    peak_tree_kib: int = 0  # the largest sum of resident memory of the process and its children at once


SAMPLE_EVERY = 0.02  # seconds between two looks at the process tree's memory


def tree_resident_kib(pid: int) -> int:
    """Resident memory of `pid` and all its descendants (shared pages counted in each)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue  # ended between two reads
    return total


def _sample_tree(pid: int, done: threading.Event, peak: list[int]) -> None:
    while not done.wait(SAMPLE_EVERY):
        peak[0] = max(peak[0], tree_resident_kib(pid))


def run_process(args: list[str], check: bool = True) -> Run:
    """Run a process to its end; its times and peak memory from wait4 (not from the process),
    and the peak of its process tree's memory (the build and its Typst child) by sampling."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done, peak = threading.Event(), [0]
    sampler = threading.Thread(target=_sample_tree, args=(proc.pid, done, peak), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if check and os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(args)} failed: {proc.stderr.read().decode(errors='replace')[-2000:]}")
    proc.stderr.close()
    return Run(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss, max(peak[0], usage.ru_maxrss))


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def folder_bytes(folder: Path) -> dict[str, int]:
    """Bytes of every top-level entry of `folder` (a file, or a folder's files summed), but the
    build's own hidden files (its marker and lock)."""
    sizes: dict[str, int] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        sizes[entry.name] = sum(f.stat().st_size for f in _files(entry))
    return sizes


def folder_files(folder: Path) -> dict[str, int]:
    """How many files each top-level entry of `folder` holds (as `folder_bytes`)."""
    return {entry.name: len(_files(entry)) for entry in sorted(folder.iterdir()) if not entry.name.startswith(".")}


def _files(entry: Path) -> list[Path]:
    return [entry] if entry.is_file() else [f for f in entry.rglob("*") if f.is_file()]
