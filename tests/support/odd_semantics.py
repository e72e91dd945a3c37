"""The attributes TEI's own ODD processor gives each element of an ODD, read independently of
odd.py: the ODD's modes as the Guidelines define them (att.combinable/@mode), applied to TEI P5
as tei_all.rng has it (its attribute classes and its elements).

    tei_attributes(odd_spec, tei_all_root) -> {element: {attribute: required}}

Only what this customisation can contain is modelled: attribute classes changed or deleted,
elementSpecs replaced (their classes and attDefs) or changed (P5's attributes kept).
"""

from __future__ import annotations

from lxml import etree
from support.rng_summary import summarise

TEI = "{http://www.tei-c.org/ns/1.0}"
RNG = "{http://relaxng.org/ns/structure/1.0}"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _mode(el: etree._Element) -> str:
    return el.get("mode", "add")


class P5:
    """TEI P5's attribute classes and elements, from tei_all.rng."""

    def __init__(self, tei_all: etree._Element):
        self.defines = {d.get("name"): d for d in tei_all.iter(RNG + "define")}
        self.elements = summarise(tei_all)

    def class_attributes(self, cls: str, deleted: set[str], own: bool = True) -> dict[str, bool]:
        """Attribute -> required, for P5's class `cls` (its own attributes only if `own`) and the
        classes that add to it, except the deleted ones."""
        out: dict[str, bool] = {}
        define = self.defines.get(f"{cls}.attributes")
        for ref in define.iter(RNG + "ref") if define is not None else ():
            name = ref.get("name")
            if name.endswith(".attributes") and name[: -len(".attributes")] not in deleted:
                out.update(self.class_attributes(name[: -len(".attributes")], deleted))
            elif own and name.startswith(f"{cls}.attribute."):
                att = next(self.defines[name].iter(RNG + "attribute"))
                required = att.getparent().tag != RNG + "optional"
                out[_attribute_name(att)] = required
        return out


def _attribute_name(att: etree._Element) -> str:
    name = att.get("name")
    return name if name.startswith("xml:") or att.get("ns") != XML_NS else f"xml:{name}"


def _apply(attdefs: list[etree._Element], base: dict[str, bool], problems: list[str], where: str) -> dict[str, bool]:
    out = dict(base)
    for att in attdefs:
        name, mode = att.get("ident"), _mode(att)
        if mode == "delete":
            out.pop(name, None)
            continue
        if mode == "add" and name in base:
            problems.append(f"{where} @{name}: added twice (TEI's processor makes a schema with a duplicate attribute)")
        if mode == "change" and att.get("usage") is None:
            out[name] = base.get(name, False)
        else:
            out[name] = att.get("usage") == "req"
    return out


def tei_attributes(spec: etree._Element, p5: P5) -> tuple[dict[str, dict[str, bool]], list[str]]:
    """Every element's attributes under TEI semantics, and the conflicts the modes would cause."""
    problems: list[str] = []
    deleted = {c.get("ident") for c in spec.iterfind(f"{TEI}classSpec") if _mode(c) == "delete"}
    classes: dict[str, dict[str, bool]] = {}
    for cs in spec.iterfind(f"{TEI}classSpec[@type='atts']"):
        if _mode(cs) == "delete":
            continue
        base = p5.class_attributes(cs.get("ident"), deleted, own=_mode(cs) == "change")
        classes[cs.get("ident")] = _apply(cs.findall(f"{TEI}attList/{TEI}attDef"), base, problems, cs.get("ident"))
    out: dict[str, dict[str, bool]] = {}
    for es in spec.iterfind(f"{TEI}elementSpec"):
        name = es.get("ident")
        if _mode(es) == "replace":
            base: dict[str, bool] = {}
            for member in es.iterfind(f"{TEI}classes/{TEI}memberOf"):
                key = member.get("key")
                base.update(classes.get(key) or p5.class_attributes(key, deleted))
        else:  # change: P5's element keeps every attribute the spec does not delete
            p5el = p5.elements[name]
            base = {a: a in p5el.required for a in p5el.attributes}
        out[name] = _apply(es.findall(f"{TEI}attList/{TEI}attDef"), base, problems, f"<{name}>")
    return out, problems


def derived_attributes(rng: etree._Element) -> dict[str, dict[str, bool]]:
    return {name: {a: a in s.required for a in s.attributes} for name, s in summarise(rng).items()}


def differences(tei: dict[str, dict[str, bool]], derived: dict[str, dict[str, bool]]) -> list[str]:
    """Where the schema TEI's processor would make and the derived one disagree."""
    out = []
    for name in sorted(set(tei) | set(derived)):
        a, b = tei.get(name, {}), derived.get(name, {})
        out += [f"<{name}> @{x}: TEI's processor allows it, the derived schema does not" for x in sorted(set(a) - set(b))]
        out += [f"<{name}> @{x}: the derived schema allows it, TEI's processor does not" for x in sorted(set(b) - set(a))]
        out += [f"<{name}> @{x}: required in one schema, optional in the other"
                for x in sorted(set(a) & set(b)) if a[x] != b[x]]
    return out
