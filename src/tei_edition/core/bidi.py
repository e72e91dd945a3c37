"""Unicode's explicit bidirectional formatting characters (UAX #9, section 2): which open a span
of another direction, which close one, and whether a text holds them balanced.

An opener left open goes on past the end of the text that holds it: an output that prints a
name ending in U+202E RIGHT-TO-LEFT OVERRIDE shows whatever follows the name (the rest of the
line, a citation, the next link) reversed ("Trojan Source"). The implicit marks (U+200E, U+200F,
U+061C) open nothing and are not counted here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Generic, TypeVar

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
OVERRIDES = frozenset("\u202d\u202e")
ISOLATES = frozenset("\u2066\u2067\u2068")
PDF, PDI = "\u202c", "\u2069"


def named(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


def closer(opener: str) -> str:
    return PDI if opener in ISOLATES else PDF


Where = TypeVar("Where")


@dataclass
class Fault(Generic[Where]):
    """A character that breaks the balance, where it is and why: `unclosed` (an opener still
    open at the end of its text), `unclosed-inside` (an embedding or override still open when
    the isolate around it closed), `unopened` (a closer with no opener)."""
    char: str
    where: Where
    kind: str


@dataclass
class Nesting(Generic[Where]):
    """The openers still open while texts are read in document order, each with the scope (an
    element, an attribute) whose text holds it: a closer closes only an opener of its own scope,
    and a scope's end closes nothing, so what one element opens cannot be closed in another.
    Each character costs the same whatever is open (scopes nest: the current one's openers are
    on top)."""
    open: list[tuple[str, object, Where]] = field(default_factory=list)
    isolates: list[int] = field(default_factory=list)  # where in `open` the isolates are
    faults: list[Fault[Where]] = field(default_factory=list)

    def feed(self, char: str, scope: object, where: Where) -> None:
        if char not in (PDF, PDI):
            if char in ISOLATES:
                self.isolates.append(len(self.open))
            self.open.append((char, scope, where))
            return
        # as UAX #9 pairs them: U+2069 closes the innermost isolate and whatever opened inside
        # it; U+202C the innermost embedding or override, never across an isolate
        if char == PDI and self.isolates and self.open[self.isolates[-1]][1] is scope:
            at = self.isolates.pop()
            self._drop(at + 1, "unclosed-inside")
            self.open.pop()
        elif char == PDF and self.open and self.open[-1][1] is scope and self.open[-1][0] not in ISOLATES:
            self.open.pop()
        else:
            self.faults.append(Fault(char, where, "unopened"))

    def end(self, scope: object) -> None:
        """The end of `scope`'s text: what it left open is a fault (and no longer open)."""
        first = len(self.open)
        while first and self.open[first - 1][1] is scope:
            first -= 1
        self._drop(first, "unclosed")

    def _drop(self, first: int, kind: str) -> None:
        """The openers from `first` on are faults of `kind`, and no longer open."""
        self.faults += [Fault(c, w, kind) for c, _, w in self.open[first:]]
        del self.open[first:]
        while self.isolates and self.isolates[-1] >= first:
            self.isolates.pop()


def unpaired(text: str) -> str | None:
    """What a mark made around `text` alone would leave unbalanced ('U+2067 RIGHT-TO-LEFT ISOLATE
    without the U+2069 POP DIRECTIONAL ISOLATE that closes it'), or None."""
    nesting: Nesting[int] = Nesting()
    for m in BIDI.finditer(text):
        nesting.feed(m.group(), None, m.start())
    nesting.end(None)
    if not nesting.faults:
        return None
    first = min(nesting.faults, key=lambda fault: fault.where)
    if first.kind == "unopened":
        return f"{named(first.char)} without the character that opens it"
    return f"{named(first.char)} without the {named(closer(first.char))} that closes it"


def split_by_marking(text: str) -> str | None:
    """Why marking `text` alone (`quotations`, `mentions`) would split a pair of `text` between
    two elements, as the commands say it ('holds … : marked, …'), or None."""
    why = unpaired(text)
    return None if why is None else (f"holds {why}: marked, the pair would be split between two elements "
                                     f"(validate refuses that, E0253)")
