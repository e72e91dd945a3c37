"""The edition's citation scheme, read from the header's `refsDecl/citeStructure`.

Everything that cites, anchors or navigates the text (DTS, the anchor lock, `cite`) gets its
units from here; nobody else hard-codes an XPath to the citable units.

Semantics follow the TEI Guidelines (`citeStructure`, att.citeStructurePart):

* each `refsDecl` is one citation tree; the one with `default="true"` (else the first) is the
  default tree, the others are named by their `@n` (DTS `tree` identifier);
* `@match` selects the nodes of a level (absolute on the outer level, relative to the parent
  level's node below it); `@use` is evaluated on each matched node and gives its value;
* a unit's reference is its parent's reference + `@delim` + its value (the outer level has no
  parent: just `@delim`, if any, + value);
* `citeData[@property][@use]` gives metadata of each unit (e.g. Dublin Core title).

`@match`/`@use` must be XPath 1.0 expressions (also valid XSLT 3 patterns); unprefixed names are
TEI names, as in the Guidelines' examples. `use="position()"` is the unit's position among the
nodes its level matched in the same parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from lxml import etree

from tei_edition.core import memo
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.source import Source
from tei_edition.core.text import EDITED_READING, reading
from tei_edition.core.xmlio import NS, TEI_NS, XML_NS

_XPNS = {"tei": TEI_NS, "xml": XML_NS}


@dataclass
class CiteLevel:
    unit: str
    match: str
    use: str
    delim: str
    element: etree._Element
    cite_data: list[tuple[str, str]] = field(default_factory=list)  # (property, use)
    children: list["CiteLevel"] = field(default_factory=list)

    def as_dts(self) -> dict[str, Any]:
        out: dict[str, Any] = {"@type": "CiteStructure", "citeType": self.unit}
        if self.children:
            out["citeStructure"] = [c.as_dts() for c in self.children]
        return out


@dataclass
class Unit:
    ref: str
    cite_type: str
    level: int
    parent: str | None
    element: etree._Element
    metadata: dict[str, list[str]] = field(default_factory=dict)
    children: list["Unit"] = field(default_factory=list)

    @property
    def anchor(self) -> str | None:
        return self.element.get(f"{{{XML_NS}}}id")


@dataclass
class CitationTree:
    identifier: str | None  # None for the default tree (DTS: the default tree has no identifier)
    levels: list[CiteLevel]
    element: etree._Element
    units: list[Unit] = field(default_factory=list)  # every unit, document (pre-)order
    by_ref: dict[str, Unit] = field(default_factory=dict)

    def as_dts(self) -> dict[str, Any]:
        out: dict[str, Any] = {"@type": "CitationTree"}
        if self.identifier is not None:
            out["identifier"] = self.identifier
        out["citeStructure"] = [lvl.as_dts() for lvl in self.levels]
        return out

    def depth(self) -> int:
        return max((u.level for u in self.units), default=0)


# --- XPath 1.0: unprefixed element names are TEI names ---------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<str>"[^"]*"|'[^']*')
    | (?P<num>\d+(?:\.\d*)?|\.\d+)
    | (?P<op>//|::|!=|<=|>=|\.\.|[/()\[\],@|+\-=<>.*$])
    | (?P<name>[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*|:\*)?)
    )""",
    re.VERBOSE,
)
_OPERATOR_NAMES = {"and", "or", "div", "mod"}


# XPath 1.0's functions and node tests (§4, §2.3): libxml2 compiles a call of any other name,
# and one of another prefix or a variable, and finds it missing only when it is evaluated
_FUNCTIONS = {"last", "position", "count", "id", "local-name", "namespace-uri", "name", "string", "concat",
              "starts-with", "contains", "substring-before", "substring-after", "substring", "string-length",
              "normalize-space", "translate", "boolean", "not", "true", "false", "lang", "number", "sum", "floor",
              "ceiling", "round", "node", "text", "comment", "processing-instruction"}


