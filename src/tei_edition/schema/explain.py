"""Readable RELAX NG problems: libxml2's terse messages rewritten from the ODD's knowledge.

libxml2 says "Element p has extra content: persname" or "Element div failed to validate
attributes" (sometimes on line 0). We find the offending element and say, from the ODD, what
is wrong and what is allowed instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from tei_edition.schema import modes
from tei_edition.schema.odd import ODD, T, attributes, schema_spec
from tei_edition.core.urls import MALFORMED_URL, pointer_url_problem
from tei_edition.core.xmlio import TEI_NS, XML_NS, read_xml, safe_parser

# Python equivalents of the XSD datatypes the ODD uses (enough to find the faulty value).
DATATYPES = {
    "NCName": r"[A-Za-z_][\w.\-]*",
    "language": r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*",
    "anyURI": r"\S*",
    "nonNegativeInteger": r"\+?[0-9]+",
}
XSD = "http://www.w3.org/2001/XMLSchema-datatypes"
MAX_LISTED = 12
SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):")
WEB_SCHEMES = ("http", "https")


_DATATYPE_RNG = ('<element xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="{xsd}" name="v">'
                 '<attribute name="a"><data type="{name}"/></attribute></element>')


@lru_cache(maxsize=None)
def _datatype_schema(name: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.fromstring(_DATATYPE_RNG.format(xsd=XSD, name=name), safe_parser()))


@lru_cache(maxsize=4096)
def datatype_allows(name: str, value: str) -> bool:
    """libxml2's own test of the XSD datatype `name`, which DATATYPES only approximates (anyURI:
    libxml2 parses the value as a URI, so https://x/%zz fails)."""
    try:
        return _datatype_schema(name).validate(etree.Element("v", a=value))
    except ValueError:  # not XML text: not a value of any datatype
        return False


@dataclass
class Att:
    name: str
    required: bool
    desc: str
    values: list[str] | None = None           # closed value list
    form: str = ""                             # the datatype's description, from its dataSpec
    checks: list[str] = field(default_factory=list)  # regexes the value must all match
    datatype: str = ""                         # the XSD datatype, e.g. anyURI

    def matches(self, value: str) -> bool:
        """The value list, or the regexes: what the ODD writes out."""
        if self.values is not None:
            return value in self.values
        return all(re.fullmatch(rx, value) for rx in self.checks)

    def ok(self, value: str) -> bool:
        return self.matches(value) and (not self.datatype or datatype_allows(self.datatype, value))


@dataclass
class Elem:
    name: str
    model: str                                 # content model, e.g. "quote, bibl?, note*"
    children: set[str]
    required: list[str]                        # children that must be present
    text: bool
    atts: dict[str, Att]


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


