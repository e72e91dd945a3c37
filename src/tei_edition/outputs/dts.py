"""`build/dts/`: a static DTS 1.0 API (Level 0: every call but `start`/`end` ranges).

Generated from the header's citation scheme (`citation.scheme`), as files a static server can
serve, with absolute URLs below the edition's base URL (`dts_urls.static_urls`: `build/dts/` is
published at `{base URL}dts/`). The entry point's URI templates expand, RFC 6570, to these files:

    dts/index.json                                         entry point
    dts/collection{/id}{;nav}.json                         collection.json (root), collection/<resource>.json,
                                                           collection/<resource>;nav=parents.json, …
    dts/navigation/{resource}{;tree,down}{/ref}.json       navigation/<resource>;down=-1.json (whole tree),
                                                           navigation/<resource>;down=1.json (level 1),
                                                           navigation/<resource>/p42.json (one unit),
                                                           navigation/<resource>;tree=section;down=1/s3.json
    dts/document/{resource}{;tree}{/ref}.xml               document/<resource>.xml (whole TEI, also under
                                                           each ;tree=), document/<resource>/p42.xml
                                                           (the unit in dts:wrapper)

Every expansion that is a valid request has a file: each `nav`, each tree, each reference of the
tree, and `down` -1, 0 (with a reference) and 1 up to the depth of the deepest citation tree
(a larger `down` answers what -1 answers, and has no file: `serve` at Level 0 maps it to -1's).
The spec's 400s (no `ref` and no `down`; `down=0` without `ref`) have none. Sibling lists (`down=0`) are paged (`dts_pages`).

`tei-edition serve` (Level 1) answers the query forms (`/dts/navigation/?resource=…&start=…`)
with the same builders (`DtsExport` with `dts_urls.query_urls`; `dts_ranges`; `fragment`), so
what it computes for one unit is what these files hold, but for the URLs.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from tei_edition.core import paths
from tei_edition.core.context import StageContext
from tei_edition.citation.cite import base_url as edition_uri
from tei_edition.citation.scheme import CitationTree, Unit, read_trees
from tei_edition.citation.record import full_title, text_of
from tei_edition.core.xmlio import NS, TEI_NS, XML_NS
from tei_edition.outputs.dts_pages import PAGE_SIZE, Page, Siblings, pagination
from tei_edition.outputs.dts_urls import (ROOT, ROOT_COLLECTION, DtsUrls, absolute_prefix, static_urls,
                                          collection_path, document_path, navigation_path)

__all__ = ["CONTEXT", "DTS_NS", "VERSION", "ROOT", "ROOT_COLLECTION", "DtsExport", "entry_point",
           "collection_path", "document_path", "navigation_path", "write_dts", "build_dts"]

CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_NS = "https://w3id.org/api/dts#"
VERSION = "1.0"
MEDIA_TYPES = ["application/tei+xml"]


def entry_point(urls: DtsUrls) -> dict[str, Any]:
    return {"@context": CONTEXT, "dtsVersion": VERSION, "@id": urls.entry_id(), "@type": "EntryPoint",
            **urls.entry()}


# --- metadata ------------------------------------------------------------------------------

def _text(el: etree._Element | None) -> str:
    return text_of(el)  # the edited reading, as the record's


def edition_metadata(tree: etree._ElementTree, base_url: str | None = None) -> dict[str, Any]:
    """Dublin Core of the edition; its identifier is `base_url` (`--base-url`) else the header's."""
    root = tree.getroot()
    fd = root.find("tei:teiHeader/tei:fileDesc", NS)
    lang = root.get(f"{{{XML_NS}}}lang") or "en"
    main = _text(fd.find("tei:titleStmt/tei:title[@type='main']", NS)) if fd is not None else ""
    if not main and fd is not None:
        main = _text(fd.find("tei:titleStmt/tei:title", NS))
    sub = _text(fd.find("tei:titleStmt/tei:title[@type='sub']", NS)) if fd is not None else ""
    title = full_title(main, sub)
    dc: dict[str, Any] = {"title": [{"lang": lang, "value": title}]}
    authors = [_text(a) for a in fd.findall("tei:titleStmt/tei:author", NS)] if fd is not None else []
    if authors:
        dc["creator"] = authors
    editors = [_text(e) for e in fd.findall("tei:titleStmt/tei:editor", NS)] if fd is not None else []
    if editors:
        dc["contributor"] = editors
    pub = fd.find("tei:publicationStmt", NS) if fd is not None else None
    if pub is not None:
        publisher = _text(pub.find("tei:publisher", NS))
        if publisher:
            dc["publisher"] = [publisher]
        date = pub.find("tei:date", NS)
        if date is not None and date.get("when"):
            dc["date"] = date.get("when")
        uri = base_url or _text(pub.find("tei:idno[@type='URI']", NS))
        if uri:
            dc["identifier"] = [uri]
        licence = pub.find(".//tei:licence", NS)
        if licence is not None and licence.get("target"):
            dc["license"] = licence.get("target")
    dc["language"] = [lang]
    dc["type"] = ["Text"]
    return {"title": title, "dublinCore": dc}


