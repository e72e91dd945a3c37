"""`make bench`: time the real build as whole processes; report stage medians and peak memory.

Each run is a fresh `tei-edition build` process (so stylesheet compilation and imports are
counted, as an editor meets them); stage times come from the process itself. The `start-up`
line is a bare `tei-edition --help` process: the interpreter, the package and click, the fixed
cost below every command.

Every run is a full build (`--full`): a build into a previous build would take what did not change
from it. Last, `serve --watch` (bench_watch.py): from a save of the master to the updated page.

The `serve-load` line runs `tei-edition serve` on a fresh build and sends it 10,000 requests from
64 threads over loopback (`tools/serve_load.py`; site pages, static DTS files, Level 1 queries):
requests per second and the latency's p50 and p99 (the client shares the machine's cores).

The build forks a second process for the site's first stages (`--jobs 2`, the default); the
`one process` line is the same build with `--jobs 1`, and `in memory` the default build with its
output folder in /dev/shm (where present): what the file system adds.

Creating a file is kernel (sys) time, and it varies: ~20 µs a file when the file system is
quiet, up to ~0.5 ms right after many files were deleted. On ext4 without a journal the inode
allocator (`recently_deleted` in fs/ext4/ialloc.c) passes over every free inode of the folder's
block group that was freed in the last minute, or in the last six while its inode table's
block is not yet written back (RECENTCY_MIN 60 s, plus RECENTCY_DIRTY 300 s), and each new file
looks at them all again. So a build that replaces a previous build's ~1,200 files creates its own more
slowly, and so does a first build into a new folder of a busy group: the same build took 2.1-2.3 s
into new folders below /tmp and 1.3-1.4 s in a quiet group of the same disk (1.4 s in /dev/shm).
Threads do not help: the kernel's work is CPU (8 threads writing the DTS files: x1.00, 15 pairs).
The dts stage writes ~1,160 files, so its time (and the process's sys time) swings with that;
compare stages' medians from runs made under the same conditions.

Then, if present, the TEI Consortium's route on the same published TEI (bench_tei_route.py), and
the build at scale, the body repeated k times (bench_scale.py; BENCH_SCALE=64 for the full set).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import bench_scale
import bench_tei_route
from benchproc import SAMPLE_EVERY, Run, cpu_seconds, run_process

from tei_edition.core import paths

sys.path.insert(0, str(Path(__file__).resolve().parent))  # serve_load, bench_watch, beside this file

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
ROLES = ("build", "second process", "XSLT worker", "Typst", "other")  # benchproc.role, in this order


def _build_command(out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "tei_edition.cli", "build", "--out", str(out), "--full", *options]


def bench_build(tmp: Path, runs: int = RUNS) -> dict[str, Any]:
    """Bench the real master's build into `tmp`/build (left there for the TEI route). The default
    build, the same in one process and the default into /dev/shm run in turn, so that the disk's
    and the machine's drift falls on all three alike."""
    stage_runs: dict[str, list[float]] = {}
    made: list[Run] = []
    one_process: list[float] = []
    in_memory: list[float] = []
    by_role: dict[str, list[float]] = {}
    out, timings = tmp / "build", tmp / "timings.json"
    # --full: every run makes every output (a build into a previous build takes what did not change)
    cmd = _build_command(out, "--timings", str(timings))
    single = _build_command(tmp / "one-process", "--jobs", "1")
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(prefix="bench-", dir=shm if shm.is_dir() and os.access(shm, os.W_OK)
                                     else None) as memory:
        memory_cmd = _build_command(Path(memory) / "build") if Path(memory).parent == shm else None
        for command in (cmd, single, memory_cmd):  # warm-up: file cache
            if command is not None:
                run_process(command)
        for _ in range(runs):
            run = run_process(cmd)
            for name in set(by_role) | set(run.cpu_by_role):
                by_role.setdefault(name, [0.0] * len(made)).append(run.cpu_by_role.get(name, 0.0))
            made.append(run)
            for stage, secs in json.loads(timings.read_text()).items():
                stage_runs.setdefault(stage, []).append(secs)
            one_process.append(run_process(single).wall)
            if memory_cmd is not None:
                in_memory.append(run_process(memory_cmd).wall)
    val_cmd = [sys.executable, "-m", "tei_edition.cli", "validate", str(paths.MASTER)]
    val = [run_process(val_cmd) for _ in range(runs)]
    # the fixed cost of any command: the interpreter, the package and click, nothing else
    help_cmd = [sys.executable, "-m", "tei_edition.cli", "--help"]
    bare = [run_process(help_cmd) for _ in range(runs)]
    return {
        "runs": runs,
        "stages": {k: statistics.median(v) for k, v in stage_runs.items()},
        "process_wall": statistics.median(r.wall for r in made),
        "one_process_wall": statistics.median(one_process),
        "in_memory_wall": statistics.median(in_memory) if in_memory else None,
        "process_cpu": statistics.median(r.user + r.sys for r in made),
        "process_user": statistics.median(r.user for r in made),
        "process_sys": statistics.median(r.sys for r in made),
        "peak_rss_mib": max(r.peak_tree_kib for r in made) / 1024,
        "validate_wall": statistics.median(r.wall for r in val),
        "validate_cpu": statistics.median(r.user + r.sys for r in val),
        "startup_wall": statistics.median(r.wall for r in bare),
        "startup_cpu": statistics.median(r.user + r.sys for r in bare),
        "cpu_by_role": {name: statistics.median(by_role[name]) for name in ROLES if name in by_role},
    }


