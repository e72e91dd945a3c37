"""`build/manifest.json`: every output file with its size and SHA-256; a volume of the print
edition (`outputs/volumes.py`, an edition longer than one book) also with which volume it is and
which units it prints, `"volume": {"number": 2, "of": 8, "first": 751, "last": 1500}`, so that
`package` says it in the deposit's README without reading the PDF or the site. The one book's
line has no such record (its file name says it is the whole edition)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from tei_edition.core.incremental import STATE_NAME
from tei_edition.outputs.volumes import Volume

MANIFEST_NAME = "manifest.json"


def _files(folder: str, parts: tuple[str, ...], into: list[tuple[tuple[str, ...], str]]) -> None:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                _files(entry.path, (*parts, entry.name), into)
            elif entry.is_file():
                into.append(((*parts, entry.name), entry.path))


def file_entries(root: Path, known: Mapping[str, tuple[int, str]] | None = None,
                 records: Mapping[str, Mapping[str, int]] | None = None) -> list[dict[str, object]]:
    """Every file below `root` but the manifest and the build's state, in path order (component
    by component, as `sorted(Path …)` orders them: `a/b.json` after `a/b/c.json`); a file in
    `known` (size and SHA-256 the build already has) is not read again. `records`: what the
    line of a file also says (`"volume"` of each volume, `volume_records`), by its path."""
    found: list[tuple[tuple[str, ...], str]] = []
    _files(os.fspath(root), (), found)
    entries: list[dict[str, object]] = []
    for parts, path in sorted(found):
        rel = "/".join(parts)
        if rel in (MANIFEST_NAME, STATE_NAME):
            continue
        if known is not None and rel in known:
            size, sha = known[rel]
        else:
            with open(path, "rb") as fh:
                data = fh.read()
            size, sha = len(data), hashlib.sha256(data).hexdigest()
        entry: dict[str, object] = {"path": rel, "size": size, "sha256": sha}
        if records is not None and rel in records:
            entry["volume"] = dict(records[rel])
        entries.append(entry)
    return entries


def volume_records(books: Sequence[Volume]) -> dict[str, dict[str, int]]:
    """The `"volume"` of each volume's line, by its path (none for the one book)."""
    return {f"pdf/{book.file}": {"number": book.number, "of": book.of, "first": book.first, "last": book.last}
            for book in books if not book.whole}


def write_manifest(root: Path, known: Mapping[str, tuple[int, str]] | None = None,
                   books: Sequence[Volume] = ()) -> Path:
    """`books`: the volumes of the print edition the build made (`outputs.volumes.of_build`)."""
    target = root / MANIFEST_NAME
    body = {"files": file_entries(root, known, volume_records(books))}
    target.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target
