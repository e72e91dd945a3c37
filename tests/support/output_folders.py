"""What a test of the output folder looks at: a folder's files and their hashes, the leftovers
(`.out.tmp-*`, `.out.old`) beside it, a command's one coded line."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

CODED = re.compile(r"^[^\n]*:\d+:\d+: \[[EW]\d{4}\] [^\n]+$")


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path, name: str = "out") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def one_coded_line(result, code: str) -> str:
    """The one line `code` of a command that failed (exit 1) without a traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and CODED.match(lines[0]) and f"[{code}]" in lines[0], result.output
    return lines[0]
