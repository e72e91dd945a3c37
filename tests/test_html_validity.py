"""Every page of the HTML edition is valid HTML5 for the Nu Html Checker (vnu-jar from npm)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from test_html import PAGES, RICH, build_html

ROOT = Path(__file__).resolve().parents[1]
JAVA = "/usr/bin/java"


def vnu_jar() -> Path:
    out = subprocess.run([str(ROOT / ".ci" / "webtools")], check=True, capture_output=True, text=True)
    jar = Path(out.stdout.strip()) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    assert jar.is_file(), jar
    return jar


def check(files: list[Path]) -> list[str]:
    """vnu's errors and warnings as 'file:line: message'."""
    if not Path(JAVA).exists():
        pytest.fail("Java is needed for the Nu Html Checker (/usr/bin/java)")
    run = subprocess.run([JAVA, "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always",
                          *map(str, files)], capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['type']}/{m.get('subType', '')}: {m['message']}"
            for m in messages if m["type"] == "error" or m.get("subType") == "warning"
            or m["type"] == "non-document-error"]


def test_vnu_accepts_every_page_of_the_edition(built_edition: Path):
    site = built_edition / "site"
    assert check([site / p for p in PAGES]) == []


def test_vnu_accepts_every_page_of_the_fixture(tmp_path: Path):
    site = build_html(RICH, tmp_path)
    assert check([site / p for p in PAGES]) == []


def test_vnu_reports_invalid_html(tmp_path: Path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><head><title>x</title></head><body><a href=#><a href=#>x</a></a></body></html>")
    assert any("bad.html" in m and "error" in m for m in check([bad]))
