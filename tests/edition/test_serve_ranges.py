"""`tei-edition serve` as a Level 1 DTS server: `start`/`end` ranges on the navigation and
document endpoints (DTS 1.0), computed from the published TEI with the builders of the static
export, requested over HTTP from a real server process.

* the entry point and the collections `serve` publishes advertise query templates with
  `start` and `end`; the static files keep their own (Level 0) templates;
* navigation ranges of both citation trees of the master: `start`/`end` objects, no `ref`,
  `member` as the spec's table "Usage of down, ref, start and end" wants, in document order;
* document ranges: `TEI/dts:wrapper` holding exactly the units of the range, in order;
* a range of one unit (start=end) and every non-range query are what the static files hold;
* the spec's 400s and 404s, with their messages;
* against MyDapytains (the DTS reference implementation): range navigation (`get_nav`) and
  range passages (`Document.get_passage(start, end=…)`), where it follows the spec; where it
  departs (listed in `test_reference_departures`), the departure is asserted, so a new version
  that fixes it shows up.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_serve_ranges_fixtures.py."""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlencode

import pytest
from lxml import etree

from tei_edition.core import paths
from tei_edition.outputs.dts import document_path, navigation_path
from tei_edition.core.xmlio import TEI_NS, XML_NS

from support.serve_process import start_server, stop_server
from support.dapytains import load_dapytains, reference_units
from support.serve_ranges import REQUESTS, RES, URIS, document, get, ids, nav, url, wrapped

XML_ID = f"{{{XML_NS}}}id"
UNIT_KEYS = {"identifier", "@type", "level", "parent", "citeType"}


@pytest.fixture(scope="module")
def server(built_edition):
    proc, base = start_server(built_edition)
    try:
        yield base
    finally:
        stop_server(proc)
        print(f"\n{REQUESTS['count']} requests to tei-edition serve")  # shown with -s


def expand(template: str, **values) -> str:
    """RFC 6570 expansion of the {?x,y} and {&x,y} operators the query templates use."""
    def repl(m):
        op, names = m.group(1), m.group(2).split(",")
        defined = [(n, values[n]) for n in names if values.get(n) is not None]
        return (op + "&".join(f"{n}={quote(str(v), safe='')}" for n, v in defined)) if defined else ""
    return re.sub(r"\{([?&])([^}]+)\}", repl, template)


SECTION_P = {1: range(1, 4), 2: range(4, 92), 3: range(92, 95)}  # the master's units by section


def section_of(n: int) -> int:
    return next(s for s, r in SECTION_P.items() if n in r)


def test_entry_point_and_collection_advertise_ranges(server, built_edition):
    status, _, body = get(server, "/dts/")
    entry = json.loads(body)
    assert status == 200 and entry["@type"] == "EntryPoint" and entry["dtsVersion"] == "1.0"
    assert entry["navigation"] == server + "/dts/navigation/{?resource,ref,start,end,down,tree,page}"
    assert entry["document"] == server + "/dts/document/{?resource,ref,start,end,tree,mediaType}"
    assert entry["collection"] == server + "/dts/collection/{?id,nav}"
    root = json.loads(get(server, expand(entry["collection"]))[2])
    assert root["@type"] == "Collection" and ids([{"identifier": m["@id"]} for m in root["member"]]) == [URIS[RES]]
    resource = json.loads(get(server, expand(entry["collection"], id=URIS[RES]))[2])
    assert resource == json.loads(get(server, expand(entry["collection"], id=RES))[2])  # its file name too
    assert resource["@type"] == "Resource"
    for key in ("navigation", "document"):
        assert "start" in resource[key] and "end" in resource[key], resource[key]
    assert root["member"][0]["navigation"] == resource["navigation"]
    # a client builds range requests from either template and gets them answered
    for template in (entry["navigation"], resource["navigation"]):
        data = json.loads(get(server, expand(template, resource=RES, start="p10", end="p20", down=1))[2])
        assert ids(data["member"]) == [f"p{n}" for n in range(10, 21)]
    for template in (entry["document"], resource["document"]):
        status, _, body = get(server, expand(template, resource=RES, start="s2.p10", end="s2.p20", tree="section"))
        assert status == 200 and len(wrapped(etree.fromstring(body))) == 11
    # the static files stay as built (file-name templates, Level 0), served as they are
    static = (built_edition / "dts" / "index.json").read_bytes()
    assert get(server, "/dts/index.json")[2] == static
    assert "start" not in json.loads(static)["navigation"]
    parents = json.loads(get(server, f"/dts/collection/?id={RES}&nav=parents")[2])
    assert [m["@id"] for m in parents["member"]] == [server + "/dts/collection/"]
    assert json.loads(get(server, "/dts/collection/?nav=parents")[2])["member"] == []


