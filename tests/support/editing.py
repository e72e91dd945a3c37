"""What the tests of incremental builds and `serve --watch` do as an editor: copy a master to
work on, then change it in place."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import FIXTURES


def copy_master(tmp_path: Path, source: Path = FIXTURES / "minimal.xml") -> Path:
    """`source` copied into its own folder below `tmp_path` (with its anchor lock, if any)."""
    from tei_edition.citation.anchors import lock_path

    folder = tmp_path / "edition"
    folder.mkdir()
    master = folder / source.name
    shutil.copy(source, master)
    if lock_path(source).is_file():
        shutil.copy(lock_path(source), lock_path(master))
    return master


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` (which must be there) in the file by `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
