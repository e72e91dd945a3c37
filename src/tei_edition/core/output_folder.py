"""The build's output folder: refused when it is not ours, replaced whole, one build at a time.

`replacing(out, master)` is the one way a build writes its folder:

- **Refusal (E0110)** before anything is touched: `out` may not be `/`, the working directory,
  the project or edition folder, the master's folder or any folder above one of them, a file,
  a folder inside a previous build, an existing non-empty folder that is not a previous
  build, or a path through a symbolic link to nothing (its target would be made). A build is recognised by the marker file `MARKER` it writes (or, for builds made
  before the marker, by a `manifest.json` that lists every file in the folder). Checked again
  right before the swap (`still_replaceable`): the folder may have been replaced meanwhile.
- **One build per folder (E0111)**: an exclusive `flock` on `.<name>.lock` beside `out`; a
  second build fails at once, naming the process that holds the lock.
- `package --out` (outputs/package_folder.py) takes the same refusals (`refuse_kept`), lock,
  check before the swap (`still_replaceable`) and swap, with its own recognition of a previous package.
- **Leftovers** of killed builds (`.<name>.tmp-*`, `.<name>.old`) are removed by the next build
  into the same folder, under the lock.
- **The swap** exchanges the new folder and the old one in one step (`renameat2` with
  `RENAME_EXCHANGE`, Linux ≥ 3.15), so a reader finds a complete folder at every moment. Where
  the kernel or file system lacks it, two renames are the fallback: a reader can then miss the
  folder for the moment between them.
- **File-system errors** (disk full, read-only, permission denied) become E0102 at the file.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tei_edition.core import interrupts, paths
from tei_edition.core.files import discard, remove_tree, resolved, resolved_or_none
from tei_edition.core.incremental import STATE_NAME
from tei_edition.core.inputs import read_bytes, real_path
from tei_edition.core.locks import flocked
from tei_edition.core.problems import EditionError, Problem

MARKER = ".tei-edition-build"
MARKER_TEXT = "This folder is the output of `tei-edition build`; the next build replaces it whole.\n"
# A build's manifest.json lists every file (~150 bytes each): the editor's 20 MiB would refuse a
# build of ~140,000 files, this one of ~1.7 million
MANIFEST_LIMIT = 256 * 1024 * 1024
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _umask() -> int:
    mask = os.umask(0)  # reading the umask means setting it: put it back at once
    os.umask(mask)
    return mask


def refuse(out: Path, why: str) -> EditionError:
    return EditionError([Problem(str(out), 0, 0, "E0110", f"refused as output folder: {why}")])


def is_build(folder: Path) -> bool:
    """`folder` holds a previous build: its marker, or a manifest that lists all it holds."""
    if (folder / MARKER).is_file():
        return True
    try:  # the guarded reader: a FIFO named manifest.json must not hang the command
        manifest = read_bytes(folder / "manifest.json", MANIFEST_LIMIT)
        listed = {e["path"].split("/", 1)[0] for e in json.loads(manifest)["files"]}
    except (EditionError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return all(entry.name in listed or entry.name in ("manifest.json", STATE_NAME) for entry in os.scandir(folder))


def mark(folder: Path) -> None:
    """Mark `folder` as a build (what `is_build` recognises, and `serve` requires)."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def refuse_kept(given: Path, target: Path, master: Path | str) -> None:
    """E0110 if `target` (`given` resolved) is the project, the edition, the master's folder,
    the working directory or a folder above one of them, the master, not a folder, or reached
    through a link to nothing: what no command that replaces its output folder whole (`build`,
    `package`) may take."""
    link = next((p for p in (given, *given.parents) if os.path.islink(p) and not os.path.exists(p)), None)
    if link is not None:  # its target made anew: where an unmounted disk or a planted link points
        raise refuse(given, f"{'it' if link == given else link} is a symbolic link to {os.readlink(link)}, which "
                            "does not exist; make that folder, or remove the link")
    master_path = real_path(master)
    # a project folder that is a loop of links (TEI_EDITION_ROOT) holds no output: nothing to keep
    keep = {real: label for real, label in ((resolved_or_none(paths.ROOT), "the project folder"),
                                            (resolved_or_none(paths.EDITION_DIR), "the edition folder"),
                                            (master_path.parent, "the master's folder"),
                                            (Path.cwd().resolve(), "the working directory")) if real is not None}
    for folder, label in keep.items():
        if target == folder:
            raise refuse(given, f"it is {label}")
        if target in folder.parents:
            raise refuse(given, f"it holds {label} ({folder})")
    if target == master_path:
        raise refuse(given, "it is the master")
    if os.path.lexists(target) and not target.is_dir():
        raise refuse(given, "it is a file, not a folder")