def check_unit(u: dict, identifier: str, level: int, parent: str | None) -> None:
    assert set(u) >= UNIT_KEYS and u["@type"] == "CitableUnit"
    assert (u["identifier"], u["level"], u["parent"]) == (identifier, level, parent)


def test_navigation_range_paragraph_tree(server):
    bare = nav(server, start="p10", end="p20")
    assert bare["@type"] == "Navigation" and bare["@context"] == "https://dtsapi.org/context/v1.0.json"
    assert bare["resource"]["@type"] == "Resource" and bare["resource"]["citationTrees"]
    assert "ref" not in bare and "member" not in bare  # no down: start and end only (spec table)
    check_unit(bare["start"], "p10", 1, None)
    check_unit(bare["end"], "p20", 1, None)
    want = [f"p{n}" for n in range(10, 21)]
    for down in (1, -1, 5):
        data = nav(server, start="p10", end="p20", down=down)
        assert "ref" not in data and data["start"] == bare["start"] and data["end"] == bare["end"]
        assert ids(data["member"]) == want
        for m in data["member"]:
            check_unit(m, m["identifier"], 1, None)
    whole = nav(server, start="p1", end="p94", down=-1)
    assert ids(whole["member"]) == [f"p{n}" for n in range(1, 95)]
    assert ids(nav(server, start="p3", end="p4", down=1)["member"]) == ["p3", "p4"]  # across sections


def test_navigation_range_section_tree(server):
    data = nav(server, tree="section", start="s2.p10", end="s2.p20", down=-1)
    check_unit(data["start"], "s2.p10", 2, "s2")
    check_unit(data["end"], "s2.p20", 2, "s2")
    assert ids(data["member"]) == [f"s2.p{n}" for n in range(10, 21)]
    assert all(m["parent"] == "s2" and m["level"] == 2 for m in data["member"])
    # divisions, down=1: each division followed by its paragraphs (pre-order, spec Example 6)
    data = nav(server, tree="section", start="s2", end="s3", down=1)
    assert ids(data["member"]) == ["s2", *[f"s2.p{n}" for n in SECTION_P[2]], "s3", *[f"s3.p{n}" for n in SECTION_P[3]]]
    assert data["start"]["dublinCore"]["title"][0]["value"] == "A life that touched many revolutionary threads"
    assert ids(nav(server, tree="section", start="s1", end="s3", down=-1)["member"]) == \
        ids(nav(server, tree="section", down=-1)["member"])
    # levels the spec counts from the deeper of start/end: a range of paragraphs across a
    # section boundary lists the paragraphs, not the section they enter
    data = nav(server, tree="section", start="s2.p90", end="s3.p93", down=-1)
    assert ids(data["member"]) == ["s2.p90", "s2.p91", "s3.p92", "s3.p93"]
    assert [m["parent"] for m in data["member"]] == ["s2", "s2", "s3", "s3"]
    # start above end: from the start of s2 to the end of s2.p10, at the paragraph level
    assert ids(nav(server, tree="section", start="s2", end="s2.p10", down=1)["member"]) == \
        [f"s2.p{n}" for n in range(4, 11)]


def test_document_range_paragraph_tree(server):
    units = wrapped(document(server, start="p10", end="p20"))
    assert [u.get(XML_ID) for u in units] == [f"p{n}" for n in range(10, 21)]
    assert [etree.QName(u).localname for u in units].count("cit") == 2  # p13 and p20 are quotations
    root = document(server, start="p1", end="p94")
    assert [u.get(XML_ID) for u in wrapped(root)] == [f"p{n}" for n in range(1, 95)]
    assert root.get(f"{{{XML_NS}}}lang") == "en"
    # across a section boundary: the units only (no head of the section they enter)
    units = wrapped(document(server, start="p2", end="p5"))
    assert [u.get(XML_ID) for u in units] == ["p2", "p3", "p4", "p5"]


