"""The anchor lock: citable units never move, and their text never changes silently.

Every anchor (the xml:id of a unit of any citation tree declared in `refsDecl`: `p42`, `s3`) is
recorded in a lock file beside the master, `<master stem>.anchors.lock` (for the edition:
`edition/lawson-2021-most-intransigent.anchors.lock`), with a fingerprint of its text. The build
fails when a recorded anchor disappears or its text changes, unless the change was accepted as an
editorial decision (`tei-edition anchors accept p42 --reason "…"`), which is recorded in the lock
and as a `<change>` in the master's revisionDesc (the lock first, marked `pending` until the
master holds the change: see `_write` for why an interruption never leaves them disagreeing).

Fingerprint (version "v1"), precisely:
 1. the unit's text: its text nodes in document order, leaving out `note` elements (editorial
    or authorial annotation is not the unit's running text), comments, and the text of nested
    units that are anchors themselves (a section's text is its heading, not its paragraphs);
    in a `choice`, only the source reading counts (`sic`, else `orig`, else `abbr`, else the
    first child), and text the editors `supplied` is left out, so marking an intervention does
    not change the fingerprint;
 2. Unicode NFKC, then case-folded;
 3. every character of Unicode category P* (punctuation, incl. hyphens, dashes, quotes),
    Z* (spaces), Cc/Cf (controls, soft hyphen, zero-width) and Sk (modifier symbols such as
    ` and ´ used as quotes) removed;
 4. "v1:" + the first 32 hex digits of the SHA-256 of the UTF-8 of what is left.
So a correction of whitespace, punctuation, quotation marks, hyphenation or letter case keeps
the fingerprint; any change of a letter, digit or symbol (a word added, removed or respelled)
changes it.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tei_edition.core import paths
from tei_edition.core.context import StageContext
from tei_edition.citation.scheme import Unit, anchored_units
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.inputs import read_bytes, read_text
from tei_edition.core.xmlio import parse_tei, read_tei
from tei_edition.core.files import check_unchanged, same_path, write_atomic
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
from tei_edition.citation.revisions import same_changes, with_change
from tei_edition.core.text import SOURCE_READING, reading

FINGERPRINT_VERSION = "v1"
_DROP_CATEGORIES = ("P", "Z", "Cc", "Cf", "Sk")
_READING_PREFERENCE = SOURCE_READING


def is_edition_master(master: Path | str) -> bool:
    return same_path(master, paths.MASTER)  # False for a loop of links: reading it says so


# --- fingerprints ---------------------------------------------------------------------------

def unit_text(el: etree._Element, nested: set[etree._Element] | frozenset[etree._Element] = frozenset()) -> str:
    """The running text of a unit (step 1 above), whitespace kept as in the source."""
    return reading(el, _READING_PREFERENCE, nested)


_dropped: dict[int, None] = {}  # str.translate table: every character seen so far that step 3 removes
_seen: set[str] = set()


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    new = set(text) - _seen
    if new:
        _dropped.update((ord(ch), None) for ch in new if unicodedata.category(ch).startswith(_DROP_CATEGORIES))
        _seen.update(new)
    return text.translate(_dropped)


def fingerprint(text: str) -> str:
    digest = hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
    return f"{FINGERPRINT_VERSION}:{digest[:32]}"


def incipit(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[:length].rstrip() + "…"


@dataclass
class Current:
    unit: Unit
    text: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


def current_anchors(tree: etree._ElementTree, path: str) -> dict[str, Current]:
    units = anchored_units(tree, path)
    elements = {u.element for u in units}
    result: dict[str, Current] = {}
    for u in units:
        assert u.anchor is not None  # anchored units have one
        # the unit itself may stay in the set: unit_text skips only descendants in it
        result[u.anchor] = Current(u, unit_text(u.element, elements))
    return result


def _where(path: str, el: etree._Element, anchor: str, lines: list[str] | None = None) -> tuple[int, int]:
    """(line, column) of the start tag of the unit `anchor`; `lines`: the file's, if read already."""
    line = el.sourceline or 1
    col = 1
    try:
        text = lines if lines is not None else Path(path).read_text(encoding="utf-8").splitlines()
        if 0 < line <= len(text):
            i = text[line - 1].find(f'"{anchor}"')
            j = text[line - 1].rfind("<", 0, i) if i >= 0 else -1
            col = (j if j >= 0 else max(i, 0)) + 1
    except OSError:
        pass
    return line, col


