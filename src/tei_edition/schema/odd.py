"""Derive the RELAX NG schema and the Schematron rules from the ODD, the single source.

    tei-edition odd           rewrite schemas/tei-edition.rng and tei-edition.sch
    tei-edition odd --check   exit 1 when they are out of date with the ODD

The ODD dialect read here is the part of TEI Pure ODD the customisation uses: elementSpec,
macroSpec and dataSpec with <content> (sequence, alternate, elementRef, macroRef, dataRef,
textNode, empty, minOccurs/maxOccurs), attList/attDef (usage, valList type="closed",
datatype/dataRef with @restriction, an XSD pattern Python reads alike: odd_patterns.py),
attribute classes (classSpec type="atts", the elements' classes/memberOf) and constraintSpec
scheme="schematron" (sch:ns, xsl:key, sch:let, sch:rule).
Each spec's @mode means what the TEI says it means; modes.py lists the ones read and refuses
the others (E0240-E0242), so that the TEI's own ODD processor derives the same schema. No TEI
Stylesheets or Java are needed.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from lxml import etree

from tei_edition.core import paths
from tei_edition.core.codes import CODES
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.source import Source
from tei_edition.core.xmlio import TEI_NS, XML_NS, read_xml, safe_parser
from tei_edition.schema import modes, odd_patterns
from tei_edition.schema.modes import Unsupported, required

ODD = paths.SCHEMA_DIR / "tei-edition.odd.xml"
RNG = paths.SCHEMA_DIR / "tei-edition.rng"
SCH = paths.SCHEMA_DIR / "tei-edition.sch"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
# XSLT 1.0 with the EXSLT functions the rules call (str:tokenize, dyn:map, exsl:node-set): ISO
# Schematron's reserved name for that binding. "xslt" promised plain XSLT 1.0, which a processor
# without EXSLT (Saxon-HE) took, then stopped at the first call (XTDE1425)
QUERY_BINDING = "exslt"
# the schemas published beside the TEI, and the schema language each xml-model names
SCHEMAS = ((RNG, RNG_NS), (SCH, SCH_NS))
# The xml-model instructions the published TEI names its schemas in, each file by its name alone
# (published beside it): the only instructions validate does not report (W0250) in a master,
# since a build from the published file writes them again as they are
XML_MODELS = tuple(f'href="{path.name}" type="application/xml" schematypens="{language}"'
                   for path, language in SCHEMAS)
XSD_TYPES = "http://www.w3.org/2001/XMLSchema-datatypes"
GENERATED = " Generated from tei-edition.odd.xml by `tei-edition odd`; do not edit. "
T = f"{{{TEI_NS}}}"
R = f"{{{RNG_NS}}}"


def _r(parent: etree._Element | None, tag: str, **attrs: str) -> etree._Element:
    el = etree.Element(R + tag, attrs, nsmap={None: RNG_NS}) if parent is None else etree.SubElement(parent, R + tag, attrs)
    return el


def schema_spec(odd: etree._ElementTree) -> etree._Element:
    spec = odd.find(f".//{T}schemaSpec")
    if spec is None:  # an editor's ODD cut short or another file: E0241 at it, not an internal error
        raise Unsupported(odd.getroot(), "the ODD has no schemaSpec: there is nothing to derive the schemas from")
    return spec


def _occurs(parent: etree._Element, spec: etree._Element) -> etree._Element:
    """The RNG wrapper for spec's minOccurs/maxOccurs (or parent itself for exactly once)."""
    lo, hi = spec.get("minOccurs", "1"), spec.get("maxOccurs", "1")
    wrapper = {("0", "1"): "optional", ("0", "unbounded"): "zeroOrMore", ("1", "unbounded"): "oneOrMore"}
    if (lo, hi) == ("1", "1"):
        return parent
    if (lo, hi) not in wrapper:
        raise Unsupported(spec, f"unsupported occurrence {lo}..{hi} on <{etree.QName(spec).localname}>")
    return _r(parent, wrapper[(lo, hi)])


