"""One writer at a time: an exclusive `flock` on a lock file beside what is written.

- The build's output folder (`output_folder.replacing`): `.<folder>.lock` beside it; a second
  build into the same folder fails at once (E0111).
- An editor's file that a command rewrites (the master, with its anchor lock: `anchors lock`,
  `anchors accept`, `annotate`, `quotations`, `mentions`): `.<file name>.lock` beside it, held
  for the command's whole read-modify-write, so that two such commands never lose an update. The
  second one waits for the first (`EDIT_WAIT` seconds), then reads what the first one wrote;
  E0115 if the first one is still at work by then.

The lock file holds the holder's process id (named in the error) and is removed on release; a name
that holds something else (a link, a file with other names, a FIFO) is never opened for writing
(E0117): a lock file is truncated when taken. The
kernel releases the lock of a killed process; its file stays, and the next holder takes it over.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tei_edition.core.problems import EditionError, Problem

EDIT_WAIT = 30.0  # seconds a command waits for another one rewriting the same file
_POLL = 0.05


@contextmanager
def flocked(lock: Path, busy: Callable[[str], Exception], wait: float = 0.0) -> Iterator[None]:
    """Hold an exclusive `flock` on the file `lock` (made if need be). While another process
    holds it, try again for `wait` seconds, then raise `busy(holder)` (the holder's process id)."""
    import fcntl

    deadline = time.monotonic() + wait
    while True:
        fd = _open_lock(lock)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            if time.monotonic() >= deadline:
                raise busy(holder) from None
            time.sleep(_POLL)
            continue
        except BaseException:
            os.close(fd)
            raise
        try:  # the holder before us may have removed the file: hold the one at the path
            if os.stat(lock).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.unlink(lock)
        os.close(fd)


def _ours(st: os.stat_result) -> bool:
    """A lock file as this module makes it: a regular file with no other name."""
    return stat.S_ISREG(st.st_mode) and st.st_nlink == 1


def _open_lock(lock: Path) -> int:
    """The lock file, opened (made if need be) for reading and writing; E0117, nothing touched, if
    the name holds something else: it is truncated, so a link (to the master, say), a file with
    another name, a FIFO or a device would be written over."""
    try:
        if not _ours(os.lstat(lock)):
            raise _not_a_lock(lock)
    except FileNotFoundError:
        pass
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):  # put there since the look
            raise _not_a_lock(lock) from None
        raise
    if not _ours(os.fstat(fd)):
        os.close(fd)
        raise _not_a_lock(lock)
    return fd


def _not_a_lock(lock: Path) -> EditionError:
    return EditionError([Problem(str(lock), 0, 0, "E0117", "this lock file's name holds something else (a link, a "
                                                           "folder, a FIFO, a file with other names); it was left "
                                                           "as it is: remove it and run the command again")])


def edit_lock_path(path: Path | str) -> Path:
    """The lock file of an editor's file: `.<name>.lock` beside it (beside its target, for a link,
    as `files.write_atomic` writes the target)."""
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


@contextmanager
def editing(path: Path | str, wait: float | None = None) -> Iterator[None]:
    """Hold the edit lock of `path` for a whole read-modify-write (`wait`: default EDIT_WAIT)."""
    seconds = EDIT_WAIT if wait is None else wait

    def busy(holder: str) -> EditionError:
        return EditionError([Problem(str(path), 0, 0, "E0115",
                                     f"another tei-edition command (process {holder}) is rewriting this file; "
                                     f"waited {seconds:g} s for it: run this one when it has finished")])

    lock = edit_lock_path(path)
    if not lock.parent.is_dir():  # no folder, no file: nothing to rewrite (reading it says why)
        yield
        return
    with flocked(lock, busy, seconds):
        yield
