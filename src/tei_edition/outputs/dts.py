"""`build/dts/`: a static DTS 1.0 API (Level 0: every call but `start`/`end` ranges).

Generated from the header's citation scheme (`dts_scheme`), as files a static server can serve.
The URI templates of the entry point expand, RFC 6570, to these file names:

    /dts/index.json                                        entry point (also served at /dts/)
    /dts/collection{/id}{;nav}.json                        collection.json (root), collection/<resource>.json,
                                                           collection/<resource>;nav=parents.json
    /dts/navigation/{resource}{;tree,down}{/ref}.json      e.g. navigation/<resource>;down=-1.json (whole tree),
                                                           navigation/<resource>;down=1.json (level 1),
                                                           navigation/<resource>/p42.json (one unit),
                                                           navigation/<resource>;tree=section;down=1/s3.json
    /dts/document/{resource}{;tree}{/ref}.xml              document/<resource>.xml (whole TEI),
                                                           document/<resource>/p42.xml (unit in dts:wrapper)

`tei-edition serve` (Level 1) answers the query forms (`/dts/navigation/?resource=…&start=…&end=…`)
with the same builders (`DtsExport` with `QUERY` templates; `dts_ranges.range_span`, `range_members`,
`range_cover`, `navigation_text`, `fragment`), so what it computes for one unit is, byte for byte,
what these files hold.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from tei_edition.core import paths
from tei_edition.citation.scheme import CitationTree, Unit, read_trees
from tei_edition.core.xmlio import NS, TEI_NS, XML_NS

CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_NS = "https://w3id.org/api/dts#"
VERSION = "1.0"
ROOT = "/dts"
ROOT_COLLECTION = "tei-edition"
ENTRY_TEMPLATES = {
    "collection": f"{ROOT}/collection{{/id}}{{;nav}}.json",
    "navigation": f"{ROOT}/navigation/{{resource}}{{;tree,down}}{{/ref}}.json",
    "document": f"{ROOT}/document/{{resource}}{{;tree}}{{/ref}}.xml",
}


class StaticTemplates:
    """URI templates of the static files (Level 0): no `start`/`end`, file names only."""

    entry = ENTRY_TEMPLATES

    @staticmethod
    def collection(id_: str | None) -> str:
        return f"{ROOT}/collection/{id_}{{;nav}}.json" if id_ else f"{ROOT}/collection{{;nav}}.json"

    @staticmethod
    def navigation(resource: str) -> str:
        return f"{ROOT}/navigation/{resource}{{;tree,down}}{{/ref}}.json"

    @staticmethod
    def document(resource: str) -> str:
        return f"{ROOT}/document/{resource}{{;tree}}{{/ref}}.xml"


class QueryTemplates:
    """URI templates of `tei-edition serve` (Level 1): the spec's query form, with `start`/`end`."""

    entry = {
        "collection": f"{ROOT}/collection/{{?id,nav}}",
        "navigation": f"{ROOT}/navigation/{{?resource,ref,start,end,down,tree}}",
        "document": f"{ROOT}/document/{{?resource,ref,start,end,tree,mediaType}}",
    }

    @staticmethod
    def collection(id_: str | None) -> str:
        return f"{ROOT}/collection/?id={quote(id_, safe='')}{{&nav}}" if id_ else f"{ROOT}/collection/{{?id,nav}}"

    @staticmethod
    def navigation(resource: str) -> str:
        return f"{ROOT}/navigation/?resource={quote(resource, safe='')}{{&ref,start,end,down,tree}}"

    @staticmethod
    def document(resource: str) -> str:
        return f"{ROOT}/document/?resource={quote(resource, safe='')}{{&ref,start,end,tree,mediaType}}"


STATIC = StaticTemplates()
QUERY = QueryTemplates()


def entry_point(templates=STATIC) -> dict:
    return {"@context": CONTEXT, "dtsVersion": VERSION, "@id": f"{ROOT}/", "@type": "EntryPoint",
            **templates.entry}


# --- file names (shared with serve) --------------------------------------------------------

def collection_path(id_: str | None = None, nav: str | None = None) -> str:
    path = f"{ROOT}/collection" + (f"/{id_}" if id_ else "")
    if nav and nav != "children":
        path += f";nav={nav}"
    return path + ".json"


def navigation_path(resource: str, tree: str | None = None, down: int | None = None, ref: str | None = None) -> str:
    path = f"{ROOT}/navigation/{resource}"
    if tree:
        path += f";tree={tree}"
    if down is not None:
        path += f";down={down}"
    if ref:
        path += f"/{ref}"
    return path + ".json"


