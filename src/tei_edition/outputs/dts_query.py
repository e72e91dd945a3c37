"""DTS requests in the spec's query form, checked once (`parse_query`), and answered two ways:

* Level 0 (`static_path`): the static file that answers the request, for a build folder without
  its published TEI (no ranges; a page of siblings is the file its `view` links name);
* Level 1 (`Edition`): computed from the published TEI (`build/tei/*.xml`, read once a build) with the
  builders of the static export (`DtsExport`, `dts_ranges`, `dts_pages`), `start`/`end` ranges
  and `page` included, with absolute URLs below the request's public prefix (`dts_urls.query_urls`).

A resource is named by its permanent URI (its `@id`) or by its file name; the root collection
by its `@id` or `tei-edition`.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, quote, urlencode, urlsplit, urlunsplit

from tei_edition.citation.scheme import CitationTree, Unit
from tei_edition.core.files import resolved_or_none
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs import dts, dts_ranges
from tei_edition.outputs.dts_pages import Page, PageError, pagination
from tei_edition.outputs.dts_urls import ROOT, ROOT_COLLECTION, DtsUrls
from tei_edition.outputs.tei import without_schemas

TEI_MEDIA = "application/tei+xml"
JSONLD_MEDIA = "application/ld+json"
ENDPOINTS = ("collection", "navigation", "document")
PARAMETERS = ("id", "nav", "resource", "ref", "start", "end", "down", "tree", "page", "mediaType")


class DtsError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Query:
    """A checked DTS request: the spec's 400s are raised by `parse_query`, its 404s by the answer."""

    endpoint: str  # entry, collection, navigation or document
    id: str | None = None
    nav: str = "children"
    resource: str | None = None
    ref: str | None = None
    start: str | None = None
    end: str | None = None
    down: int | None = None
    tree: str | None = None
    page: int | None = None
    media_type: str | None = None


def endpoint_of(url_path: str) -> str | None:
    """"entry", "collection", "navigation" or "document" for the DTS query URLs, else None."""
    path = url_path.rstrip("/")
    if path == ROOT:
        return "entry"
    if path.startswith(ROOT + "/") and path.count("/") == 2:
        name = path.rsplit("/", 1)[-1]
        if name in ENDPOINTS:
            return name
    return None


def _integer(query: dict[str, list[str]], name: str, minimum: int) -> int | None:
    values = query.get(name)
    if not values or not values[0]:  # empty: not given, as every parameter (`parse_query`)
        return None
    if not re.fullmatch(r"-?[0-9]{1,4000}", values[0]):  # int() takes ' 1', '1_0', '١'
        raise DtsError(400, f"{name} must be an integer")
    value = int(values[0])
    if value < minimum:
        raise DtsError(400, f"{name} must be {minimum} or more")
    return value