class Model:
    """Elements, content models and attributes of the customisation, read from the ODD."""

    def __init__(self, odd: etree._ElementTree):
        self.spec = schema_spec(odd)
        self.macros = {modes.required(m, "ident"): modes.required_child(m, f"{T}content")
                       for m in self.spec.iterfind(f"{T}macroSpec")}
        self.datas = {modes.required(d, "ident"): d.find(f"{T}content/{T}dataRef")
                      for d in self.spec.iterfind(f"{T}dataSpec")}
        self.elements: dict[str, Elem] = {}
        for es in self.spec.iterfind(f"{T}elementSpec"):
            content = es.find(f"{T}content")
            nodes = list(content.iterchildren(T + "*")) if content is not None else []
            children: set[str] = set()
            text = any(self._collect(n, children) for n in nodes) if nodes else False
            required = [r for n in nodes for r in self._required(n)]
            atts = {modes.required(a, "ident"): self._att(a) for a in attributes(self.spec, es)}
            model = ", ".join(self._render(n) for n in nodes) or "empty"
            if len(nodes) == 1 and etree.QName(nodes[0]).localname == "sequence" and model.startswith("("):
                model = model[1:-1]
            ident = modes.required(es, "ident")
            self.elements[ident] = Elem(ident, model, children, required, text, atts)
        self.by_lower = {n.lower(): n for n in self.elements}  # for "did you mean", built once
        # no element takes more attributes than this: one with more has some it may not have
        self.most_attributes = max((len(e.atts) for e in self.elements.values()), default=0)

    def _collect(self, node: etree._Element, into: set[str]) -> bool:
        """Add the element names node allows to `into`; True when it allows text."""
        tag = etree.QName(node).localname
        if tag == "elementRef":
            into.add(modes.required(node, "key"))
        elif tag == "textNode":
            return True
        elif tag == "macroRef":
            return any([self._collect(n, into) for n in self.macros[modes.required(node, "key")].iterchildren(T + "*")])
        return any([self._collect(n, into) for n in node.iterchildren(T + "*")])

    def _required(self, node: etree._Element) -> list[str]:
        if node.get("minOccurs", "1") == "0":
            return []
        tag = etree.QName(node).localname
        if tag == "elementRef":
            return [modes.required(node, "key")]
        if tag == "sequence":
            return [r for n in node.iterchildren(T + "*") for r in self._required(n)]
        return []

    def _render(self, node: etree._Element) -> str:
        """A content model in compact syntax: "quote, bibl?, note*"."""
        tag = etree.QName(node).localname
        if tag == "macroRef":  # macros are repeatable choices: list what they allow
            names: set[str] = set()
            return "(" + " | ".join((["text"] if self._collect(node, names) else []) + sorted(names)) + ")*"
        if tag == "elementRef":
            s = modes.required(node, "key")
        elif tag == "textNode":
            s = "text"
        elif tag == "empty":
            return "empty"
        else:
            parts = [self._render(n) for n in node.iterchildren(T + "*")]
            s = "(" + (", " if tag == "sequence" else " | ").join(parts) + ")" if len(parts) > 1 else parts[0]
        occ = {("0", "1"): "?", ("0", "unbounded"): "*", ("1", "unbounded"): "+"}
        return s + occ.get((node.get("minOccurs", "1"), node.get("maxOccurs", "1")), "")

    def _att(self, ad: etree._Element) -> Att:
        att = Att(modes.required(ad, "ident"), ad.get("usage") == "req", _text(ad.find(f"{T}desc")))
        vals = ad.find(f"{T}valList[@type='closed']")
        if vals is not None:
            att.values = [modes.required(v, "ident") for v in vals.iterfind(f"{T}valItem")]
        ref = ad.find(f"{T}datatype/{T}dataRef")
        while ref is not None and (key := ref.get("key")):
            att.form = _text(self.spec.find(f"{T}dataSpec[@ident='{key}']/{T}desc"))
            ref = self.datas.get(key)
        if ref is not None:
            att.datatype = ref.get("name", "")
            if att.datatype in DATATYPES:
                att.checks.append(DATATYPES[att.datatype])
            if restriction := ref.get("restriction"):
                att.checks.append(restriction)
        return att


@lru_cache(maxsize=1)
def model() -> Model:
    return Model(read_xml(ODD))


def _name(el: etree._Element) -> str:
    q = etree.QName(el)
    return q.localname if q.namespace == TEI_NS else f"{q.localname} (namespace {q.namespace or 'none'})"


def _att_name(key: str) -> str:
    return "xml:" + key[len(XML_NS) + 2:] if key.startswith(f"{{{XML_NS}}}") else key


def _listing(names: list[str]) -> str:
    names = sorted(names)
    if len(names) > MAX_LISTED:
        return ", ".join(names[:MAX_LISTED]) + ", … (see the encoding manual)"
    return ", ".join(names) if names else "nothing"


def _case_match(name: str) -> str | None:
    return model().by_lower.get(name.lower())


Finding = tuple[etree._Element, str, str]  # element, code, message


def _url_problem(att: Att, value: str) -> str:
    """What is wrong with a refused URL, for attributes that take http(s) URLs ("" otherwise).
    An upper-case scheme is refused, not taken: the pointers, the published schema and every
    output spell schemes in lower case, as RFC 3986 asks of what writes URLs."""
    if att.values is not None or not att.ok("https://example.org/"):
        return ""
    scheme = m.group(1) if (m := SCHEME.match(value)) else ""
    if scheme in WEB_SCHEMES:  # the pattern or libxml2's URI parser refused it: the pointers' one check says why
        return pointer_url_problem(value) or MALFORMED_URL
    if scheme.lower() in WEB_SCHEMES and scheme not in WEB_SCHEMES:
        return f"write the scheme in lower case: {scheme.lower()}{value.strip()[len(scheme):]}"
    if scheme:  # never "lower case" for javascript: whatever its case
        return f"{scheme}: is not a scheme the edition links to, only http: and https: are"
    return ""


