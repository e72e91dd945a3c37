"""Writing files: an editor's file in place, all or nothing, so an interrupted run never truncates
it; a command's output file, with a coded problem when it cannot be written."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from tei_edition.core.problems import EditionError, Problem

# Asked of the kernel for a new file: it applies the umask, as for any file an editor creates.
_NEW_FILE_MODE = 0o666


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    The file keeps its permission bits (a new file gets the umask's); the data and the rename
    are flushed to disk before returning. A symbolic link is kept: its target is rewritten.
    """
    path = Path(os.path.realpath(path))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = _create_beside(path)
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise
    _fsync_directory(path.parent)


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, exclusive file in `path`'s folder (mkstemp would force mode 0600)."""
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE), tmp
        except FileExistsError:
            continue


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_output(path: Path, data: bytes, code: str, what: str) -> Path:
    """Write a command's output (its folder made if need be); `code` when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise EditionError([Problem(str(path), 0, 0, code, f"cannot write {what}: {exc.strerror}")]) from None
    return path
