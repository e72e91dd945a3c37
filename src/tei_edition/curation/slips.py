"""Candidate slips of the kinds the correction policy declares, found by pattern, and the check
that each one is decided: corrected in the master, or listed as a reviewed exception.

The finder reads each unit of the body (and each entry of the reference list) as the source
has it (notes left out, a correction read as its `sic`, supplied text left out) and reports:

- possessive    a word ending in s (no apostrophe) followed by a word that can be what it owns
                ("Miasnikovs view", "workers committee"), or a name form of the registers with an
                s added, whatever follows ("than Miasnikovs.");
- doubled-word  a word written twice in a row ("the the"), or "had"/"not" repeated within three
                words ("had after all had", "not to criticise not");
- article       "a" before a word that starts with a vowel letter ("a organising");
- run-together  two capitalised words written as one ("AllUnion").

A candidate is handled when an intervention of its kind overlaps it (a `corr` of that `type`,
or a `supplied` word), and excepted when a line of the exceptions file matches it:

    unit | text | kind | reason         (unit `*`: every unit; text: the candidate as found)

`check` returns the undecided candidates (E0532) and the exception lines that match nothing
(E0533), so the exceptions file cannot go stale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from tei_edition.curation.decisions import decision_rows
from tei_edition.core.paths import SOURCE_DIR
from tei_edition.core.xmlio import TEI_NS, XML_NS

EXCEPTIONS = SOURCE_DIR / "slips.txt"
T = f"{{{TEI_NS}}}"
KINDS = ("possessive", "doubled-word", "article", "run-together")
# the corr/@type values that handle a candidate of each kind
HANDLED_BY = {"possessive": {"possessive", "misspelt-name"}, "doubled-word": {"doubled-word"},
              "article": {"misspelling"}, "run-together": {"misspelling"}}
SOURCE_READING = {T + "sic", T + "orig", T + "abbr"}

# Words after which a word ending in s is not a possessive: function words and the commonest verbs.
FOLLOWERS = frozenset("""
a an the and or but nor so yet for of to in on at by from with without into onto upon over under
about above after against along among around as before behind below beneath beside besides between
beyond despite during except inside like near off out outside since than through throughout till
toward towards until unto via within whereas while whilst whether if because though although
unless once where when whenever wherever which who whom whose what that this these those there
here it its he him his she her they them their we us our you your i me my one ones all any both each
either neither every few many more most much no none not only other others same several some such
too very also even still just already again ever never always often then thus hence however
amongst themselves itself himself herself everywhere later how why up down closer easier instead now
indeed perhaps rather quite almost nearly is are was were be been being am has have had having do does
did done doing can could may might must shall should will would ought
""".split())
# Words ending in s that are not nouns (or are never possessives).
NOT_NOUNS = frozenset("""
is was has as his its this thus us yes perhaps always whereas towards afterwards besides unless less
across its ours yours hers theirs various numerous previous serious conscious obvious famous
""".split())
WORD = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass(frozen=True)
class Candidate:
    unit: str
    kind: str
    start: int
    end: int
    text: str
    element: etree._Element | None = field(default=None, compare=False, repr=False)  # its unit: a problem is there


@dataclass(frozen=True)
class Exception_:
    line: int
    unit: str
    text: str
    kind: str
    reason: str


def _reading(unit: etree._Element) -> tuple[str, list[tuple[int, int, str]]]:
    """The unit's source reading and its interventions (start, end, kind): a choice spans its sic
    (kind = corr/@type), a supplied word the point where it goes (kind "supplied")."""
    parts: list[str] = []
    found: list[tuple[int, int, str]] = []
    pos = 0

    def walk(el: etree._Element) -> None:
        nonlocal pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for ch in el:
            if not isinstance(ch.tag, str) or ch.tag == T + "note":
                pass
            elif ch.tag == T + "supplied":
                found.append((pos, pos, "supplied"))
            elif ch.tag == T + "choice":
                begin = pos
                kids = [k for k in ch if k.tag in SOURCE_READING] or list(ch)[:1]
                for k in kids[:1]:
                    walk(k)
                corr = ch.find(T + "corr")
                found.append((begin, pos, corr.get("type", "") if corr is not None else ""))
            else:
                walk(ch)
            if ch.tail:
                parts.append(ch.tail)
                pos += len(ch.tail)

    walk(unit)
    return "".join(parts), found


def units(root: etree._Element) -> list[tuple[str, etree._Element]]:
    """(label, element): every p, cit and head of the body, every bibl of the reference list."""
    out = []
    body = root.find(f"{T}text/{T}body")
    if body is not None:
        for div in body.iter(T + "div"):
            for el in div:
                if el.tag in (T + "p", T + "cit"):
                    out.append((el.get(f"{{{XML_NS}}}id", "?"), el))
                elif el.tag == T + "head" and el.get("type") != "short":  # (a short head: the editors' words)
                    out.append((f"{div.get(f'{{{XML_NS}}}id', '?')}-head", el))
    back = root.find(f"{T}text/{T}back")
    if back is not None:
        for b in back.iter(T + "bibl"):
            if bibl_id := b.get(f"{{{XML_NS}}}id"):
                out.append((bibl_id, b))
    return out


def name_stems(root: etree._Element) -> set[str]:
    """One-word name forms of persons and organisations in the registers (Miasnikov, Tsar, GPU):
    such a form + s is always a candidate possessive, whatever follows."""
    stems = set()
    for kind, tag in (("person", "persName"), ("org", "orgName")):
        for n in root.iterfind(f"{T}standOff//{T}{kind}/{T}{tag}"):
            form = "".join(n.itertext()).strip()
            if " " not in form and len(form) > 2 and form[0].isupper() and not form.endswith("s"):
                stems.add(form)
    return stems


def _verb_or_adverb(word: str) -> bool:
    """A following word that is a verb form or an adverb (lowercase -ed, -ing, -ly)."""
    return word.islower() and word.endswith(("ed", "ing", "ly"))


def find(text: str, unit: str, stems: set[str]) -> list[Candidate]:
    out: list[Candidate] = []
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    for i, (s, e, w) in enumerate(words):
        if not w.endswith("s") or w.endswith(("ss", "'s", "’s", "us", "is")) or len(w) < 3 \
                or w.lower() in NOT_NOUNS or "'" in w or "’" in w:
            continue
        nxt = words[i + 1] if i + 1 < len(words) else None
        gap = text[e: nxt[0]] if nxt else text[e:]
        if w[:-1] in stems and not re.match(r"\s*[A-Z]", gap):
            out.append(Candidate(unit, "possessive", s, e, w))
        elif nxt and re.fullmatch(r"\s+[\"']?", gap) and nxt[2].lower() not in FOLLOWERS \
                and not _verb_or_adverb(nxt[2]):
            out.append(Candidate(unit, "possessive", s, nxt[1], text[s:nxt[1]]))
    for m in re.finditer(r"\b(\w+)\s+\1\b", text, re.IGNORECASE):
        out.append(Candidate(unit, "doubled-word", m.start(), m.end(), m.group()))
    for m in re.finditer(r"\b(had|not)\b(?:\W+\w+){1,2}?\W+\1\b", text):
        out.append(Candidate(unit, "doubled-word", m.start(), m.end(), m.group()))
    for m in re.finditer(r"\ba\s+[\"']?[AEIOUaeiou]\w*", text):
        out.append(Candidate(unit, "article", m.start(), m.end(), m.group()))
    for m in re.finditer(r"\b[A-Z][a-z]+[A-Z][a-z]+\w*", text):
        out.append(Candidate(unit, "run-together", m.start(), m.end(), m.group()))
    return out


def candidates(root: etree._Element) -> list[tuple[Candidate, bool]]:
    """Every candidate of the document, with whether an intervention of its kind handles it."""
    stems = name_stems(root)
    result = []
    for label, el in units(root):
        text, found = _reading(el)
        for c in (replace(c, element=el) for c in find(text, label, stems)):
            ok = HANDLED_BY[c.kind] | ({"supplied"} if c.kind == "possessive" else set())
            handled = any(k in ok and s <= c.end and c.start <= e for s, e, k in found)
            result.append((c, handled))
    return result


def load_exceptions(path: Path | str = EXCEPTIONS) -> list[Exception_]:
    out = []
    for no, raw, parts in decision_rows(path):
        if len(parts) < 4 or parts[2] not in KINDS or not parts[3]:
            raise ValueError(f"{path}:{no}: expected `unit | text | kind | reason` with kind one of "
                             f"{', '.join(KINDS)} and a reason: {raw!r}")
        out.append(Exception_(no, parts[0], parts[1], parts[2], " | ".join(parts[3:])))
    return out


def _matches(x: Exception_, c: Candidate) -> bool:
    return x.kind == c.kind and x.unit in ("*", c.unit) and " ".join(x.text.split()) == " ".join(c.text.split())


def check(root: etree._Element, exceptions: list[Exception_]) -> tuple[list[Candidate], list[Exception_]]:
    """(undecided candidates, exception lines that match no unhandled candidate)."""
    open_ = [c for c, handled in candidates(root) if not handled]
    undecided = [c for c in open_ if not any(_matches(x, c) for x in exceptions)]
    stale = [x for x in exceptions if not any(_matches(x, c) for c in open_)]
    return undecided, stale
