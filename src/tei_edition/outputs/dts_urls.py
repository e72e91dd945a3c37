"""Where the DTS API lives: the static export's file names, and the absolute URLs and URI
templates of its two modes.

Both modes publish absolute URLs (DTS 1.0: a Navigation's `@id` is "the absolute URL of the
current request"; clients expand templates without resolving them against the response). A
`prefix` is the absolute URL below which `/dts/…` is found:

* static export (Level 0, `static_urls`): the edition's base URL (`publicationStmt/idno[@type='URI']`
  or `--base-url`) without its final slash; `build/dts/` is published at `{base URL}dts/`, so
  `build/dts/navigation/x.json` is `{base URL}dts/navigation/x.json`;
* `tei-edition serve` (Level 1, `query_urls`): the served build folder's public URL, from the
  request (`Host`, `X-Forwarded-*`) or `--public-url`.

Static templates declare only what the files answer (no `start`/`end`, no `page`: pages are
reached by the `view` links); identifiers in them are the resource's file name (the spec: with
static path templates "any URL would break path parsing"). The server's are the spec's query
templates; its resource identifier is the edition's permanent URI.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.urls import is_absolute_prefix, public_url_problem

ROOT = "/dts"
ROOT_COLLECTION = "tei-edition"


# --- file names of the static export (below the build folder) ---------------------------------

def collection_path(id_: str | None = None, nav: str | None = None) -> str:
    path = f"{ROOT}/collection" + (f"/{id_}" if id_ else "")
    if nav:
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


def _q(value: str) -> str:
    return quote(value, safe="")


def _not_absolute(url: str, where: str, path: str, detail: str = "") -> EditionError:
    shown = url if len(url) <= 80 else url[:77] + "..."
    return EditionError([Problem(path, 1, 1, "E0340",
                                 f"the {where} {shown!r} is not an absolute http(s) URL without "
                                 f"query or fragment{detail}: DTS needs one for its absolute URLs")])


def absolute_prefix(url: str, where: str = "base URL", path: str = "teiHeader") -> str:
    """`url` without its final slash, if it is an absolute http(s) URL without query or fragment
    (`core.urls.is_absolute_prefix`); else E0340 (reported at `path`: the header, or the option
    that gave the URL)."""
    if not is_absolute_prefix(url):
        raise _not_absolute(url, where, path)
    return url.rstrip("/")


def public_prefix_option(url: str) -> str:
    """`--public-url` as `absolute_prefix` takes it, if it follows the rule of a served folder's
    public URL (`core.urls.public_url_problem`: a URL a client can open and a header can carry);
    else E0340, with the reason where there is more to say than that it is no absolute URL."""
    why = public_url_problem(url)
    if why is not None:
        raise _not_absolute(url, "--public-url", "--public-url", f" ({why})" if why else "")
    return url.rstrip("/")


# --- the two modes -------------------------------------------------------------------------------

@dataclass(frozen=True)
class DtsUrls:
    """The URLs and URI templates below `prefix`: the static export's file-name templates
    (`static`, Level 0), or the server's query templates with `start`, `end` and `page`."""

    prefix: str
    static: bool

    def entry_id(self) -> str:
        return f"{self.prefix}{ROOT}/" + ("index.json" if self.static else "")

    def entry(self) -> dict[str, str]:
        p = self.prefix
        if self.static:
            return {"collection": f"{p}{ROOT}/collection{{/id}}{{;nav}}.json",
                    "navigation": f"{p}{ROOT}/navigation/{{resource}}{{;tree,down}}{{/ref}}.json",
                    "document": f"{p}{ROOT}/document/{{resource}}{{;tree}}{{/ref}}.xml"}
        return {"collection": f"{p}{ROOT}/collection/{{?id,nav}}",
                "navigation": f"{p}{ROOT}/navigation/{{?resource,ref,start,end,down,tree,page}}",
                "document": f"{p}{ROOT}/document/{{?resource,ref,start,end,tree,mediaType}}"}

    def resource_id(self, name: str, uri: str) -> str:
        """A resource's `@id`: its file name in static paths, else its permanent URI."""
        return name if self.static else uri

    def root_id(self) -> str:
        return ROOT_COLLECTION if self.static else f"{self.prefix}{ROOT}/collection/"

    def collection(self, id_: str | None) -> str:
        """The collection template of `id_` (None: the root collection)."""
        if self.static:
            return f"{self.prefix}{ROOT}/collection" + (f"/{id_}" if id_ else "") + "{;nav}.json"
        query = f"?id={_q(id_)}{{&nav}}" if id_ else "{?nav}"
        return f"{self.prefix}{ROOT}/collection/{query}"

    def navigation(self, name: str, uri: str) -> str:
        if self.static:
            return f"{self.prefix}{ROOT}/navigation/{name}{{;tree,down}}{{/ref}}.json"
        return f"{self.prefix}{ROOT}/navigation/?resource={_q(uri)}{{&ref,start,end,down,tree,page}}"

    def document(self, name: str, uri: str) -> str:
        if self.static:
            return f"{self.prefix}{ROOT}/document/{name}{{;tree}}{{/ref}}.xml"
        return f"{self.prefix}{ROOT}/document/?resource={_q(uri)}{{&ref,start,end,tree,mediaType}}"

    def download(self, name: str) -> str:
        """The whole TEI: the static export's own copy, or the server's published file."""
        return self.prefix + (document_path(name) if self.static else f"/tei/{name}.xml")

    def collection_link(self, name: str, uri: str) -> str:
        """The `Link` (rel="collection") of a document answer."""
        if self.static:
            return self.prefix + collection_path(name)
        return f"{self.prefix}{ROOT}/collection/?id={_q(uri)}"

    def navigation_url(self, name: str, tree: str | None, down: int | None, ref: str | None) -> str:
        """The URL of a static navigation file."""
        return self.prefix + navigation_path(name, tree, down, ref)


def static_urls(prefix: str) -> DtsUrls:
    return DtsUrls(prefix, static=True)


def query_urls(prefix: str) -> DtsUrls:
    return DtsUrls(prefix, static=False)
