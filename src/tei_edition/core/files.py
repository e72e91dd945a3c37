"""Writing files: an editor's file in place, all or nothing, so an interrupted run never truncates
it (a command's output file: `output_file`). Removing a folder of many files (a previous build).

A temporary file (`.<name>.<8 hex>.tmp` beside the file) is held under `flock` while its maker
has it open; a process killed before it could remove its own leaves it unheld, and the next
write or probe of the same file removes it (`_sweep`). No lock file is needed, and a temporary
file a live writer holds is never taken."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tei_edition.core.problems import EditionError, Problem


# Asked of the kernel for a new file: it applies the umask, as for any file an editor creates.
_NEW_FILE_MODE = 0o666
_TEMPORARY = re.compile(r"[0-9a-f]{8}\.tmp")  # after `.<name>.`: `_create_beside`'s names
# Files `write_atomic` replaced while they had other names (hard links), and how many: the
# command line says so when the command ends (`links_split`)
_split: list[tuple[str, int]] = []


def write_atomic(path: Path | str, data: str | bytes, unchanged: bytes | None = None) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    `unchanged`: the bytes the command read and worked from; where the file no longer holds them
    just before the rename (an editor saved it meanwhile), E0503 and the file is left as it is.

    The file keeps its permission bits (a new file gets the umask's); a file nobody may write
    (no write bit: an editor's way to protect it) is refused, as writing it in place would be,
    though a rename could replace it. The data and the rename are flushed to disk before
    returning. A symbolic link is kept: its target is rewritten. A file with other names (hard
    links) is replaced all the same, under this name only: the others keep the old text
    (`links_split`). Writing into it in place would keep them, but a kill or a full disk midway
    would leave the master cut short: atomicity comes first.
    """
    write_atomic_all([(path, data)], [unchanged])


def write_atomic_all(files: Sequence[tuple[Path | str, str | bytes]],
                     unchanged: Sequence[bytes | None] = ()) -> None:
    """`write_atomic` for files that belong together (the derived schemas): every one is written
    to its temporary file and flushed to disk first, and only when all are written are they
    renamed over theirs, one after another. A failure while writing (a full disk, a file-size
    limit, a file nobody may write) leaves every file as it was. POSIX cannot rename several
    files at once: only a crash or a failed rename between the renames (no data is written
    then) can leave some new and the others old."""
    pending: list[_Pending] = []
    try:
        for path, data in files:
            pending.append(_prepare(path, data))
        for p, before in zip(pending, unchanged):
            if before is not None:
                check_unchanged(p.given, before)
        for p in pending:
            try:
                os.replace(p.tmp, p.path)  # still held: no sweep can take it before
            except OSError as exc:
                raise _at(exc, p) from None
    except BaseException:
        for p in pending:
            if os.path.lexists(p.tmp):
                os.unlink(p.tmp)
        raise
    finally:
        for p in pending:
            os.close(p.fd)
    for folder in dict.fromkeys(p.path.parent for p in pending):
        _fsync_directory(folder)
    for p in pending:
        if p.old is not None and stat.S_ISREG(p.old.st_mode) and p.old.st_nlink > 1:
            _split.append((p.given, p.old.st_nlink - 1))


@dataclass(frozen=True)
class _Pending:
    """A file written whole to its temporary file (`tmp`, held open as `fd`), not yet renamed."""

    given: str
    path: Path
    old: os.stat_result | None
    fd: int
    tmp: Path


def _prepare(given: Path | str, data: str | bytes) -> _Pending:
    """The data written to a new temporary file beside the file and flushed to disk; on failure
    the temporary file is removed and the OSError names the file asked for."""
    path = Path(os.path.realpath(given))
    payload = data.encode("utf-8") if isinstance(data, str) else data
    old = _replaced(path)
    mode = stat.S_IMODE(old.st_mode) if old is not None else None
    _sweep(path)
    try:
        fd, tmp = _create_beside(path)
    except OSError as exc:  # reported at the file asked for, not at a temporary name
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    pending = _Pending(str(given), path, old, fd, tmp)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException as exc:
        os.close(fd)
        if os.path.lexists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _at(exc, pending) from None
        raise
    return pending


def check_unchanged(path: Path | str, data: bytes) -> None:
    """E0503 unless the file `path` still holds `data`, the bytes a command read and worked from."""
    if not _holds(path, data):
        raise EditionError([Problem(str(path), 0, 0, "E0503", "the file changed while the command worked on it "
                                    "(saved by an editor or another program); it was left as it is: run the "
                                    "command again")])


def _holds(path: Path | str, data: bytes) -> bool:
    """Whether the regular file `path` holds exactly `data` now."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO put there: no wait
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        with os.fdopen(os.dup(fd), "rb") as file:
            return file.read(len(data) + 1) == data
    except OSError:
        return False
    finally:
        os.close(fd)


def _at(exc: OSError, pending: _Pending) -> OSError:
    """The error at the file asked for: not at a temporary name, nor at none (a write's or an
    fsync's error names no file, and the command line took it for its own output's)."""
    if exc.filename is None or os.fspath(exc.filename) == str(pending.tmp):
        return type(exc)(exc.errno, exc.strerror or str(exc), str(pending.path))
    return exc


def links_split() -> list[Problem]:
    """W0115 for each file `write_atomic` replaced since the last call while it had other names."""
    split, _split[:] = list(_split), []
    return [Problem(path, 0, 0, "W0115", f"this file had {others} other name{'s' * (others > 1)} (hard links), "
                                          f"which keep the old text: it was written whole and renamed into "
                                          f"place under this name only; link the others to it again (ln -f) "
                                          f"if they are to follow it") for path, others in split]


def _replaced(path: Path) -> os.stat_result | None:
    """The file `write_atomic` replaces (None: there is none), whose permission bits the new one
    gets; PermissionError for a file nobody may write."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    if not st.st_mode & 0o222:
        raise PermissionError(errno.EACCES, "the file is read-only (no write permission)", str(path))
    return st