def check_attributes(el: etree._Element) -> list[Finding]:
    """Attributes not allowed, values not allowed, required attributes missing.

    Linear in the element's attributes: their names are walked, and only the values of the few
    allowed ones are fetched (lxml's attrib.items() searches the element's attributes once per
    value: 300,000 attributes were one C call still running after 10 minutes, deaf to Ctrl-C).
    An element with more attributes than any element of the edition takes is one problem, not
    one per attribute."""
    spec = model().elements.get(etree.QName(el).localname)
    if spec is None or etree.QName(el).namespace != TEI_NS:
        return []
    name, out = spec.name, []
    takes = _listing(['@' + a for a in spec.atts]) if spec.atts else "no attributes"
    count, most = len(el.attrib), model().most_attributes
    if count > most:
        out.append((el, "E0203", f"<{name}> has {count} attributes, more than any element of this edition "
                                 f"takes ({most}); <{name}> takes: {takes}."))
    else:
        for key in el.attrib.keys():
            att = spec.atts.get(_att_name(key))
            if att is None:
                out.append((el, "E0203", f"@{_att_name(key)} is not allowed on <{name}>; <{name}> takes: {takes}."))
            elif not att.ok(value := el.get(key, "")):
                how = (f"use one of: {', '.join(att.values)}" if att.values is not None
                       else f"expected {(att.form or att.desc).rstrip('.')}")
                if why := _url_problem(att, value):
                    how = f"{why}; {how}"
                out.append((el, "E0204", f'{att.name}="{value}" on <{name}> is not allowed: {how}.'))
    for att in spec.atts.values():
        key = f"{{{XML_NS}}}{att.name[4:]}" if att.name.startswith("xml:") else att.name
        if att.required and key not in el.attrib:
            what = att.desc.rstrip(".") + (f": {', '.join(att.values)}" if att.values else "")
            what = f": {what}" if what else ""
            out.append((el, "E0205", f"<{name}> lacks the required @{att.name}{what}."))
    return out


def check_children(el: etree._Element) -> list[Finding]:
    """Misplaced or unknown children, text where none is allowed, missing required children."""
    q = etree.QName(el)
    spec = model().elements.get(q.localname) if q.namespace == TEI_NS else None
    if spec is None:
        return []
    out: list[Finding] = []
    present = set()
    for child in el.iterchildren():
        if not isinstance(child.tag, str):
            continue
        cq = etree.QName(child)
        present.add(cq.localname if cq.namespace == TEI_NS else None)
        if cq.namespace == TEI_NS and cq.localname in spec.children:
            continue
        guess = _case_match(cq.localname) if cq.namespace == TEI_NS else None
        if guess and guess in spec.children:
            msg = f"<{cq.localname}> is not allowed inside <{spec.name}>; did you mean <{guess}>?"
        elif cq.namespace != TEI_NS:
            msg = (f"<{_name(child)}> is not allowed inside <{spec.name}>: edition files use TEI elements "
                   f"only, in namespace {TEI_NS}.")
        elif cq.localname not in model().elements:
            msg = (f"<{cq.localname}> is not an element of this edition; inside <{spec.name}> use: "
                   f"{_listing(list(spec.children))}.")
        else:
            msg = f"<{cq.localname}> is not allowed inside <{spec.name}>, which may contain: {_listing(list(spec.children))}."
        out.append((child, "E0201", msg))
    if not spec.text:
        stray = [t for t in [el.text] + [c.tail for c in el] if t and t.strip()]
        if stray:
            holds = _listing(list(spec.children)) if spec.children else "nothing (it is empty)"
            out.append((el, "E0206", f'text ("{stray[0].strip()[:30]}") is not allowed directly inside <{spec.name}>, '
                                     f"which may contain only: {holds}."))
    for req in spec.required:
        if req not in present:
            out.append((el, "E0202", f"<{spec.name}> must contain <{req}> (content: {spec.model})."))
    return out