def _content(parent: etree._Element, node: etree._Element) -> None:
    tag = etree.QName(node).localname
    target = _occurs(parent, node)
    if tag in ("sequence", "alternate"):
        group = _r(target, "group" if tag == "sequence" else "choice")
        for child in node.iterchildren(T + "*"):
            _content(group, child)
    elif tag in ("elementRef", "macroRef"):
        _r(target, "ref", name=required(node, "key"))
    elif tag == "dataRef":
        _datatype(target, node)
    elif tag == "textNode":
        _r(target, "text")
    elif tag == "empty":
        _r(target, "empty")
    else:
        raise Unsupported(node, f"unsupported content model element <{tag}>")


def _datatype(parent: etree._Element, ref: etree._Element) -> None:
    restriction = ref.get("restriction")
    if key := ref.get("key"):
        if restriction is not None:  # the TEI: only on a datatype of XML Schema's, by @name
            raise Unsupported(ref, f'<dataRef key="{key}"> with a restriction: restrict the dataRef of {key}\'s '
                                   "dataSpec (by @name) instead")
        _r(parent, "ref", name=key)
        return
    data = _r(parent, "data", type=required(ref, "name"))
    if restriction is not None:
        if why := odd_patterns.problem(restriction):  # validate reads it with libxml2, explain.py with re
            raise Unsupported(ref, why)
        _r(data, "param", name="pattern").text = restriction


def _attribute(parent: etree._Element, att: etree._Element) -> None:
    name = required(att, "ident")
    target = parent if att.get("usage") == "req" else _r(parent, "optional")
    if name.startswith("xml:"):
        el = _r(target, "attribute", name=name[4:], ns=XML_NS)
    else:
        el = _r(target, "attribute", name=name, ns="")
    vals = att.find(f"{T}valList[@type='closed']")
    ref = att.find(f"{T}datatype/{T}dataRef")
    if vals is not None:
        choice = _r(el, "choice")
        for item in vals.iterfind(f"{T}valItem"):
            _r(choice, "value").text = required(item, "ident")
    elif ref is not None:
        _datatype(el, ref)
    else:
        _r(el, "text")


def attributes(spec: etree._Element, elem: etree._Element) -> list[etree._Element]:
    """The attDefs of an elementSpec, then those it inherits from its classes and does not
    change or delete."""
    own = {required(a, "ident"): a for a in elem.iterfind(f"{T}attList/{T}attDef")}
    classes = [a for name, a in modes.inherited(spec, elem).items() if name not in own]
    return [a for a in [*own.values(), *classes] if modes.mode(a) != "delete"]


def derive_rng(odd: etree._ElementTree) -> etree._Element:
    spec = schema_spec(odd)
    grammar = _r(None, "grammar", ns=TEI_NS, datatypeLibrary=XSD_TYPES)
    grammar.append(etree.Comment(GENERATED))
    _r(_r(grammar, "start"), "ref", name=spec.get("start", "TEI"))
    for macro in spec.iterfind(f"{T}macroSpec"):
        define = _r(grammar, "define", name=required(macro, "ident"))
        for node in macro.iterfind(f"{T}content/{T}*"):
            _content(define, node)
    for data in spec.iterfind(f"{T}dataSpec"):
        define = _r(grammar, "define", name=required(data, "ident"))
        alts = data.findall(f"{T}content/{T}dataRef")
        parent = _r(define, "choice") if len(alts) > 1 else define
        for ref in alts:
            _datatype(parent, ref)
    for elem in spec.iterfind(f"{T}elementSpec"):
        ident = required(elem, "ident")
        element = _r(_r(grammar, "define", name=ident), "element", name=ident)
        for att in attributes(spec, elem):
            _attribute(element, att)
        nodes = elem.findall(f"{T}content/{T}*")
        for node in nodes:
            _content(element, node)
        if not nodes:
            _r(element, "empty")
    return grammar