def check(out: Path | str, master: Path | str) -> Path:
    """The resolved output folder, or E0110 if building into it could destroy what the build
    did not make."""
    given = Path(out)
    target = resolved(given, lambda why: refuse(given, why))
    refuse_kept(given, target, master)
    inside = next((folder for folder in target.parents if (folder / MARKER).is_file()), None)
    if inside is not None:  # the next build there would remove it with the rest
        raise refuse(given, f"it is inside the build {inside}, which the next build there replaces whole; "
                            f"name a folder outside it")
    if target.is_dir() and not empty(target) and not is_build(target):
        raise refuse(given, f"it is not a previous build (no {MARKER} in it) and not empty; the build replaces "
                            f"its folder whole, so it writes only into a new or empty folder or a previous build")
    return target


def written(exc: OSError) -> str | None:
    """The file a file-system error names as the one written: of two (a copy, a link, a rename),
    the second; the first is what was read (a full disk is not the toolkit's asset's fault)."""
    name = exc.filename2 if exc.filename2 is not None else exc.filename
    return None if name is None else os.fsdecode(name)


def write_failure(exc: OSError, fallback: Path) -> EditionError:
    """A file-system error as E0102 at the file it names."""
    return EditionError([Problem(written(exc) or str(fallback), 0, 0, "E0102",
                                 f"could not write the build: {exc.strerror or exc}")])


def why_not_written(path: Path, stated: str | None = None) -> EditionError:
    """E0102 for a file another program (Saxon) could not write, with the file system's reason:
    a probe written beside it meets the same refusal (disk full, read-only, no permission); else
    the reason the writer `stated`, if any (a file too large for the process's limit)."""
    probe = path.parent / f".{path.name}.probe"
    try:
        with open(probe, "wb") as fh:
            fh.write(b"\0" * 65536)
            fh.flush()
            os.fsync(fh.fileno())
        reason = stated or "the writer gave no reason"
    except OSError as exc:
        reason = exc.strerror or str(exc)
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
    return EditionError([Problem(str(path), 0, 0, "E0102", f"could not write this file: {reason}")])


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """One command at a time writes `out` (E0111 for the next): `build` and `package` share the lock."""
    with _claimed(out, f".{out.name}.lock", _busy(out)):
        yield


@contextmanager
def watched(out: Path) -> Iterator[None]:
    """One `serve --watch` at a time rebuilds `out` (E0149 for the next, at once): two would
    race for the build's lock on every save, and each would show the other's turn as a failed
    rebuild. Held for the watch's whole life, on `.<folder>.watch.lock` beside `out`."""
    def busy(holder: str) -> EditionError:
        return EditionError([Problem(str(out), 0, 0, "E0149", f"another serve --watch (process {holder}) is "
                                                              "rebuilding this folder: use that one, or stop it "
                                                              "first, or watch into another folder (--dir)")])
    with _claimed(out, f".{out.name}.watch.lock", busy):
        yield


@contextmanager
def _claimed(out: Path, name: str, busy: Callable[[str], EditionError]) -> Iterator[None]:
    """The lock file `name` beside `out`, held for the block. One that cannot be made is E0102 at
    `out`, the folder the user named, not at the lock file."""
    lock = out.parent / name
    with ExitStack() as held:
        try:
            held.enter_context(flocked(lock, busy))
        except OSError as exc:
            raise EditionError([Problem(str(out), 0, 0, "E0102", f"could not write here: the lock file beside it, "
                                                                 f"{lock.name}, cannot be made: {exc.strerror or exc}")]
                               ) from None
        yield


def _busy(out: Path) -> Callable[[str], EditionError]:
    def busy(holder: str) -> EditionError:
        return EditionError([Problem(str(out), 0, 0, "E0111", f"another build or package (process {holder}) is "
                                                              "writing into this folder; run this one when it has "
                                                              "finished")])
    return busy