def test_document_range_section_tree(server):
    units = wrapped(document(server, tree="section", start="s2.p10", end="s2.p20"))
    assert [u.get(XML_ID) for u in units] == [f"p{n}" for n in range(10, 21)]
    units = wrapped(document(server, tree="section", start="s1", end="s2"))
    assert [(etree.QName(u).localname, u.get(XML_ID)) for u in units] == [("div", "s1"), ("div", "s2")]
    assert [p.get(XML_ID) for p in units[1].iterchildren(f"{{{TEI_NS}}}p", f"{{{TEI_NS}}}cit")] == \
        [f"p{n}" for n in SECTION_P[2]]
    assert units[1].find(f"{{{TEI_NS}}}head") is not None  # a whole division, with its head
    units = wrapped(document(server, tree="section", start="s2.p90", end="s3.p93"))
    assert [u.get(XML_ID) for u in units] == ["p90", "p91", "p92", "p93"]
    units = wrapped(document(server, tree="section", start="s2", end="s2.p10"))
    assert [u.get(XML_ID) for u in units] == [f"p{n}" for n in range(4, 11)]


def static_unit_text(static: bytes, key: str = "ref") -> str:
    """The compact JSON of `key` (a CitableUnit) in a static per-unit navigation file."""
    data = json.loads(static)
    return json.dumps(data[key], ensure_ascii=False, separators=(",", ":"))


def test_start_equals_end_is_the_static_unit(server, built_edition):
    checked = 0
    for tree, refs in ((None, ["p1", "p13", "p42", "p94"]), ("section", ["s1", "s2", "s3", "s2.p42", "s3.p94"])):
        for ref in refs:
            static_doc = (built_edition / document_path(RES, tree, ref).lstrip("/")).read_bytes()
            status, _, body = get(server, url("document", tree=tree, start=ref, end=ref))
            assert status == 200 and body == static_doc, (tree, ref)
            for down in (None, 1, -1):
                static = (built_edition / navigation_path(RES, tree, down, ref).lstrip("/")).read_bytes()
                status, _, body = get(server, url("navigation", tree=tree, start=ref, end=ref, down=down))
                text = body.decode()
                unit = static_unit_text(static)
                assert f'"start":{unit},"end":{unit}' in text, (tree, ref, down)
                answer, want = json.loads(body), json.loads(static)
                if down is None:
                    assert "member" not in answer
                else:
                    members = json.dumps(want["member"], ensure_ascii=False, separators=(",", ":"))
                    assert f'"member":{members}}}' in text, (tree, ref, down)
                checked += 1
    assert checked == 27


def test_every_query_answer_is_the_static_file(server, built_edition):
    """Every unit of both trees: navigation (no down, down=0, -1, 1, 2) and document by `ref`,
    and the whole-tree navigation, computed by serve, against the static files; they differ
    only in their URLs: `@id` (the request), the resource's `@id` (its permanent URI; the file
    name in the static files), templates and download link, and the links of a page's `view`
    (serve's `page=k`; the files of the pages' first units)."""
    def same(static: dict, answer: dict) -> bool:
        static, answer = dict(static), dict(answer)
        for obj in (static, answer):
            del obj["@id"]
            obj["resource"] = {k: v for k, v in obj["resource"].items()
                               if k not in ("@id", "collection", "navigation", "document", "download")}
            if "view" in obj:
                obj["view"] = sorted(obj["view"])  # the same links (first, previous, next, last)
        return static == answer

    compared = 0
    for tree in (None, "section"):
        for down in (1, 2):
            static = json.loads((built_edition / navigation_path(RES, tree, down).lstrip("/")).read_bytes())
            assert same(static, nav(server, tree=tree, down=down))
            compared += 1
        members = nav(server, tree=tree, down=-1)["member"]
        for m in members:
            ref = m["identifier"]
            for down in (None, 0, -1, 1, 2):
                static = json.loads((built_edition / navigation_path(RES, tree, down, ref).lstrip("/")).read_bytes())
                assert same(static, nav(server, tree=tree, ref=ref, down=down)), (tree, ref, down)
                compared += 1
            status, _, body = get(server, url("document", tree=tree, ref=ref))
            assert body == (built_edition / document_path(RES, tree, ref).lstrip("/")).read_bytes(), (tree, ref)
            compared += 1
    status, _, body = get(server, url("document"))  # the static copy: without the xml-model of tei/
    assert body == (built_edition / document_path(RES).lstrip("/")).read_bytes()
    assert compared == 4 + (94 + 97) * 6


