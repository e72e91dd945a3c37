"""Paged sibling lists (`down=0`), and a DTS export that grows linearly with the text.

* `Siblings.page`: pages of `PAGE_SIZE`, the page holding the unit by default, page numbers
  checked; `pagination`: first/previous/next/last only where such pages exist;
* the static export of the master with its body repeated k times (`dts_scaled`): bytes per
  unit do not grow with k, and no per-unit file does (the issue: ×12.6 from k=16 to k=64);
* `serve`: `page=k` on `down=0`, the spec's 400 for a bad page, a 404 for a page beyond the last.
"""

from __future__ import annotations

import json

import pytest

from support.dts_scaled import scaled_bytes, scaled_tree
from tei_edition.citation.scheme import read_trees
from tei_edition.core import paths
from tei_edition.outputs.dts import DtsExport
from tei_edition.outputs.dts_pages import PAGE_SIZE, PageError, Siblings, pagination
from tei_edition.outputs.dts_query import DtsError, Edition, parse_query
from tei_edition.outputs.dts_urls import query_urls

RES = paths.BASENAME


@pytest.fixture(scope="module")
def paragraphs(tmp_path_factory):
    """The master's paragraph tree with its body twice: 188 siblings, four pages of 50."""
    path = tmp_path_factory.mktemp("twice") / f"{RES}.xml"
    path.write_bytes(scaled_bytes(paths.MASTER, 2))
    tree = read_trees(scaled_tree(paths.MASTER, 2), str(path))[0]
    return path, tree


def test_pages_of_siblings(paragraphs):
    _, ct = paragraphs
    siblings = Siblings(ct)
    p1, p120, p188 = ct.by_ref["p1"], ct.by_ref["p120"], ct.by_ref["p188"]
    page = siblings.page(p120)
    assert (page.number, page.count) == (3, 4) and len(page.members) == PAGE_SIZE == 50
    assert [u.ref for u in page.members][0::49] == ["p101", "p150"]
    assert [u.ref for u in page.firsts] == ["p1", "p51", "p101", "p151"]
    assert [u.ref for u in siblings.page(p188).members] == [f"p{n}" for n in range(151, 189)]
    assert siblings.page(p1, 4).members == siblings.page(p188).members
    for number in (0, 5):
        with pytest.raises(PageError, match=f"page {number} does not exist"):
            siblings.page(p1, number)
    view = pagination(page, "this", lambda k: f"page{k}")
    assert view == {"@id": "this", "@type": "Pagination", "first": "page1", "previous": "page2",
                    "next": "page4", "last": "page4"}
    assert set(pagination(siblings.page(p1), "x", str)) == {"@id", "@type", "first", "next", "last"}
    assert pagination(Siblings(ct, size=500).page(p1), "x", str) is None  # one page: no view


def export_stats(k: int) -> tuple[int, int, int]:
    """(units, bytes of the export, bytes of its largest per-unit navigation file)."""
    tree = scaled_tree(paths.MASTER, k)
    files = DtsExport(tree, str(paths.MASTER), published=b"<TEI/>").build()
    per_unit = [len(data) for name, data in files.items() if name.startswith("/dts/navigation/") and name.count("/") == 4]
    return 94 * k, sum(map(len, files.values())), max(per_unit)


def test_export_bytes_grow_linearly_with_the_text():
    units1, bytes1, largest1 = export_stats(1)
    units4, bytes4, largest4 = export_stats(4)
    per_unit1, per_unit4 = bytes1 / units1, bytes4 / units4
    assert per_unit4 <= per_unit1 * 1.05, (per_unit1, per_unit4)
    assert largest4 <= largest1 * 1.05, (largest1, largest4)  # a sibling page is at most 50 units


def test_serve_pages(paragraphs):
    path, _ = paragraphs
    folder = path.parent / "build"
    (folder / "tei").mkdir(parents=True, exist_ok=True)
    (folder / "tei" / path.name).write_bytes(path.read_bytes())
    edition = Edition(folder)
    urls = query_urls("http://h")

    def navigation(query: str) -> dict:
        target = f"http://h/dts/navigation/?{query}"
        return json.loads(edition.answer(parse_query("navigation", query), urls, target).body)

    default = navigation(f"resource={RES}&ref=p120&down=0")
    assert [u["identifier"] for u in default["member"]][0] == "p101"
    assert default["view"] == {
        "@id": f"http://h/dts/navigation/?resource={RES}&ref=p120&down=0&page=3", "@type": "Pagination",
        "first": f"http://h/dts/navigation/?resource={RES}&ref=p120&down=0&page=1",
        "previous": f"http://h/dts/navigation/?resource={RES}&ref=p120&down=0&page=2",
        "next": f"http://h/dts/navigation/?resource={RES}&ref=p120&down=0&page=4",
        "last": f"http://h/dts/navigation/?resource={RES}&ref=p120&down=0&page=4"}
    last = navigation(f"resource={RES}&ref=p120&down=0&page=4")
    assert [u["identifier"] for u in last["member"]] == [f"p{n}" for n in range(151, 189)]
    assert "next" not in last["view"] and last["ref"]["identifier"] == "p120"
    assert navigation(f"resource={RES}&ref=p3&down=-1&page=1")["member"][0]["identifier"] == "p3"
    for query, status, message in [
        ("ref=p1&down=0&page=5", 404, "page 5 does not exist"),
        ("ref=p1&down=-1&page=2", 404, "only sibling lists"),
        ("down=1&page=2", 404, "only sibling lists"),
        ("ref=p1&down=0&page=0", 400, "page must be 1 or more"),
        ("ref=p1&down=0&page=two", 400, "page must be an integer"),
    ]:
        with pytest.raises(DtsError, match=message) as exc:
            edition.answer(parse_query("navigation", f"resource={RES}&{query}"), urls, "http://h/x")
        assert exc.value.status == status, query


def test_static_pages_link_files_of_the_pages_first_units(paragraphs):
    path, _ = paragraphs
    export = DtsExport(scaled_tree(paths.MASTER, 2), str(path), published=b"<TEI/>")
    files = export.build()
    base = "https://tei-edition.example.org/lawson-2021-most-intransigent/dts/navigation/" + RES + ";down=0/"
    page = json.loads(files[f"/dts/navigation/{RES};down=0/p120.json"])
    assert page["view"]["@id"] == page["@id"] == base + "p120.json"
    assert [page["view"][k] for k in ("first", "previous", "next", "last")] == \
        [base + f"p{n}.json" for n in (1, 51, 151, 151)]
    linked = json.loads(files[f"/dts/navigation/{RES};down=0/p151.json"])
    assert linked["view"]["@id"] == base + "p151.json" and "next" not in linked["view"]