def remove_leftovers(out: Path) -> None:
    """Temporary folders of builds into `out` that were killed before they could clean up."""
    prefixes = (f".{out.name}.tmp-", f".{out.name}.old")
    with os.scandir(out.parent) as entries:
        for entry in entries:
            if entry.name.startswith(prefixes) and entry.is_dir(follow_symlinks=False):
                discard(entry.path)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the kernel or file system cannot."""
    import ctypes

    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(tmp: Path, out: Path) -> None:
    """Put the folder `tmp` in the place of `out` and remove the old `out`, with the interruptions
    held (the removal of 73,000 files takes 2 s): one that comes meanwhile is raised after both,
    the new folder in place and nothing of the old beside it (raised inside the removal, it left
    the rest there, which the build then called a permission problem, W0111). What of the old
    folder cannot be removed (another user's file) stays as a leftover the next build removes:
    no failure, the new folder is in place. An interruption says so: the command did not stop
    before it."""
    swapped: list[bool] = []

    def swap() -> None:
        _swap(tmp, out)
        swapped.append(True)

    try:
        interrupts.held(swap)
    except KeyboardInterrupt as exc:
        if not swapped:
            raise
        raise KeyboardInterrupt(f"{exc or 'SIGINT'}, after the swap: {out} holds the new folder") from None


def _swap(tmp: Path, out: Path) -> None:
    if not os.path.lexists(out):
        os.rename(tmp, out)
        return
    if _exchange(tmp, out):
        old = tmp  # now the old folder
    else:  # fallback: two renames, with a moment between them when `out` is missing
        old = out.with_name(f".{out.name}.old")
        os.rename(out, old)
        try:
            os.rename(tmp, out)
        except BaseException:
            os.rename(old, out)  # the previous build back in its place
            raise
    discard(old)


def not_removed(target: Path, tmp: Path) -> list[Problem]:
    """W0111 for the previous build at `target` if `swap_in` could not remove all of it: it is
    where the new build was made (after the exchange) or `.<name>.old` (after two renames)."""
    left = [p for p in (tmp, target.with_name(f".{target.name}.old")) if os.path.lexists(p)]
    return [Problem(str(p), 0, 0, "W0111", "the previous build could not be removed entirely (a file of "
                                           "another user, or a read-only disk?) and is left here; the next "
                                           "build into the folder tries again, or remove it by hand")
            for p in left]


@contextmanager
def parents_made(folder: Path) -> Iterator[None]:
    """Make `folder` and the folders above it that are missing; when the block fails, remove the
    ones it made again (those still empty): a failed command leaves no trace."""
    made = []
    while not os.path.lexists(folder) and folder != folder.parent:
        made.append(folder)  # innermost first
        folder = folder.parent
    if made:
        made[0].mkdir(parents=True, exist_ok=True)
    try:
        yield
    except BaseException:
        for made_here in made:
            try:
                made_here.rmdir()
            except OSError:
                break
        raise


def still_replaceable(given: Path, target: Path, is_previous: Callable[[Path], bool] = is_build,
                      what: str = "build") -> None:
    """E0110 if, while the command ran, something it may not replace took the place of the
    folder it checked at its start (a folder moved away, another one made there); `is_previous`
    recognises what it may replace (a previous build, or package: `what`)."""
    if os.path.lexists(target) and (target.is_symlink() or not target.is_dir()
                                    or not (empty(target) or is_previous(target))):
        raise refuse(given, f"while the {what} was written, something that is not a {what} took its place; it "
                            f"is left as it is and the new {what} was not put there")


@contextmanager
def replacing(out: Path | str, master: Path | str) -> Iterator[Path]:
    """A new temporary folder beside `out` (holding the marker) for the build to write; it
    replaces `out` when the block ends without an exception, and is removed otherwise."""
    target = check(out, master)
    try:
        with parents_made(target.parent), locked(target):
            remove_leftovers(target)
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
            tmp.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would hide the site from a web server
            try:
                mark(tmp)
                yield tmp
                interrupts.check()  # one whose exception Python dropped after the last stage: not swapped in
                still_replaceable(Path(out), target)
                swap_in(tmp, target)
            except BaseException as failure:
                # held: a second Ctrl-C (or a SIGTERM after one) would stop the removal half-way
                interrupts.held_while_failing(lambda: remove_tree(tmp, ignore_errors=True), failure)
                raise
    except OSError as exc:
        raise write_failure(exc, target) from None
