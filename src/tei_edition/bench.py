"""`make bench`: time the real build as whole processes; report stage medians and peak memory.

Each run is a fresh `tei-edition build` process (so stylesheet compilation and imports are
counted, as an editor meets them); stage times come from the process itself.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import paths

RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def _run(args: list[str]) -> tuple[float, float, float, int]:
    """Run a process; return (wall, user, sys, peak RSS KiB) from the kernel's accounting."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(args)} failed: {proc.stderr.read().decode()}")
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss


def bench_build(runs: int = RUNS) -> dict:
    stage_runs: dict[str, list[float]] = {}
    wall, cpu, rss = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out, timings = Path(tmp) / "build", Path(tmp) / "timings.json"
        cmd = [sys.executable, "-m", "tei_edition.cli", "build", "--out", str(out), "--timings", str(timings)]
        _run(cmd)  # warm-up: file cache
        for _ in range(runs):
            w, u, s, m = _run(cmd)
            wall.append(w)
            cpu.append(u + s)
            rss.append(m)
            for stage, secs in json.loads(timings.read_text()).items():
                stage_runs.setdefault(stage, []).append(secs)
        val_cmd = [sys.executable, "-m", "tei_edition.cli", "validate", str(paths.MASTER)]
        val = [_run(val_cmd) for _ in range(runs)]
    return {
        "runs": runs,
        "stages": {k: statistics.median(v) for k, v in stage_runs.items()},
        "process_wall": statistics.median(wall),
        "process_cpu": statistics.median(cpu),
        "peak_rss_mib": max(rss) / 1024,
        "validate_wall": statistics.median(v[0] for v in val),
        "validate_cpu": statistics.median(v[1] + v[2] for v in val),
    }


def main() -> None:
    r = bench_build()
    print(f"tei-edition build of {paths.MASTER.name}: median of {r['runs']} runs")
    print(f"{'stage':<12}{'median ms':>12}")
    for stage, secs in r["stages"].items():
        print(f"{stage:<12}{secs * 1000:>12.1f}")
    print(f"{'process':<12}{r['process_wall'] * 1000:>12.1f}  wall (whole process, incl. start-up)")
    print(f"{'':<12}{r['process_cpu'] * 1000:>12.1f}  cpu (user+sys)")
    print(f"{'peak RSS':<12}{r['peak_rss_mib']:>11.1f}M")
    print(f"{'validate':<12}{r['validate_wall'] * 1000:>12.1f}  wall, whole `tei-edition validate` process")


if __name__ == "__main__":
    main()
