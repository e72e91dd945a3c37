"""What the tests of exports share, on fixtures and on the master."""

from lxml import etree
from tei_edition.outputs.tei import POINTER_ATTRIBUTES
from tei_edition.core.xmlio import XML_NS


XI = "{http://www.w3.org/2001/XInclude}"


def local_pointers_resolve(root: etree._Element) -> list[str]:
    ids = {el.get(f"{{{XML_NS}}}id") for el in root.iter() if isinstance(el.tag, str)}
    bad = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in POINTER_ATTRIBUTES:
            for tok in (el.get(attr) or "").split():
                if tok.startswith("#") and tok[1:] not in ids:
                    bad.append(f"{attr}={tok}")
                elif "#" in tok and not tok.startswith(("#", "http:", "https:")):
                    bad.append(f"{attr}={tok}")
    return bad
