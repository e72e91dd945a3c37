"""`build/tei/`: the published TEI, a self-contained copy of the master.

Self-contained means: XIncludes resolved (registers, bibliography or anything else the master
pulls in — read through `xmlio`, local files only), pointers into included files rewritten to
local `#id`s, processing instructions that point to local files (`xml-model` to ../schemas)
dropped, and every local pointer (`#id`) of every pointer attribute resolving to an `xml:id`
inside the file (E0320 otherwise). External absolute URIs (authority files, the web) stay.

`publish_tei` writes it with `xml-model` processing instructions for the project's RELAX NG
schema and Schematron rules, copied beside it, so that `build/tei/` validates on its own, and
with the master's anchor lock, so that it builds as a master with its anchors guarded, and with
the source records its header names (`tei_sources`).
"""

from __future__ import annotations

import copy
import os
import re
import shutil
from pathlib import Path

from lxml import etree

from tei_edition.core import paths
from tei_edition.core.context import StageContext
from tei_edition.core.files import resolved_or_none
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.source import Source
from tei_edition.core.xmlio import TEI_NS, XML_NS, read_xml
from tei_edition.citation.anchor_lock import dump_lock, load_lock, lock_path
from tei_edition.citation.revisions import is_history, removed_pointers
from tei_edition.outputs.tei_sources import publish_sources
from tei_edition.schema.odd import SCHEMAS, XML_MODELS

XI_NS = "http://www.w3.org/2001/XInclude"
XML_ID = f"{{{XML_NS}}}id"
# TEI attributes whose values are (lists of) URI pointers
POINTER_ATTRIBUTES = ("ref", "target", "resp", "who", "corresp", "source", "ana", "sameAs", "copyOf",
                      "next", "prev", "hand", "decls", "rendition", "scheme", "facs", "synch", "select",
                      "exclude", "active", "passive", "mutual", "spanTo", "ed", "wit", "inst",
                      "valueDatcat", "calendar", "datingMethod", "period")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_MAX_DEPTH = 10


class _Places:
    """Where an element of the published copy is written: the copy of the master, and each piece
    an xi:include brought in, paired with what it was copied from (the master's tree, the
    included file's), in whose file the element is then located (`Source`; both read only for a
    problem). An element of an included file is located in it (it had the master's path and the
    line of the file it came from)."""

    def __init__(self, master: str, root: etree._Element, copied: etree._Element):
        self.master = master
        self._copies = {copied: (root, master)}  # the top of a copy: its original and file
        self._paired: dict[etree._Element, dict[etree._Element, etree._Element]] = {}  # by top
        self._sources: dict[etree._Element, Source] = {}  # by the root of the original's tree

    def add(self, copied: etree._Element, original: etree._Element, path: str) -> None:
        self._copies[copied] = (original, path)

    def _pair(self, top: etree._Element) -> dict[etree._Element, etree._Element]:
        """Each node of the copy `top` with its original, one walk of both (a piece included
        below it is another copy: it replaced an xi:include, child for child)."""
        pairs: dict[etree._Element, etree._Element] = {}
        stack = [(top, self._copies[top][0])]
        while stack:
            copied, original = stack.pop()
            pairs[copied] = original
            if copied is top or copied not in self._copies:
                stack.extend(zip(copied, original))
        return pairs

    def problem(self, el: etree._Element, code: str, message: str) -> Problem:
        top: etree._Element | None = el
        while top is not None and top not in self._copies:
            top = top.getparent()
        if top is not None and top not in self._paired:
            self._paired[top] = self._pair(top)
        original = self._paired[top].get(el) if top is not None else None
        if top is None or original is None:  # not in a copy (not expected): its own line
            return Problem(self.master, el.sourceline or 1, 1, code, message)
        path = self._copies[top][1]
        root = original.getroottree().getroot()
        if root not in self._sources:
            self._sources[root] = Source(path, root)
        return Problem(path, *self._sources[root].tag(original), code, message)