def document_path(resource: str, tree: str | None = None, ref: str | None = None) -> str:
    path = f"{ROOT}/document/{resource}"
    if tree:
        path += f";tree={tree}"
    if ref:
        path += f"/{ref}"
    return path + ".xml"


# --- metadata ------------------------------------------------------------------------------

def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def edition_metadata(tree: etree._ElementTree, base_url: str | None = None) -> dict:
    """Dublin Core of the edition; its identifier is `base_url` (`--base-url`) else the header's."""
    root = tree.getroot()
    fd = root.find("tei:teiHeader/tei:fileDesc", NS)
    lang = root.get(f"{{{XML_NS}}}lang") or "en"
    main = _text(fd.find("tei:titleStmt/tei:title[@type='main']", NS)) if fd is not None else ""
    if not main and fd is not None:
        main = _text(fd.find("tei:titleStmt/tei:title", NS))
    sub = _text(fd.find("tei:titleStmt/tei:title[@type='sub']", NS)) if fd is not None else ""
    title = f"{main}: {sub}" if main and sub else main
    dc: dict = {"title": [{"lang": lang, "value": title}]}
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


def _citable_unit(u: Unit, lang: str) -> dict:
    out: dict = {"identifier": u.ref, "@type": "CitableUnit", "level": u.level, "parent": u.parent,
                 "citeType": u.cite_type}
    dc: dict = {}
    extensions: dict = {}
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
    def __init__(self, tree: etree._ElementTree, path: str, resource: str = paths.BASENAME,
                 published: bytes | None = None, templates=STATIC, base_url: str | None = None):
        self.templates = templates
        self.tree = tree
        self.path = path
        self.resource = resource
        self.trees: list[CitationTree] = read_trees(tree, path)
        self.meta = edition_metadata(tree, base_url)
        self.lang = tree.getroot().get(f"{{{XML_NS}}}lang") or "en"
        self.published = published
        self.files: dict[str, bytes] = {}

    # objects
    def resource_object(self, full: bool = True) -> dict:
        r = self.resource
        obj: dict = {
            "@id": r,
            "@type": "Resource",
            "title": self.meta["title"],
            "totalParents": 1,
            "totalChildren": 0,
        }
        if full:
            obj["dublinCore"] = self.meta["dublinCore"]
        obj.update({
            "collection": self.templates.collection(r),
            "navigation": self.templates.navigation(r),
            "document": self.templates.document(r),
            "download": f"/tei/{paths.BASENAME}.xml",
            "mediaTypes": ["application/tei+xml"],
            "citationTrees": [ct.as_dts() for ct in self.trees],
        })
        return obj

    def root_collection(self) -> dict:
        return {
            "@context": CONTEXT, "dtsVersion": VERSION,
            "@id": ROOT_COLLECTION, "@type": "Collection",
            "title": "tei-edition",
            "description": "Scholarly TEI editions built by tei-edition.",
            "totalParents": 0, "totalChildren": 1,
            "collection": self.templates.entry["collection"],
            "member": [self.resource_object()],
        }

    def resource_collection(self, nav: str = "children") -> dict:
        obj = {"@context": CONTEXT, "dtsVersion": VERSION, **self.resource_object()}
        if nav == "parents":
            obj["member"] = [{
                "@id": ROOT_COLLECTION, "@type": "Collection", "title": "tei-edition",
                "totalParents": 0, "totalChildren": 1,
                "collection": self.templates.collection(None),
            }]
        return obj

    def navigation(self, ct: CitationTree, down: int | None, ref: Unit | None, id_: str | None = None) -> dict:
        obj: dict = {
            "@context": CONTEXT, "dtsVersion": VERSION, "@type": "Navigation",
            "@id": id_ or navigation_path(self.resource, ct.identifier, down, ref.ref if ref else None),
            "resource": self.resource_object(full=False),
        }
        if ref is not None:
            obj["ref"] = _citable_unit(ref, self.lang)
        members = self.members(ct, down, ref)
        if members is not None:
            obj["member"] = [_citable_unit(u, self.lang) for u in members]
        return obj

    def unit_texts(self, ct: CitationTree) -> dict[int, str]:
        """Each unit's CitableUnit as compact JSON, by `id(unit)`: encoded once, reused by every
        answer that names the unit."""
        return {id(u): _COMPACT(_citable_unit(u, self.lang)) for u in ct.units}

    def resource_text(self) -> str:
        return _COMPACT(self.resource_object(full=False))

    @staticmethod
    def navigation_text(id_: str, anchors: list[tuple[str, Unit]], members: list[Unit] | None,
                        units: dict[int, str], resource: str) -> str:
        """A Navigation object as compact JSON (`json.dumps(…, separators=(",", ":"))`),
        assembled from the units' JSON encoded once each (compact JSON of an object is the
        concatenation of its members' compact JSON). `anchors`: `[("ref", unit)]` or
        `[("start", unit), ("end", unit)]`; `members`: None for no `member` property."""
        head = _COMPACT({"@context": CONTEXT, "dtsVersion": VERSION, "@type": "Navigation", "@id": id_})
        parts = [head[:-1], ',"resource":', resource]
        for key, unit in anchors:
            parts += [f',"{key}":', units[id(unit)]]
        if members is not None:
            parts += [',"member":[', ",".join(units[id(u)] for u in members), "]"]
        parts.append("}")
        return "".join(parts)

    def _navigation_compact(self, ct: CitationTree, down: int | None, ref: Unit, units: dict[int, str],
                            resource: str) -> str:
        """The static per-unit file: `json.dumps(self.navigation(ct, down, ref), separators=(",", ":"))`."""
        return self.navigation_text(navigation_path(self.resource, ct.identifier, down, ref.ref), [("ref", ref)],
                                    self.members(ct, down, ref), units, resource)

    @staticmethod
    def members(ct: CitationTree, down: int | None, ref: Unit | None) -> list[Unit] | None:
        """The spec's table "Usage of down, ref, start and end" (without start/end)."""
        if down is None:
            return None
        if ref is None:
            return [u for u in ct.units if down == -1 or u.level <= down]
        if down == 0:
            return [u for u in ct.units if u.parent == ref.parent]
        result = [ref]

        def below(u: Unit):
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
        return etree.tostring(tei, xml_declaration=True, encoding="UTF-8") + b"\n"

    def build(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}

        def put_json(path: str, obj: dict, compact: bool = False) -> None:
            text = json.dumps(obj, ensure_ascii=False, separators=(",", ":")) if compact else \
                json.dumps(obj, ensure_ascii=False, indent=1)
            files[path] = (text + "\n").encode("utf-8")

        put_json(f"{ROOT}/index.json", entry_point())
        put_json(collection_path(), self.root_collection())
        put_json(collection_path(ROOT_COLLECTION), self.root_collection())
        put_json(collection_path(self.resource), self.resource_collection())
        put_json(collection_path(self.resource, "parents"), self.resource_collection("parents"))
        whole = self.published
        if whole is None:
            whole = etree.tostring(self.tree, xml_declaration=True, encoding="UTF-8") + b"\n"
        files[document_path(self.resource)] = whole
        for ct in self.trees:
            depth = ct.depth()
            for down in [-1, *range(1, max(depth, 1) + 1)]:
                put_json(navigation_path(self.resource, ct.identifier, down), self.navigation(ct, down, None))
            units = self.unit_texts(ct)
            resource = self.resource_text()
            for u in ct.units:
                downs: list[int | None] = [None, 0, -1, *range(1, max(depth - u.level, 1) + 1)]
                for down in downs:
                    text = self._navigation_compact(ct, down, u, units, resource)
                    files[navigation_path(self.resource, ct.identifier, down, u.ref)] = (text + "\n").encode("utf-8")
                files[document_path(self.resource, ct.identifier, u.ref)] = self.fragment(u)
        self.files = files
        return files


