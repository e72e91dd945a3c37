"""The Nu Html Checker (vnu-jar from npm, .ci/webtools) run on a list of pages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from support import CHECKOUT

JAVA = "/usr/bin/java"


def vnu_jar() -> Path:
    out = subprocess.run([str(CHECKOUT / ".ci" / "webtools")], check=True, capture_output=True, text=True)
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