def _resolve_xincludes(root: etree._Element, base: Path, places: _Places, depth: int = 0) -> list[str]:
    """Replace every xi:include below `root` by what it includes; return the included files."""
    included: list[str] = []
    for inc in list(root.iter(f"{{{XI_NS}}}include")):
        href = inc.get("href")
        if depth > _MAX_DEPTH:
            raise EditionError([places.problem(inc, "E0321", "XIncludes nested too deeply (a cycle?)")])
        if not href or _ABSOLUTE.match(href) or inc.get("parse", "xml") != "xml":
            raise EditionError([places.problem(inc, "E0321",
                                               f"xi:include href=\"{href}\": only local XML files can be included")])
        target = resolved_or_none(base / href) or base / href  # a loop of links: reading it says so
        doc = read_xml(target).getroot()
        pointer = inc.get("xpointer")
        if pointer:
            found = doc.xpath("//*[@xml:id=$id]", id=pointer)
            if not found:
                raise EditionError([places.problem(inc, "E0321", f"xi:include: no xml:id “{pointer}” in {href}")])
            doc = found[0]
        piece = copy.deepcopy(doc)
        places.add(piece, doc, str(target))
        included.append(Path(href).name)
        included += _resolve_xincludes(piece, target.parent, places, depth + 1)
        piece.tail = inc.tail
        parent = inc.getparent()
        assert parent is not None  # an xi:include inside the document, never its root
        parent.replace(inc, piece)
    return included


def included_files(tree: etree._ElementTree | etree._Element, base: Path, depth: int = 0) -> list[Path]:
    """The local files `tree` (read from the folder `base`) includes, and those they include:
    inputs of the build beside the master (what cannot be read is left to `published_tree`)."""
    found: list[Path] = []
    for inc in tree.iter(f"{{{XI_NS}}}include"):
        href = inc.get("href")
        if not href or _ABSOLUTE.match(href) or depth > _MAX_DEPTH:
            continue
        target = resolved_or_none(base / href) or base / href  # a loop of links: reading it says so
        found.append(target)
        try:
            found += included_files(read_xml(target), target.parent, depth + 1)
        except EditionError:
            pass
    return found


def _local_tokens(value: str, included: set[str], own_name: str) -> list[tuple[str, str]]:
    """(token, rewritten token) for each whitespace-separated token of a pointer attribute."""
    result = []
    for tok in value.split():
        new = tok
        if "#" in tok and not tok.startswith("#") and not _ABSOLUTE.match(tok):
            file_part, frag = tok.split("#", 1)
            if Path(file_part).name in included or Path(file_part).name == own_name:
                new = "#" + frag
        result.append((tok, new))
    return result


def published_tree(tree: etree._ElementTree, master: Path | str,
                   warnings: list[Problem] | None = None, base_url: str | None = None) -> etree._ElementTree:
    """The self-contained published form of `tree` (the parsed `master`); W0320 warnings (links
    to files outside) go to `warnings`. `base_url` (a build's `--base-url`) becomes the header's
    `idno type="URI"`, the address every other output of that build cites."""
    master = Path(master)
    root = copy.deepcopy(tree.getroot())
    _set_base_url(root, base_url)
    places = _Places(str(master), tree.getroot(), root)
    included = set(_resolve_xincludes(root, master.parent, places))
    ids = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    removed = removed_pointers(root)  # the history may name units since removed (as E0211 allows)
    problems: list[Problem] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in POINTER_ATTRIBUTES:
            value = el.get(attr)
            if not value:
                continue
            if attr == "ref" and etree.QName(el).localname in ("citeStructure", "citeData"):
                continue
            tokens = _local_tokens(value, included, master.name)
            rewritten = " ".join(new for _, new in tokens)
            if rewritten != value:
                el.set(attr, rewritten)
            for _, tok in tokens:
                if tok.startswith("#"):
                    if tok[1:] not in ids and not (attr == "target" and tok in removed and is_history(el)):
                        problems.append(places.problem(el, "E0320",
                                                       f"@{attr}=\"{tok}\" on <{etree.QName(el).localname}> points "
                                                       f"to no xml:id in the published file"))
                elif not _ABSOLUTE.match(tok) and attr in ("ref", "target", "corresp", "sameAs", "source",
                                                           "resp", "who", "ana", "copyOf", "next", "prev"):
                    problems.append(places.problem(el, "W0320",
                                                   f"@{attr}=\"{tok}\" on <{etree.QName(el).localname}> is a relative "
                                                   f"link to a file that is not part of the published TEI; make it an "
                                                   f"absolute URL"))
    if any(p.severity == "error" for p in problems):
        raise EditionError(problems)
    if warnings is not None:
        warnings.extend(problems)
    for el in root.xpath("//xi:*", namespaces={"xi": XI_NS}):
        raise EditionError([places.problem(el, "E0321", "unresolved XInclude element")])
    etree.cleanup_namespaces(root)
    out = etree.ElementTree(root)
    # keep top-level comments/PIs, except those pointing to local files (e.g. xml-model to ../schemas)
    for sibling in list(tree.getroot().itersiblings(preceding=True))[::-1]:
        if isinstance(sibling, etree._ProcessingInstruction):
            href = sibling.get("href") or ""
            if href and not _ABSOLUTE.match(href):
                continue
        root.addprevious(copy.deepcopy(sibling))
    return out


