"""The TEI Consortium's route, side by side: Saxon-HE with the TEI Stylesheets' html/html.xsl and
fo/fo.xsl, then Apache FOP, on the same published TEI as our build (build/tei/).

Only if present: a Stylesheets checkout at $TEI_STYLESHEETS, Saxon (`saxonb-xslt` on PATH, or
`java` with the jar at $SAXON_JAR or Debian's /usr/share/java/Saxon-HE.jar) and `fop` on PATH.
Otherwise one line says the comparison was skipped. Never a dependency of the build or the tests.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchproc import median, run_process

DEBIAN_SAXON = Path("/usr/share/java/Saxon-HE.jar")


def saxon_command() -> list[str] | None:
    jar = Path(os.environ.get("SAXON_JAR", DEBIAN_SAXON))
    if jar.is_file() and shutil.which("java"):
        return ["java", "-jar", str(jar)]
    if shutil.which("saxonb-xslt"):
        return ["saxonb-xslt", "-ext:on"]
    return None


def missing() -> str | None:
    """Why the comparison cannot run here, or None."""
    stylesheets = os.environ.get("TEI_STYLESHEETS")
    if not stylesheets or not (Path(stylesheets) / "html" / "html.xsl").is_file():
        return "no TEI Stylesheets checkout at $TEI_STYLESHEETS"
    if saxon_command() is None:
        return "no Saxon (saxonb-xslt, or java with $SAXON_JAR or /usr/share/java/Saxon-HE.jar)"
    if not shutil.which("fop"):
        return "no fop on PATH"
    return None


def bench_route(tei: Path, runs: int, ours: Callable[[int], list[str]] | None = None,
                ) -> tuple[dict[str, float], list[float], list[float]]:
    """Median wall seconds of each step of their route (html.xsl, fo.xsl, FOP) and, with `ours`
    (our build's command for run i), the ratio theirs / ours of each run and our walls: our build
    runs just before their three steps, so a machine whose speed drifts during the bench slows
    both alike."""
    stylesheets = Path(os.environ["TEI_STYLESHEETS"])
    saxon = saxon_command()
    assert saxon is not None
    steps: dict[str, list[float]] = {"html.xsl": [], "fo.xsl": [], "fop": []}
    ratios: list[float] = []
    walls: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-tei-route-") as tmp:
        html, fo, pdf = Path(tmp) / "index.html", Path(tmp) / "edition.fo", Path(tmp) / "edition.pdf"
        commands = {
            "html.xsl": saxon + [f"-s:{tei}", f"-xsl:{stylesheets / 'html' / 'html.xsl'}", f"-o:{html}"],
            "fo.xsl": saxon + [f"-s:{tei}", f"-xsl:{stylesheets / 'fo' / 'fo.xsl'}", f"-o:{fo}"],
            "fop": ["fop", "-q", "-fo", str(fo), "-pdf", str(pdf)],
        }
        for i in range(runs):
            our_wall = run_process(ours(i)).wall if ours else 0.0
            for step, command in commands.items():
                steps[step].append(run_process(command).wall)
            if ours:
                walls.append(our_wall)
                ratios.append(sum(steps[step][-1] for step in commands) / our_wall)
    return {step: median(v) for step, v in steps.items()}, ratios, walls


def report(tei: Path, our_build_wall: float, runs: int, ours: Callable[[int], list[str]] | None = None) -> None:
    """Their route's steps and the ratio to `our_build_wall` (a build replacing the one before);
    with `ours` (our build's command for run i: into a folder of its own, as a first build is)
    also the median of the ratios of runs made in turn."""
    why = missing()
    if why:
        print(f"\nTEI Consortium route (Saxon-HE + html.xsl + fo.xsl + FOP): skipped, {why}")
        return
    steps, ratios, walls = bench_route(tei, runs, ours)
    theirs = sum(steps.values())
    print(f"\nTEI Consortium route on the same TEI ({tei.name}), whole processes, medians of {runs} runs:")
    for step, secs in steps.items():
        print(f"{step:<12}{secs * 1000:>12.1f}")
    print(f"{'theirs':<12}{theirs * 1000:>12.1f}  HTML + PDF (html.xsl, fo.xsl, fop)")
    print(f"{'ours':<12}{our_build_wall * 1000:>12.1f}  the whole build (validation, HTML, PDF, EPUB, TEI, DTS, exports), "
          "replacing the build made seconds before")
    print(f"{'ratio':<12}{theirs / our_build_wall:>12.1f}x  their HTML + PDF / our whole build (target: at least 5x)")
    if ratios:
        print(f"{'in turn':<12}{median(ratios):>12.2f}x  the same ratio, our build (into a new folder each run, "
              f"{median(walls) * 1000:.0f} ms: nothing of the bench deleted meanwhile) and their route run in turn, "
              f"median of {len(ratios)} pairs ({min(ratios):.2f}-{max(ratios):.2f})")