def probe_writable(path: Path | str) -> None:
    """Raise the OSError that `write_atomic(path, …)` (its folders made first) would meet where
    `path` is, without writing it: a file nobody may write, or a nearest existing folder that is
    not one, or where no file may be made (read-only disk, no permission). For a command that
    writes its file after work it may not undo (a build's swap). The OSError names that folder."""
    path = Path(os.path.realpath(path))
    try:
        _replaced(path)
    except NotADirectoryError:  # a file above it: the probe below names it
        pass
    folder = path.parent
    while not os.path.lexists(folder) and folder != folder.parent:  # the write makes the ones missing
        folder = folder.parent
    _sweep(folder / path.name)
    try:
        fd, probe = _create_beside(folder / path.name)
    except OSError as exc:  # at the folder, not at a probe's name
        raise OSError(exc.errno, exc.strerror, str(folder)) from None
    try:
        os.unlink(probe)  # while held: a sweep meanwhile would make this unlink fail
    finally:
        os.close(fd)


def _create_beside(path: Path) -> tuple[int, Path]:
    """A new, exclusive file in `path`'s folder (mkstemp would force mode 0600), held (`flock`)
    until it is closed."""
    while True:
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, _NEW_FILE_MODE)
        except FileExistsError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # waits only while a sweep looks at it
            if os.path.samestat(os.fstat(fd), os.lstat(tmp)):
                return fd, tmp
        except FileNotFoundError:  # swept between its making and its lock: another name
            pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _sweep(path: Path) -> None:
    """Remove the temporary files of `path` that no process holds: left by one killed between
    making and removing (or renaming) it. A link, a FIFO, a file with other names, one this
    process may not open: left as they are."""
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        if not (entry.name.startswith(prefix) and _TEMPORARY.fullmatch(entry.name, len(prefix))):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            if stat.S_ISREG(st.st_mode) and st.st_nlink == 1:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held by its live maker: BlockingIOError
                if os.path.samestat(st, os.lstat(entry.path)):
                    os.unlink(entry.path)
        except OSError:
            pass
        finally:
            os.close(fd)


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


def resolved(path: Path | str, fail: Callable[[str], Exception]) -> Path:
    """`path` resolved; `fail(why)` raised where it cannot be. Every user-given path is resolved
    here: Python 3.11's Path.resolve raises RuntimeError on a loop of symbolic links."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError) as exc:
        raise fail(getattr(exc, "strerror", None) or "its symbolic links form a loop") from None


def resolved_or_none(path: Path | str) -> Path | None:
    """`path` resolved, or None where it cannot be (a loop of symbolic links): for a caller that
    only compares it, and leaves reading it to say why it cannot be read."""
    try:
        return resolved(path, ValueError)
    except ValueError:
        return None


def same_path(a: Path | str, b: Path | str) -> bool:
    """`a` and `b` resolve to the same path (False where either cannot be resolved)."""
    real = resolved_or_none(a)
    return real is not None and real == resolved_or_none(b)


# Below this many files one thread removes a folder; above it, eight unlink its files at once
_MANY_FILES = 2000
_REMOVERS = 8


def remove_tree(root: Path | str, ignore_errors: bool = False) -> None:
    """`shutil.rmtree(root)`, its files unlinked by several threads first when there are many: the
    kernel waits on the disk for each unlink, and the waits overlap (a build at k = 64, 73,000
    files: 6.2 s in one thread, 2.0 s in eight, on this machine's disk). Links are removed, never
    followed. The threads have ended when it returns (a build forks only with one thread)."""
    files: list[str] = []
    for folder, dirs, names in os.walk(root):  # errors: left to rmtree, which reports them
        files += [os.path.join(folder, name) for name in names]
        files += [os.path.join(folder, name) for name in dirs if os.path.islink(os.path.join(folder, name))]
    if len(files) >= _MANY_FILES:
        size = -(-len(files) // (_REMOVERS * 8))
        with ThreadPoolExecutor(_REMOVERS, thread_name_prefix="remove") as pool:
            list(pool.map(_unlink_all, (files[i:i + size] for i in range(0, len(files), size))))
    shutil.rmtree(root, ignore_errors=ignore_errors)  # the folders, and anything left with its error


def _unlink_all(paths: list[str]) -> None:
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass  # rmtree meets it again and reports it (unless told to ignore it)


def discard(root: Path | str) -> None:
    """Remove a folder the toolkit made and no longer needs (a replaced build, a leftover) as far
    as it can be, never raising: its read-only folders are made writable first (a build's own,
    or one an editor protected), and what still cannot go (another user's file) stays."""
    try:
        remove_tree(root)
        return
    except OSError:
        pass
    stack = [os.fspath(root)]
    while stack:  # each folder opened without following a link: a link is never made writable
        folder = stack.pop()
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            os.fchmod(fd, stat.S_IMODE(os.fstat(fd).st_mode) | stat.S_IRWXU)
            with os.scandir(fd) as entries:
                stack += [os.path.join(folder, e.name) for e in entries if e.is_dir(follow_symlinks=False)]
        except OSError:
            pass
        finally:
            os.close(fd)
    remove_tree(root, ignore_errors=True)
