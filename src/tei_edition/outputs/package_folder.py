"""The deposit package's folder (`package --out`, default BUILD/dist): refused when it is not a
previous package, replaced whole, one run at a time.

The package replaces its folder whole, as the build does (core/output_folder.py, whose refusals,
lock and swap it shares), so it never takes a folder it did not make (E0110, nothing touched):
not the project, the edition, the master's folder, the working directory or a folder above one
of them, not a file; not the build being packaged, a folder inside it (but BUILD/dist, where the
build makes nothing) or a folder above it; not an existing non-empty folder that is not a
previous package.

A previous package is recognised by its shape, not by a marker file. A marker inside the bag
would be a file of the deposit (BagIt fixes what the bag's top holds, and two runs must give the
same bytes to the archive); a marker beside it would litter the build (BUILD/dist is the default)
and would be lost whenever the bag is moved or copied. So a package is a folder that holds
exactly the bag's entries (`BAG_ENTRIES`), whose bag-info.txt names the toolkit as its agent
(`AGENT`, written by outputs/package.py) and whose data/ holds only regular files its
manifest-sha256.txt lists: a file added by hand would be lost, so such a folder is refused too.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tei_edition.core import interrupts, paths
from tei_edition.core.files import remove_tree, resolved
from tei_edition.core.inputs import read_bytes
from tei_edition.core.output_folder import (MANIFEST_LIMIT, empty, locked, parents_made, refuse, refuse_kept,
                                            remove_leftovers, still_replaceable, swap_in)
from tei_edition.core.problems import EditionError, Problem

AGENT = "tei-edition"
BAG_ENTRIES = frozenset({"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "data"})
_TAG_LIMIT = 1 << 20  # bagit.txt and bag-info.txt: a few lines


def _payload_files(data: Path) -> set[str] | None:
    """The bag paths (`data/…`) of the files below `data`; None if it holds anything else."""
    found: set[str] = set()
    for folder, dirs, files in os.walk(data, onerror=_raise):
        for name in dirs:
            if os.path.islink(os.path.join(folder, name)):
                return None
        for name in files:
            path = os.path.join(folder, name)
            if os.path.islink(path) or not os.path.isfile(path):
                return None
            found.add("data/" + os.path.relpath(path, data).replace(os.sep, "/"))
    return found


def _raise(exc: OSError) -> None:
    raise exc


def is_package(folder: Path) -> bool:
    """`folder` holds a deposit package this toolkit made, and nothing added to it."""
    try:
        with os.scandir(folder) as entries:
            kinds = {entry.name: entry.is_dir(follow_symlinks=False) for entry in entries}
        if kinds.keys() != BAG_ENTRIES or not kinds["data"] or any(kinds[n] for n in BAG_ENTRIES - {"data"}):
            return False
        if not read_bytes(folder / "bagit.txt", _TAG_LIMIT).startswith(b"BagIt-Version: "):
            return False
        info = read_bytes(folder / "bag-info.txt", _TAG_LIMIT).decode("utf-8").splitlines()
        if f"Bag-Software-Agent: {AGENT}" not in info:
            return False
        # one line per payload file, as a build's manifest.json has
        manifest = read_bytes(folder / "manifest-sha256.txt", MANIFEST_LIMIT).decode("utf-8")
        listed = {parts[1] for parts in (line.split(None, 1) for line in manifest.splitlines()) if len(parts) == 2}
        found = _payload_files(folder / "data")
    except (OSError, EditionError, UnicodeDecodeError):
        return False
    return found is not None and found <= listed


def check(out: Path | str, build: Path | str) -> Path:
    """The resolved package folder, or E0110 if writing the package there could destroy what
    `tei-edition package` did not make."""
    given = Path(out)
    # the build first: BUILD/dist, the default, is a loop when the build is
    home = resolved(build, lambda why: EditionError([Problem(str(build), 0, 0, "E0001", f"cannot read the build: {why}")]))
    target = resolved(given, lambda why: refuse(given, why))
    refuse_kept(given, target, paths.MASTER)
    if target == home:
        raise refuse(given, "it is the build being packaged")
    if target in home.parents:
        raise refuse(given, f"it holds the build being packaged ({home})")
    if home in target.parents and target != home / "dist":
        raise refuse(given, f"it is inside the build being packaged ({home}); the package goes to "
                            f"{home / 'dist'} or to a folder outside the build")
    if target.is_dir() and not empty(target) and not is_package(target):
        raise refuse(given, "it is not a previous deposit package (a BagIt bag made by `tei-edition package`, "
                            "nothing added) and not empty; the package replaces its folder whole, so it writes "
                            "only into a new or empty folder or a previous package")
    return target


@contextmanager
def replacing(out: Path | str, build: Path | str) -> Iterator[Path]:
    """A path, not yet made, in a temporary folder beside `out`, for the bag; the bag replaces
    `out` when the block ends without an exception (in one step where the kernel can exchange
    two folders), and the temporary folder is removed either way."""
    target = check(out, build)
    with parents_made(target.parent), locked(target):
        remove_leftovers(target)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        try:
            yield tmp / "bag"
            still_replaceable(Path(out), target, is_package, "package")
            swap_in(tmp / "bag", target)
        except BaseException as failure:
            # held: a second Ctrl-C (or a SIGTERM after one) would stop the removal half-way
            interrupts.held_while_failing(lambda: remove_tree(tmp, ignore_errors=True), failure)
            raise
        interrupts.held(lambda: remove_tree(tmp, ignore_errors=True))  # the folder that held the bag
