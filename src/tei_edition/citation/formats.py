"""CSL-JSON items written as classic BibTeX, biblatex, RIS and CSL-JSON.

Used for the edition's record (`citation.record`) and for the entries of its bibliography.

* **BibTeX** uses only the fields the classic styles (plain.bst and its kin) know: `@book` needs
  one of author or editor, so a book with both (the edition) is `@misc`, its editors kept in
  `editor` (read by reference managers) and named in `howpublished` (printed by the styles).
* **biblatex** has the types and fields for all of it: `@book` with `editor`, `date`,
  `origdate`, `origpublisher`, `langid`.
* **RIS**: editors are `ED` (on `TY  - BOOK`, `A2` would be the series editor); the original
  publication is `OP`.
* **CSL-JSON**: the item as it is (no `locator`/`label`: those belong to a citation).
"""

from __future__ import annotations

import json
import re
from typing import Callable

from tei_edition.citation.record import CslItem, family_name, in_sentence, iso_date

BIBTEX_TYPES = {"book": "book", "article-journal": "article", "chapter": "incollection",
                "manuscript": "unpublished"}  # everything else: misc
BIBLATEX_TYPES = {"book": "book", "article-journal": "article", "chapter": "incollection",
                  "periodical": "periodical", "webpage": "online", "manuscript": "unpublished",
                  "article": "online"}  # everything else: misc
RIS_TYPES = {"book": "BOOK", "article-journal": "JOUR", "article": "GEN", "chapter": "CHAP",
             "periodical": "JFULL", "webpage": "ELEC", "manuscript": "UNPB", "document": "GEN"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
LANGIDS = {"en": "english", "de": "german", "fr": "french", "ru": "russian"}


# LaTeX's special characters in text. A brace alone unbalanced the entry (and swallowed the next):
# BibTeX counts every brace, escaped or not, so a brace is a command. < > | are commands too: in
# LaTeX's default font encoding (OT1) they print ¡ ¿ and an em dash.
_SPECIAL = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "<": r"\textless{}", ">": r"\textgreater{}",
            "|": r"\textbar{}"}
# Pairs the fonts join into another character ("--" an en dash, `` and '' curly quotes, ?` ¿, ,, „):
# kept apart by an empty group
_LIGATURE = re.compile(r"(-(?=-)|`(?=`)|'(?=')|[!?](?=`)|,(?=,))")


def _escape(text: str) -> str:
    escaped = re.sub(r"[&%$#_{}\\~^<>|]", lambda m: _SPECIAL.get(m.group(), "\\" + m.group()), text)
    return _LIGATURE.sub(r"\1{}", escaped)


# BibTeX splits a list of names at each "and" between spaces, in any case, and a name at its
# commas, outside braces: a part holding either is braced whole ("Tom and Jerry" was two names,
# "Smith, X" a family name and a suffix); a name that is "others" alone is BibTeX's "et al.".
_SPLITS_A_NAME = re.compile(r",|(?:^|\s)and(?:\s|$)", re.IGNORECASE)


def _bib_part(text: str) -> str:
    return "{" + _escape(text) + "}" if _SPLITS_A_NAME.search(text) else _escape(text)


def _bib_name(n: dict[str, str]) -> str:
    """`von Last, First`; with a suffix BibTeX's `von Last, Jr, First` (its order, not the
    reading's). BibTeX reads a particle's lower-case words before the last name as its von part."""
    if "literal" in n:
        return "{" + _escape(n["literal"]) + "}"
    if n.get("suffix"):
        return ", ".join(_bib_part(p) for p in (family_name(n), n["suffix"], n.get("given", "")))
    parts = [_bib_part(p) for p in (family_name(n), n.get("given", "")) if p]
    return "{others}" if parts == ["others"] else ", ".join(parts)


def _names(names: list[dict[str, str]]) -> str:
    return " and ".join(_bib_name(n) for n in names)


def _plain_names(names: list[dict[str, str]]) -> str:
    """Names inside a sentence (BibTeX's howpublished)."""
    from tei_edition.citation.record import name_text

    return " and ".join(in_sentence(name_text(n)) for n in names)


def _key(item: CslItem) -> str:
    return re.sub(r"[^A-Za-z0-9:_-]", "", str(item["id"]))


def _entry(kind: str, item: CslItem, fields: list[tuple[str, str]]) -> str:
    # A month is one of BibTeX's month macros (jan … dec), written without braces.
    body = ",\n".join(f"  {k} = {v}" if k == "month" else f"  {k} = {{{v}}}" for k, v in fields if v)
    return f"@{kind}{{{_key(item)},\n{body}\n}}\n"


def _original(item: CslItem) -> str:
    """"First published by libcom.org, 2021-09-12" from the original-* variables, or ""."""
    publisher, date = item.get("original-publisher", ""), iso_date(item.get("original-date"))
    if publisher:
        return f"First published by {publisher}" + (f", {date}" if date else "")
    return f"First published {date}" if date else ""


def bibtex_type(item: CslItem) -> str:
    kind = BIBTEX_TYPES.get(str(item.get("type")), "misc")
    if kind == "book" and item.get("author") and item.get("editor"):
        return "misc"
    if kind == "article" and not item.get("container-title"):
        return "misc"
    return kind