def parse_query(endpoint: str, query_string: str) -> Query:
    """The request's parameters, with the spec's 400s for their combinations. An empty value
    (`down=`, `tree=`) is no value: the parameter counts as not given, whichever it is (the spec's
    400 for "no resource value is provided"; RFC 6570 gives an empty string no other meaning)."""
    try:
        query = parse_qs(query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise DtsError(400, "a parameter is not UTF-8 once percent-decoded") from None
    for name, values in query.items():
        if any(ord(c) < 32 or ord(c) == 127 for text in (name, *values) for c in text):
            raise DtsError(400, f"the parameter {name[:40]!r} holds a control character")
        if len(values) > 1 and name in PARAMETERS:  # which one was meant?
            raise DtsError(400, f"{name} is given {len(values)} times: give it once")

    def one(name: str) -> str | None:
        values = query.get(name)
        return values[0] or None if values else None

    if endpoint == "entry":
        return Query("entry")
    if endpoint == "collection":
        nav = one("nav") or "children"
        if nav not in ("children", "parents"):
            raise DtsError(400, "nav must be children or parents")
        return Query("collection", id=one("id"), nav=nav, page=_integer(query, "page", 1))
    resource = one("resource")
    if not resource:
        raise DtsError(400, "the resource parameter is required")
    ref, start, end = one("ref"), one("start"), one("end")
    if ref and (start or end):
        raise DtsError(400, "ref cannot be used with start/end")
    if bool(start) != bool(end):
        raise DtsError(400, "start and end go together: give both or neither")
    if endpoint == "document":
        return Query("document", resource=resource, ref=ref, start=start, end=end, tree=one("tree"),
                     media_type=one("mediaType"))
    down = _integer(query, "down", -1)
    if not ref and not start and down is None:
        raise DtsError(400, "give ref, start and end, or down")
    if down == 0 and not ref:
        raise DtsError(400, "down=0 needs ref: it asks for the siblings of one unit, "
                            "not of a range" if start else "down=0 needs ref")
    return Query("navigation", resource=resource, ref=ref, start=start, end=end, down=down,
                 tree=one("tree"), page=_integer(query, "page", 1))


def check_media_type(query: Query) -> None:
    if query.media_type and query.media_type != TEI_MEDIA:
        # a + left unencoded in a query string is a space (application/x-www-form-urlencoded)
        hint = " (write its + as %2B: in a query string + is a space)" if " " in query.media_type else ""
        raise DtsError(404, f"media type {query.media_type} is not available (only {TEI_MEDIA}){hint}")


def one_collection_page(query: Query) -> None:
    """A collection's members are never paged: page 1 is the answer, any other page a 404."""
    if query.page not in (None, 1):
        raise DtsError(404, f"page {query.page} does not exist: a collection's members are one page")


def _literal(query: Query) -> None:
    """Level 0 looks values up literally, as Level 1 does: a value that holds a separator of the
    file-name templates (`;` or `/` in a resource, tree or collection id; an empty or `.` segment
    in a ref, which the path drops) would name another file (`resource=R;down=1` the file of
    `down=1`), and the export writes no such name: a 404, Level 1's."""
    def separated(value: str | None) -> bool:
        return value is not None and ("/" in value or ";" in value)

    if separated(query.id):
        raise DtsError(404, f"no collection or resource {query.id}")
    if separated(query.resource):
        raise DtsError(404, f"no resource {query.resource}")
    if separated(query.tree):
        raise DtsError(404, f"no citation tree {query.tree} in {query.resource}")
    if query.ref is not None and any(s in ("", ".") for s in query.ref.split("/")):
        tree = f"tree {query.tree}" if query.tree else "the default tree"
        raise DtsError(404, f"ref {query.ref} is not a reference of {tree}")


Finder = Callable[[str], "Path | None"]


def _no_files(path: str) -> Path | None:
    return None


def static_path(query: Query, find: Finder = _no_files) -> str:
    """Level 0: the static file (URL path below the build folder) that answers `query`; `find`
    gives the file a path names (None: no file), for the answers no template names: a `down`
    deeper than every tree answers what -1 answers (the spec), and has no file of its own."""
    if query.endpoint == "entry":
        return f"{ROOT}/index.json"
    _literal(query)
    if query.endpoint == "collection":
        one_collection_page(query)
        return dts.collection_path(query.id, None if query.nav == "children" else query.nav)
    assert query.resource is not None
    if query.start:
        raise DtsError(400, "start/end ranges are not supported by this static (Level 0) DTS server")
    if query.endpoint == "document":
        check_media_type(query)
        return dts.document_path(query.resource, query.tree, query.ref)
    path = dts.navigation_path(query.resource, query.tree, query.down, query.ref)
    if query.down is not None and query.down > 1 and find(path) is None:
        # the files go down to the deepest tree's depth, for every tree and unit: no file but -1's
        # is a `down` below every unit
        whole = dts.navigation_path(query.resource, query.tree, -1, query.ref)
        if find(whole) is not None:
            path = whole
    if query.page is None:
        return path
    if query.down != 0:
        Edition._one_page(query)
        return path
    return _static_page(path, query.page, find)


def _static_page(path: str, number: int, find: Finder) -> str:
    """Page `number` of a sibling list at Level 0: the file its `view` links name (`first`, then
    `next`; each page is the `down=0` file of its first unit), as Level 1's `page=number`."""
    def view_of(path: str) -> dict[str, Any] | None:
        file = find(path)
        if file is None:
            raise DtsError(404, "not found")
        try:
            view = json.loads(file.read_bytes()).get("view")
        except (OSError, ValueError, AttributeError):
            raise DtsError(404, "not found") from None
        return view if isinstance(view, dict) else None

    view = view_of(path)
    if view is None:  # one page
        if number != 1:
            raise DtsError(404, f"page {number} does not exist: the siblings fill 1 page")
        return path
    own = str(view.get("@id", ""))
    prefix = own[:-len(path)] if own.endswith(path) else None
    count, link = 1, view.get("first")
    while prefix is not None and isinstance(link, str) and link.startswith(prefix):
        page = link[len(prefix):]
        if count == number:
            return page
        view, count = view_of(page), count + 1
        link = view.get("next") if view else None
    raise DtsError(404, f"page {number} does not exist: the siblings fill {count - 1} page"
                        + ("s" if count > 2 else ""))


# --- Level 1: answers computed from the published TEI ---------------------------------------

@dataclass
class Answer:
    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)


