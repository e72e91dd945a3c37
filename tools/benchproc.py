"""Whole-process timing shared by the bench scripts: the kernel's own accounting of each run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    user: float
    sys: float
    peak_rss_kib: int  # ru_maxrss of the process (the largest of it and the children it waited for)
    peak_tree_kib: int = 0  # the largest sum of resident memory of the process and its children at once
    # CPU seconds (user + sys) by kind of process (`role`), as last sampled: a process's last
    # tick (up to SAMPLE_EVERY) and one that lived less than that are not in it
    cpu_by_role: dict[str, float] = field(default_factory=dict)


SAMPLE_EVERY = 0.02  # seconds between two looks at the process tree's memory and CPU


def tree_pids(pid: int) -> list[int]:
    """`pid` and all its descendants alive now (a process that ends meanwhile is left out)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue  # ended between two reads
        found.append(p)
    return found


def tree_resident_kib(pid: int) -> int:
    """Resident memory of `pid` and all its descendants (shared pages counted in each)."""
    total = 0
    for p in tree_pids(pid):
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue  # ended between two reads
    return total


def role(cmdline: bytes, root_cmdline: bytes, is_root: bool) -> str:
    """What a process of a build's tree is, from its command line: the build itself, its forked
    copy (the same command line), the XSLT worker, Typst's child, or another."""
    if is_root:
        return "build"
    if b"tei_edition.core.xslt_worker" in cmdline:
        return "XSLT worker"
    if b"tei_edition.outputs.typeset_child" in cmdline:
        return "Typst"
    return "second process" if cmdline == root_cmdline else "other"


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int, seen: dict[int, tuple[str, float]]) -> None:
    """Note in `seen` the CPU seconds (user + sys) so far of `pid` and each of its descendants,
    with what each process is (`role`)."""
    try:
        root_cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return
    for p in tree_pids(pid):
        try:
            cpu = cpu_seconds(p)
            name = seen[p][0] if p in seen else role(Path(f"/proc/{p}/cmdline").read_bytes(), root_cmdline, p == pid)
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue  # ended between two reads
        seen[p] = (name, max(cpu, seen[p][1] if p in seen else 0.0))


def _sample_tree(pid: int, done: threading.Event, peak: list[int], seen: dict[int, tuple[str, float]]) -> None:
    while not done.wait(SAMPLE_EVERY):
        peak[0] = max(peak[0], tree_resident_kib(pid))
        tree_cpu(pid, seen)


def run_process(args: list[str], check: bool = True) -> Run:
    """Run a process to its end; its times and peak memory from wait4 (not from the process),
    and, by sampling its process tree (the build, its forked copy, the XSLT worker, Typst's
    child), the peak of their memory together and the CPU of each kind (`role`)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done, peak = threading.Event(), [0]
    seen: dict[int, tuple[str, float]] = {}
    sampler = threading.Thread(target=_sample_tree, args=(proc.pid, done, peak, seen), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    assert proc.stderr is not None  # stderr=PIPE
    if check and os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(args)} failed: {proc.stderr.read().decode(errors='replace')[-2000:]}")
    proc.stderr.close()
    by_role: dict[str, float] = {}
    for name, cpu in seen.values():
        by_role[name] = by_role.get(name, 0.0) + cpu
    return Run(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss, max(peak[0], usage.ru_maxrss), by_role)


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
