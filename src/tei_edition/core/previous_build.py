"""The build being replaced, as far as its state vouches for it, read without ever leaving it.

Whoever can write the output folder can edit its state (`.tei-edition-state.json`) or turn one of
its folders into a symbolic link; the next build (perhaps another user's) must still take nothing
from outside the folder, and write nothing outside its own. So:

- the state is read only as a regular file of the folder (not through a link), of bounded size;
  a path it names must be relative, without `.`, `..` or empty parts, and a stage's warnings
  (given again when the stage is taken) warnings the toolkit knows, else the state is not one a
  build wrote (W0140, a full build);
- a previous file is trusted only through real folders of the previous build (none of them a
  link), and only while its inode, size and modification time are those recorded and its
  permissions those a file this build writes gets (`mode`: another umask, a chmod by hand);
- a file is linked (or copied) into the new build only if what arrives is that very file (its
  inode): a folder swapped for a link between the check and the link is caught (E0116).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tei_edition.core.problems import EditionError, Problem

STATE_NAME = ".tei-edition-state.json"
FORMAT = 1
# ~170 bytes a file: a build of ~1.5 million files (a larger file is not a state a build wrote)
STATE_LIMIT = 256 * 1024 * 1024


@dataclass(frozen=True)
class Record:
    """A file of a build: its bytes (size, SHA-256) and where they lie (inode, modification
    time; 0 while not yet known)."""

    size: int
    sha256: str
    ino: int = 0
    mtime_ns: int = 0

    def matches(self, st: os.stat_result) -> bool:
        return self.ino != 0 and (st.st_ino, st.st_size, st.st_mtime_ns) == (self.ino, self.size, self.mtime_ns)

    @classmethod
    def of(cls, size: int, sha256: str, st: os.stat_result) -> Record:
        return cls(size, sha256, st.st_ino, st.st_mtime_ns)


def plain(rel: str) -> bool:
    """`rel` names a file below a folder and nothing else: relative, no `.`, `..` or empty part."""
    return (isinstance(rel, str) and rel != "" and "\0" not in rel
            and all(part not in ("", ".", "..") for part in rel.split("/")))


def _record(entry: Any) -> Record:
    """A file's record as the state holds it: [size, SHA-256, inode, modification time]."""
    size, sha, ino, mtime_ns = entry
    if not (isinstance(sha, str) and all(type(v) is int for v in (size, ino, mtime_ns))):
        raise TypeError("a file's record is [size, sha256, inode, mtime_ns]")
    return Record(size, sha, ino, mtime_ns)


def _stage(info: Any) -> dict[str, Any]:
    """A stage's entry as a build writes it: its key, its warnings (each a warning the toolkit
    knows: given again when the stage is taken), the master as that build named it (in the
    warnings) and, for the PDF, the keys of its parts."""
    stage = dict(info)
    warnings = stage.get("warnings", [])
    if not isinstance(stage.get("key"), str) or not isinstance(warnings, list) \
            or not isinstance(stage.get("master", ""), str):
        raise TypeError("a stage is {key, master, warnings}")
    for entry in warnings:
        problem = Problem.from_dict(entry)  # KeyError, TypeError; ValueError for a code not the toolkit's
        if not (problem.code.startswith("W") and all(type(entry[k]) is int and entry[k] >= 0 for k in ("line", "col"))
                and isinstance(entry["path"], str) and isinstance(entry["message"], str)):
            raise ValueError("a stage's warning is not one the build gives")
    parts = stage.get("parts", {})
    if not (isinstance(parts, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in parts.items())):
        raise TypeError("a stage's parts are {file: key}")
    return stage


def _read_state(path: str) -> bytes | None:
    """The state's bytes; None if there is none. OSError if it is there but not a regular file
    of the folder (a link, a FIFO …) or too large to be a state."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > STATE_LIMIT:
            raise OSError(errno.EINVAL, "not a regular file of a build's size", path)
        return fh.read(STATE_LIMIT + 1)


class ChangedWhileRead(EditionError):
    def __init__(self, path: str):
        super().__init__([Problem(path, 0, 0, "E0116", "the previous build in the output folder changed while this "
                                                       "build took files from it; run the build again")])


class Previous:
    """The build being replaced (at `root`, a resolved path; None: none), as its state describes it;
    `mode`: the permissions of a file the new build writes (None: any)."""

    def __init__(self, root: Path | None, mode: int | None = None):
        self.root = root
        self.mode = mode
        self.files: dict[str, Record] = {}
        self.stages: dict[str, dict[str, Any]] = {}
        self.problems: list[Problem] = []
        self._real = os.path.realpath(root) if root is not None else ""
        self._folders: dict[str, bool] = {}  # folder of the build -> reached without a link
        if root is None:
            return
        state = os.path.join(self._real, STATE_NAME)
        try:
            data = _read_state(state)
            if data is None:
                return
            parsed = json.loads(data)
            if parsed.get("format") != FORMAT:
                return  # another toolkit's state: a full build, nothing to report
            files = {rel: _record(entry) for rel, entry in parsed["files"].items()}
            stages = {name: _stage(info) for name, info in parsed["stages"].items()}
            if not all(plain(rel) for rel in files):
                raise ValueError("a file's path leaves the build")
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            self.problems.append(Problem(state, 0, 0, "W0140",
                                         f"the previous build's state cannot be read ({type(exc).__name__}); "
                                         f"every output is made again"))
            return
        self.files, self.stages = files, stages

    def _inside(self, rel: str) -> bool:
        """The folders on the way to `rel` are real folders of the previous build (no link)."""
        folder = rel.rpartition("/")[0]
        known = self._folders.get(folder)
        if known is None:
            expected = os.path.join(self._real, folder) if folder else self._real
            known = self._folders[folder] = os.path.realpath(expected) == expected
        return known

    def trusted(self, rel: str) -> Record | None:
        """The record of `rel` if the previous build still holds that very file."""
        record = self.files.get(rel)
        if record is None or self.root is None or not plain(rel) or not self._inside(rel):
            return None
        try:
            st = os.stat(os.path.join(self._real, rel), follow_symlinks=False)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or (self.mode is not None and stat.S_IMODE(st.st_mode) != self.mode):
            return None  # a link would carry its mode into the new build, unlike the file a full build writes
        return record if record.matches(st) else None

    def link(self, rel: str, record: Record, target: str, copy: bool = True) -> bool:
        """Put the previous build's `rel` (trusted: `record`) at `target`: a hard link (True), or
        where links are refused a copy (if `copy`; False). ChangedWhileRead if it is no longer that file."""
        source = os.path.join(self._real, rel)
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError:
            if copy:
                self._copy(source, record, target)
            return False
        if os.stat(target, follow_symlinks=False).st_ino != record.ino:
            os.unlink(target)
            raise ChangedWhileRead(source)
        return True

    @staticmethod
    def _copy(source: str, record: Record, target: str) -> None:
        try:  # never through a link, never a FIFO (it would hang the build)
            fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            raise ChangedWhileRead(source) from None
        with os.fdopen(fd, "rb") as src:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_ino != record.ino:
                raise ChangedWhileRead(source)
            with open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