@pytest.mark.parametrize("endpoint", ["navigation", "document"])
@pytest.mark.parametrize("params,code,message", [
    ({"start": "p20", "end": "p10"}, 400, "end p10 comes before start p20 in document order"),
    ({"start": "s2.p10", "end": "s2", "tree": "section"}, 400, "end s2 comes before start s2.p10"),
    ({"start": "p10", "end": "p999"}, 404, "end p999 is not a reference of the default tree"),
    ({"start": "p0", "end": "p10"}, 404, "start p0 is not a reference of the default tree"),
    ({"start": "s2.p10", "end": "s2.p20"}, 404, "start s2.p10 is not a reference of the default tree"),
    ({"start": "p10", "end": "p20", "tree": "section"}, 404, "start p10 is not a reference of tree section"),
    ({"start": "p10", "end": "p20", "tree": "nosuch"}, 404, "no citation tree nosuch"),
    ({"ref": "p10", "start": "p10", "end": "p20"}, 400, "ref cannot be used with start/end"),
    ({"ref": "p10", "end": "p20"}, 400, "ref cannot be used with start/end"),
    ({"start": "p10"}, 400, "start and end go together"),
    ({"end": "p10"}, 400, "start and end go together"),
    ({"resource": None, "start": "p10", "end": "p20"}, 400, "the resource parameter is required"),
    ({"resource": "nosuch", "start": "p10", "end": "p20"}, 404, "no resource nosuch"),
])
def test_range_errors(server, endpoint, params, code, message):
    query = {"resource": RES, **params}
    path = f"/dts/{endpoint}/?" + urlencode({k: v for k, v in query.items() if v is not None})
    status, headers, body = get(server, path)
    assert status == code, (path, body)
    assert headers["Content-Type"] == "application/ld+json"
    error = json.loads(body)
    assert error["@type"] == "Error" and error["statusCode"] == code and message in error["description"]


@pytest.mark.parametrize("params,code,message", [
    ({"start": "p10", "end": "p20", "down": 0}, 400, "down=0 needs ref"),
    ({"start": "p10", "end": "p20", "down": -2}, 400, "down must be -1 or more"),
    ({"start": "p10", "end": "p20", "down": "all"}, 400, "down must be an integer"),
    ({}, 400, "give ref, start and end, or down"),
    ({"down": 0}, 400, "down=0 needs ref"),
])
def test_navigation_down_errors(server, params, code, message):
    status, _, body = get(server, url("navigation", **params))
    assert status == code and message in json.loads(body)["description"]


def test_document_media_type_and_quotes_in_messages(server):
    status, _, body = get(server, url("document", start="p1", end="p2", mediaType="text/html"))
    assert status == 404 and "text/html" in json.loads(body)["description"]
    status, _, body = get(server, url("navigation", start='p"1', end="p2"))
    assert status == 404 and json.loads(body)["description"].startswith('start p"1 ')  # valid JSON


@pytest.fixture(scope="module")
def dapytains():
    return load_dapytains()


@pytest.fixture(scope="module")
def reference(dapytains):
    return dapytains.document.Document(str(paths.MASTER))


def reference_text(el: etree._Element) -> str:
    return " ".join(el.xpath("string()").split())


def reference_passage(doc, tree: str, start: str, end: str) -> etree._Element:
    # built with lxml.objectify: reparsed as plain lxml (see test_dts_reference)
    return etree.fromstring(etree.tostring(doc.get_passage(start, end=end, tree=tree)))


def unit_ids(el: etree._Element, wanted: set[str]) -> list[str]:
    return [e.get(XML_ID) for e in el.iter() if isinstance(e.tag, str) and e.get(XML_ID) in wanted]


def ranges_within_sections(step: int) -> list[tuple[int, int]]:
    out = []
    for n in range(1, 95, step):
        last = SECTION_P[section_of(n)][-1]
        for length in (0, 1, 4, 17):
            if n + length <= last:
                out.append((n, n + length))
    return out


def test_range_passages_as_the_reference_implementation(server, reference):
    """The text of our range documents against dapytains' range passages: ranges within one
    section (both trees) and ranges of whole divisions. The whole answers' texts must be equal
    (dapytains rebuilds the ancestors around the units; we wrap the units) and the units the
    same, in the same order."""
    all_units = {f"p{n}" for n in range(1, 95)}  # (dapytains' copies of the ancestors carry s1…s3)
    cases = [(None, f"p{a}", f"p{b}") for a, b in ranges_within_sections(3)]
    cases += [("section", f"s{section_of(a)}.p{a}", f"s{section_of(b)}.p{b}") for a, b in ranges_within_sections(7)]
    cases += [("section", a, b) for a, b in (("s1", "s2"), ("s2", "s3"), ("s1", "s3"), ("s3", "s3"))]
    problems = []
    for tree, start, end in cases:
        ours = document(server, tree=tree, start=start, end=end)
        theirs = reference_passage(reference, tree or "paragraph", start, end)
        if reference_text(ours) != reference_text(theirs):
            problems.append(f"{tree} {start}…{end}: texts differ ({len(reference_text(ours))} / "
                            f"dapytains {len(reference_text(theirs))} characters)")
        if unit_ids(ours, all_units) != unit_ids(theirs, all_units):
            problems.append(f"{tree} {start}…{end}: units {unit_ids(ours, all_units)} / "
                            f"dapytains {unit_ids(theirs, all_units)}")
    assert len(cases) > 100 and not problems, "\n".join(problems[:20])