def _json(obj: dict[str, Any]) -> bytes:
    """As the static files of a tree or a collection are written (`DtsExport.build`)."""
    return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def with_page(url: str, number: int) -> str:
    """`url` with its `page` parameter set to `number` (the other parameters kept, in order)."""
    parts = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query = urlencode([*pairs, ("page", str(number))], quote_via=lambda s, *_: quote(s, safe=""))
    return urlunsplit(parts._replace(query=query))


@dataclass
class _Resource:
    export: dts.DtsExport
    trees: dict[str | None, CitationTree]
    units: dict[str | None, dict[int, str]]  # per tree: each unit's compact JSON
    resource_texts: dict[str, str] = field(default_factory=dict)  # by prefix: the short Resource

    def resource_text(self, urls: DtsUrls) -> str:
        text = self.resource_texts.get(urls.prefix)
        if text is None:
            if len(self.resource_texts) >= 16:  # the prefix comes from the request: keep a few
                self.resource_texts.clear()
            text = self.resource_texts[urls.prefix] = self.export.resource_text(urls)
        return text


class Edition:
    """The published TEI of a build folder, read once a build: a Level 1 DTS server's answers."""

    def __init__(self, root: Path, base_url: str | None = None):
        self.resources: dict[str, _Resource] = {}
        self.by_name: dict[str, _Resource] = {}  # by permanent URI and by file name
        inside = Path(root).resolve()
        for file in sorted((Path(root) / "tei").glob("*.xml")):
            real = resolved_or_none(file)
            if real is None or inside not in real.parents:
                continue  # a link out of the folder or a loop: served by no path either (serve.resolve_file)
            # the whole document as the static export's copy: without the xml-model instructions,
            # whose schema files are beside the published TEI (tei/), not below /dts/document/
            export = dts.DtsExport(read_tei(file), str(file), resource=file.stem,
                                   published=without_schemas(file.read_bytes()), base_url=base_url)
            r = _Resource(export=export, trees={ct.identifier: ct for ct in export.trees},
                          units={ct.identifier: export.unit_texts(ct) for ct in export.trees})
            self.resources[file.stem] = r
            self.by_name.setdefault(export.uri, r)
            self.by_name[file.stem] = r
        # lxml trees and compiled XPaths are read from one request at a time
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self.resources)

    def answer(self, query: Query, urls: DtsUrls, target: str) -> Answer:
        """The answer to a checked query (`target`: the request's absolute URL, the `@id` of a
        Navigation object); raises DtsError for the spec's 404s."""
        with self._lock:
            if query.endpoint == "entry":
                return Answer(_json(dts.entry_point(urls)), JSONLD_MEDIA)
            if query.endpoint == "collection":
                return self._collection(query, urls)
            assert query.resource is not None
            resource = self.by_name.get(query.resource)
            if resource is None:
                raise DtsError(404, f"no resource {query.resource}")
            if query.endpoint == "navigation":
                return self._navigation(resource, query, urls, target)
            return self._document(resource, query, urls)

    # endpoints
    def _collection(self, query: Query, urls: DtsUrls) -> Answer:
        one_collection_page(query)
        if query.id in (None, ROOT_COLLECTION, urls.root_id()):
            first = next(iter(self.resources.values())).export
            obj = first.root_collection(urls, query.nav)
            if query.nav != "parents":
                obj["member"] = [r.export.resource_object(urls) for r in self.resources.values()]
            obj["totalChildren"] = len(self.resources)
            return Answer(_json(obj), JSONLD_MEDIA)
        assert query.id is not None
        resource = self.by_name.get(query.id)
        if resource is None:
            raise DtsError(404, f"no collection or resource {query.id}")
        return Answer(_json(resource.export.resource_collection(urls, query.nav)), JSONLD_MEDIA)

    @staticmethod
    def _tree(r: _Resource, query: Query) -> CitationTree:
        if query.tree not in r.trees:
            raise DtsError(404, f"no citation tree {query.tree} in {r.export.resource} "
                                f"(trees: the default one, without tree, and "
                                f"{', '.join(t for t in r.trees if t) or 'no other'})")
        return r.trees[query.tree]

    @staticmethod
    def _unit(ct: CitationTree, name: str, value: str) -> Unit:
        unit = ct.by_ref.get(value)
        if unit is None:
            tree = f"tree {ct.identifier}" if ct.identifier else "the default tree"
            raise DtsError(404, f"{name} {value} is not a reference of {tree}")
        return unit

    def _range(self, ct: CitationTree, query: Query) -> tuple[Unit, Unit]:
        assert query.start is not None and query.end is not None
        first, last = self._unit(ct, "start", query.start), self._unit(ct, "end", query.end)
        try:
            dts_ranges.range_span(ct, first, last)  # the order, checked with or without down
        except dts_ranges.RangeError as exc:
            raise DtsError(400, f"{exc}: give start before end") from None
        return first, last

    @staticmethod
    def _one_page(query: Query) -> None:
        if query.page not in (None, 1):
            raise DtsError(404, f"page {query.page} does not exist: only sibling lists (down=0) "
                                f"are paged, this answer is one page")

    def _navigation(self, r: _Resource, query: Query, urls: DtsUrls, target: str) -> Answer:
        ct = self._tree(r, query)
        units, export = r.units[ct.identifier], r.export
        view = None
        if query.ref:
            unit = self._unit(ct, "ref", query.ref)
            anchors = [("ref", unit)]
            if query.down == 0:
                try:
                    page: Page = export.sibling_page(ct, unit, query.page)
                except PageError as exc:
                    raise DtsError(404, str(exc)) from None
                members: list[Unit] | None = page.members
                view = pagination(page, with_page(target, page.number), lambda k: with_page(target, k))
            else:
                self._one_page(query)
                members = export.members(ct, query.down, unit)
        elif query.start:
            self._one_page(query)
            first, last = self._range(ct, query)
            anchors = [("start", first), ("end", last)]
            members = dts_ranges.range_members(ct, first, last, query.down)
        else:
            self._one_page(query)
            return Answer(_json(export.navigation(urls, ct, query.down, target)), JSONLD_MEDIA)
        text = export.navigation_text(target, anchors, members, units, r.resource_text(urls), view)
        return Answer((text + "\n").encode("utf-8"), JSONLD_MEDIA)

    def _document(self, r: _Resource, query: Query, urls: DtsUrls) -> Answer:
        check_media_type(query)
        export = r.export
        link = {"Link": f"<{urls.collection_link(export.resource, export.uri)}>; rel=\"collection\""}
        ct = self._tree(r, query)  # an unknown tree is a 404 with or without ref, as in the static export
        if not query.ref and not query.start:  # the whole document; a known tree has no effect (spec)
            assert export.published is not None
            return Answer(export.published, TEI_MEDIA, link)
        if query.ref:
            units: list[Unit] | Unit = self._unit(ct, "ref", query.ref)
        else:
            units = dts_ranges.range_cover(ct, *self._range(ct, query))
        return Answer(export.fragment(units), TEI_MEDIA, link)