def _misplaced(err: etree._LogEntry, named: Callable[[str], list[etree._Element]], first: etree._Element | None,
               tree: etree._ElementTree) -> Finding:
    """A child out of order (or missing) inside an element: name it and show the content model.

    named(name): the elements of that name the error may be about; first: the first of them all."""
    m = re.search(r"extra content: (\w+)|Did not expect element (\w+) there", err.message)
    misplaced = named(m.group(1) or m.group(2)) if m else []
    parent = misplaced[0].getparent() if misplaced else None
    if parent is not None:
        el = misplaced[0]
        spec = model().elements.get(etree.QName(parent).localname)
        msg = f"<{_name(el)}> is not allowed at this place in <{_name(parent)}>"
    else:
        el = first if first is not None else tree.getroot()
        spec = model().elements.get(etree.QName(el).localname)
        msg = f"the content of <{_name(el)}> is incomplete or out of order"
    code = {"RELAXNG_ERR_NOELEM": "E0202", "RELAXNG_ERR_TEXTWRONG": "E0206"}.get(err.type_name, "E0201")
    return el, code, msg + (f"; expected: {spec.model}." if spec else f" ({err.message}).")


NAMES = re.compile(r"[Ee]lement (\w+)|content: (\w+)")


def explain(tree: etree._ElementTree, errors: list[etree._LogEntry]) -> list[Finding]:
    """Turn libxml2's RELAX NG error log into findings on the offending elements.

    An error names elements ("Element p has extra content: zz") and gives a line (0: anywhere);
    the elements of those names there are checked: their attributes, their children and their
    siblings. The work is linear in the document whatever the log: the elements are indexed by
    line and name, each element is checked once, each name on a line is looked at once, and an
    error repeated (same line, kind and message) is read once. (Each error used to scan its whole
    line and re-check every sibling of every candidate: n unknown siblings on one line, or n
    distinct errors on one line, cost n² checks.)"""
    everywhere = [el for el in tree.iter() if isinstance(el.tag, str)]
    order = {el: i for i, el in enumerate(everywhere)}
    by_line: dict[int, list[etree._Element]] = {}
    on_line: dict[tuple[int, str], list[etree._Element]] = {}  # (line, name): its elements in order
    anywhere: dict[str, list[etree._Element]] = {}
    for el in everywhere:
        # libxml2's line, the tag's last, as its errors give it: it finds the elements an error is
        # about, not where it is reported (validate locates them with core.source)
        line, name = el.sourceline or 0, etree.QName(el).localname
        by_line.setdefault(line, []).append(el)
        on_line.setdefault((line, name), []).append(el)
        anywhere.setdefault(name, []).append(el)
    findings: dict[tuple[int, str, str], Finding] = {}
    checked: dict[tuple[str, etree._Element], list[Finding]] = {}  # (what, element): its findings
    looked: dict[tuple[int, str], bool] = {}  # (line, name): whether its elements have findings
    seen: set[tuple[int, str, str]] = set()

    def group(line: int, name: str) -> list[etree._Element]:
        """The elements named `name` an error on `line` may be about ("": every one of the line)."""
        if not name:
            return by_line.get(line, [])
        return on_line.get((line, name), []) if line else anywhere.get(name, [])

    def check(what: str, el: etree._Element) -> bool:
        """Check `el` once (what: "attributes" or "children"); True when it has findings."""
        if (what, el) not in checked:
            found = checked[what, el] = check_attributes(el) if what == "attributes" else check_children(el)
            for f in found:
                findings.setdefault((id(f[0]), f[1], f[2]), f)
        return bool(checked[what, el])

    def look(line: int, name: str) -> bool:
        """Check the elements of group(line, name), their children and their siblings, once."""
        if (line, name) not in looked:
            found = False
            for el in group(line, name):
                parent = el.getparent()
                found = check("attributes", el) | check("children", el) | (
                    check("children", parent) if parent is not None else False) | found
            looked[line, name] = found
        return looked[line, name]

    for err in errors:
        if (err.line, err.type_name, err.message) in seen:
            continue
        seen.add((err.line, err.type_name, err.message))
        names = sorted({a or b for a, b in NAMES.findall(err.message)})
        present = [n for n in names if group(err.line, n)] or [""]  # none there: every element of the line
        if not any([look(err.line, n) for n in present]):  # the order or number of children is wrong
            first = min((group(err.line, n)[0] for n in present if group(err.line, n)), key=order.__getitem__,
                        default=None)
            f = _misplaced(err, lambda name: group(err.line, name), first, tree)
            findings.setdefault((id(f[0]), f[1], f[2]), f)
    return list(findings.values())
