"""Registers and overrides for the annotator (tei_edition.curation.annotate).

Register entries (person/place/org with their name forms) are read from a standOff — after the
bootstrap, the master's own; name forms become regular expressions (flexible whitespace and
apostrophes, word boundaries, possessive outside the name). The overrides file
(edition/source/annotation-overrides.txt) holds the per-occurrence decisions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tei_edition.core import dates
from tei_edition.core.paths import SOURCE_DIR
from tei_edition.core.inputs import read_bytes, read_text
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.source import tag_of
from tei_edition.core.xmlio import TEI_NS, XML_NS, parse_bytes

OVERRIDES = SOURCE_DIR / "annotation-overrides.txt"

T = f"{{{TEI_NS}}}"
KIND_ELEMENT = {"person": "persName", "place": "placeName", "org": "orgName"}
ELEMENT_KIND = {v: k for k, v in KIND_ELEMENT.items()}
APOS = "'’"


# ----------------------------------------------------------------------------- registers
@dataclass(frozen=True)
class Entry:
    id: str
    kind: str                 # person | place | org
    names: tuple[str, ...]    # preferred first
    periodical: bool = False

    @property
    def element(self) -> str:
        return KIND_ELEMENT[self.kind]


def norm(s: str) -> str:
    """Key for comparing name forms: collapsed whitespace, straight apostrophes."""
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip()


def load_registers(source: Path | str | etree._Element, data: bytes | None = None) -> list[Entry]:
    """Entries of a registers element (standOff, or anything holding person/place/org), or of
    the registers standOff of a TEI file (`data`: the bytes the element's document was parsed
    from, where the caller has them; else its file is read again for an entry without id)."""
    if isinstance(source, etree._Element):
        root = source
    else:  # its bytes kept, to locate an entry without id in
        data = read_bytes(source)
        root = parse_bytes(data, str(source)).getroot()
    if root.tag == T + "TEI":
        so = registers_standoff(root)
        if so is None:
            raise ValueError(f"{source}: no registers (standOff with listPerson)")
        root = so
    entries = []
    for kind, tag in KIND_ELEMENT.items():
        for el in root.iter(T + kind):
            names = tuple(norm("".join(n.itertext())) for n in el.findall(T + tag))
            entry_id = el.get(f"{{{XML_NS}}}id")
            if entry_id is None:
                raise ValueError(f"{_place(el, data)}: a register {kind} without xml:id")
            entries.append(Entry(entry_id, kind, tuple(n for n in names if n),
                                 el.get("type") == "periodical"))
    return entries


def _place(el: etree._Element, data: bytes | None) -> str:
    """`file:line:col` of el's `<` in the file its document was read from; a tree made in
    memory (no file): `line N`, its own."""
    path = el.getroottree().docinfo.URL
    if not path:
        return f"line {el.sourceline}"
    line, col = tag_of(el, path, data)
    return f"{path}:{line}:{col}"


def registers_standoff(root: etree._Element) -> etree._Element | None:
    """The document's registers: its (first) standOff holding a listPerson."""
    for so in root.findall(T + "standOff"):
        if so.find(T + "listPerson") is not None:
            return so
    return None


def forms_index(entries: list[Entry]) -> dict[str, list[Entry]]:
    idx: dict[str, list[Entry]] = {}
    for e in entries:
        for n in dict.fromkeys(e.names):
            idx.setdefault(n, []).append(e)
    return idx


def form_regex(form: str) -> str:
    """Regex for one name form: flexible whitespace and apostrophes."""
    out: list[str] = []
    for ch in form:
        if ch.isspace():
            if not out or out[-1] != r"\s+":
                out.append(r"\s+")
        elif ch in APOS:
            out.append("['’]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


POSSESSIVE = r"(?:['’]s|['’]|s)?"


def names_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    alts = sorted(set(forms), key=lambda f: (-len(f), f))
    return re.compile(r"(?<![\w])(?P<name>%s)(?=%s(?![\w]))" % ("|".join(form_regex(f) for f in alts), POSSESSIVE))


# ----------------------------------------------------------------------------- overrides
@dataclass(frozen=True)
class Override:
    kind: str                 # "name" or "date"
    action: str               # "#id" | "-" (names); "-" or "when=…" etc. (dates)
    context: str
    regex: re.Pattern[str]
    line: int

    def date_attrs(self) -> tuple[tuple[str, str], ...]:
        return tuple((key, value) for key, _, value in (tok.partition("=") for tok in self.action.split()))


def load_overrides(path: Path | str | None = OVERRIDES, text: str | None = None) -> list[Override]:
    """The overrides of the file `path` (or of `text`); None: no overrides. A file that is not
    there is an error (E0001), never read as none: the annotator would undo its corrections; a
    line that is no override is E0502 at that line (every command that reads the file: annotate,
    audit)."""
    if text is None:
        text = read_text(path) if path else ""
    where = str(path) if path else "annotation overrides"

    def bad(n: int, why: str) -> EditionError:
        return EditionError([Problem(where, n, 1, "E0502", why)])

    out: list[Override] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        action, sep, context = line.partition("|")
        action, context = action.strip(), context.strip()
        m = re.fullmatch(r"(.*)\[\[(.+?)\]\](.*)", context)
        if not sep or not m:
            raise bad(n, f"expected 'ACTION | context with [[span]]': {raw!r}")
        kind = "name"
        if action.startswith("date"):
            kind, action = "date", action[4:].strip()
            if action != "-" and not all(re.fullmatch(r"(when|from|to|notBefore|notAfter)=\S+", t)
                                         and dates.parse_iso(t.split("=", 1)[1]) for t in action.split()):
                raise bad(n, f"bad date action {action!r}")
        elif not re.fullmatch(r"#[\w.-]+|-", action):
            raise bad(n, f"bad action {action!r}")
        rx = re.compile(form_regex(m.group(1)) + "(?P<span>" + form_regex(m.group(2)) + ")" + form_regex(m.group(3)))
        out.append(Override(kind, action, context, rx, n))
    return out