Locator = tuple[str, str] | None  # (label, value) of a cited unit: ("paragraph", "42")


def _locator_note(locator: Locator) -> str:
    return f"{locator[0].capitalize()} {locator[1]}" if locator else ""


def to_bibtex(item: CslItem, locator: Locator = None) -> str:
    """Classic BibTeX (fields of the standard styles only; `url` as natbib/urlbst read it)."""
    kind = bibtex_type(item)
    issued = item.get("issued", {}).get("date-parts", [[]])[0]
    howpublished = ""
    publisher = _escape(item.get("publisher", ""))
    if kind == "misc":
        parts = [item.get("genre", "")]
        if item.get("editor"):
            parts.append("edited by " + _plain_names(item["editor"]))
        parts.append(in_sentence(item.get("publisher", "")))
        howpublished = _escape(", ".join(p for p in parts if p))
        publisher = ""
    notes = [n for n in (_original(item), item.get("note", ""), _locator_note(locator)) if n]
    fields = [
        ("author", _names(item.get("author", []))),
        ("editor", _names(item.get("editor", []))),
        ("title", "{" + _escape(item["title"]) + "}" if item.get("title") else ""),
        ("journal" if kind == "article" else "booktitle", _escape(item.get("container-title", ""))),
        ("howpublished", howpublished),
        ("publisher", publisher),
        ("address", _escape(item.get("publisher-place", ""))),
        ("year", str(issued[0]) if issued else ""),
        ("month", _MONTHS[issued[1] - 1] if len(issued) > 1 and 1 <= issued[1] <= 12 else ""),  # else none: no wrong month
        ("pages", _escape(str(item.get("page", "")))),
        ("number", _escape(str(item.get("number", "")))),
        ("note", _escape(". ".join(notes))),
        ("url", str(item.get("URL", ""))),
    ]
    return _entry(kind, item, fields)


def to_biblatex(item: CslItem, locator: Locator = None) -> str:
    kind = BIBLATEX_TYPES.get(str(item.get("type")), "misc")
    if kind == "article" and not item.get("container-title"):
        kind = "online"
    language = str(item.get("language", ""))
    fields = [
        ("author", _names(item.get("author", []))),
        ("editor", _names(item.get("editor", []))),
        ("title", "{" + _escape(item["title"]) + "}" if item.get("title") else ""),
        ("journaltitle" if kind == "article" else "booktitle", _escape(item.get("container-title", ""))),
        ("type" if kind in ("misc", "online") else "note", _escape(item.get("genre", ""))),
        ("publisher", _escape(item.get("publisher", ""))),
        ("location", _escape(item.get("publisher-place", ""))),
        ("date", iso_date(item.get("issued"))),
        ("origdate", iso_date(item.get("original-date"))),
        ("origpublisher", _escape(item.get("original-publisher", ""))),
        ("pages", _escape(str(item.get("page", "")))),
        ("number", _escape(str(item.get("number", "")))),
        ("langid", LANGIDS.get(language, language)),
        ("url", str(item.get("URL", ""))),
        ("addendum", _escape(". ".join(n for n in (item.get("note", ""), _locator_note(locator)) if n))),
    ]
    return _entry(kind, item, fields)


def _ris_name(n: dict[str, str]) -> str:
    """RIS: `Last, First, Suffix` (`van der Linden, Marcel`)."""
    return n.get("literal") or ", ".join(p for p in (family_name(n), n.get("given"), n.get("suffix")) if p)


def to_ris(item: CslItem, locator: Locator = None) -> str:
    lines = [f"TY  - {RIS_TYPES.get(str(item.get('type')), 'GEN')}"]
    lines += [f"AU  - {_ris_name(n)}" for n in item.get("author", [])]
    lines += [f"ED  - {_ris_name(n)}" for n in item.get("editor", [])]
    for key, tag in (("title", "TI"), ("container-title", "T2"), ("publisher", "PB"), ("publisher-place", "CY")):
        if item.get(key):
            lines.append(f"{tag}  - {item[key]}")
    if item.get("issued"):
        parts = item["issued"]["date-parts"][0]
        lines.append(f"PY  - {parts[0]:04d}")
        lines.append("DA  - " + "/".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]]))
    original = ", ".join(p for p in (item.get("original-publisher", ""), iso_date(item.get("original-date"))) if p)
    if original:
        lines.append(f"OP  - {original}")
    for key, tag in (("page", "SP"), ("language", "LA"), ("URL", "UR"), ("note", "N1")):
        if item.get(key):
            lines.append(f"{tag}  - {item[key]}")
    if locator:
        lines.append(f"N1  - {_locator_note(locator)}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def to_csl_json(item: CslItem, locator: Locator = None) -> str:
    """The item alone: a unit's locator belongs to the citation, not to the item."""
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


WRITERS: dict[str, Callable[[CslItem, Locator], str]] = {
    "bibtex": to_bibtex, "biblatex": to_biblatex, "ris": to_ris, "csl-json": to_csl_json,
}
