"""The anchor lock: citable units never move, and their text never changes silently.

Every anchor (the xml:id of a unit of any citation tree declared in `refsDecl`: `p42`, `s3`) is
recorded in a lock file beside the master, `<master stem>.anchors.lock` (for the edition:
`edition/lawson-2021-most-intransigent.anchors.lock`), with a fingerprint of its text. The build
fails when a recorded anchor disappears or its text changes, unless the change was accepted as an
editorial decision (`tei-edition anchors accept p42 --reason "…"`), which is recorded in the lock
and as a `<change>` in the master's revisionDesc (the lock first, marked `pending` until the
master holds the change: see `anchor_decisions._write` for why an interruption never leaves them
disagreeing). This module checks the master against its lock and records new anchors in it; the
fingerprint of a unit's text is `fingerprints`'s, accepting a change `anchor_decisions`'s.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from tei_edition.core import paths
from tei_edition.core.context import StageContext
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.source import Source
from tei_edition.core.xmlio import read_tei
from tei_edition.core.files import same_path, write_atomic
from tei_edition.core.locks import editing
# the lock file's own API, still reachable here as before the file's code had a module of its own
from tei_edition.citation.anchor_lock import LOCK_KIND as LOCK_KIND
from tei_edition.citation.anchor_lock import AnchorLock as AnchorLock
from tei_edition.citation.anchor_lock import Change as Change
from tei_edition.citation.anchor_lock import Decision as Decision
from tei_edition.citation.anchor_lock import LockEntry as LockEntry
from tei_edition.citation.anchor_lock import Pending as Pending
from tei_edition.citation.anchor_lock import dump_lock as dump_lock
from tei_edition.citation.anchor_lock import load_lock as load_lock
from tei_edition.citation.anchor_lock import lock_not_there
from tei_edition.citation.anchor_lock import lock_path as lock_path
from tei_edition.citation.anchor_lock import new_lock as new_lock
from tei_edition.citation.anchor_lock import _key_line, _lock_line
# the fingerprints and the decisions, still reachable here as before they had modules of their own
from tei_edition.citation.fingerprints import FINGERPRINT_VERSION as FINGERPRINT_VERSION
from tei_edition.citation.fingerprints import Current as Current
from tei_edition.citation.fingerprints import current_anchors
from tei_edition.citation.fingerprints import fingerprint as fingerprint
from tei_edition.citation.fingerprints import incipit
from tei_edition.citation.fingerprints import normalise as normalise
from tei_edition.citation.fingerprints import unit_text as unit_text
from tei_edition.citation.anchor_decisions import _complete
from tei_edition.citation.anchor_decisions import accept as accept
from tei_edition.citation.anchor_decisions import complete as complete
from tei_edition.citation.anchor_decisions import option_problem as option_problem


def is_edition_master(master: Path | str) -> bool:
    return same_path(master, paths.MASTER)  # False for a loop of links: reading it says so


# --- check / lock ------------------------------------------------------------------------

def check(tree: etree._ElementTree, path: str, lock: AnchorLock, lock_file: Path) -> list[Problem]:
    """Problems of the document against its lock: E0312 changed, E0313 disappeared, W0310 new."""
    now = current_anchors(tree, path)
    problems: list[Problem] = []
    where = Source(path, tree.getroot()).tag  # a unit's `<`: the master read only for a problem

    for anchor, entry in lock["anchors"].items():
        cur = now.get(anchor)
        removed = entry.get("status") == "removed"
        if cur is None:
            if not removed:
                problems.append(Problem(str(lock_file), _lock_line(lock_file, anchor), 1, "E0313",
                                        f"{anchor}: locked anchor no longer exists in {Path(path).name} "
                                        f"(was “{entry.get('incipit', '')}”); links to #{anchor} would break. "
                                        f"Restore it, or record the removal: tei-edition anchors accept {anchor} "
                                        f"--reason \"…\""))
            continue
        if removed:
            line, col = where(cur.unit.element)
            problems.append(Problem(path, line, col, "E0312",
                                    f"{anchor}: was recorded as removed, but is back with “{incipit(cur.text)}”; "
                                    f"links to #{anchor} would now point to it. If intended: "
                                    f"tei-edition anchors accept {anchor} --reason \"…\""))
        elif cur.fingerprint != entry.get("fingerprint"):
            line, col = where(cur.unit.element)
            problems.append(Problem(path, line, col, "E0312",
                                    f"{anchor}: text changed since it was locked (locked: “{entry.get('incipit', '')}”, "
                                    f"now: “{incipit(cur.text)}”). A whitespace or punctuation correction would not "
                                    f"change it; if this change is intended, record it: tei-edition anchors accept "
                                    f"{anchor} --reason \"…\""))
    if "pending" in lock:
        last = lock["decisions"][-1]
        problems.append(Problem(str(lock_file), _key_line(lock_file, "pending"), 1, "E0316",
                                f"the acceptance of {last['anchor']} ({last['date']}) was interrupted before its "
                                f"<change> in {Path(path).name} was confirmed; complete it: tei-edition anchors lock"))
    new = [a for a in now if a not in lock["anchors"]]
    if new:
        first = now[new[0]].unit.element
        line, col = where(first)
        shown = ", ".join(new[:12]) + (", …" if len(new) > 12 else "")
        problems.append(Problem(path, line, col, "W0310",
                                f"{len(new)} citable unit(s) not yet in the anchor lock: {shown} "
                                f"(record them: tei-edition anchors lock)"))
    return problems


def check_master(master: Path, tree: etree._ElementTree | None = None) -> list[Problem]:
    """Problems of `master` against its lock. The edition's master must have a lock (E0310);
    for any other document the check is skipped when it has none."""
    lock_file = lock_path(master)
    missing = lock_not_there(lock_file)
    if missing is not None and os.path.lexists(lock_file):  # a link to nothing: never "no lock"
        return [missing]
    if not lock_file.exists():
        if is_edition_master(master):
            return [Problem(str(lock_file), 0, 0, "E0310",
                            f"anchor lock missing for {master.name}: the lock is part of the edition and must be "
                            f"committed; create it with `tei-edition anchors lock` (then `git add {lock_file.name}`)")]
        if tree is None:
            read_tei(master)  # nothing to compare, but an unreadable master is still an error
        return []
    tree = tree if tree is not None else read_tei(master)
    return check(tree, str(master), load_lock(lock_file), lock_file)


def lock(master: Path) -> tuple[list[str], list[Problem]]:
    """Record every anchor not yet in the lock (creating the lock if needed). Anchors whose text
    changed or that disappeared are never re-locked: they are returned as problems."""
    master = Path(master)
    with editing(master):
        return _lock(master)


def _lock(master: Path) -> tuple[list[str], list[Problem]]:
    tree = read_tei(master)
    lock_file = lock_path(master)
    # a new lock only where there is none: a link to nothing is a lock lost, never begun again
    data = load_lock(lock_file) if os.path.lexists(lock_file) else new_lock(master)
    if _complete(master, lock_file, data) is not None:  # the master may have been given its change
        tree = read_tei(master)
    now = current_anchors(tree, str(master))
    added = []
    for anchor, cur in now.items():
        if anchor not in data["anchors"]:
            data["anchors"][anchor] = {"unit": cur.unit.cite_type, "fingerprint": cur.fingerprint,
                                       "incipit": incipit(cur.text)}
            added.append(anchor)
    # keep the lock in document order, removed anchors where they were
    order = {anchor: i for i, anchor in enumerate(now)}
    old = _old_positions(data)
    data["anchors"] = dict(sorted(data["anchors"].items(), key=lambda kv: order.get(kv[0], old[kv[0]])))
    if added or not lock_file.exists():
        write_atomic(lock_file, dump_lock(data))
    problems = [p for p in check(tree, str(master), data, lock_file) if p.code != "W0310"]
    return added, problems


def _old_positions(data: AnchorLock) -> dict[str, float]:
    # a removed anchor keeps its place just after the anchor it followed
    return {anchor: i - 0.5 for i, anchor in enumerate(data["anchors"])}


def stage(ctx: StageContext) -> None:
    """Build stage `anchors`: fail on changed or vanished anchors; warn about new ones."""
    problems = check_master(ctx.master, ctx.tree)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise EditionError(problems)
    ctx.warnings.extend(problems)
