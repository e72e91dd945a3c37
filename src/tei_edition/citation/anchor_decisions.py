"""Accepting a change of an anchor (its text changed, it was removed, or it is back) as an
editorial decision, recorded in the anchor lock and as a `<change>` in the master's revisionDesc
(`tei-edition anchors accept`), and completing a decision an interruption left `pending`
(see `_write` for the order of the writes)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from pathlib import Path

from tei_edition.citation.anchor_lock import AnchorLock, Change, Decision, _lock_line, dump_lock, load_lock, lock_path
from tei_edition.citation.fingerprints import current_anchors, incipit
from tei_edition.citation.revisions import removal_summary, same_changes, with_change
from tei_edition.core.files import check_unchanged, write_atomic
from tei_edition.core.inputs import read_bytes
from tei_edition.core.locks import editing
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.xmlio import parse_tei


# a reason of these alone (spaces, controls, zero-width characters, soft hyphens) shows nothing
_UNSEEN = ("Z", "Cc", "Cf")

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
    if not any(not unicodedata.category(ch).startswith(_UNSEEN) for ch in reason):
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
        summary = removal_summary(anchor)
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
