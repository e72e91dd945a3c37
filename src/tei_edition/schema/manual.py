"""The encoding manual: the ODD's documentation as an HTML fragment for the site's
"About the encoding" page.

    encoding_manual_html() -> str   one <section>: an entry per element (name, gloss, this
                                    edition's usage, content, attributes, example), then the rules
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from tei_edition.schema.modes import required, required_child
from tei_edition.schema.odd import ODD, SCH_NS, T, attributes, schema_spec
from tei_edition.core.xmlio import read_xml

EG_NS = "http://www.tei-c.org/ns/Examples"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _e(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.Element(tag, attrs) if parent is None else etree.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _append_text(parent: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _prose(out: etree._Element, src: etree._Element, known: set[str]) -> None:
    """Copy the ODD's inline prose into HTML: gi, att, val, code, ident, emph."""
    _append_text(out, src.text)
    for child in src:
        if not isinstance(child.tag, str):
            _append_text(out, child.tail)
            continue
        name, text = etree.QName(child).localname, "".join(child.itertext())
        if name == "gi" and text in known:
            _e(_e(out, "a", href=f"#el-{text}"), "code", f"<{text}>")
        elif name == "gi":
            _e(out, "code", f"<{text}>")
        elif name == "att":
            _e(out, "code", f"@{text}")
        elif name == "val":
            _e(out, "code", f'"{text}"')
        elif name == "emph":
            _e(out, "em", text)
        else:  # code, ident, anything else: literal
            _e(out, "code", text)
        _append_text(out, child.tail)


def _example(eg: etree._Element) -> str:
    parts = [eg.text or ""] + [etree.tostring(c, encoding="unicode", with_tail=True) for c in eg]
    return re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", "".join(parts)).strip()  # the ODD's declarations


def _attributes(dd: etree._Element, spec: etree._Element, es: etree._Element, known: set[str]) -> None:
    atts = attributes(spec, es)
    if not atts:
        return
    dl = _e(dd, "dl", **{"class": "attributes"})
    for ad in atts:
        dt = _e(dl, "dt")
        _e(dt, "code", f"@{ad.get('ident')}")
        _append_text(dt, " (required)" if ad.get("usage") == "req" else " (optional)")
        desc = _e(dl, "dd")
        if (ad_desc := ad.find(f"{T}desc")) is not None:
            _prose(desc, ad_desc, known)
        vals = ad.findall(f"{T}valList[@type='closed']/{T}valItem")
        if vals:
            ul = _e(desc, "ul", **{"class": "values"})
            for v in vals:
                li = _e(ul, "li")
                _e(li, "code", v.get("ident"))
                if (v_desc := v.find(f"{T}desc")) is not None:
                    _append_text(li, ": ")
                    _prose(li, v_desc, known)


def encoding_manual(odd_path: Path = ODD) -> etree._Element:
    from tei_edition.schema.explain import Model

    odd = read_xml(odd_path)
    spec = schema_spec(odd)
    content = Model(odd).elements
    specs = sorted(spec.iterfind(f"{T}elementSpec"), key=lambda es: required(es, "ident").lower())
    known = {required(es, "ident") for es in specs}
    section = _e(None, "section", id="encoding-manual", **{"class": "encoding-manual"})
    _e(section, "h2", "The encoding")
    for p in odd.getroot().iterfind(f".//{T}div[@{{http://www.w3.org/XML/1998/namespace}}id='intro']/{T}p"):
        _prose(_e(section, "p"), p, known)
    for div in odd.getroot().iterfind(f"{T}text/{T}body/{T}div"):  # further prose, before the specification
        if div.get(XML_ID) in ("intro", "spec"):
            continue
        _prose(_e(section, "h3", id=div.get(XML_ID, "")), required_child(div, f"{T}head"), known)
        for p in div.iterfind(f"{T}p"):
            _prose(_e(section, "p"), p, known)
    _e(section, "h3", f"Elements ({len(specs)})")
    for es in specs:
        name = required(es, "ident")
        entry = _e(section, "article", id=f"el-{name}", **{"class": "element"})
        head = _e(entry, "h4")
        _e(head, "code", f"<{name}>")
        _append_text(head, f" {es.findtext(f'{T}gloss') or ''}".rstrip())
        usage = _e(entry, "p", **{"class": "usage"})
        _prose(usage, required_child(es, f"{T}desc"), known)
        model = _e(entry, "p", **{"class": "content"})
        _append_text(model, "Content: ")
        _e(model, "code", content[name].model)
        _attributes(entry, spec, es, known)
        for eg in es.iterfind(f"{T}exemplum/{{{EG_NS}}}egXML"):
            _e(_e(entry, "pre", **{"class": "example"}), "code", _example(eg))
    _e(section, "h3", "Rules")
    rules = _e(section, "dl", **{"class": "rules"})
    for cs in spec.iterfind(f"{T}constraintSpec"):
        codes = sorted({required(a, "role") for a in cs.iter(f"{{{SCH_NS}}}assert", f"{{{SCH_NS}}}report")})
        if not codes:
            continue
        _e(rules, "dt", ", ".join(codes))
        _prose(_e(rules, "dd"), required_child(cs, f"{T}desc"), known)
    return section


def encoding_manual_html(odd_path: Path = ODD) -> str:
    """The manual as an HTML fragment (one <section>), deterministic."""
    return etree.tostring(encoding_manual(odd_path), encoding="unicode", method="html")
