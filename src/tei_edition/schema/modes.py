"""The ODD's @mode values as the TEI defines them, and the ones the derivation refuses.

The TEI reads each spec of an ODD against TEI P5 (Guidelines, att.combinable/@mode): `add`
creates an object, `replace` substitutes the whole of P5's object, `delete` removes it, and
`change` merges with P5's object, keeping every part the spec does not restate. `odd.py` reads
the ODD alone, without P5's text, so it accepts only what it can derive exactly:

    elementSpec                  replace  the element is the spec: its content, its own attDefs
                                          and the attribute classes of its <classes> (no P5
                                          class memberships, attributes or constraints survive)
    classSpec type="atts"        change   the class keeps only the attDefs listed and not deleted;
                                          P5's other attributes of the class (and of its member
                                          classes) must be deleted here explicitly — the test
                                          suite checks that against tei_all
                                 delete
    macroSpec, dataSpec,         add      new objects of this customisation
    constraintSpec
    attDef in an elementSpec     add      a new attribute (not one the element inherits)
                                 change, replace, delete
                                          an attribute the element inherits from its classes;
                                          a change restates usage and the value form, so that
                                          nothing of the inherited definition survives

Everything else is refused with a coded problem rather than read differently from the TEI, and
so is a name read once given twice: a classSpec's or constraintSpec's ident, an attDef's in its spec.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tei_edition.core.problems import Problem
from tei_edition.core.source import Source
from tei_edition.core.xmlio import TEI_NS

T = f"{{{TEI_NS}}}"
SPEC_MODES = {
    "elementSpec": ("replace",),
    "classSpec": ("change", "delete"),
    "macroSpec": ("add",),
    "dataSpec": ("add",),
    "constraintSpec": ("add",),
}
OTHER_CHILDREN = ("moduleRef",)
# specs the derivation reads once by ident (two elementSpecs, macroSpecs or dataSpecs of one ident
# are two RELAX NG defines, which do not compile: refused as such)
ONCE = {"classSpec": "the derivation reads one classSpec of a name",
        "constraintSpec": "a Schematron pattern's id is unique (an xsd:ID)"}
ATTDEF_MODES = ("add", "change", "replace", "delete")


class Unsupported(ValueError):
    """A construct of the ODD the derivation does not read (reported as E0241)."""

    def __init__(self, node: etree._Element, message: str):
        super().__init__(message)
        self.node = node


def required(el: etree._Element, name: str) -> str:
    """An attribute the derivation needs (an object's ident, a reference's key): without it the
    construct is not read."""
    value = el.get(name)
    if value is None:
        raise Unsupported(el, f"<{etree.QName(el).localname}> without @{name}")
    return value


def required_child(el: etree._Element, path: str) -> etree._Element:
    """A child the documentation needs (an element's desc, a macro's content)."""
    found = el.find(path)
    if found is None:
        raise Unsupported(el, f"<{etree.QName(el).localname}> without {path.replace(T, '')}")
    return found


def mode(el: etree._Element) -> str:
    """An object's @mode, with the TEI's default."""
    return el.get("mode", "add")


def attribute_classes(spec: etree._Element) -> dict[str, etree._Element]:
    """The attribute classes this ODD defines (and does not delete), by name (the first of a name:
    a second is refused)."""
    classes: dict[str, etree._Element] = {}
    for c in spec.iterfind(f"{T}classSpec"):
        if c.get("type") == "atts" and mode(c) != "delete":
            classes.setdefault(required(c, "ident"), c)
    return classes


def class_keys(elem: etree._Element) -> list[str]:
    return [required(m, "key") for m in elem.iterfind(f"{T}classes/{T}memberOf")]


def inherited(spec: etree._Element, elem: etree._Element) -> dict[str, etree._Element]:
    """The attDefs an elementSpec inherits from its classes, in class order."""
    classes = attribute_classes(spec)
    out: dict[str, etree._Element] = {}
    for key in class_keys(elem):
        for att in classes[key].iterfind(f"{T}attList/{T}attDef") if key in classes else ():
            if mode(att) != "delete":
                out.setdefault(required(att, "ident"), att)
    return out


class _Report:
    def __init__(self, source: Source):
        self.source = source
        self.problems: list[Problem] = []

    def __call__(self, el: etree._Element, code: str, message: str) -> None:
        self.problems.append(Problem(self.source.path, *self.source.tag(el), code, message))

    def line(self, el: etree._Element) -> int:
        return self.source.tag(el)[0]


def check(spec: etree._Element, path: Path, source: Source | None = None) -> list[Problem]:
    """Every mode and construct of the schemaSpec that odd.py would not derive as the TEI does,
    each at its element's `<` in the ODD (`source`: the ODD's file, read only for a problem)."""
    report = _Report(source or Source(str(path), spec.getroottree().getroot()))
    seen: dict[tuple[str, str | None], etree._Element] = {}
    for child in spec.iterchildren(f"{T}*"):
        kind, ident = etree.QName(child).localname, child.get("ident") or child.get("key")
        if kind in OTHER_CHILDREN:
            continue
        first = seen.setdefault((kind, ident), child)
        if kind in ONCE and first is not child:
            report(child, "E0241", f'<{kind} ident="{ident}"> is given twice (first at line {report.line(first)}): '
                                   f"{ONCE[kind]}; make them one")
        elif kind not in SPEC_MODES:
            report(child, "E0241", f"<{kind}> in the schemaSpec is not read by the derivation; "
                                   f"it reads {', '.join(SPEC_MODES)} and moduleRef")
        elif mode(child) not in SPEC_MODES[kind]:
            report(child, "E0240", f'<{kind} ident="{ident}" mode="{mode(child)}">: the derivation implements '
                                   f"only mode {' or '.join(SPEC_MODES[kind])} for {kind} "
                                   f"(a TEI ODD processor would {_meaning(mode(child))})")
        elif kind == "classSpec" and child.get("type") != "atts":
            report(child, "E0241", f'<classSpec ident="{ident}" type="{child.get("type")}">: only attribute classes are read')
        elif kind == "classSpec" and mode(child) == "change":
            _check_attdefs(report, child, {}, class_level=True)
    classes = attribute_classes(spec)
    for elem in spec.iterfind(f"{T}elementSpec[@mode='replace']"):
        _check_classes(report, elem, classes)
        _check_attdefs(report, elem, inherited(spec, elem), class_level=False)
    return report.problems


def _meaning(m: str) -> str:
    return {"change": "merge it with TEI P5's definition, keeping every part not restated",
            "add": "create it anew, an error for an object TEI P5 already defines",
            "replace": "substitute it for TEI P5's definition",
            "delete": "remove it"}.get(m, f"reject the unknown mode {m!r}")


def _check_classes(report: _Report, elem: etree._Element, classes: dict[str, etree._Element]) -> None:
    ident = elem.get("ident")
    for cl in elem.iterfind(f"{T}classes"):
        if cl.get("mode", "replace") != "replace":
            report(cl, "E0240", f'<{ident}>: <classes mode="{cl.get("mode")}"> would keep TEI P5\'s memberships; '
                                "leave mode out (replace): the memberships listed are the element's only ones")
    from_class: dict[str, str] = {}  # attribute: the first class it comes from
    for member in elem.iterfind(f"{T}classes/{T}memberOf"):
        key = member.get("key")
        if key not in classes or mode(member) != "add":
            report(member, "E0241", f'<{ident}>: <memberOf key="{key}"> is not read: the derivation '
                                    f"knows only the attribute classes this ODD defines ({', '.join(sorted(classes))})")
            continue
        for att in classes[key].iterfind(f"{T}attList/{T}attDef"):
            name = att.get("ident", "")
            first = from_class.setdefault(name, key) if mode(att) != "delete" else key
            if first != key:  # `inherited` keeps the first class's
                report(member, "E0242", f"<{ident}>: @{name} comes from both {first} and {key}, and the derivation "
                                        f"would keep {first}'s: declare it in one of them")


def _check_attdefs(report: _Report, owner: etree._Element, known: dict[str, etree._Element],
                   class_level: bool) -> None:
    where = f'<{owner.get("ident")}>'
    for group in owner.iterfind(f"{T}attList"):  # the derivation reads the attDefs of one flat list
        for inner in group.iter(f"{T}attList"):
            nested = inner is not group
            if nested or inner.get("org", "group") != "group":
                what = "an attList inside an attList" if nested else f'an attList org="{inner.get("org")}"'
                report(inner, "E0241", f"{where}: {what} is not read: declare each attDef in the spec's own "
                                       "attList, every one of them allowed")
    declared: dict[str | None, etree._Element] = {}
    for att in owner.iterfind(f"{T}attList/{T}attDef"):
        name, m = att.get("ident"), mode(att)
        first = declared.setdefault(name, att)
        if first is not att:  # the derivation reads one attDef of a name
            report(att, "E0242", f"{where} @{name} is declared twice (first at line {report.line(first)}): "
                                 "keep one attDef of it")
        elif m not in ATTDEF_MODES:
            report(att, "E0240", f'{where} @{name}: unknown attDef mode="{m}"')
        elif not class_level and m == "add" and name in known:
            report(att, "E0242", f'{where} @{name} is inherited from its classes: declare it mode="change" '
                                 "(or replace/delete), not as a new attribute")
        elif not class_level and m != "add" and name not in known:
            report(att, "E0242", f'{where} @{name} mode="{m}": the element inherits no such attribute from its '
                                 'classes; declare it as a new one (no mode)')
        elif m == "change" and (att.get("usage") is None or (att.find(f"{T}datatype") is None
                                                             and att.find(f"{T}valList") is None)):
            report(att, "E0242", f'{where} @{name} mode="change" must restate usage and the datatype or value '
                                 "list: the TEI keeps every part a change leaves out")