def _known_names(tokens: list[tuple[str, str, int]], classes: list[str]) -> None:
    """ValueError for a name the expression cannot use: a prefix other than tei: and xml:, a
    function XPath 1.0 does not have, a variable (the scheme defines none)."""
    for i, (kind, text, _) in enumerate(tokens):
        if kind != "name" or classes[i] in ("opname", "axis"):
            continue
        if i and tokens[i - 1][1] == "$":
            raise ValueError(f"a variable (${text}): the citation scheme defines none")
        prefix = text.partition(":")[0] if ":" in text else None
        if prefix is not None and prefix not in _XPNS:
            raise ValueError(f"an unknown namespace prefix ({prefix}:): only tei: and xml: are bound")
        if classes[i] == "function" and text not in _FUNCTIONS:
            raise ValueError(f"a function XPath 1.0 does not have ({text}())")


def qualify(expr: str) -> str:
    """Prefix the unprefixed element name tests of an XPath 1.0 expression with `tei:`."""
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(expr):
        if expr[pos:].strip() == "":
            break
        m = _TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read XPath at “{expr[pos:pos + 20]}”")
        kind = m.lastgroup
        assert kind is not None  # every alternative of _TOKEN is a named group
        tokens.append((kind, m.group(kind), m.start(kind)))
        pos = m.end()
    after_operand = {"str", "num", "nametest"}
    classes: list[str] = []  # per token: op, str, num, nametest, opname, function, axis, other
    for i, (kind, text, _) in enumerate(tokens):
        prev_class = classes[i - 1] if i else None
        prev_text = tokens[i - 1][1] if i else None
        nxt = tokens[i + 1][1] if i + 1 < len(tokens) else None
        if kind != "name":
            # `*` is a name test unless in operator position; `)` `]` `.` `..` end operands
            if kind == "op" and text in (")", "]", ".", ".."):
                classes.append("nametest")  # behaves like the end of an operand
            elif kind == "op" and text == "*" and (prev_class in after_operand or prev_text in (")", "]")):
                classes.append("op")
            elif kind == "op" and text == "*":
                classes.append("nametest")
            else:
                classes.append(kind if kind != "op" else "op")
            continue
        if prev_class in after_operand and text in _OPERATOR_NAMES:
            classes.append("opname")
        elif nxt == "(":
            classes.append("function")
        elif nxt == "::":
            classes.append("axis")
        else:
            classes.append("nametest")
    _known_names(tokens, classes)
    out = expr
    for i in range(len(tokens) - 1, -1, -1):
        kind, text, start = tokens[i]
        if kind != "name" or classes[i] != "nametest" or ":" in text:
            continue
        prev_text = tokens[i - 1][1] if i else None
        attribute = prev_text == "@" or (prev_text == "::" and i >= 2 and tokens[i - 2][1] == "attribute")
        if attribute or prev_text == "$":
            continue
        out = out[:start] + "tei:" + out[start:]
    return out


@lru_cache(maxsize=256)
def _compiled(expr: str) -> etree.XPath:
    return etree.XPath(qualify(expr), namespaces=_XPNS)


def _xpath(node: etree._Element, expr: str) -> Any:  # lxml: a node list, string, number or boolean
    return _compiled(expr)(node)


def _element_text(el: etree._Element) -> str:
    """An element's value as the outputs print it (its XPath string value ran a choice's readings together)."""
    return " ".join(reading(el, EDITED_READING).split())


def _string_value(result: object) -> str:
    if isinstance(result, list):
        if not result:
            return ""
        first = result[0]
        if isinstance(first, etree._Element):
            return _element_text(first)
        return " ".join(str(first).split())
    if isinstance(result, float):
        return str(int(result)) if result.is_integer() else str(result)
    if isinstance(result, bool):
        return "true" if result else "false"
    return " ".join(str(result).split())


def _all_string_values(result: object) -> list[str]:
    if isinstance(result, list):
        values = []
        for item in result:
            if isinstance(item, etree._Element):
                values.append(_element_text(item))
            else:
                values.append(" ".join(str(item).split()))
        return [v for v in values if v]
    value = _string_value(result)
    return [value] if value else []


