"""Safe XML reading: no DTDs, no external entities, no network, bounded size, depth (libxml2's
256 levels) and attributes per element."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from tei_edition.core.inputs import MAX_BYTES, check_utf8, read_bytes, too_large
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.source import tag_of

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"tei": TEI_NS}
# More than any file the toolkit reads has on an element (the ODD, the XSLT, the edition: 7;
# no element of the edition's schema takes more than 12). libxml2 parses any number in linear
# time, but lxml reads an element's attribute values by searching its attributes once per value
# (attrib.items(), n² in one C call deaf to Ctrl-C); refused here, no later reader meets them.
MAX_ATTRIBUTES = 256
DUPLICATE_ID = re.compile(r"ID (\S+) already defined")  # libxml2's message for a repeated xml:id


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def _problem(path: str, line: int, col: int, code: str, message: str) -> EditionError:
    return EditionError([Problem(path, line, col, code, message)])


def parse_bytes(data: bytes, path: str) -> etree._ElementTree:
    """Parse `data` (read from `path`) refusing DTDs, entity tricks and encodings but UTF-8."""
    if len(data) > MAX_BYTES:
        raise too_large(path)
    check_utf8(data, path, xml=True)
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser(), base_url=path))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        msg = exc.msg or str(exc)
        if "Entity" in msg or "entity" in msg:
            raise _problem(path, line, col, "E0004", f"entities are not allowed: {msg}") from None
        if duplicate := DUPLICATE_ID.search(msg):  # libxml2 stops at it: the schema's rule, every command alike
            raise _problem(path, line, max(col, 1), "E0210", f'xml:id="{duplicate.group(1)}" is already used by '
                                                             f"an earlier element; give this one an id of its own.") from None
        raise _problem(path, line, max(col, 1), "E0002", f"not well-formed XML: {msg}") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _problem(path, 1, 1, "E0004", "a DOCTYPE is not allowed in edition files; remove it")
    crowded = tree.xpath(f"(//*[count(@*) > {MAX_ATTRIBUTES}])[1]")  # one pass in C, linear
    if isinstance(crowded, list) and crowded and isinstance(el := crowded[0], etree._Element):
        raise _problem(path, *tag_of(el, path, data), "E0005",
                       f"<{etree.QName(el).localname}> has {len(el.attrib)} attributes; an element may have "
                       f"at most {MAX_ATTRIBUTES} (no element of an edition takes more than a dozen)")
    return tree


def read_xml(path: Path | str) -> etree._ElementTree:
    return parse_bytes(read_bytes(path), str(path))


def read_tei(path: Path | str) -> etree._ElementTree:
    return parse_tei(read_bytes(path), str(path))


def parse_tei(data: bytes, path: str) -> etree._ElementTree:
    """`parse_bytes`, and E0003 unless the root is TEI (the build hashes the very bytes it parses)."""
    tree = parse_bytes(data, path)
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise _problem(
            str(path), *tag_of(root, str(path), data), "E0003",
            f"root element is <{etree.QName(root).localname}> in namespace "
            f"'{etree.QName(root).namespace or ''}'; expected <TEI> in {TEI_NS}",
        )
    return tree