def derive_schematron(odd: etree._ElementTree) -> etree._Element:
    spec = schema_spec(odd)
    sch = etree.Element(f"{{{SCH_NS}}}schema", queryBinding=QUERY_BINDING,
                        nsmap={"sch": SCH_NS, "xsl": XSL_NS})
    sch.append(etree.Comment(GENERATED))
    etree.SubElement(sch, f"{{{SCH_NS}}}title").text = f"{spec.get('ident')}: rules"
    patterns = []
    global_lets: dict[str | None, etree._Element] = {}  # the skeleton makes a pattern's lets global
    for cs in spec.iterfind(f"{T}constraintSpec[@scheme='schematron']"):
        lets, rules = [], []
        for item in cs.iterfind(f"{T}constraint/*"):
            if item.tag in (f"{{{SCH_NS}}}ns", f"{{{XSL_NS}}}key"):
                sch.append(_copy(item))
            elif item.tag == f"{{{SCH_NS}}}let":  # the pattern's: computed once, not at every node
                _once(item, global_lets, "among the lets outside rules (the schema's variables)")
                lets.append(item)
            elif item.tag == f"{{{SCH_NS}}}rule":
                _registered_roles(item)
                rule_lets: dict[str | None, etree._Element] = {}
                for let in item.iterfind(f"{{{SCH_NS}}}let"):  # libxslt refuses the second only at a run
                    _once(let, rule_lets, "in one rule")
                rules.append(_copy(item))
            else:
                raise Unsupported(item, f"constraintSpec {cs.get('ident')}: unsupported {item.tag!s}")
        if lets and not rules:
            raise Unsupported(lets[0], f"constraintSpec {cs.get('ident')}: a let without a rule to use it")
        if rules:
            pattern = etree.Element(f"{{{SCH_NS}}}pattern", id=required(cs, "ident"))
            pattern.extend([_copy(let) for let in lets] + rules)
            patterns.append(pattern)
    sch.extend(patterns)
    return sch


def _once(let: etree._Element, seen: dict[str | None, etree._Element], where: str) -> None:
    first = seen.setdefault(let.get("name"), let)
    if first is not let:
        raise Unsupported(let, f'<sch:let name="{let.get("name")}"> is given twice {where}: rename one')


def _registered_roles(rule: etree._Element) -> None:
    """Unsupported unless each assert and report of `rule` has a problem code as its role: validate
    reports a finding by it, and has no other word for one."""
    for check in rule.iter(f"{{{SCH_NS}}}assert", f"{{{SCH_NS}}}report"):
        if check.get("role") not in CODES:
            raise Unsupported(check, f"<sch:{etree.QName(check).localname}> role {check.get('role', '')} is not a "
                                     "problem code (src/tei_edition/core/codes.py): give it the code it reports")


def _copy(el: etree._Element) -> etree._Element:
    """A copy of el without the ODD's namespace declarations (keeps the output tidy)."""
    copy = etree.fromstring(etree.tostring(el), safe_parser())
    etree.cleanup_namespaces(copy, top_nsmap={"sch": SCH_NS, "xsl": XSL_NS, "tei": TEI_NS})
    return copy


def serialise(root: etree._Element) -> bytes:
    root = etree.fromstring(etree.tostring(root), safe_parser())
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def derived(odd_path: Path | None = None) -> dict[Path, bytes]:
    """The derived schema files and their bytes (from ODD by default); EditionError when the ODD
    asks for something the derivation does not implement."""
    odd_path = odd_path or ODD
    odd = read_xml(odd_path)
    source = Source(str(odd_path), odd.getroot())  # where a problem is: the ODD read again only then
    try:
        problems = modes.check(schema_spec(odd), odd_path, source)
        if problems:
            raise EditionError(problems)
        rng, sch = derive_rng(odd), derive_schematron(odd)
        _compiles(rng, sch, odd.getroot())
        return {RNG: serialise(rng), SCH: serialise(sch)}
    except Unsupported as exc:
        raise EditionError([Problem(str(odd_path), *source.tag(exc.node), "E0241", str(exc))]) from exc


def _compiles(rng: etree._Element, sch: etree._Element, root: etree._Element) -> None:
    """Unsupported unless both schemas compile: written, they would fail every validate and build."""
    from tei_edition.schema.schematron import skeleton  # it reads SCH from this module

    try:
        etree.RelaxNG(rng)
    except etree.RelaxNGParseError as exc:
        raise Unsupported(root, f"the derived RELAX NG schema does not compile: {exc}") from None
    try:
        etree.XSLT(skeleton(etree.ElementTree(copy.deepcopy(sch))))
    except (etree.XSLTParseError, etree.XSLTApplyError) as exc:
        raise Unsupported(root, f"the derived Schematron schema does not compile: {exc}") from None