# --- check / lock / accept ------------------------------------------------------------------

def check(tree: etree._ElementTree, path: str, lock: AnchorLock, lock_file: Path) -> list[Problem]:
    """Problems of the document against its lock: E0312 changed, E0313 disappeared, W0310 new."""
    now = current_anchors(tree, path)
    problems: list[Problem] = []
    source: list[list[str]] = []  # the master's lines, read only when a problem is to be located

    def where(el: etree._Element, anchor: str) -> tuple[int, int]:
        if not source:
            try:
                source.append(Path(path).read_text(encoding="utf-8").splitlines())
            except OSError:
                source.append([])
        return _where(path, el, anchor, source[0])

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
            line, col = where(cur.unit.element, anchor)
            problems.append(Problem(path, line, col, "E0312",
                                    f"{anchor}: was recorded as removed, but is back with “{incipit(cur.text)}”; "
                                    f"links to #{anchor} would now point to it. If intended: "
                                    f"tei-edition anchors accept {anchor} --reason \"…\""))
        elif cur.fingerprint != entry.get("fingerprint"):
            line, col = where(cur.unit.element, anchor)
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
        line, col = where(first, new[0])
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


# `change/@who`: the schema's edition.localPointer (E0204 otherwise)
_WHO = re.compile(r"#[a-z][a-z0-9\-]*")


def option_problem(option: str, value: str) -> str | None:
    """Why `value` of accept's --date or --who would make the master invalid, or None: the
    date a real day of 1800–2100 (E0218, E0219), the pointer of the form the schema allows
    (E0204). That --who names an element of the master is checked on the master (`accept`)."""
    if option == "--date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return f"the date of the decision is a day, YYYY-MM-DD, not {value!r}"
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a real day: a month from 01 to 12 and a day that exists in that month"
        if not 1800 <= day.year <= 2100:
            return f"{value!r} is outside 1800–2100, the range of the edition's dates"
    elif option == "--who" and not _WHO.fullmatch(value):
        return (f"who decided is a pointer #id (lowercase letters, digits and hyphens, such as #editors), "
                f"not {value!r}")
    return None


def _refuse(option: str, message: str) -> EditionError:
    return EditionError([Problem(option, 1, 1, "E0113", message)])


def accept(master: Path, anchor: str, reason: str, when: str, who: str = "#editors") -> Decision:
    """Record the change of `anchor` (text changed, removed, or back after removal) as an
    editorial decision: in the lock, and as a `<change>` in the master's revisionDesc.
    A --date or --who the master could not hold is refused (E0113) before anything is read."""
    master = Path(master)
    if not reason or not reason.strip():
        raise EditionError([Problem("--reason", 1, 1, "E0314", "an accepted change needs a --reason")])
    for option, value in (("--date", when), ("--who", who)):
        why = option_problem(option, value)
        if why:
            raise _refuse(option, why)
    with editing(master):  # the master and its lock: read, decided on and written by one command at a time
        return _accept(master, anchor, reason, when, who)


