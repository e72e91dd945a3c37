"""`tei-edition serve --watch`: the edition rebuilt on every save, the open page reloaded.

One process: `Watcher.run` builds in the main thread, so the stylesheets are compiled once
(core/xslt.py keeps them) and every rebuild is incremental (build.build: what did not change is
taken from the previous build); the server answers from its own threads (serve_http.py).

- **Saving.** The master, its anchor lock and the files it includes are polled every `POLL`
  seconds (inode, size, modification and change times; then their bytes' hash, so a save that changes
  nothing builds nothing). Polling needs no dependency and sees every way an editor saves
  (in place, or a new file renamed over the old). A change is built once it has settled: the
  inputs look the same at two looks in a row, and no tei-edition command holds the master's
  edit lock (core/locks.editing). A save caught midway — the master truncated and not yet
  written again, or missing between an editor's rename and its new file, or `anchors accept`
  between its writes of the lock and of the master — is so never built and shown as a failure.
- **The folder.** The build folder the last rebuild made is looked at too (`lost`: the folder's
  and its manifest's inode): removed (`make clean`), emptied or replaced, it is built again,
  once per save (E0141 when it cannot be, or is lost again before a save; a folder the build
  refuses, E0110, maybe as `rm -rf` is still removing it, is tried again once it changes).
- **HTML first.** The build makes the site's pages right after the checks and the exports; at
  that moment (`on_stage`) they are hard-linked into a folder beside the build (`.<out>.tmp-live-*`,
  removed by the next build) that the server serves at /site/ before the build's own, while the
  search index (the previous one is served meanwhile), PDF, DTS and EPUB are made. Pages byte for
  byte those served (`_pages_differ`: the previous build's recorded hashes) are not shown again,
  and the open page does not reload. The finished build is then swapped in as every build is, and the
  view drops the folder: `build/` only ever holds complete builds.
- **The open page** (`LiveView`): serve adds `<script src="/__live.js" data-pages="N">` to every
  HTML page it sends (the built files are never changed); the script long-polls `/__build`
  (JSON: version, pages, state, problems; `WAITING` requests wait at once, the next are a 503
  asked to retry) and reloads when `pages` is no longer N. A failed rebuild keeps the last good
  build served, prints its problems and shows them in a banner (as text: no markup of the TEI
  reaches the page; the first `SHOWN`). No request leaves the host.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tei_edition.build import build
from tei_edition.core.build_context import BuildContext
from tei_edition.core import interrupts, output_folder
from tei_edition.core.incremental import Reuse, file_sha256, walk
from tei_edition.core.locks import edit_lock_path
from tei_edition.core.problems import EditionError, Problem
from tei_edition.serve import App
from tei_edition.watch.live import LiveView as LiveView  # the page side, named here for the command line

POLL = 0.1  # seconds between two looks at the inputs (three stat calls: nothing to save)
# The coarsest tick of a file system's modification times (FAT's 2 s; a kernel's clock, 1-10 ms):
# a file modified within TICK of the moment its bytes were hashed is hashed again at every look
# until it is older, as a save of the same length in the same tick keeps inode, size and time.
TICK = 2.0
class Watcher:
    """Rebuild `master` into `out` whenever an input changes; show it through `view` and `app`."""

    def __init__(self, master: Path, out: Path, view: LiveView, app: App, base_url: str | None = None,
                 paper: str = "a4", echo: Callable[[str, bool], None] | None = None, poll: float = POLL,
                 volume_units: int | None = None):
        self.master, self.out = Path(master), Path(out)
        self.view, self.app = view, app
        self.base_url, self.paper, self.volume_units = base_url, paper, volume_units
        self.echo, self.poll = echo or _echo, poll
        self.included: list[Path] = []
        self._seen: tuple[object, ...] = ()
        self._pending = False  # the inputs' look changed since their bytes were last hashed
        self._content = ""
        self._hashed_ns = 0  # when the inputs' bytes were last hashed (the clock of modification times)
        self._waiting_for: Path | None = None  # the lock of another build writing the folder (E0111)
        self._snapshots: list[Path] = []
        self._kept: object = None  # the look of the folder the last rebuild made (None: none to keep)
        self._lost_look: object = None  # the look of that folder gone or replaced, at the look before
        self._restore_due = True  # a loss of the folder is rebuilt once per save
        self._given_up = False  # E0141 said the folder is not built again before a save (said once)

    def inputs(self) -> list[Path]:
        from tei_edition.citation.anchors import lock_path

        return [self.master, lock_path(self.master), *self.included]

    def _signature(self) -> tuple[object, ...]:
        def look(path: Path) -> object:
            try:
                st = os.stat(path)
            except OSError:
                return None
            # the change time too: a save of the same length whose modification time was set
            # back to the same moment (`touch -d`, `cp -p`) keeps inode, size and mtime
            return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns

        return tuple(look(path) for path in self.inputs())

    def _digest(self) -> str:
        self._hashed_ns = time.time_ns()
        h = hashlib.sha256()
        for path in self.inputs():
            h.update(_fingerprint(path))
            h.update(b"\0")
        return h.hexdigest()

    def changed(self) -> bool:
        """Whether an input's bytes changed since the last rebuild began, once the change has
        settled: the inputs look as they did at the look before (the first look excepted) and no
        tei-edition command is rewriting the master. A save caught midway (an empty or half-written
        master, a master missing between an editor's rename and its new file) moves on by the
        next look and is not built. An input modified within `TICK` of the last hash is hashed
        again (`_racy`): its look alone cannot tell a second save in the same tick."""
        seen = self._signature()
        if seen != self._seen:
            first = self._seen == ()
            self._seen, self._pending = seen, True
            if not first:
                return False  # look again before building what may be a save under way
        elif not self._pending and self._racy(seen):
            # a save of the same length in the tick of the last hash: only the bytes tell
            self._pending = self._digest() != self._content  # then built at the next look, as any change
            return False
        if not self._pending or _being_rewritten(self.master):
            return False
        self._pending = False
        content = self._digest()
        if content == self._content:
            return False
        self._content = content
        self._restore_due = True
        return True

    def _racy(self, seen: tuple[object, ...]) -> bool:
        """Whether an input was modified so shortly before its bytes were last hashed (within
        `TICK`) that a later save may have kept its inode, size and modification and change times
        (the later of the two: a time set back leaves the change time of the save)."""
        since = self._hashed_ns - int(TICK * 1e9)
        return any(isinstance(look, tuple) and max(look[2], look[3]) >= since for look in seen)

    def run(self, stop: threading.Event | None = None) -> None:
        """Build, then rebuild on every change, until `stop` is set (or Ctrl-C)."""
        stop = stop or threading.Event()
        try:
            self.changed()
            self.rebuild()
            while not stop.wait(self.poll):
                interrupts.check()  # a Ctrl-C or SIGTERM whose exception Python dropped
                if self.changed() or self._folder_free_again():
                    self.rebuild()
                elif self.lost():
                    self.rebuild(restoring=True)
        finally:
            self._remove_snapshots()

    def _folder_free_again(self) -> bool:
        """Whether the last rebuild found another build writing the folder (E0111: `make` or
        `tei-edition build` into the same folder) and that build has finished: the rebuild is due."""
        if self._waiting_for is None or _held(self._waiting_for):
            return False
        self._waiting_for = None
        return True

    def _folder_look(self) -> tuple[object, ...]:
        """The build folder as the last rebuild left it: the folder and its manifest (device and
        inode; None when gone). A build swapped in by another command, a `rm -rf build` or
        `make clean`, or `rm -rf build/*` (the manifest gone) each change it."""
        def identity(path: Path) -> tuple[int, int] | None:
            try:
                st = os.stat(path)
            except OSError:
                return None
            return st.st_dev, st.st_ino

        return identity(self.out), identity(self.out / "manifest.json")

    def lost(self) -> bool:
        """Whether the folder the last rebuild made is gone or no longer that build (removed,
        emptied, replaced) and looks so, to the number of files it holds, at two looks in a row
        (a removal may be under way): it
        is rebuilt once per save. A loss again before a save is not rebuilt, lest a folder
        removed over and over be built over and over: one line (E0141), and the next save builds it.
        A complete build another command swapped in is rebuilt (mostly taken from it) every time."""
        if self._kept is None or self._waiting_for is not None or self._pending:
            return False
        kept = self._folder_look()
        if kept == self._kept:
            self._lost_look = None
            return False
        look = (kept, _entries(self.out))  # rm -rf of a large build outlasts two looks: files still go
        if look != self._lost_look:
            self._lost_look = look
            return False
        self._lost_look = None
        if kept[1] is not None and (self.out / output_folder.MARKER).is_file():
            self._kept = None  # looked at again once a rebuild has made the folder
            return True  # another command's complete build (`make`): made ours again, incrementally, at no save's cost
        if self._restore_due:
            self._kept, self._restore_due = None, False
            return True
        self._kept = kept  # still looked at: a build that `make` swaps in later is taken up
        if not self._given_up:
            self._given_up = True
            self._not_restored("it was removed or replaced again before any save of the master, and is not built "
                               "over and over")
        return False

    def _not_restored(self, why: str, problems: list[Problem] | None = None, when: str = "") -> None:
        problem = Problem(str(self.out), 0, 0, "E0141", f"the build folder is gone or no longer this watch's build; "
                                                        f"{why}: serve --watch builds it {when}at the next save")
        self.echo(str(problem), True)
        self.view.failed([problem, *(problems or [])])

    def rebuild(self, restoring: bool = False) -> BuildContext | None:
        """Build the master into the folder and show it. `restoring`: the folder was found gone
        (`lost`): a failure is one line (E0141), the build's problems in the banner only."""
        started = time.perf_counter()
        self._waiting_for = None
        self._remove_snapshots()  # served no more since the last rebuild ended
        self.view.building()
        shown: list[float] = []
        same: list[bool] = []  # the html stage ran and made the pages served, byte for byte

        def on_stage(name: str, ctx: BuildContext) -> None:
            if name == "html" and ctx.reuse is not None and "html" not in ctx.reuse.taken:
                if not _pages_differ(ctx.reuse, ctx.out):
                    same.append(True)  # a comment, whitespace, a processing instruction: no reload
                    return
                site = self._snapshot(ctx.out)
                if site is not None:
                    self.view.preview(site)
                    shown.append(time.perf_counter() - started)

        try:
            ctx = build(self.master, self.out, base_url=self.base_url, paper=self.paper, on_stage=on_stage,
                        volume_units=self.volume_units, awaited=True)
        except EditionError as exc:
            if exc.problems and all(p.code == "E0111" for p in exc.problems):
                self._wait_for_the_other_build(exc.problems)
                return None
            if restoring:
                first = exc.problems[0] if exc.problems else "no problem reported"
                more = f" and {len(exc.problems) - 1} more, in the page's banner" if len(exc.problems) > 1 else ""
                when = ""
                if exc.problems and all(p.code == "E0110" for p in exc.problems):
                    # refused before anything was built: maybe a removal still under way (rm -rf
                    # of `make clean`, between the manifest and the folder): tried again once the
                    # folder changes, as a cheap refusal costs nothing
                    self._kept, self._restore_due = self._folder_look(), True
                    when = "when it is removed or replaced, or "
                self._not_restored(f"it could not be built again ({first}{more})", exc.problems, when)
                return None
            self._failed(exc.problems)
            return None
        except Exception as exc:  # noqa: BLE001 - a bug in one rebuild must not stop the preview
            self._failed([Problem("tei-edition", 0, 0, "E0199",
                                  f"internal error, please report it: {type(exc).__name__}: {exc}")])
            return None
        self._included(ctx)
        look = self._folder_look()
        # removed between the swap and this look (`make clean` as the build ended): no look of the
        # build to keep, so `lost` must not take the missing folder for it
        self._kept, self._lost_look = (look if None not in look else ("gone as the build ended",)), None
        self._given_up = False
        self.app.reload()
        ran = ctx.reuse is None or ("html" not in ctx.reuse.taken and not same)
        self.view.built(pages_changed=ran and not shown)
        for problem in ctx.warnings:
            self.echo(str(problem), True)
        page = f"; pages shown after {shown[0]:.2f} s" if shown else ""
        kept = f": {ctx.reuse.written} files written, {ctx.reuse.kept} kept" if ctx.reuse is not None else ""
        self.echo(f"built {self.out} in {time.perf_counter() - started:.2f} s{page}{kept}", False)
        return ctx

    def _wait_for_the_other_build(self, problems: list[Problem]) -> None:
        """Another build writes the folder (E0111): the rebuild runs again when it has finished
        (`_folder_free_again`), rather than at the next save. Nothing failed: the preview still
        says it is building, and serves what the folder holds meanwhile."""
        target = Path(os.path.realpath(self.out))
        self._waiting_for = target.parent / f".{target.name}.lock"
        for problem in problems:
            self.echo(f"{problem} (serve --watch rebuilds when it has finished)", True)

    def _failed(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.echo(str(problem), True)
        self.view.failed(problems)
        self.echo(f"the rebuild failed; {self.out} is served as it was", True)

    def _included(self, ctx: BuildContext) -> None:
        from tei_edition.outputs.tei import included_files

        included = included_files(ctx.tree, self.master.parent)
        if included != self.included:  # watched from now on: look again (one rebuild, mostly taken)
            self.included = included
            self._seen, self._content = (), ""

    def _snapshot(self, building: Path) -> Path | None:
        """Hard links to the site's pages of `building` (the build being made) in a folder of
        their own beside it (removed by the next rebuild, or by the next build's leftover sweep).
        Beside it, not beside `out` resolved again: `out` may have become a loop of links since."""
        try:
            # made and kept in one step: a Ctrl-C between the two would leave it unknown
            interrupts.held(lambda: self._snapshots.append(
                Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-live-", dir=building.parent))))
            target = self._snapshots[-1]
            for rel, path in walk(building / "site"):
                dest = target / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.link(path, dest)
        except OSError as exc:
            self.echo(f"serve: the new pages cannot be shown before the build ends: {exc}", True)
            return None
        return target

    def _remove_snapshots(self) -> None:
        """Held: a Ctrl-C (a second one, as the watch ends) must not leave a folder half-removed
        and off the list."""
        def remove() -> None:
            while self._snapshots:
                shutil.rmtree(self._snapshots[-1], ignore_errors=True)
                self._snapshots.pop()

        interrupts.held(remove)


def _pages_differ(reuse: Reuse, building: Path) -> bool:
    """Whether the site's pages of the build being made (`building`, the html stage just run)
    differ from those of the build they replace (the one served): a file of theirs not that
    build's, or of other bytes (its recorded size and hash), or one of that build's not made.
    Anything not known for sure (a previous file no longer as recorded) differs."""
    from tei_edition.build import stage_of

    previous = reuse.previous
    made = 0
    for rel, path in walk(building / "site"):
        rel = f"site/{rel}"
        if stage_of(rel) != "html":
            continue
        record = previous.trusted(rel)
        if record is None:
            return True
        st = os.stat(path)
        if st.st_ino != record.ino and (st.st_size != record.size or file_sha256(path) != record.sha256):
            return True
        made += 1
    return made != sum(1 for rel in previous.files if stage_of(rel) == "html")


def _entries(folder: Path) -> int:
    """The files and folders `folder` holds, at every level (0: none, or no such folder)."""
    return sum(len(dirs) + len(files) for _, dirs, files in os.walk(folder))


def _being_rewritten(master: Path) -> bool:
    """Whether a tei-edition command holds the master's edit lock (core/locks.editing) for its
    read-modify-write: `anchors accept` writes the anchor lock, then the master, then the lock
    again, and a build between two of those writes would fail (E0316)."""
    return _held(edit_lock_path(master))


def _held(lock: Path) -> bool:
    """Whether a process holds the lock file `lock` (core/locks.flocked). Only looked at, never
    made: a shared `flock` tried at once and let go."""
    import fcntl

    try:
        fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False  # no command at work (or no lock file of ours there)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # and with it the shared lock
    return False


def _fingerprint(path: Path) -> bytes:
    """The hash of a regular file's bytes; for anything else what it is, unread: a FIFO would
    block the watcher until a writer came, /dev/zero would never end (the build says E0006)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens at once, unread
    except OSError as exc:
        return str(exc).encode()
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            return f"not a regular file: {stat.filemode(mode)}".encode()
        h = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            h.update(chunk)
        return h.digest()
    except OSError as exc:
        return str(exc).encode()
    finally:
        os.close(fd)


def _echo(text: str, err: bool) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)
