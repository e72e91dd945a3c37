"""A command's output file (`pdf --out`, `epub --out`, `ingest OUT`, `build --timings`): never a
file the command did not make, and never half-written.

An existing file at the output path is replaced only when it is of the kind the command writes
(a PDF made by Typst, an EPUB, a draft of `ingest`, a build's timings) and is none of the
command's inputs (the master, its anchor lock, the raw source …); anything else, or a folder,
FIFO or device, is refused with E0114 before any work is done, and a file that could not be
written where it is named (`check_writable`: below a file, in a read-only folder) with the
command's write error and its cause. The new file is written beside the old one and renamed
over it, so a failed write (disk full, file too large) leaves the previous file as it was.
"""

from __future__ import annotations

import errno
import json
import mmap
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from tei_edition.core.files import probe_writable, write_atomic
from tei_edition.core.output_folder import parents_made
from tei_edition.core.problems import EditionError, Problem

REFUSED = "E0114"
# No output of the toolkit comes near this; a larger file is not one of them, and is not read.
_LARGEST = 1 << 30
_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
          stat.S_IFSOCK: "a socket"}


def _contents(path: Path, test: Callable[[mmap.mmap], bool]) -> bool:
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if not 0 < size <= _LARGEST:
                return False
            with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
                return test(data)
    except (OSError, ValueError):
        return False


def is_pdf(path: Path) -> bool:
    """A PDF that Typst made (the toolkit's PDFs name it as their creator)."""
    return _contents(path, lambda d: d[:5] == b"%PDF-" and d.find(b"/Creator(Typst ") >= 0)


def is_epub(path: Path) -> bool:
    """A zip whose first entry is an EPUB's stored `mimetype`."""
    return _contents(path, lambda d: d[:4] == b"PK\x03\x04" and d[30:58] == b"mimetypeapplication/epub+zip")


def is_draft(path: Path) -> bool:
    """A draft TEI document of `ingest` (its header says so in its own words)."""
    return _contents(path, lambda d: d.find(b"Draft master document built by tei_edition.reconstruct.ingest",
                                            0, 1 << 16) >= 0)


def is_timings(path: Path) -> bool:
    """A build's timings: a JSON object of seconds, with the total."""
    def test(data: mmap.mmap) -> bool:
        try:
            value = json.loads(data[: 1 << 20])
        except ValueError:
            return False
        return (isinstance(value, dict) and isinstance(value.get("total"), (int, float))
                and all(isinstance(v, (int, float)) for v in value.values()))
    return _contents(path, test)


def check_output(path: Path, kind: Callable[[Path], bool], what: str, inputs: Iterable[Path] = ()) -> None:
    """Raise E0114 (at `path`) unless `path` is new or a file of `kind` that none of `inputs` is."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return  # new (or a link to nothing: its target is written); a folder that cannot be made fails the write
    except OSError as exc:
        raise _refused(path, f"cannot be examined: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _refused(path, f"is {_KINDS.get(stat.S_IFMT(st.st_mode), 'not a regular file')}, not a file to write "
                             f"the {what} into")
    for source in inputs:
        try:
            same = os.path.samestat(st, os.stat(source))
        except OSError:
            continue
        if same:
            raise _refused(path, f"is {source}, which the command reads: the {what} is never written over it")
    if not kind(path):
        raise _refused(path, f"exists and is not a {what} this toolkit made: it is left as it is "
                             "(remove it, or name another file)")


def check_outside(path: Path, folder: Path, what: str) -> None:
    """E0114 if `path` lies in `folder`, a folder the command replaces whole (`build --out`): it
    would be written into the new folder, a file its manifest does not list, gone at the next build."""
    inside, whole = os.path.realpath(path), os.path.realpath(folder)
    if inside == whole or inside.startswith(whole.rstrip(os.sep) + os.sep):
        raise _refused(path, f"is inside {folder}, which the build replaces whole: write the {what} outside it")


def write_output(path: Path, data: bytes, code: str, what: str, kind: Callable[[Path], bool],
                 inputs: Iterable[Path] = ()) -> Path:
    """Write a command's output file (its folder made if need be), in place of a previous one of
    the same kind only (`check_output`); `code` when it cannot be written, the old file intact."""
    inputs = list(inputs)
    check_output(path, kind, what, inputs)
    try:
        with parents_made(path.parent):  # a failed write leaves no folder it made
            _make_folders(path.parent)
            write_atomic(path, data)
    except OSError as exc:
        raise EditionError([Problem(str(path), 0, 0, code, f"cannot write {what}: {exc.strerror or exc}")]) from None
    return path


def check_writable(path: Path, code: str, what: str) -> None:
    """`code` (at `path`) before any work if `write_output` could not write `path` where it is:
    its folder is a file, read-only or another user's, or the file is read-only. A build's
    `--timings` is written after the swap, which a failed write would not undo."""
    try:
        probe_writable(path)
    except OSError as exc:
        folder = os.fsdecode(exc.filename) if exc.filename is not None else None
        where = f" ({folder})" if folder is not None and folder != os.path.realpath(path) else ""
        raise EditionError([Problem(str(path), 0, 0, code, f"cannot write {what}: {exc.strerror or exc}{where}")]
                           ) from None


def _make_folders(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder is to be: Path.mkdir says only "File exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder)) from None


def _refused(path: Path, why: str) -> EditionError:
    return EditionError([Problem(str(path), 0, 0, REFUSED, f"output refused: {path} {why}")])
