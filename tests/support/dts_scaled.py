"""A scaled edition for measuring the DTS export: the body's sections repeated k times.

The copies are renumbered as the edition's conventions want (sections `s{n}` with `n`, citable
units `p{n}` with `n`, in reading order across the whole body); every other `xml:id` of a copy
gets a suffix `-k{i}` so that identifiers stay unique. Only the body changes: the header (and
its citation scheme) is the source's.

    python tests/dts_scaled.py SOURCE K OUT   # writes the scaled TEI to OUT
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from lxml import etree

from tei_edition.core.xmlio import NS, XML_NS, read_tei

XML_ID = f"{{{XML_NS}}}id"


def scaled_tree(source: Path, k: int) -> etree._ElementTree:
    tree = read_tei(source)
    body = tree.getroot().find("tei:text/tei:body", NS)
    assert body is not None, f"{source}: no text/body"
    sections = body.findall("tei:div[@type='section']", NS)
    for i in range(1, k):
        for section in sections:
            piece = copy.deepcopy(section)
            for el in piece.iter():
                if isinstance(el.tag, str) and el.get(XML_ID):
                    el.set(XML_ID, f"{el.get(XML_ID)}-k{i}")
            body.append(piece)
    unit = 0
    for n, section in enumerate(body.findall("tei:div[@type='section']", NS), start=1):
        section.set(XML_ID, f"s{n}")
        section.set("n", str(n))
        for el in section:
            if etree.QName(el).localname in ("p", "cit") and el.get("n"):
                unit += 1
                el.set(XML_ID, f"p{unit}")
                el.set("n", str(unit))
    return tree


def scaled_bytes(source: Path, k: int) -> bytes:
    return etree.tostring(scaled_tree(source, k), xml_declaration=True, encoding="UTF-8") + b"\n"


if __name__ == "__main__":
    src, times, out = sys.argv[1:4]
    Path(out).write_bytes(scaled_bytes(Path(src), int(times)))