# --- reading the scheme ---------------------------------------------------------------------

class Finding(NamedTuple):
    """A problem of the scheme: the element it is about, its code and message, and another element
    whose line the message names (`also`). Located at the end, once for all of them: the file is
    read only if there is one."""
    element: etree._Element
    code: str
    message: str
    also: etree._Element | None = None


def _located(tree: etree._ElementTree, path: str, findings: list[Finding],
             source: Source | None = None) -> list[Problem]:
    """Each finding at the `<` of its element's start tag (`source`: the file, if read already)."""
    if not findings:
        return []
    source = source or Source(path, tree.getroot())
    return [Problem(path, *source.tag(el), code,
                    message + (f" (also line {source.tag(also)[0]})" if also is not None else ""))
            for el, code, message, also in findings]


def _not_xpath(expr: str) -> str | None:
    """Why `expr` is no XPath 1.0 expression the scheme can evaluate, or None."""
    try:
        etree.XPath(qualify(expr), namespaces=_XPNS)
    except (ValueError, etree.XPathSyntaxError) as exc:
        return str(exc)
    return None


def _read_level(el: etree._Element, outer: bool, problems: list[Finding]) -> CiteLevel | None:
    match, use = el.get("match"), el.get("use")
    unit = el.get("unit") or etree.QName(el).localname
    delim = el.get("delim") or ""
    if not match or not use:
        problems.append(Finding(el, "E0302", "citeStructure needs both @match and @use"))
        return None
    if outer and not match.startswith("/"):
        problems.append(Finding(el, "E0302",
                                f"the outer citeStructure's @match must be absolute (start with '/'): {match}"))
        return None
    if not outer and not delim:
        problems.append(Finding(el, "E0302", "a nested citeStructure needs a @delim"))
        return None
    for attr, expr in (("match", match), ("use", use)):
        if why := _not_xpath(expr):
            problems.append(Finding(el, "E0302",
                                    f"citeStructure/@{attr} is not an XPath 1.0 expression: {expr} ({why})"))
            return None
    level = CiteLevel(unit=unit, match=match, use=use, delim=delim, element=el)
    for cd in el.findall("tei:citeData", NS):
        if (prop := cd.get("property")) and (cd_use := cd.get("use")):
            if why := _not_xpath(cd_use):  # evaluated for every unit (DTS, the rules): refused here, not there
                problems.append(Finding(cd, "E0302",
                                        f"citeData/@use is not an XPath 1.0 expression: {cd_use} ({why})"))
                continue
            level.cite_data.append((prop, cd_use))
    for child in el.findall("tei:citeStructure", NS):
        sub = _read_level(child, False, problems)
        if sub is not None:
            level.children.append(sub)
    return level


@memo.of_tree()
def read_trees(tree: etree._ElementTree, path: str) -> list[CitationTree]:
    """Every citation tree declared in the header, the default one first, with its units.

    Raises EditionError (E0301 no scheme, E0302 bad declaration, E0303 bad units)."""
    trees, findings = _read(tree)
    if findings:
        raise EditionError(_located(tree, path, findings))
    return trees


def scheme_problems(tree: etree._ElementTree, path: str, source: Source | None = None) -> list[Problem]:
    """E0301–E0303 of `tree`, for `validate` (`source`: the file as it located the schema's
    problems): a citeStructure whose @match is no XPath (`///`) passed the schema and stopped
    the build and `cite`."""
    return _located(tree, path, _read(tree)[1], source)


