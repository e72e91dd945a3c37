"""What the tests of incremental share, on fixtures and on the master."""

from __future__ import annotations

from pathlib import Path
from tei_edition.core.incremental import STATE_NAME


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """Files of the new build that are not the previous build's files (new or written again)."""
    return {rel for rel, ino in after.items() if before.get(rel) != ino} - {"manifest.json", STATE_NAME}


def manifest(root: Path) -> str:
    return (root / "manifest.json").read_text(encoding="utf-8")
