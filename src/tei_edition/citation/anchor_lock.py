"""The anchor lock's file (`<master stem>.anchors.lock`, JSON): what it holds, and its shape
checked when it is read (E0311), so that a broken lock stops a command before it writes anything.
What the lock means is `anchors`'s, the fingerprints `fingerprints`'s."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import NotRequired, TypedDict, cast

from tei_edition.core.inputs import read_text
from tei_edition.core.problems import EditionError, Problem

LOCK_KIND = "tei-edition anchor lock"


class LockEntry(TypedDict, total=False):
    """One anchor of the lock file."""
    unit: str         # the citation tree's unit type (paragraph, section, …)
    fingerprint: str
    incipit: str
    status: str       # "removed" once a removal is accepted


# An accepted change of an anchor ("from" is a keyword, hence this form).
Decision = TypedDict("Decision", {"anchor": str, "change": str, "from": str | None, "to": str | None,
                                  "reason": str, "date": str, "who": str})


class Change(TypedDict):
    """The `<change>` of the master's revisionDesc that records a decision."""
    when: str
    who: str
    target: str | None
    text: str


class Pending(TypedDict):
    """A decision whose `<change>` was not yet known to be in the master (see `accept`)."""
    change: Change
    before: int  # how many `<change>`s of the revisionDesc were this one before it was added


class AnchorLock(TypedDict):
    """The lock file (`*.anchors.lock`, JSON)."""
    lock: str
    version: int
    document: str
    fingerprint: str  # how fingerprints are made
    anchors: dict[str, LockEntry]
    decisions: list[Decision]
    pending: NotRequired[Pending]  # only while an accept runs, or after one was interrupted


def lock_path(master: Path | str) -> Path:
    master = Path(master)
    return master.with_name(f"{master.stem}.anchors.lock")


def new_lock(master: Path) -> AnchorLock:
    return {
        "lock": LOCK_KIND,
        "version": 1,
        "document": master.name,
        "fingerprint": ("v1: unit text without notes, choice = source reading; NFKC, casefold; "
                        "characters of categories P*, Z*, Cc, Cf, Sk removed; sha256, 32 hex digits"),
        "anchors": {},
        "decisions": [],
    }


def lock_not_there(path: Path) -> Problem | None:
    """E0310 when there is no lock at `path` to read; a link to nothing (or a loop) is named as
    such, the same for every command that reads the lock."""
    if path.exists():
        return None
    if os.path.lexists(path):
        return Problem(str(path), 0, 0, "E0310", "the anchor lock is a link to nothing (or to itself): "
                                                 "restore the lock it pointed to")
    return Problem(str(path), 0, 0, "E0310", "anchor lock not found")


def load_lock(path: Path) -> AnchorLock:
    missing = lock_not_there(path)
    if missing is not None:
        raise EditionError([missing])
    text = read_text(path)  # E0006 for a FIFO or a folder, E0007 if not UTF-8
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        line = getattr(exc, "lineno", 1)
        col = getattr(exc, "colno", 1)
        raise EditionError([Problem(str(path), line, col, "E0311", f"anchor lock is not readable JSON: {exc}")]) from None
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits; arrays nested thousands deep
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise EditionError([Problem(str(path), 1, 1, "E0311", f"anchor lock is not readable JSON: {why}")]) from None
    if not isinstance(data, dict) or data.get("lock") != LOCK_KIND or not isinstance(data.get("anchors"), dict):
        raise EditionError([Problem(str(path), 1, 1, "E0311", f"not a {LOCK_KIND} (no \"lock\"/\"anchors\")")])
    data.setdefault("decisions", [])
    wrong = _shape_problem(data, text)
    if wrong:
        line, message = wrong
        raise EditionError([Problem(str(path), line, 1, "E0311", f"not a {LOCK_KIND}: {message}")])
    return cast(AnchorLock, data)  # JSON, its shape checked above


_TEXT_FIELDS = ("unit", "fingerprint", "incipit")
_DECISION_TEXTS = ("anchor", "change", "reason", "date", "who")


def _shape_problem(data: dict[str, object], text: str) -> tuple[int, str] | None:
    """(line, why) when the lock's contents are not what the toolkit writes, else None."""
    lines = text.splitlines()

    def line_of(key: str, after: int = 0) -> int:
        return next((n for n, row in enumerate(lines[after:], start=after + 1)
                     if row.strip().startswith(f'"{key}":')), after or 1)

    if data.get("version") != 1:
        return line_of("version"), f"\"version\" is {json.dumps(data.get('version'))[:40]}, not 1"
    anchors = cast(dict[str, object], data["anchors"])
    for anchor, entry in anchors.items():
        if not isinstance(entry, dict):
            return line_of(anchor), f"the entry of anchor {anchor!r} is {_kind(entry)}, not an object"
        if not isinstance(entry.get("fingerprint"), str):
            return line_of(anchor), f"anchor {anchor!r} has no \"fingerprint\" string"
        for key in _TEXT_FIELDS:
            if key in entry and not isinstance(entry[key], str):
                return line_of(anchor), f"\"{key}\" of anchor {anchor!r} is {_kind(entry[key])}, not a string"
        if "status" in entry and entry["status"] != "removed":
            return line_of(anchor), f"\"status\" of anchor {anchor!r} is not \"removed\""
    decisions = data["decisions"]
    at = line_of("decisions")
    if not isinstance(decisions, list):
        return at, f"\"decisions\" is {_kind(decisions)}, not a list"
    for i, decision in enumerate(decisions, start=1):
        if not isinstance(decision, dict):
            return at, f"decision {i} is {_kind(decision)}, not an object"
        for key in _DECISION_TEXTS:
            if not isinstance(decision.get(key), str):
                return at, f"decision {i} has no \"{key}\" string"
        for key in ("from", "to"):
            if decision.get(key) is not None and not isinstance(decision[key], str):
                return at, f"\"{key}\" of decision {i} is {_kind(decision[key])}, not a string or null"
        if decision["anchor"] not in anchors:  # the toolkit never drops an entry: its anchor would lock anew
            return at, (f"decision {i} is of anchor {decision['anchor']!r}, which has no entry in \"anchors\" "
                        f"(removed by hand? restore it from the lock's history)")
    if "pending" in data:
        pending = data["pending"] if isinstance(data["pending"], dict) else {}
        change = pending.get("change")
        if (not isinstance(change, dict) or not all(isinstance(change.get(k), str) for k in ("when", "who", "text"))
                or not isinstance(change.get("target"), (str, type(None)))
                or type(pending.get("before")) is not int or not decisions):
            at = line_of("pending")
            return at, "\"pending\" is not the record of an accepted change that accept writes"
    return None


def _kind(value: object) -> str:
    """What a JSON value is, for a message."""
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def dump_lock(data: AnchorLock) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _lock_line(lock_file: Path, anchor: str) -> int:
    return _key_line(lock_file, anchor)


def _key_line(lock_file: Path, key: str) -> int:
    try:
        for n, line in enumerate(lock_file.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip().startswith(f'"{key}":'):
                return n
    except OSError:
        pass
    return 1
