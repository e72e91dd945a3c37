"""How the Schematron stylesheet walks the document: once for all the patterns, not once a pattern.

The ISO skeleton walks the whole document twice for every pattern: once in the pattern's own mode,
visiting every element and attribute, and once more in the default mode for nothing (an
`apply-templates` inside each `svrl:active-pattern`, whose only templates there drop text).
`drop_default_walks` takes out the empty walks; `one_walk` replaces the patterns' walks by one,
which hands each element (attribute) only to the patterns with a rule whose context can end in
its name: the rules fire on the same nodes, and the report holds the same findings, grouped by
node instead of by pattern. Where a rule's context is not read so (the root, id(), key(), a node
test) or a rule reads the position of its node among its siblings, the one walk is not made and
`walk_elements_only` lets only the patterns whose rules can match an attribute visit attributes.
"""

from __future__ import annotations

import re

from lxml import etree

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
XSL = "{http://www.w3.org/1999/XSL/Transform}"
XML = "http://www.w3.org/XML/1998/namespace"  # bound in every document, never declared
PATTERN_MODE = re.compile(r"M\d+")
ELEMENTS, ATTRIBUTES = "one-walk", "one-walk-attributes"  # the modes of the one walk
_NODE_TESTS = ("node()", "text()", "comment()", "processing-instruction(")
_NAME = r"[A-Za-z_][\w.\-]*"
_NAME_TEST = re.compile(rf"(?:(?P<prefix>{_NAME}):)?(?P<local>{_NAME}|\*)|\*")
_POSITION = re.compile(r"\b(?:position|last)\s*\(")

# (element or attribute, its name {uri}local, None for any): the nodes a rule's context can end in
NodeKey = tuple[str, str | None]


def drop_default_walks(xslt: etree._ElementTree) -> None:
    """Take out the walk in the default mode inside each `svrl:active-pattern`; refused (left as
    it is) should the stylesheet have a template of its own in the default mode but for text."""
    own = [t for t in xslt.getroot().iterfind(f"{XSL}template")
           if t.get("mode") is None and t.get("match") not in ("/", "text()")]
    if own:
        return
    for pattern in xslt.getroot().iter(f"{SVRL}active-pattern"):
        for walk in pattern.findall(f"{XSL}apply-templates"):
            if walk.get("mode") is None and walk.get("select") is None:
                pattern.remove(walk)


def walk_elements_only(xslt: etree._ElementTree) -> None:
    """In the mode of each pattern none of whose rules can match an attribute, visit the elements
    only (`*`, not `@*|*`)."""
    templates = [t for t in xslt.getroot().iterfind(f"{XSL}template")
                 if PATTERN_MODE.fullmatch(t.get("mode") or "")]
    attributes: dict[str, bool] = {}
    for t in _rules(templates):
        mode = t.get("mode", "")
        attributes[mode] = attributes.get(mode, False) or may_match_attribute(t.get("match", ""))
    for t in templates:
        if attributes.get(t.get("mode", "")) is False:
            for walk in t.iter(f"{XSL}apply-templates"):
                if walk.get("mode") == t.get("mode") and walk.get("select") == "@*|*":
                    walk.set("select", "*")


def one_walk(xslt: etree._ElementTree) -> bool:
    """One walk of elements (mode ELEMENTS), and of their attributes (ATTRIBUTES) where a rule can
    match one, handing each node to the pattern modes whose rules can match its name, in the
    patterns' order; the patterns' own walks taken out. False (the stylesheet untouched) where a
    rule's context or its reading of positions does not allow it."""
    root = xslt.getroot()
    calls = [w for w in root.iter(f"{XSL}apply-templates")
             if w.get("select") == "/" and PATTERN_MODE.fullmatch(w.get("mode") or "")]
    order = [str(w.get("mode")) for w in calls]
    templates = {mode: [t for t in root.iterfind(f"{XSL}template") if t.get("mode") == mode] for mode in order}
    wanted: dict[NodeKey, set[str]] = {}
    for mode in order:
        for t in _rules(templates[mode]):
            ends = context_ends(t.get("match", ""), {**t.nsmap, "xml": XML})
            if ends is None or reads_position(t):
                return False
            for key in ends:
                wanted.setdefault(key, set()).add(mode)
    if not calls:
        return False
    for mode in order:
        for t in templates[mode]:
            for walk in list(t.iter(f"{XSL}apply-templates")):
                if walk.get("mode") == mode:
                    _remove(walk)
    for call in calls[:-1]:
        _remove(call)
    calls[-1].set("mode", ELEMENTS)  # after the last pattern's svrl:active-pattern
    visits_attributes = any(kind == "attribute" for kind, _ in wanted)
    children = [("@*", ATTRIBUTES)] * visits_attributes + [("*", ELEMENTS)]
    _template(root, "/", ELEMENTS, [], [("*", ELEMENTS)])
    for kind, mode, walk_on in (("element", ELEMENTS, children), ("attribute", ATTRIBUTES, [])):
        if kind == "attribute" and not visits_attributes:
            continue
        any_name = wanted.get((kind, None), set())
        marker = "@" if kind == "attribute" else ""
        _template(root, f"{marker}*", mode, [m for m in order if m in any_name], walk_on)
        for (node_kind, name), modes in wanted.items():
            if node_kind == kind and name is not None:
                uri, local = name[1:].split("}") if name.startswith("{") else ("", name)
                prefix = "xml" if uri == XML else "n" if uri else ""  # xml is bound already
                _template(root, f"{marker}{prefix}{':' * bool(prefix)}{local}", mode,
                          [m for m in order if m in modes | any_name], walk_on, {"n": uri} if prefix == "n" else None)
    return True


