"""Whole-process timing shared by the bench scripts: the kernel's own accounting of each run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
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


def run_process(args: list[str], check: bool = True) -> Run:
    """Run a process to its end; its times and peak memory from wait4 (not from the process)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if check and os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(args)} failed: {proc.stderr.read().decode(errors='replace')[-2000:]}")
    proc.stderr.close()
    return Run(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss)


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
