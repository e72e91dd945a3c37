"""Writing files: an editor's file in place, all or nothing, so an interrupted run never truncates
it; a command's output file, with a coded problem when it cannot be written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tei_edition.core.problems import EditionError, Problem


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        if isinstance(data, str):
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(data)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_output(path: Path, data: bytes, code: str, what: str) -> Path:
    """Write a command's output (its folder made if need be); `code` when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise EditionError([Problem(str(path), 0, 0, code, f"cannot write {what}: {exc.strerror}")]) from None
    return path