def _citable_unit(u: Unit, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"identifier": u.ref, "@type": "CitableUnit", "level": u.level, "parent": u.parent,
                 "citeType": u.cite_type}
    dc: dict[str, Any] = {}
    extensions: dict[str, Any] = {}
    for prop, values in u.metadata.items():
        if prop.startswith("http://purl.org/dc/terms/"):
            key = prop.rsplit("/", 1)[1]
            dc[key] = [{"lang": lang, "value": v} for v in values] if key in ("title", "description") else values
        else:
            extensions[prop] = values
    if dc:
        out["dublinCore"] = dc
    if extensions:
        out["extensions"] = extensions
    return out


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_IN_SCOPE_LANG = etree.XPath("string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)")


# --- the export ----------------------------------------------------------------------------

class DtsExport:
    """The DTS answers about one published TEI file (`resource`: its file name; `uri`: the
    edition's permanent URI, `--base-url` or the header's)."""

    def __init__(self, tree: etree._ElementTree, path: str, resource: str = paths.BASENAME,
                 published: bytes | None = None, base_url: str | None = None, page_size: int = PAGE_SIZE):
        self.tree = tree
        self.path = path
        self.resource = resource
        self.trees: list[CitationTree] = read_trees(tree, path)
        self.uri = edition_uri(tree, base_url)
        self.meta = edition_metadata(tree, base_url)
        self.lang = tree.getroot().get(f"{{{XML_NS}}}lang") or "en"
        self.published = published
        self.siblings = {ct.identifier: Siblings(ct, page_size) for ct in self.trees}
        # `down` 1…this has a file for every unit of every tree (larger values answer what -1 does)
        self.max_down = max([1, *(ct.depth() for ct in self.trees)])

    # objects
    def resource_object(self, urls: DtsUrls, full: bool = True) -> dict[str, Any]:
        name, uri = self.resource, self.uri
        obj: dict[str, Any] = {
            "@id": urls.resource_id(name, uri),
            "@type": "Resource",
            "title": self.meta["title"],
            "totalParents": 1,
            "totalChildren": 0,
        }
        if full:
            obj["dublinCore"] = self.meta["dublinCore"]
        obj.update({
            "collection": urls.collection(urls.resource_id(name, uri)),
            "navigation": urls.navigation(name, uri),
            "document": urls.document(name, uri),
            "download": urls.download(name),
            "mediaTypes": MEDIA_TYPES,
            "citationTrees": [ct.as_dts() for ct in self.trees],
        })
        return obj

    def root_collection(self, urls: DtsUrls, nav: str = "children") -> dict[str, Any]:
        return {
            "@context": CONTEXT, "dtsVersion": VERSION,
            "@id": urls.root_id(), "@type": "Collection",
            "title": "tei-edition",
            "description": "Scholarly TEI editions built by tei-edition.",
            "totalParents": 0, "totalChildren": 1,
            "collection": urls.collection(None),
            "member": [] if nav == "parents" else [self.resource_object(urls)],
        }

    def resource_collection(self, urls: DtsUrls, nav: str = "children") -> dict[str, Any]:
        obj = {"@context": CONTEXT, "dtsVersion": VERSION, **self.resource_object(urls)}
        if nav == "parents":
            obj["member"] = [{
                "@id": urls.root_id(), "@type": "Collection", "title": "tei-edition",
                "totalParents": 0, "totalChildren": 1,
                "collection": urls.collection(None),
            }]
        return obj

    def navigation(self, urls: DtsUrls, ct: CitationTree, down: int | None, id_: str) -> dict[str, Any]:
        """A Navigation object without `ref` (the whole tree down to `down`)."""
        obj: dict[str, Any] = {
            "@context": CONTEXT, "dtsVersion": VERSION, "@type": "Navigation", "@id": id_,
            "resource": self.resource_object(urls, full=False),
        }
        members = self.members(ct, down, None)
        if members is not None:
            obj["member"] = [_citable_unit(u, self.lang) for u in members]
        return obj

    def unit_texts(self, ct: CitationTree) -> dict[int, str]:
        """Each unit's CitableUnit as compact JSON, by `id(unit)`: encoded once, reused by every
        answer that names the unit."""
        return {id(u): _COMPACT(_citable_unit(u, self.lang)) for u in ct.units}

    def resource_text(self, urls: DtsUrls) -> str:
        return _COMPACT(self.resource_object(urls, full=False))

    @staticmethod
    def navigation_text(id_: str, anchors: list[tuple[str, Unit]], members: list[Unit] | None,
                        units: dict[int, str], resource: str, view: dict[str, Any] | None = None) -> str:
        """A Navigation object as compact JSON (`json.dumps(…, separators=(",", ":"))`),
        assembled from the units' JSON encoded once each (compact JSON of an object is the
        concatenation of its members' compact JSON). `anchors`: `[("ref", unit)]` or
        `[("start", unit), ("end", unit)]`; `members`: None for no `member` property; `view`:
        the Pagination of a paged answer."""
        head = _COMPACT({"@context": CONTEXT, "dtsVersion": VERSION, "@type": "Navigation", "@id": id_})
        parts = [head[:-1], ',"resource":', resource]
        for key, unit in anchors:
            parts += [f',"{key}":', units[id(unit)]]
        if members is not None:
            parts += [',"member":[', ",".join(units[id(u)] for u in members), "]"]
        if view is not None:
            parts += [',"view":', _COMPACT(view)]
        parts.append("}")
        return "".join(parts)

    def sibling_page(self, ct: CitationTree, unit: Unit, number: int | None = None) -> Page:
        """`down=0`: a page of `unit`'s siblings (without `number`, the page that holds it)."""
        return self.siblings[ct.identifier].page(unit, number)

    def _static_unit_text(self, urls: DtsUrls, ct: CitationTree, down: int | None, ref: Unit,
                          units: dict[int, str], resource: str) -> str:
        """The static per-unit file: its `@id` is its own URL; a page of siblings links to the
        files of the pages' first units."""
        own = urls.navigation_url(self.resource, ct.identifier, down, ref.ref)
        if down != 0:
            return self.navigation_text(own, [("ref", ref)], self.members(ct, down, ref), units, resource)
        page = self.sibling_page(ct, ref)
        view = pagination(page, own, lambda k: urls.navigation_url(self.resource, ct.identifier, 0,
                                                                   page.firsts[k - 1].ref))
        return self.navigation_text(own, [("ref", ref)], page.members, units, resource, view)

    def members(self, ct: CitationTree, down: int | None, ref: Unit | None) -> list[Unit] | None:
        """The spec's table "Usage of down, ref, start and end" (without start/end); `down=0`
        gives every sibling (answers page them: `sibling_page`)."""
        if down is None:
            return None
        if ref is None:
            return [u for u in ct.units if down == -1 or u.level <= down]
        if down == 0:
            return list(self.siblings[ct.identifier].of(ref))
        result = [ref]

        def below(u: Unit) -> None:
            for c in u.children:
                if down == -1 or c.level <= ref.level + down:
                    result.append(c)
                    below(c)

        below(ref)
        return result

    def fragment(self, unit: Unit | list[Unit]) -> bytes:
        """The unit, or the units of a range in document order, in `TEI/dts:wrapper`. The TEI
        root carries the xml:lang the (first) unit inherits (XML 1.0, 2.12: it is in scope for
        the descendants), so the fragment keeps its language, as the reference implementation's
        passages do (they copy the ancestors' attributes); a later unit of a range that inherits
        another language gets it on its copy. Units of a range are separated by a newline."""
        units = unit if isinstance(unit, list) else [unit]
        tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS, "dts": DTS_NS})

        def inherited(u: Unit) -> str:
            parent = u.element.getparent()
            return _IN_SCOPE_LANG(parent) if parent is not None else ""

        lang = inherited(units[0]) if units else ""
        if lang:
            tei.set(f"{{{XML_NS}}}lang", lang)
        wrapper = etree.SubElement(tei, f"{{{DTS_NS}}}wrapper")
        for i, u in enumerate(units):
            piece = copy.deepcopy(u.element)
            own = inherited(u)
            if own != lang and piece.get(f"{{{XML_NS}}}lang") is None:
                piece.set(f"{{{XML_NS}}}lang", own)
            piece.tail = "\n" if i < len(units) - 1 else None
            wrapper.append(piece)
        etree.cleanup_namespaces(tei, top_nsmap={None: TEI_NS, "dts": DTS_NS})
        return bytes(etree.tostring(tei, xml_declaration=True, encoding="UTF-8")) + b"\n"

    def build(self, urls: DtsUrls | None = None) -> dict[str, bytes]:
        """Every file of the static export, by path below the build folder (`/dts/…`)."""
        return dict(self.iter_files(urls))

    def iter_files(self, urls: DtsUrls | None = None) -> Iterator[tuple[str, bytes]]:
        """`build`'s files one by one: written as they come, the export is never all in memory
        (at k = 64 it held 200 MB while the print edition's Typst ran beside it)."""
        urls = urls or static_urls(absolute_prefix(self.uri))

        def as_json(obj: dict[str, Any]) -> bytes:
            return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

        yield f"{ROOT}/index.json", as_json(entry_point(urls))
        for nav in (None, "children", "parents"):
            root = as_json(self.root_collection(urls, nav or "children"))
            yield collection_path(None, nav), root
            yield collection_path(ROOT_COLLECTION, nav), root
            yield collection_path(self.resource, nav), as_json(self.resource_collection(urls, nav or "children"))
        whole = self.published
        if whole is None:
            whole = etree.tostring(self.tree, xml_declaration=True, encoding="UTF-8") + b"\n"
        resource = self.resource_text(urls)
        downs = range(1, self.max_down + 1)
        for ct in self.trees:
            tree = ct.identifier
            yield document_path(self.resource, tree), whole  # `tree` has no effect without `ref`
            for down in [-1, *downs]:
                yield navigation_path(self.resource, tree, down), as_json(
                    self.navigation(urls, ct, down, urls.navigation_url(self.resource, tree, down, None)))
            units = self.unit_texts(ct)
            for u in ct.units:
                for unit_down in [None, 0, -1, *downs]:
                    text = self._static_unit_text(urls, ct, unit_down, u, units, resource)
                    yield navigation_path(self.resource, tree, unit_down, u.ref), (text + "\n").encode("utf-8")
                yield document_path(self.resource, tree, u.ref), self.fragment(u)