def _accept(master: Path, anchor: str, reason: str, when: str, who: str) -> Decision:
    raw = read_bytes(master)
    tree = parse_tei(raw, str(master))
    if not tree.getroot().xpath("//*[@xml:id = $id]", id=who[1:]):
        raise _refuse("--who", f"{who} names no element of {master.name} (who decided: an editor, a "
                               f"respStmt; the edition's editors are #editors)")
    lock_file = lock_path(master)
    data = load_lock(lock_file)
    completed = _complete(master, lock_file, data)
    if completed is not None:  # the master may have been given its change
        raw = read_bytes(master)
        tree = parse_tei(raw, str(master))
    now = current_anchors(tree, str(master))
    entry = data["anchors"].get(anchor)
    if entry is None:
        hint = " (it is new: record it with `tei-edition anchors lock`)" if anchor in now else ""
        # the value given is at fault, not the lock: at the argument, as `cite UNIT`
        raise EditionError([Problem("ANCHOR", 1, 1, "E0314", f"{anchor}: not in the anchor lock{hint}")])
    cur = now.get(anchor)
    removed = entry.get("status") == "removed"
    if cur is None and not removed:
        change, new_fp = "removed", None
        summary = f"Anchor #{anchor} removed"
    elif cur is not None and removed:
        change, new_fp = "restored", cur.fingerprint
        summary = f"Anchor #{anchor} restored"
    elif cur is not None and cur.fingerprint != entry.get("fingerprint"):
        change, new_fp = "text", cur.fingerprint
        summary = f"Text of #{anchor} changed"
    elif completed is not None and completed["anchor"] == anchor:
        return completed  # accepted by a run that was interrupted, completed now
    else:
        raise EditionError([Problem(str(lock_file), _lock_line(lock_file, anchor), 1, "E0314",
                                    f"{anchor}: nothing to accept, its text matches the lock")])
    reason = " ".join(reason.split())
    record: Change = {"when": when, "who": who, "target": f"#{anchor}" if cur is not None else None,
                      "text": f"{summary}: {reason}"}
    new_master = with_change(raw, master, **record)  # E0315 here, before anything is written
    decision: Decision = {"anchor": anchor, "change": change, "from": entry.get("fingerprint"), "to": new_fp,
                          "reason": reason, "date": when, "who": who}
    data["decisions"].append(decision)
    if change == "removed":
        entry["status"] = "removed"
    else:
        assert cur is not None and new_fp is not None  # restored or changed: the unit is there
        entry.pop("status", None)
        entry["fingerprint"] = new_fp
        entry["incipit"] = incipit(cur.text)
    data["pending"] = {"change": record, "before": same_changes(tree, **record)}
    _write(master, lock_file, data, new_master, raw, journal=True)
    return decision


# How a decision reaches both files. Three writes, each atomic (files.write_atomic):
#   1. the lock with the decision and `pending`: the <change> it needs, and how many such
#      changes the revisionDesc held before;
#   2. the master with the <change>;
#   3. the lock without `pending`.
# Stopped anywhere (Ctrl-C, SIGTERM, a full disk), the pair is in one of these states:
#   before 1: both as they were;
#   after 1: the lock holds the decision and `pending`, the master not yet the change;
#   after 2: both hold the decision, the lock still `pending`;
#   after 3: done.
# `anchors check` and the build report `pending` (E0316); the next `anchors lock` or `accept`
# completes it (`_complete`, under the same edit lock): it counts the change in the master and
# adds it only if the count has not grown (state "after 1"), then removes `pending`. The master
# never holds a change the lock does not record (so a retry adds no duplicate), and a lock that
# records a decision the master lacks always says so.

def _write(master: Path, lock_file: Path, data: AnchorLock, new_master: bytes | None, raw: bytes,
           journal: bool) -> None:
    """`raw`: the master's bytes the decision was made from; an editor's save since is never
    written over (E0503), and one before the journal leaves both files as they were."""
    if journal:
        check_unchanged(master, raw)
        write_atomic(lock_file, dump_lock(data))
    if new_master is not None:
        write_atomic(master, new_master, unchanged=raw)
    del data["pending"]
    write_atomic(lock_file, dump_lock(data))


def _complete(master: Path, lock_file: Path, data: AnchorLock) -> Decision | None:
    """Complete the decision an interrupted accept left `pending` in the lock (see above); the
    decision, or None if there was none."""
    pending = data.get("pending")
    if pending is None:
        return None
    raw = read_bytes(master)
    record = pending["change"]
    done = same_changes(parse_tei(raw, str(master)), **record) > pending["before"]
    _write(master, lock_file, data, None if done else with_change(raw, master, **record), raw, journal=False)
    return data["decisions"][-1]


def complete(master: Path) -> Decision | None:
    """Complete an accept that was interrupted (E0316); the decision it recorded, or None."""
    master = Path(master)
    lock_file = lock_path(master)
    with editing(master):
        if not lock_file.exists():
            return None
        return _complete(master, lock_file, load_lock(lock_file))


def stage(ctx: StageContext) -> None:
    """Build stage `anchors`: fail on changed or vanished anchors; warn about new ones."""
    problems = check_master(ctx.master, ctx.tree)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise EditionError(problems)
    ctx.warnings.extend(problems)
