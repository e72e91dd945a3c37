"""`make bench`: edit-to-updated-page of `tei-edition serve --watch` (issue 14, the live preview).

For k = 1 (the master) and k = 16 (its body repeated 16 times by tools/scale.py, the scaled
edition generator, when it is there): a `tei-edition serve --watch` process builds a copy of the
edition in a temporary folder; then, RUNS times, a new word is written into the first editorial
note and the master saved (notes are outside the anchors' fingerprints: no anchor to accept).
Measured from the moment the save returns:

- **page**: until the served page (`GET /site/index.html`) holds the word: the server is asked
  with `/__build?since=…`, which answers as soon as the pages served change, then the page is
  fetched and searched (polling it instead would take CPU from the build it waits for);
- **build**: until the whole rebuild (PDF, DTS, EPUB …) is swapped in (`/__build` says ready).

Medians; the targets (issue 14) are a page under 1 s at k = 1 and under 5 s at k = 16. The
machine's load average is printed beside them: the builds share its two cores with whatever runs.

    python tools/bench_watch.py [K …]      (default: 1 16; BENCH_WATCH_RUNS, default 5)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from tei_edition.citation.anchors import lock_path
from tei_edition.core import paths

TOOLS = Path(__file__).resolve().parent
RUNS = int(os.environ.get("BENCH_WATCH_RUNS", "5"))
TARGETS = {1: 1.0, 16: 5.0}
WAIT = 600.0  # seconds a build may take before the bench gives up
NOTE = re.compile(r'(<note type="editorial"[^>]*>)')


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=WAIT) as response:
        data: bytes = response.read()  # urlopen's response is Any in typeshed
        return data


def _status(base: str, since: int | None = None) -> dict[str, Any]:
    status: dict[str, Any] = json.loads(_get(f"{base}/__build" + (f"?since={since}" if since is not None else "")))
    return status


def _until_ready(base: str) -> None:
    deadline = time.monotonic() + WAIT
    status = _status(base)
    while status["state"] != "ready":
        if status["state"] == "failed":
            raise RuntimeError("the build failed: " + "; ".join(status["problems"]))
        if time.monotonic() > deadline:
            raise TimeoutError("no build")
        status = _status(base, status["version"])


def edition(k: int, folder: Path) -> Path:
    """The master (k = 1) or the scaled edition, with its anchor lock, in `folder`."""
    master = folder / paths.MASTER.name
    if k == 1:
        shutil.copy(paths.MASTER, master)
        shutil.copy(lock_path(paths.MASTER), lock_path(master))
    else:
        subprocess.run([sys.executable, str(TOOLS / "scale.py"), str(k), str(master)], check=True,
                       stdout=subprocess.DEVNULL)
    return master


def measure(master: Path, out: Path, runs: int = RUNS) -> dict[str, list[float]]:
    """Edit-to-page and edit-to-build times of `runs` saves of `master` under serve --watch."""
    proc = subprocess.Popen([sys.executable, "-m", "tei_edition.cli", "serve", "--watch", "--port", "0",
                             "--master", str(master), "--dir", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    page, build = [], []
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        base = line.split("at ", 1)[1].split("/ ", 1)[0]
        _until_ready(base)
        for run in range(runs):
            word = f"Benchmarked{run}x{time.monotonic_ns() % 10**6}"
            text = NOTE.sub(rf"\g<1>{word} ", master.read_text(encoding="utf-8"), count=1)
            version = _status(base)["version"]
            master.write_text(text, encoding="utf-8")
            saved = time.perf_counter()
            while word.encode() not in _get(f"{base}/site/index.html"):
                status = _status(base, version)  # answers when something changed
                if status["state"] == "failed" or time.perf_counter() - saved > WAIT:
                    raise RuntimeError(f"the page never showed the edit: {status}")
                version = status["version"]
            page.append(time.perf_counter() - saved)
            _until_ready(base)
            build.append(time.perf_counter() - saved)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return {"page": page, "build": build}


def bench(ks: list[int]) -> dict[int, dict[str, list[float]] | str]:
    results: dict[int, dict[str, list[float]] | str] = {}
    for k in ks:
        if k != 1 and not (TOOLS / "scale.py").is_file():
            results[k] = "not measured: tools/scale.py (the scaled edition) is not here"
            continue
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "edition"
            folder.mkdir()
            results[k] = measure(edition(k, folder), Path(tmp) / "build")
    return results


def report(results: dict[int, dict[str, list[float]] | str]) -> None:
    print(f"serve --watch, from a save of the master to the updated page: medians (load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    for k, r in results.items():
        if isinstance(r, str):
            print(f"  k={k:<3} {r}")
            continue
        page, build = statistics.median(r["page"]), statistics.median(r["build"])
        verdict = "under" if page < TARGETS.get(k, float("inf")) else "NOT under"
        print(f"  k={k:<3} page {page:6.2f} s ({verdict} the {TARGETS.get(k, 0):.0f} s target; {len(r['page'])} saves: "
              f"{', '.join(f'{t:.2f}' for t in r['page'])}), whole rebuild {build:6.2f} s")


def main(argv: list[str] | None = None) -> None:
    ks = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [1, 16]
    report(bench(ks))


if __name__ == "__main__":
    main()