def _read(tree: etree._ElementTree) -> tuple[list[CitationTree], list[Finding]]:
    """The citation trees and what is wrong with them (no units are collected from faulty
    declarations)."""
    root = tree.getroot()
    decls = [d for d in root.findall("tei:teiHeader/tei:encodingDesc/tei:refsDecl", NS)
             if d.find("tei:citeStructure", NS) is not None]
    if not decls:
        header = root.find("tei:teiHeader", NS)
        return [], [Finding(header if header is not None else root, "E0301",
                            "no refsDecl/citeStructure in teiHeader/encodingDesc: the citation scheme "
                            "(section → paragraph) must be declared there")]
    default = next((d for d in decls if d.get("default") == "true"), decls[0])
    ordered = [default] + [d for d in decls if d is not default]
    problems: list[Finding] = []
    trees: list[CitationTree] = []
    seen_names: set[str] = set()
    for d in ordered:
        name = None if d is default else (d.get("n") or d.get(f"{{{XML_NS}}}id"))
        if d is not default:
            if not name:
                problems.append(Finding(d, "E0302", "a non-default refsDecl needs @n (its tree identifier)"))
                continue
            if name in seen_names:
                problems.append(Finding(d, "E0302", f"two refsDecl are named “{name}”"))
                continue
            seen_names.add(name)
        levels = [lvl for lvl in (_read_level(cs, True, problems) for cs in d.findall("tei:citeStructure", NS))
                  if lvl is not None]
        trees.append(CitationTree(identifier=name, levels=levels, element=d))
    if problems:
        return trees, problems
    order = {el: i for i, el in enumerate(root.iter())}
    for ct in trees:
        _collect_units(ct, root, order, problems)
    return trees, problems


def _collect_units(ct: CitationTree, root: etree._Element, order: dict[etree._Element, int],
                   problems: list[Finding]) -> None:
    def expand(levels: list[CiteLevel], context: etree._Element, parent: Unit | None, depth: int) -> list[Unit]:
        found: list[tuple[int, Unit, CiteLevel]] = []
        for lvl in levels:
            nodes = [n for n in _xpath(context, lvl.match) if isinstance(n, etree._Element)]
            for position, node in enumerate(nodes, start=1):
                if lvl.use.strip() == "position()":
                    value = str(position)
                else:
                    value = _string_value(_xpath(node, lvl.use))
                if not value:
                    problems.append(Finding(node, "E0303",
                                            f"a {lvl.unit} has no reference: @use “{lvl.use}” is empty on it"))
                    continue
                ref = (parent.ref if parent else "") + lvl.delim + value
                unit = Unit(ref=ref, cite_type=lvl.unit, level=depth, parent=parent.ref if parent else None,
                            element=node)
                for prop, use in lvl.cite_data:
                    values = _all_string_values(_xpath(node, use))
                    if values:
                        unit.metadata.setdefault(prop, []).extend(values)
                found.append((order.get(node, 0), unit, lvl))
        found.sort(key=lambda t: t[0])
        result: list[Unit] = []
        for _, unit, lvl in found:
            result.append(unit)
            unit.children = expand(lvl.children, unit.element, unit, depth + 1)
        return result

    def flatten(units: list[Unit]) -> Iterator[Unit]:
        for u in units:
            yield u
            yield from flatten(u.children)

    ct.units = list(flatten(expand(ct.levels, root, None, 1)))
    for u in ct.units:
        if u.ref in ct.by_ref:
            problems.append(Finding(u.element, "E0303", f"reference “{u.ref}” is given to two units",
                                    ct.by_ref[u.ref].element))
        else:
            ct.by_ref[u.ref] = u


@memo.of_tree()
def anchored_units(tree: etree._ElementTree, path: str) -> list[Unit]:
    """Every element that is a unit of some citation tree and has an xml:id, once, in document
    order: the edition's anchors (`#p42`, `#s3`)."""
    trees = read_trees(tree, path)
    seen: dict[etree._Element, Unit] = {}
    for ct in trees:
        for u in ct.units:
            if u.anchor and u.element not in seen:
                seen[u.element] = u
    order = {el: i for i, el in enumerate(tree.getroot().iter())}
    return sorted(seen.values(), key=lambda u: order[u.element])


def find_unit(tree: etree._ElementTree, path: str, ref: str) -> Unit | None:
    """The unit a reference names: a reference of the default tree first, then of any other
    tree, then an anchor (xml:id) of a unit."""
    trees = read_trees(tree, path)
    for ct in trees:
        if ref in ct.by_ref:
            return ct.by_ref[ref]
    for ct in trees:
        for u in ct.units:
            if u.anchor == ref:
                return u
    return None