def bench_serve(requests: int = 10_000, concurrency: int = 64) -> dict[str, Any]:
    """`tei-edition serve` under load: `requests` GETs from `concurrency` threads over loopback,
    a mix of site pages, static DTS files and Level 1 DTS queries, on a fresh build."""
    from serve_load import load

    res = paths.BASENAME
    targets = [("/site/", 200), ("/dts/", 200), (f"/dts/navigation/?resource={res}&ref=p42&down=0", 200),
               (f"/dts/navigation/?resource={res}&start=p10&end=p20&down=1", 200),
               (f"/dts/document/?resource={res}&ref=p42", 200), (f"/dts/navigation/{res}/p42.json", 200),
               ("/site/persons.html", 200), ("/", 302)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "build"
        run_process([sys.executable, "-m", "tei_edition.cli", "build", "--out", str(out)])
        proc = subprocess.Popen([sys.executable, "-m", "tei_edition.cli", "serve", "--port", "0", "--dir", str(out)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = proc.stdout.readline() if proc.stdout else ""
            base = line.split("at ", 1)[1].split("/ ", 1)[0]
            load(base, targets, requests=500, concurrency=concurrency)  # warm-up
            before = cpu_seconds(proc.pid)
            result = load(base, targets, requests=requests, concurrency=concurrency)
            server_cpu = cpu_seconds(proc.pid) - before
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return {"requests": result.requests, "concurrency": concurrency, "errors": len(result.errors),
            "per_second": result.per_second, "p50": result.median, "p99": result.percentile(0.99),
            "server_cpu_per_request": server_cpu / max(1, result.requests), "load": os.getloadavg()[0]}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        r = bench_build(Path(tmp))
        report(r)
        tei = Path(tmp) / "build" / "tei" / paths.MASTER.name
        # a new folder each run, removed at the end: a first build, on a file system where the
        # bench deleted nothing since (see the note on creating files above)
        bench_tei_route.report(tei, r["process_wall"], int(os.environ.get("BENCH_TEI_ROUTE_RUNS", "5")),
                               ours=lambda i: _build_command(Path(tmp) / "route" / str(i) / "build"))
    bench_scale.main()


def report(r: dict[str, Any]) -> None:
    print(f"tei-edition build of {paths.MASTER.name}: median of {r['runs']} runs")
    print(f"{'stage':<12}{'median ms':>12}")
    notes = {"pdf": "XSLT to Typst; Typst compiles in a child process:",
             "pdf-compile": "Typst, overlapping tei, dts and epub (not part of the sum)",
             "stages-aside": "the second process: exports, html and search, beside pdf to epub",
             "exports": "in the second process (as are html and search)",
             "waiting": "stages waiting for the Typst compile (not in their times)",
             "epub": "XSLT (the web edition's stylesheets, compiled again) and zip",
             "total": "wall time of the build, parse to manifest"}
    for stage, secs in r["stages"].items():
        print(f"{stage:<12}{secs * 1000:>12.1f}  {notes.get(stage, '')}".rstrip())
    print(f"{'process':<12}{r['process_wall'] * 1000:>12.1f}  wall (whole process, incl. start-up)")
    print(f"{'':<12}{r['process_cpu'] * 1000:>12.1f}  cpu (user {r['process_user'] * 1000:.0f} + sys "
          f"{r['process_sys'] * 1000:.0f}; sys is mostly creating the ~1,000 output files)")
    if r["cpu_by_role"]:
        roles = ", ".join(f"{name} {secs * 1000:.0f}" for name, secs in r["cpu_by_role"].items())
        print(f"{'':<12}{'':>12}  cpu by process, sampled every {SAMPLE_EVERY * 1000:.0f} ms (a process's last "
              f"sample short of its end): {roles}")
    print(f"{'one process':<12}{r['one_process_wall'] * 1000:>12.1f}  wall, the same build with --jobs 1, in turn "
          f"with the default (x{r['one_process_wall'] / r['process_wall']:.2f} the default)")
    if r["in_memory_wall"] is not None:
        print(f"{'in memory':<12}{r['in_memory_wall'] * 1000:>12.1f}  wall, the default build into /dev/shm "
              f"(the file system's share: {(r['process_wall'] - r['in_memory_wall']) * 1000:.0f} ms)")
    print(f"{'peak RSS':<12}{r['peak_rss_mib']:>11.1f}M  the build, its second process and Typst at once (sampled)")
    print(f"{'validate':<12}{r['validate_wall'] * 1000:>12.1f}  wall, whole `tei-edition validate` process")
    print(f"{'start-up':<12}{r['startup_wall'] * 1000:>12.1f}  wall, whole `tei-edition --help` process "
          f"(cpu {r['startup_cpu'] * 1000:.0f}): the fixed cost of every command")
    s = bench_serve()
    print(f"{'serve-load':<12}{s['per_second']:>12.0f}  requests/s ({s['requests']} at concurrency "
          f"{s['concurrency']}, {s['errors']} errors); latency p50 {s['p50'] * 1000:.1f} ms, "
          f"p99 {s['p99'] * 1000:.1f} ms; server CPU {s['server_cpu_per_request'] * 1e6:.0f} µs a request "
          f"(load average {s['load']:.1f}: the client and the rest of the machine share the cores)")
    import bench_watch  # serve --watch: from a save to the updated page, k = 1 and 16

    bench_watch.main([])


if __name__ == "__main__":
    main()