def _template(root: etree._Element, match: str, mode: str, modes: list[str], walk_on: list[tuple[str, str]],
              nsmap: dict[str, str] | None = None) -> None:
    """A template of the one walk: the node handed to each of `modes`, then the walk goes on."""
    template = etree.SubElement(root, f"{XSL}template", match=match, mode=mode, nsmap=nsmap)
    for m in modes:
        etree.SubElement(template, f"{XSL}apply-templates", select=".", mode=m)
    for select, m in walk_on:
        etree.SubElement(template, f"{XSL}apply-templates", select=select, mode=m)


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def _rules(templates: list[etree._Element]) -> list[etree._Element]:
    """The templates of the rules, not the skeleton's defaults of the mode (priority -1, -2)."""
    return [t for t in templates if t.get("priority") not in ("-1", "-2")]


def context_ends(pattern: str, nsmap: dict[str | None, str]) -> list[NodeKey] | None:
    """The nodes the XSLT 1.0 match pattern can match, by the last step of each alternative:
    ("element" or "attribute", "{uri}local", or None for a wildcard). None where a last step
    is not a name test (the root, id(), key(), text(), node()) or names an unknown prefix."""
    heads = _last_steps(pattern)
    if heads is None:
        return None
    ends: list[NodeKey] = []
    for last in heads:
        kind = "attribute" if last.startswith(("@", "attribute::")) else "element"
        test = re.sub(r"^(?:@|attribute::|child::)", "", last)
        m = _NAME_TEST.fullmatch(test)
        if not m:
            return None
        prefix, local = m.group("prefix"), m.group("local")
        if local is None or local == "*":
            ends.append((kind, None))
        elif prefix is None:
            ends.append((kind, local))
        elif prefix in nsmap:
            ends.append((kind, f"{{{nsmap[prefix]}}}{local}"))
        else:
            return None
    return ends


def reads_position(template: etree._Element) -> bool:
    """Whether an expression of the rule reads position() or last() outside a predicate: the
    node's place among the nodes the walk visits, which the one walk (one node at a time) changes."""
    for el in template.iter():
        for name in ("test", "select"):
            expression = el.get(name)
            if expression is not None:
                masked = _masked(expression)
                if masked is None or _POSITION.search(masked):
                    return True
    return False


def may_match_attribute(pattern: str) -> bool:
    """Whether the XSLT 1.0 match pattern can match an attribute: some alternative's last step is
    on the attribute axis, or is a function (id(), key()) whose nodes are not known. In doubt, yes."""
    heads = _last_steps(pattern)
    if heads is None:
        return True
    return any(not head or head.startswith(("@", "attribute::")) or ("(" in head and not head.startswith(_NODE_TESTS))
               for head in heads)


def _last_steps(pattern: str) -> list[str] | None:
    """The last step of each alternative of the XSLT 1.0 match pattern, up to its predicates
    ("" for the root's `/`); None where brackets or quotes do not pair."""
    alternatives = top_level_split(pattern, "|")
    if alternatives is None:
        return None
    heads = []
    for alternative in alternatives:
        steps = top_level_split(alternative.strip(), "/")
        if steps is None:
            return None
        heads.append(re.split(r"[\[\s]", steps[-1].strip(), maxsplit=1)[0])
    return heads


def _masked(text: str) -> str | None:
    """`text` with string literals and what is inside brackets and parentheses blanked (the
    brackets kept), so that what is left is its top level; None where they do not pair."""
    out: list[str] = []
    depth, quote = 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
            out.append(" ")
        elif ch in "'\"":
            quote = ch
            out.append(" ")
        elif ch in "[(":
            out.append(ch if depth == 0 else " ")
            depth += 1
        elif ch in "])":
            depth -= 1
            if depth < 0:
                return None
            out.append(ch if depth == 0 else " ")
        else:
            out.append(ch if depth == 0 else " ")
    return None if depth or quote else "".join(out)


def top_level_split(text: str, separator: str) -> list[str] | None:
    """`text` split at `separator` outside predicates, parentheses and string literals (None: the
    brackets or quotes do not pair)."""
    masked = _masked(text)
    if masked is None:
        return None
    parts, start = [], 0
    for i, ch in enumerate(masked):
        if ch == separator:
            parts.append(text[start:i])
            start = i + 1
    return parts + [text[start:]]
