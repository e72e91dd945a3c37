"""The build at scale: the master's body repeated k times (tools/scale.py), built as whole processes.

For every k: the build's wall time, `tei-edition validate`'s wall time, the peak memory of the
build's processes together (the build and its Typst child), the output's bytes (in total and per
top-level folder) and each stage's time (the build's own `--timings`), medians of several runs;
then how each figure grows from k = 16 to k = 64 (linear is x4; the target allows x6 a stage).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchproc import folder_bytes, folder_files, median, run_process
from scale import main as write_scaled

from tei_edition.core.xmlio import NS, read_tei

SIZES = (1, 4, 16, 64)
LINEAR_SLACK = 1.5  # a stage may grow 1.5 times faster than the text


@dataclass
class ScaleResult:
    k: int
    units: int
    master_bytes: int
    build_wall: float
    build_cpu: float  # user + sys of the build process, its threads (Typst) included
    validate_wall: float
    validate_cpu: float
    peak_kib: int  # the build and its Typst child at once (benchproc samples the process tree)
    output: dict[str, int]
    files: dict[str, int]
    stages: dict[str, float] = field(default_factory=dict)


def sizes_from_env() -> list[int]:
    """BENCH_SCALE: the largest k (16 by default; 64 for the full set) or a list such as 1,16."""
    value = os.environ.get("BENCH_SCALE", "16")
    wanted = [int(v) for v in value.split(",") if v.strip()]
    return wanted if len(wanted) > 1 else [k for k in SIZES if k <= wanted[0]]


def bench_size(k: int, folder: Path, runs: int) -> ScaleResult:
    master = folder / f"scaled-{k}.xml"
    write_scaled([str(k), str(master)])
    tree = read_tei(master)
    units = len(tree.xpath("//tei:body/tei:div/*[self::tei:p or self::tei:cit]", namespaces=NS))
    cli = [sys.executable, "-m", "tei_edition.cli"]
    timings = folder / f"timings-{k}.json"
    # Each run a first build into a folder of its own, all kept until the bench ends: a build that
    # replaced the run before would create its files right after deleting as many, which on ext4
    # without a journal costs many times the stage's own work (tools/bench.py says why: at k = 16
    # the dts stage took 4.1 s in such a build, 0.6 s into memory).
    # --full all the same: nothing is taken from a previous build.
    outs = [folder / f"build-{k}-{run}" for run in range(runs)]
    builds = []
    stage_runs: dict[str, list[float]] = {}
    for out in outs:
        build = cli + ["build", "--master", str(master), "--out", str(out), "--timings", str(timings), "--full"]
        builds.append(run_process(build))
        for stage, secs in json.loads(timings.read_text()).items():
            stage_runs.setdefault(stage, []).append(secs)
    validates = [run_process(cli + ["validate", str(master)]) for _ in range(runs)]
    return ScaleResult(
        k=k, units=units, master_bytes=master.stat().st_size,
        build_wall=median(r.wall for r in builds),
        build_cpu=median(r.user + r.sys for r in builds),
        validate_wall=median(r.wall for r in validates),
        validate_cpu=median(r.user + r.sys for r in validates),
        peak_kib=max(r.peak_tree_kib for r in builds),
        output=folder_bytes(outs[-1]),
        files=folder_files(outs[-1]),
        stages={stage: median(v) for stage, v in stage_runs.items()},
    )


NOT_STAGES = ("waiting", "total")  # idle time waiting for Typst; the sum: no limit of their own


def _growth(results: dict[int, ScaleResult], figure: Callable[[ScaleResult], float], flag: bool = True,
            floor: float = 0.0) -> str:
    """k = 16 to 64; '-' when the figure at k = 16 is at most `floor` (a wait of 0.4 ms that
    became 8 s is no ratio to read). `figure` is called before this returns, so the callers' lambdas
    may read their loop's variable."""
    if 16 not in results or 64 not in results:
        return ""
    before, after = figure(results[16]), figure(results[64])
    if not before or before <= floor:
        return "-"
    ratio = after / before
    return f"x{ratio:.1f}{' !' if flag and ratio > 4 * LINEAR_SLACK else ''}"


def report(results: dict[int, ScaleResult], runs: int) -> None:
    mb = 1024 * 1024
    print(f"\nscale: the body repeated k times (tools/scale.py); medians of {runs} runs, peak memory the largest "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end; cpu = user + sys)")
    folders = sorted({name for r in results.values() for name in r.output})
    head = (f"{'k':>4}{'units':>8}{'master MB':>11}{'build s':>9}{'cpu s':>8}{'validate s':>12}{'cpu s':>7}{'peak MB':>9}"
            f"{'output MB':>11}")
    print(head + "".join(f"{name.removesuffix('.json'):>10}" for name in folders))
    rows = list(results.values())
    for r in rows:
        line = (f"{r.k:>4}{r.units:>8}{r.master_bytes / mb:>11.2f}{r.build_wall:>9.2f}{r.build_cpu:>8.2f}"
                f"{r.validate_wall:>12.2f}{r.validate_cpu:>7.2f}"
                f"{r.peak_kib / 1024:>9.0f}{sum(r.output.values()) / mb:>11.1f}")
        print(line + "".join(f"{r.output.get(name, 0) / mb:>10.2f}" for name in folders))
    if 16 in results and 64 in results:
        growth = [_growth(results, lambda r: r.units), _growth(results, lambda r: r.master_bytes),
                  _growth(results, lambda r: r.build_wall), _growth(results, lambda r: r.build_cpu),
                  _growth(results, lambda r: r.validate_wall), _growth(results, lambda r: r.validate_cpu),
                  _growth(results, lambda r: r.peak_kib), _growth(results, lambda r: sum(r.output.values()))]
        line = f"{'16→64':>4}" + "".join(f"{g:>{w}}" for g, w in zip(growth, (8, 11, 9, 8, 12, 7, 9, 11)))
        print(line + "".join(f"{_growth(results, lambda r: r.output.get(name, 0)):>10}" for name in folders))
    print(f"\n{'files':<12}" + "".join(f"{'k=' + str(r.k):>9}" for r in rows) + f"{'16→64':>9}{'per unit':>10}")
    for name in folders:
        cells = "".join(f"{r.files.get(name, 0):>9}" for r in rows)
        print(f"{name:<12}{cells}{_growth(results, lambda r: r.files.get(name, 0)):>9}"
              f"{rows[-1].files.get(name, 0) / rows[-1].units:>10.2f}")
    stages = list(rows[0].stages)
    print(f"\n{'stage s':<12}" + "".join(f"{'k=' + str(r.k):>9}" for r in rows) + f"{'16→64':>9}")
    for stage in stages:
        cells = "".join(f"{r.stages.get(stage, 0):>9.2f}" for r in rows)
        grown = _growth(results, lambda r: r.stages.get(stage, 0), flag=stage not in NOT_STAGES, floor=0.01)
        print(f"{stage:<12}{cells}{grown:>9}")
    if 16 in results and 64 in results:
        print(f"(linear: x4 from k = 16 to 64; '!' marks a stage growing above x{4 * LINEAR_SLACK:g}; stages after pdf "
              "run beside Typst's compile and share the cores with it)")


def main() -> None:
    sizes = sizes_from_env()
    runs = int(os.environ.get("BENCH_SCALE_RUNS", "3"))
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        results = {k: bench_size(k, Path(tmp), runs) for k in sizes}
    report(results, runs)


if __name__ == "__main__":
    main()
