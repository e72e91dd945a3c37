"""A DTS 1.0 client for the tests: from the entry point it follows every URI template (expanded
with `uritemplate`, the RFC 6570 library the DTS community's validator uses) and every link, and
checks each answer against the spec (`fixtures/dts-schemas/`, JSON Schemas written from the
spec's tables) and against the citation tree it learnt from the answers themselves.

It reads through `get(url) -> (status, headers, body)`, so the same walk runs over HTTP (`serve`,
or the static export under a plain static file server) or over the files of a build folder.
What it asks:

* collections: the root, every member by `@id` (with each `nav` the template declares), through
  the entry point's template and each object's own `collection` template;
* navigation, for every resource and citation tree: `down` -1 and 1…D (D: the depth of the
  deepest tree, from `citationTrees`), and for every unit `ref` with no `down`, 0, -1 and 1…D;
  the members must be what the spec's table gives on the tree of `down=-1`; a paged answer's
  pages are followed (`view`: first, next…, last) and must add up to the siblings;
* document: the whole resource under each tree, every unit (`TEI/dts:wrapper` holding it), the
  `download` link;
* where the templates declare them: a range (`start`/`end`) and `page=k`;
* the spec's 400s (no `ref` nor `down`, `down=0` without `ref`) must not answer 200.

Every URL an answer publishes must be absolute (`strict_ids`: also the `@id` of collections and
resources; a static export names them by file name, as the spec's static example does).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jsonschema import Draft202012Validator
from lxml import etree
from referencing import Registry, Resource
from uritemplate import URITemplate

from support import FIXTURES

SCHEMAS = FIXTURES / "dts-schemas"
TEI_NS = "http://www.tei-c.org/ns/1.0"
DTS_NS = "https://w3id.org/api/dts#"
LINK_KEYS = ("collection", "navigation", "document", "download", "first", "previous", "next", "last")
Getter = Callable[[str], tuple[int, dict[str, str], bytes]]


def schema_validators() -> dict[str, Draft202012Validator]:
    """A validator per schema, and `navigation-outline`: the Navigation schema with its resource
    and units only typed as objects (the client checks each distinct one once against its own
    schema: a walk sees the same units and resource thousands of times)."""
    schemas = {p.name.removesuffix(".schema.json"): json.loads(p.read_text()) for p in SCHEMAS.glob("*.schema.json")}
    outline = copy.deepcopy(schemas["navigation"])
    outline["$id"] = "navigation-outline.schema.json"
    for key in ("resource", "ref", "start", "end"):
        outline["properties"][key] = {"type": "object"}
    outline["properties"]["member"]["items"] = {"type": "object"}
    schemas["navigation-outline"] = outline
    registry: Registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    return {name: Draft202012Validator(schema, registry=registry) for name, schema in schemas.items()}


def absolute(url: Any) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url.split("{", 1)[0] if "{" in url else url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def tree_depth(structure: list[dict]) -> int:
    return max((1 + tree_depth(s.get("citeStructure", [])) for s in structure), default=0)


@dataclass
class Client:
    get: Getter
    strict_ids: bool  # collections and resources are named by absolute URIs
    media_types: bool  # check application/ld+json and application/tei+xml
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    pages_followed: int = 0
    validators: dict[str, Draft202012Validator] = field(default_factory=schema_validators)
    answers: dict[str, Any] = field(default_factory=dict)  # by URL: each URL is asked and checked once
    checked: set[tuple[str, str]] = field(default_factory=set)  # (schema, JSON) of the parts checked

    def validate(self, kind: str, data: Any, where: str) -> None:
        key = (kind, json.dumps(data, sort_keys=True))
        if key in self.checked:
            return
        self.checked.add(key)
        if kind == "navigation":
            self.validate("navigation-outline", data, where)
            parts = [("resource", data.get("resource"))] + [("citable-unit", data.get(k)) for k in ("ref", "start", "end")]
            for name, part in parts + [("citable-unit", u) for u in data.get("member", [])]:
                if isinstance(part, dict):
                    self.validate(name, part, where)
            return
        for error in self.validators[kind].iter_errors(data):
            self.problems.append(f"{where}: {kind} schema: {error.message} at {list(error.absolute_path)}")

    # --- requests ----------------------------------------------------------------------------
    def fetch(self, url: str, kind: str) -> Any:
        """The answer at `url` (JSON checked against `kind`'s schema; or the document as XML),
        or None after recording a problem."""
        if url in self.answers:
            return self.answers[url]
        self.answers[url] = answer = self._fetch(url, kind)
        return answer

    def _fetch(self, url: str, kind: str) -> Any:
        self.requests += 1
        status, headers, body = self.get(url)
        if status != 200:
            self.problems.append(f"{url}: {status}")
            return None
        ctype = headers.get("Content-Type", "")
        if kind == "document":
            if self.media_types and ctype != "application/tei+xml":
                self.problems.append(f"{url}: Content-Type {ctype}")
            try:
                return etree.fromstring(body)
            except etree.XMLSyntaxError as exc:
                self.problems.append(f"{url}: not XML: {exc}")
                return None
        if self.media_types and ctype != "application/ld+json":
            self.problems.append(f"{url}: Content-Type {ctype}")
        data = json.loads(body)
        self.validate(kind, data, url)
        self.check_urls(data, url)
        return data

    def refused(self, url: str) -> None:
        """A request the spec answers with a 400: anything but 200 (a static host has no 400)."""
        self.requests += 1
        status, _, _ = self.get(url)
        if status == 200:
            self.problems.append(f"{url}: 200 for a request the spec refuses")

    def check_urls(self, obj: Any, where: str) -> None:
        if isinstance(obj, list):
            for item in obj:
                self.check_urls(item, where)
            return
        if not isinstance(obj, dict):
            return
        for key in LINK_KEYS:
            if key in obj and not absolute(obj[key]):
                self.problems.append(f"{where}: {key} {obj[key]!r} is not an absolute URL")
        named = obj.get("@type") in ("Collection", "Resource")
        if "@id" in obj and (self.strict_ids or not named) and not absolute(obj["@id"]):
            self.problems.append(f"{where}: @id {obj['@id']!r} of a {obj.get('@type')} is not an absolute URL")
        for key, value in obj.items():
            if key not in ("dublinCore", "extensions"):
                self.check_urls(value, where)

    @staticmethod
    def expand(template: str, **values: Any) -> str:
        """`template` expanded with the values it declares (None: undefined). Numbers are given as
        strings, as RFC 6570 wants: uritemplate 4.2 expands the integer 0 as an empty value
        (`{;down}` → `;down`, `{?down}` → `?down=`)."""
        t = URITemplate(template)
        return t.expand({k: str(v) for k, v in values.items() if v is not None and k in t.variable_names})

    # --- the walk ----------------------------------------------------------------------------
    def walk(self, entry_url: str) -> list[dict]:
        """Follow everything from the entry point; return the resources found."""
        entry = self.fetch(entry_url, "entry")
        assert entry is not None, self.problems
        for key in ("collection", "navigation", "document"):
            if not absolute(entry[key]):
                self.problems.append(f"entry point: {key} template {entry[key]!r} is not absolute")
        resources = self.collections(entry["collection"])
        for resource in resources:
            self.resource(entry, resource)
        return resources

    def collections(self, template: str) -> list[dict]:
        navs = [None, "children", "parents"] if "nav" in URITemplate(template).variable_names else [None]
        root = self.fetch(self.expand(template), "collection")
        assert root is not None, self.problems
        for nav in navs[1:]:
            self.fetch(self.expand(template, nav=nav), "collection")
        by_id = [self.fetch(self.expand(template, id=root["@id"], nav=nav), "collection") for nav in navs]
        if by_id[0] != root or by_id != [self.fetch(self.expand(template, nav=nav), "collection") for nav in navs]:
            self.problems.append(f"the root collection by its @id {root['@id']} is not the root collection")
        resources: list[dict] = []
        todo = list(root.get("member", []))
        while todo:
            member = todo.pop(0)
            answers = [self.fetch(self.expand(template, id=member["@id"], nav=nav), "collection") for nav in navs]
            own = [self.fetch(self.expand(member["collection"], id=member["@id"], nav=nav), "collection")
                   for nav in navs]
            if answers != own:
                self.problems.append(f"{member['@id']}: its own collection template answers otherwise")
            full = answers[0]
            if full is None:
                continue
            if full["@type"] == "Resource":
                resources.append(full)
            else:
                todo += full.get("member", [])
        return resources

    def resource(self, entry: dict, res: dict) -> None:
        rid = res["@id"]
        trees = res["citationTrees"]
        names = [None] + [t["identifier"] for t in trees[1:]]
        depth = max(1, *(tree_depth(t.get("citeStructure", [])) for t in trees))
        templates = {"entry": (entry["navigation"], entry["document"]), "own": (res["navigation"], res["document"])}
        for which, (nav_t, doc_t) in templates.items():
            def nav(**v: Any) -> str:
                return self.expand(nav_t, resource=rid, **v)

            def doc(**v: Any) -> str:
                return self.expand(doc_t, resource=rid, **v)

            for tree in names:
                self.tree(nav, doc, tree, depth, f"{rid} ({which} templates) tree {tree}")
        self.fetch(res["download"], "document")

    def tree(self, nav: Callable[..., str], doc: Callable[..., str], tree: str | None, depth: int,
             where: str) -> None:
        whole = self.fetch(nav(tree=tree, down=-1), "navigation")
        if whole is None:
            return
        units = whole["member"]
        if len({u["identifier"] for u in units}) != len(units) or not units:
            self.problems.append(f"{where}: down=-1 lists {len(units)} units, not each once")
        for down in range(1, depth + 1):
            got = self.fetch(nav(tree=tree, down=down), "navigation")
            want = [u["identifier"] for u in units if u["level"] <= down]
            if got is not None and [u["identifier"] for u in got["member"]] != want:
                self.problems.append(f"{where} down={down}: members differ from the tree's")
        self.refused(nav(tree=tree))
        self.refused(nav(tree=tree, down=0))
        root_doc = self.fetch(doc(tree=tree), "document")
        if root_doc is not None and root_doc.find(f"{{{TEI_NS}}}teiHeader") is None:
            self.problems.append(f"{where}: the whole document has no teiHeader")
        for unit in units:
            self.unit(nav, doc, tree, depth, units, unit, where)
        self.range_and_page(nav, doc, tree, units, where)

    def unit(self, nav: Callable[..., str], doc: Callable[..., str], tree: str | None, depth: int,
             units: list[dict], unit: dict, where: str) -> None:
        ref = unit["identifier"]
        for down in [None, 0, -1, *range(1, depth + 1)]:
            answer = self.fetch(nav(tree=tree, ref=ref, down=down), "navigation")
            if answer is None:
                continue
            if answer.get("ref", {}).get("identifier") != ref:
                self.problems.append(f"{where} ref={ref} down={down}: ref is {answer.get('ref')}")
            got = self.members(answer) if down is not None else None
            want = expected(units, unit, down)
            if got != want:
                self.problems.append(f"{where} ref={ref} down={down}: {got and got[:5]}… / the spec: {want and want[:5]}…")
        fragment = self.fetch(doc(tree=tree, ref=ref), "document")
        if fragment is not None:
            wrapper = fragment.find(f"{{{DTS_NS}}}wrapper")
            if fragment.tag != f"{{{TEI_NS}}}TEI" or wrapper is None or len(wrapper) != 1:
                self.problems.append(f"{where} ref={ref}: the document is not TEI/dts:wrapper with one element")

    def members(self, answer: dict) -> list[str]:
        """The identifiers of `member`, across every page when the answer is paged."""
        if "view" not in answer:
            return [u["identifier"] for u in answer["member"]]
        view = answer["view"]
        out: list[str] = []
        url: str | None = view["first"]
        previous: str | None = None
        while url is not None:
            page = self.fetch(url, "navigation")
            if page is None:
                return out
            self.pages_followed += 1
            out += [u["identifier"] for u in page["member"]]
            if page["view"]["@id"] != url or page["view"].get("previous") != previous or page["view"]["last"] != view["last"]:
                self.problems.append(f"{url}: its view does not chain with the pages before it: {page['view']}")
            previous, url = url, page["view"].get("next")
            if len(out) > 100_000:
                self.problems.append(f"{view['first']}: the pages do not end")
                break
        if previous != view["last"]:
            self.problems.append(f"{view['first']}: the pages end at {previous}, not at last {view['last']}")
        return out

    def range_and_page(self, nav: Callable[..., str], doc: Callable[..., str], tree: str | None,
                       units: list[dict], where: str) -> None:
        """Where the templates declare them: one range over the whole tree, and `page=k`."""
        probe = nav(tree=tree, start="START", end="END", page=7)
        top = [u for u in units if u["level"] == 1]
        if "START" in probe:
            first, last = top[0]["identifier"], top[-1]["identifier"]
            answer = self.fetch(nav(tree=tree, start=first, end=last, down=1), "navigation")
            want = [u["identifier"] for u in units if u["level"] <= 2]  # the top level and one below
            if answer is not None and [u["identifier"] for u in answer["member"]] != want:
                self.problems.append(f"{where}: the range {first}…{last} down=1 does not list levels 1 and 2")
            self.fetch(doc(tree=tree, start=first, end=last), "document")
        if "page=7" in probe:
            first_answer = self.fetch(nav(tree=tree, ref=top[0]["identifier"], down=0), "navigation")
            if first_answer is not None and "view" in first_answer:
                page2 = self.fetch(nav(tree=tree, ref=top[0]["identifier"], down=0, page=2), "navigation")
                linked = self.fetch(first_answer["view"]["next"], "navigation")
                if page2 is None or linked is None or page2["member"] != linked["member"]:
                    self.problems.append(f"{where}: page=2 is not the page the view links to")


def expected(units: list[dict], unit: dict, down: int | None) -> list[str] | None:
    """The spec's table on the tree `units` (pre-order, from down=-1)."""
    if down is None:
        return None
    if down == 0:
        return [u["identifier"] for u in units if u["parent"] == unit["parent"]]
    i = units.index(unit)
    out = [unit["identifier"]]
    for u in units[i + 1:]:
        if u["level"] <= unit["level"]:
            break
        if down == -1 or u["level"] <= unit["level"] + down:
            out.append(u["identifier"])
    return out


def file_getter(folder: Path, prefix: str) -> Getter:
    """`get` over the files of a build folder published at `prefix` (its `dts/` at prefix/dts/)."""
    def get(url: str) -> tuple[int, dict[str, str], bytes]:
        if not url.startswith(prefix + "/"):
            return 404, {}, b""
        rel = unquote(urlsplit(url).path)[len(urlsplit(prefix).path) + 1:]
        path = folder / rel
        if ".." in Path(rel).parts or not path.is_file():
            return 404, {}, b""
        return 200, {}, path.read_bytes()

    return get