def _set_base_url(root: etree._Element, base_url: str | None) -> None:
    """The first `idno type="URI"` of publicationStmt, the one `record.base_url` reads, says
    `base_url`: without it the TEI of a `--base-url` build named the header's address while its
    site, DTS and citations named the other, and a rebuild from the TEI cited the first."""
    if not base_url:
        return
    found = root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}publicationStmt/{{{TEI_NS}}}idno[@type='URI']")
    if found is not None:  # always there in a valid master (E0235)
        for child in list(found):
            found.remove(child)
        found.text = base_url


def published_bytes(tree: etree._ElementTree, master: Path | str, warnings: list[Problem] | None = None,
                    base_url: str | None = None) -> bytes:
    return etree.tostring(published_tree(tree, master, warnings, base_url), xml_declaration=True,
                          encoding="UTF-8") + b"\n"


def with_schemas(tree: etree._ElementTree) -> etree._ElementTree:
    """`tree` with an xml-model processing instruction per schema, each naming the file by its
    name alone (the schemas are published in the same folder)."""
    root = tree.getroot()
    for text in XML_MODELS:
        root.addprevious(etree.ProcessingInstruction("xml-model", text))
    return tree


_SCHEMA_PI = re.compile(rb'<\?xml-model href="[^"/:]+" type="application/xml" schematypens="[^"]+"\?>')


def without_schemas(data: bytes) -> bytes:
    """The published TEI's bytes without the xml-model instructions `with_schemas` added: a copy
    served elsewhere (the DTS document) has no schema files beside it."""
    return _SCHEMA_PI.sub(b"", data)


def publish_tei(ctx: StageContext) -> None:
    folder = ctx.out / "tei"
    folder.mkdir(parents=True, exist_ok=True)
    tree = with_schemas(published_tree(ctx.tree, ctx.master, ctx.warnings, ctx.base_url))
    (folder / f"{paths.BASENAME}.xml").write_bytes(
        etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n")
    for path, _ in SCHEMAS:
        shutil.copyfile(path, folder / path.name)
    publish_lock(ctx.master, folder)
    publish_sources(Path(ctx.master), ctx.tree, folder, ctx.warnings)


def publish_lock(master: Path, folder: Path) -> None:
    """The master's anchor lock beside the published TEI, named for it (`lock_path`): a master
    made from the published file keeps its anchors' fingerprints, removals and decisions, so an
    edit of a unit stops its build as it stops the edition's (E0312) rather than changing what
    a citation names silently. A master without a lock publishes none."""
    lock_file = lock_path(master)
    if not os.path.lexists(lock_file):
        return
    data = load_lock(lock_file)  # read as the anchors stage reads it (E0310, E0311)
    data["document"] = f"{paths.BASENAME}.xml"
    (folder / lock_path(data["document"]).name).write_text(dump_lock(data), encoding="utf-8")
