"""Checking an EPUB as its readers' tools do: Debian's epubcheck and Ace by DAISY (npm, driving
Debian's chromium). Used by the EPUB tests; each returns the problems as text lines."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from support import CHECKOUT

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck (make system-packages)
JAVA = "/usr/bin/java"
CHROMIUM = "/usr/bin/chromium"


def epubcheck(*epubs: Path) -> list[str]:
    """epubcheck's fatal errors, errors and warnings for all `epubs` (usage hints are not
    counted); the runs go on side by side. Its reports go to a folder of their own: beside an
    EPUB of a build, one would be a file the build did not make (the package refuses it)."""
    assert EPUBCHECK.is_file(), "Debian's epubcheck is missing: make system-packages"
    found = []
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as reports:
        runs = [(Path(reports) / f"{i}.json", epub) for i, epub in enumerate(epubs)]
        started = [(report, subprocess.Popen([JAVA, "-jar", str(EPUBCHECK), str(epub), "--json", str(report)],
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                   for report, epub in runs]
        for report, run in started:
            run.wait(timeout=300)
            messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
            found += [f"{m['severity']} {m['ID']}: {m['message']} @ {[l.get('path') for l in m.get('locations', [])]}"
                      for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    return found


def ace(epubs: list[Path], out: Path) -> list[list[str]]:
    """Ace's violations for each EPUB (its runs go on side by side). Ace's puppeteer is told to
    use Debian's chromium (PUPPETEER_EXECUTABLE_PATH); nothing is downloaded."""
    modules = subprocess.run([str(CHECKOUT / ".ci" / "webtools")], check=True, capture_output=True,
                             text=True).stdout.strip()
    cli = Path(modules) / "node_modules" / ".bin" / "ace-cli"
    assert cli.is_file(), cli
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM}
    runs = []
    for i, epub in enumerate(epubs):
        folder = out / str(i)
        runs.append((folder, subprocess.Popen([str(cli), "--silent", "--force", "--outdir", str(folder), str(epub)],
                                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)))
    results = []
    for folder, run in runs:
        output, _ = run.communicate(timeout=300)
        report = folder / "report.json"
        assert report.is_file(), output.decode(errors="replace")[-2000:]
        data = json.loads(report.read_text(encoding="utf-8"))
        results.append([f"{a['earl:test']['dct:title']} ({a['earl:test']['earl:impact']}): "
                        f"{a['earl:result']['dct:description']} in {doc['earl:testSubject']['url']}"
                        for doc in data["assertions"] for a in doc.get("assertions", [])])
    return results


def unpack(epub: Path, folder: Path, out: Path, edit: Callable[[str, str], str]) -> Path:
    """`epub` with `edit(name, text)` applied to each text file, zipped again as the build does."""
    from tei_edition.outputs.epub import pack

    with zipfile.ZipFile(epub) as z:
        for info in z.infolist():
            if info.filename == "mimetype":
                continue
            target = folder / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            data = z.read(info)
            if info.filename.endswith((".xhtml", ".opf", ".xml", ".css")):
                data = edit(info.filename, data.decode("utf-8")).encode("utf-8")
            target.write_bytes(data)
    out.write_bytes(pack(folder, (2026, 11, 27)))
    return out
