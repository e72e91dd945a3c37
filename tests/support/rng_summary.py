"""What a RELAX NG grammar (XML syntax, simplified like the TEI's) lets each element hold.

Used to show the project schema only restricts tei_all: for every element, its children,
attributes, text and closed value lists must be allowed by tei_all too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

RNG = "{http://relaxng.org/ns/structure/1.0}"
XML_NS = "http://www.w3.org/XML/1998/namespace"


@dataclass
class Summary:
    children: set[str] = field(default_factory=set)
    attributes: dict[str, set[str] | None] = field(default_factory=dict)  # name -> closed values
    required: set[str] = field(default_factory=set)
    text: bool = False


def _attr_name(att: etree._Element) -> str:
    name = att.find(RNG + "name")
    if att.get("name") is None and name is None:
        return "*"  # anyName: foreign attributes
    ns = att.get("ns") if name is None else name.get("ns")
    return ("xml:" if ns == XML_NS else "") + (att.get("name") or name.text.strip())


def summarise(grammar: etree._Element) -> dict[str, Summary]:
    defines: dict[str, list[etree._Element]] = {}
    for d in grammar.iter(RNG + "define"):
        defines.setdefault(d.get("name"), []).append(d)
    out: dict[str, Summary] = {}
    for name, ds in defines.items():
        for d in ds:
            for el in d.iterchildren(RNG + "element"):
                s = out.setdefault(el.get("name"), Summary())
                _walk(el, s, defines, set(), optional=False)
    return out


def _walk(node, s: Summary, defines, seen: set[str], optional: bool) -> None:
    for child in node:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag[len(RNG):]
        if tag == "element":
            s.children.add(child.get("name"))
        elif tag == "text" or tag == "data" and node.tag != RNG + "attribute":
            s.text = True
        elif tag == "attribute":
            name = _attr_name(child)
            values = [v.text for v in child.iter(RNG + "value")]
            open_ = next(child.iter(RNG + "data", RNG + "text", RNG + "anyName"), None) is not None
            closed = set(values) if values and not open_ else None
            s.attributes[name] = closed
            if not optional:
                s.required.add(name)
        elif tag == "ref":
            target = child.get("name")
            if target in seen:
                continue
            for d in defines.get(target, []):
                els = list(d.iterchildren(RNG + "element"))
                if els:
                    s.children.update(e.get("name") for e in els)
                else:
                    _walk(d, s, defines, seen | {target}, optional)
        elif tag in ("optional", "zeroOrMore", "choice"):
            _walk(child, s, defines, seen, True)
        elif tag in ("group", "oneOrMore", "interleave", "mixed"):
            if tag == "mixed":
                s.text = True
            _walk(child, s, defines, seen, optional)


def violations(ours: dict[str, Summary], tei: dict[str, Summary]) -> list[str]:
    """Everything the project schema allows that tei_all does not."""
    out = []
    for name, s in sorted(ours.items()):
        t = tei.get(name)
        if t is None:
            out.append(f"<{name}> is not a TEI element")
            continue
        out += [f"<{name}> may hold <{c}>, TEI does not allow it" for c in sorted(s.children - t.children)]
        if s.text and not t.text:
            out.append(f"<{name}> may hold text, TEI does not allow it")
        for att, values in sorted(s.attributes.items()):
            if att not in t.attributes:
                out.append(f"<{name}> may carry @{att}, TEI does not allow it")
            elif t.attributes[att] is not None and (values is None or values - t.attributes[att]):
                out.append(f"<{name} @{att}> allows {sorted(values or ['any value'])}, TEI only {sorted(t.attributes[att])}")
        out += [f"<{name}> need not carry @{a}, TEI requires it" for a in sorted(t.required - s.required)]
    return out