def write_files(out: Path, files: dict[str, bytes]) -> None:
    """Write `files` ({"/dts/…": bytes}) below `out`: each folder made once, each file with
    three system calls (open, write, close); creating ~1,000 files is most of this stage."""
    root = os.fspath(out)
    targets = [(root + "/" + rel.lstrip("/"), data) for rel, data in files.items()]
    for folder in sorted({os.path.dirname(t) for t, _ in targets}):
        os.makedirs(folder, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
    for target, data in targets:
        fd = os.open(target, flags, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)


def write_dts(out: Path, tree: etree._ElementTree, path: str, published: bytes | None = None,
              base_url: str | None = None) -> int:
    """Write the static DTS API below `out` (the build folder); return the number of files."""
    files = DtsExport(tree, path, published=published, base_url=base_url).build()
    write_files(out, files)
    return len(files)


def build_dts(ctx) -> None:
    published = ctx.out / "tei" / f"{paths.BASENAME}.xml"
    if published.is_file():
        data = published.read_bytes()
    else:
        from tei_edition.outputs.tei import published_tree

        data = etree.tostring(published_tree(ctx.tree, ctx.master), xml_declaration=True, encoding="UTF-8") + b"\n"
    write_dts(ctx.out, ctx.tree, str(ctx.master), published=data, base_url=ctx.base_url)