def write_files(out: Path, files: Iterable[tuple[str, bytes]],
                keep: Callable[[str, bytes], bool] | None = None) -> int:
    """Write `files` (("/dts/…", bytes) pairs, as they come) below `out`: each folder made once,
    each file with three system calls (open, write, close); creating ~1,000 files is most of this
    stage. `keep(path, bytes)` (an incremental build's `Reuse.keep`) may put the previous build's
    identical file there instead (True: nothing to write). Returns the number of files."""
    root = os.fspath(out)
    made: set[str] = set()
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
    count = 0
    for path, data in files:
        count += 1
        rel = path.lstrip("/")
        folder = os.path.dirname(rel)
        if folder not in made:
            os.makedirs(os.path.join(root, folder), exist_ok=True)
            made.add(folder)
        if keep is not None and keep(rel, data):
            continue
        fd = os.open(root + "/" + rel, flags, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    return count


def write_dts(out: Path, tree: etree._ElementTree, path: str, published: bytes | None = None,
              base_url: str | None = None, keep: Callable[[str, bytes], bool] | None = None) -> int:
    """Write the static DTS API below `out` (the build folder); return the number of files."""
    return write_files(out, DtsExport(tree, path, published=published, base_url=base_url).iter_files(), keep)


def build_dts(ctx: StageContext) -> None:
    published = ctx.out / "tei" / f"{paths.BASENAME}.xml"
    if published.is_file():
        from tei_edition.outputs.tei import without_schemas

        data = without_schemas(published.read_bytes())
    else:
        from tei_edition.outputs.tei import published_bytes

        data = published_bytes(ctx.tree, ctx.master, base_url=ctx.base_url)
    reuse = getattr(ctx, "reuse", None)  # an incremental build keeps the unchanged files
    write_dts(ctx.out, ctx.tree, str(ctx.master), published=data, base_url=ctx.base_url,
              keep=reuse.keep if reuse is not None else None)