def expected_range(units: list, start: str, end: str, down: int) -> list[str]:
    """The spec's table on dapytains' citation tree: the units from start to the end of end, in
    pre-order, from the level of the deeper of the two down `down` levels (-1: all)."""
    refs = [u.ref for u in units]
    by_ref = {u.ref: u for u in units}
    i, j = refs.index(start), refs.index(end)

    def size(u):
        return 1 + sum(size(c) for c in u.children)

    span = units[i:j + size(by_ref[end])]
    level = max(by_ref[start].level, by_ref[end].level)
    return [u.ref for u in span if u.level >= level and (down == -1 or u.level <= level + down)]


def test_range_navigation_as_the_reference_implementation(server, reference, dapytains):
    """Range navigation against dapytains: its own `get_nav` (what its server answers) where
    the end of the range has no units below it, and the spec's table on its tree for every
    case. (`get_nav` runs past an end that has units below it: see test_reference_departures.)"""
    problems = []
    compared = 0
    cases = [(None, "paragraph", f"p{a}", f"p{b}") for a, b in ranges_within_sections(5)]
    cases += [(None, "paragraph", "p2", "p5"), (None, "paragraph", "p1", "p94"), (None, "paragraph", "p88", "p93")]
    cases += [("section", "section", a, b) for a, b in (
        ("s2.p10", "s2.p20"), ("s2.p90", "s3.p93"), ("s1.p1", "s3.p94"), ("s1", "s2.p10"), ("s2", "s2.p10"),
        ("s2.p10", "s3"), ("s2", "s3"), ("s1", "s3"), ("s1", "s2"), ("s3", "s3"))]
    for tree, name, start, end in cases:
        units = reference_units(reference, name)
        refs = [u.json() for u in reference.get_reffs(name)]
        tree_paths = dapytains.navigation.generate_paths(refs)
        leaf_end = not next(u for u in units if u.ref == end).children
        for down in (1, -1):
            ours = ids(nav(server, tree=tree, start=start, end=end, down=down)["member"])
            if ours != expected_range(units, start, end, down):
                problems.append(f"{name} {start}…{end} down={down}: {ours[:4]}… / spec on dapytains' tree")
            if leaf_end:
                members, first, last = dapytains.navigation.get_nav(refs, tree_paths, start, end, down)
                if ours != ids(members) or (first["identifier"], last["identifier"]) != (start, end):
                    problems.append(f"{name} {start}…{end} down={down}: {ours[:4]}… / get_nav {ids(members)[:4]}…")
                compared += 1
    assert compared > 50 and not problems, "\n".join(problems[:20])


def test_reference_departures(server, reference, dapytains):
    """Where dapytains (1.0.0rc4) departs from the spec on ranges; we follow the spec. If one of
    these fails, dapytains changed: compare those cases in the tests above."""
    # 1. get_passage across a section boundary loses the last unit(s) of the start's section
    #    (p2…p5: no p3; s2.p90…s3.p93: no p91); ours holds every unit of the range
    wanted = {f"p{n}" for n in range(1, 95)}
    assert unit_ids(reference_passage(reference, "paragraph", "p2", "p5"), wanted) == ["p2", "p4", "p5"]
    assert unit_ids(reference_passage(reference, "section", "s2.p90", "s3.p93"), wanted) == ["p90", "p92", "p93"]
    # 2. get_passage with start=s2, end=s2.p10 (end inside start) gives the whole of s2; the
    #    range ends with end: ours stops at p10
    assert unit_ids(reference_passage(reference, "section", "s2", "s2.p10"), wanted) == [f"p{n}" for n in SECTION_P[2]]
    assert [u.get(XML_ID) for u in wrapped(document(server, tree="section", start="s2", end="s2.p10"))] == \
        [f"p{n}" for n in range(4, 11)]
    # 3. get_nav with an end that has units below it runs past it (s1…s2 ends with s3's units)
    refs = [u.json() for u in reference.get_reffs("section")]
    members, _, _ = dapytains.navigation.get_nav(refs, dapytains.navigation.generate_paths(refs), "s1", "s2", 1)
    assert ids(members)[-1] == "s3.p94"
    assert ids(nav(server, tree="section", start="s1", end="s2", down=1)["member"])[-1] == "s2.p91"
