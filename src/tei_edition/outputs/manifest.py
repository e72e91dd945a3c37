"""`build/manifest.json`: every output file with its size and SHA-256."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from tei_edition.core.incremental import STATE_NAME

MANIFEST_NAME = "manifest.json"


def _files(folder: str, parts: tuple[str, ...], into: list[tuple[tuple[str, ...], str]]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                _files(entry.path, (*parts, entry.name), into)
            elif entry.is_file():
                into.append(((*parts, entry.name), entry.path))


def file_entries(root: Path, known: Mapping[str, tuple[int, str]] | None = None) -> list[dict[str, object]]:
    """Every file below `root` but the manifest and the build's state, in path order (component
    by component, as `sorted(Path …)` orders them: `a/b.json` after `a/b/c.json`); a file in
    `known` (size and SHA-256 the build already has) is not read again."""
    found: list[tuple[tuple[str, ...], str]] = []
    _files(os.fspath(root), (), found)
    entries: list[dict[str, object]] = []
    for parts, path in sorted(found):
        rel = "/".join(parts)
        if rel in (MANIFEST_NAME, STATE_NAME):
            continue
        if known is not None and rel in known:
            size, sha = known[rel]
            entries.append({"path": rel, "size": size, "sha256": sha})
            continue
        with open(path, "rb") as fh:
            data = fh.read()
        entries.append({"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    return entries


def write_manifest(root: Path, known: Mapping[str, tuple[int, str]] | None = None) -> Path:
    target = root / MANIFEST_NAME
    body = {"files": file_entries(root, known)}
    target.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target
