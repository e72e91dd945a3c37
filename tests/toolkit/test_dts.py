"""The static DTS 1.0 export: JSON-LD shapes per endpoint (spec v1.0), generated from citeStructure.

The tests on the real master are in tests/edition/test_dts_master.py."""

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from lxml import etree

from tei_edition.core import paths
from tei_edition.outputs.dts import DTS_NS, DtsExport, write_dts
from tei_edition.outputs.dts_urls import static_urls
from tei_edition.citation.scheme import qualify, read_trees
from tei_edition.core.problems import EditionError
from tei_edition.core.xmlio import TEI_NS, read_tei
from support import FIXTURES

CONTEXT = "https://dtsapi.org/context/v1.0.json"
RES = paths.BASENAME
PREFIX = "https://tei-edition.example.org/lawson-2021-most-intransigent"  # minimal.xml's base URL, no slash


def expand(template: str, **values) -> str:
    """RFC 6570 expansion for the operators DTS templates use here: {x} {/x} {;x,y} {?x} {&x}."""
    def repl(m):
        op, names = m.group(1), m.group(2).split(",")
        defined = [(n, values[n]) for n in names if values.get(n) is not None]
        if not defined:
            return ""
        enc = lambda v: quote(str(v), safe="")  # noqa: E731
        if op == "":
            return ",".join(enc(v) for _, v in defined)
        if op == "/":
            return "".join("/" + enc(v) for _, v in defined)
        if op == ";":
            return "".join(f";{n}={enc(v)}" for n, v in defined)
        if op in "?&":
            return op + "&".join(f"{n}={enc(v)}" for n, v in defined)
        raise AssertionError(op)
    return re.sub(r"\{([/;?&]?)([^}]+)\}", repl, template)


@pytest.fixture(scope="module")
def dts_dir(tmp_path_factory, minimal_tei) -> Path:
    out = tmp_path_factory.mktemp("dts")
    write_dts(out, read_tei(minimal_tei), str(minimal_tei))
    return out


def load(root: Path, url: str):
    """The file of the export at `url` (absolute below PREFIX/dts/, or a path `/dts/…`)."""
    if "://" in url:
        assert url.startswith(PREFIX + "/dts/"), f"{url} is not below the export's URL {PREFIX}/dts/"
        url = url[len(PREFIX):]
    path = root / url.lstrip("/")
    assert path.is_file(), f"{url} (from a template) is not a file of the export"
    return json.loads(path.read_text()) if url.endswith(".json") else path.read_bytes()


def test_entry_point_shape_and_templates_expand_to_files(dts_dir):
    entry = load(dts_dir, "/dts/index.json")
    assert entry["@context"] == CONTEXT and entry["dtsVersion"] == "1.0" and entry["@type"] == "EntryPoint"
    assert entry["@id"] == PREFIX + "/dts/index.json"
    for key in ("collection", "navigation", "document"):
        assert "{" in entry[key], key
    root = load(dts_dir, expand(entry["collection"]))
    assert root["@type"] == "Collection"
    load(dts_dir, expand(entry["collection"], id=RES))
    load(dts_dir, expand(entry["navigation"], resource=RES, down=-1))
    load(dts_dir, expand(entry["navigation"], resource=RES, ref="p3"))
    load(dts_dir, expand(entry["navigation"], resource=RES, tree="section", down=1, ref="s2"))
    load(dts_dir, expand(entry["document"], resource=RES))
    load(dts_dir, expand(entry["document"], resource=RES, ref="p3"))


def test_collections(dts_dir):
    root = load(dts_dir, "/dts/collection.json")
    for key in ("@context", "dtsVersion", "@id", "@type", "title", "totalParents", "totalChildren", "collection"):
        assert key in root, key
    assert root["totalChildren"] == len(root["member"]) == 1
    res = root["member"][0]
    assert res["@type"] == "Resource" and res["@id"] == RES
    for key in ("title", "totalParents", "collection", "navigation", "document", "citationTrees", "mediaTypes"):
        assert key in res, key
    assert res["mediaTypes"] == ["application/tei+xml"]
    trees = res["citationTrees"]
    assert trees[0]["@type"] == "CitationTree" and "identifier" not in trees[0]  # default tree
    assert trees[0]["citeStructure"] == [{"@type": "CiteStructure", "citeType": "paragraph"}]
    assert trees[1]["identifier"] == "section"
    assert trees[1]["citeStructure"][0]["citeType"] == "section"
    assert trees[1]["citeStructure"][0]["citeStructure"][0]["citeType"] == "paragraph"
    resource = load(dts_dir, f"/dts/collection/{RES}.json")
    assert resource["@context"] == CONTEXT and resource["dtsVersion"] == "1.0" and resource["@type"] == "Resource"
    assert resource["dublinCore"]["creator"] == ["Tommy Lawson"]
    parents = load(dts_dir, f"/dts/collection/{RES};nav=parents.json")
    assert [m["@id"] for m in parents["member"]] == ["tei-edition"]


def _check_unit(u):
    assert u["@type"] == "CitableUnit"
    assert set(u) >= {"identifier", "level", "parent", "citeType"}
    assert isinstance(u["level"], int) and u["level"] >= 1


def test_navigation_whole_tree_each_level(dts_dir):
    whole = load(dts_dir, f"/dts/navigation/{RES};down=-1.json")
    assert whole["@type"] == "Navigation" and whole["@context"] == CONTEXT and whole["dtsVersion"] == "1.0"
    assert whole["resource"]["@type"] == "Resource" and whole["resource"]["citationTrees"]
    assert "ref" not in whole
    assert [m["identifier"] for m in whole["member"]] == ["p1", "p2", "p3", "p4"]
    for m in whole["member"]:
        _check_unit(m)
        assert m["parent"] is None and m["level"] == 1
    sections = load(dts_dir, f"/dts/navigation/{RES};tree=section;down=-1.json")
    ids = [m["identifier"] for m in sections["member"]]
    assert ids == ["s1", "s1.p1", "s2", "s2.p2", "s2.p3", "s2.p4"]  # pre-order, document order
    by_id = {m["identifier"]: m for m in sections["member"]}
    assert by_id["s2.p3"]["parent"] == "s2" and by_id["s2.p3"]["level"] == 2
    assert by_id["s2"]["dublinCore"]["title"] == [{"lang": "en", "value": "A life that touched many revolutionary threads"}]
    level1 = load(dts_dir, f"/dts/navigation/{RES};tree=section;down=1.json")
    assert [m["identifier"] for m in level1["member"]] == ["s1", "s2"]
    assert len(set(ids)) == len(ids)


def test_navigation_each_unit(dts_dir):
    one = load(dts_dir, f"/dts/navigation/{RES}/p3.json")
    assert one["ref"]["identifier"] == "p3" and "member" not in one
    assert one["@id"] == f"{PREFIX}/dts/navigation/{RES}/p3.json"
    siblings = load(dts_dir, f"/dts/navigation/{RES};down=0/p3.json")
    assert [m["identifier"] for m in siblings["member"]] == ["p1", "p2", "p3", "p4"]
    children = load(dts_dir, f"/dts/navigation/{RES};tree=section;down=1/s2.json")
    assert children["ref"]["identifier"] == "s2"
    assert [m["identifier"] for m in children["member"]] == ["s2", "s2.p2", "s2.p3", "s2.p4"]
    leaf = load(dts_dir, f"/dts/navigation/{RES};tree=section;down=1/s2.p3.json")
    assert [m["identifier"] for m in leaf["member"]] == ["s2.p3"]  # only the ref when nothing is below


def test_document_whole_and_fragments(dts_dir):
    whole = etree.fromstring(load(dts_dir, f"/dts/document/{RES}.xml"))
    assert whole.tag == f"{{{TEI_NS}}}TEI" and whole.find(f"{{{TEI_NS}}}teiHeader") is not None
    frag = etree.fromstring(load(dts_dir, f"/dts/document/{RES}/p3.xml"))
    assert frag.tag == f"{{{TEI_NS}}}TEI"
    assert frag.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"  # the language the unit inherits
    wrapper = frag.find(f"{{{DTS_NS}}}wrapper")
    assert wrapper is not None and len(wrapper) == 1
    assert wrapper[0].tag == f"{{{TEI_NS}}}cit" and wrapper[0].get("{http://www.w3.org/XML/1998/namespace}id") == "p3"
    sec = etree.fromstring(load(dts_dir, f"/dts/document/{RES};tree=section/s2.xml"))
    assert sec.find(f"{{{DTS_NS}}}wrapper/{{{TEI_NS}}}div/{{{TEI_NS}}}head") is not None


def test_every_navigation_file_is_valid_json_with_its_own_id(dts_dir):
    files = list((dts_dir / "dts" / "navigation").rglob("*.json"))
    assert len(files) > 20
    for f in files:
        data = json.loads(f.read_text())
        assert data["@id"] == PREFIX + "/" + f.relative_to(dts_dir).as_posix()
        for m in data.get("member", []):
            _check_unit(m)


def test_navigation_follows_the_declared_scheme_not_fixed_xpaths():
    """Another shape of scheme (3 levels, @n, position(), citeData) drives the same code."""
    path = FIXTURES / "reuse" / "three-levels.xml"
    tree = read_tei(path)
    export = DtsExport(tree, str(path), resource="three")
    files = export.build()
    whole = json.loads(files["/dts/navigation/three;down=-1.json"])
    ids = [m["identifier"] for m in whole["member"]]
    assert ids == ["I", "I:1", "I:1.1", "I:1.2", "I:2", "I:2.1", "II", "II:1", "II:1.1"]
    assert whole["member"][0]["dublinCore"]["title"][0]["value"] == "One"
    level2 = json.loads(files["/dts/navigation/three;down=2.json"])
    assert [m["identifier"] for m in level2["member"]] == ["I", "I:1", "I:2", "II", "II:1"]
    tree_json = export.resource_object(static_urls("https://example.org/three"))["citationTrees"]
    assert tree_json[0]["citeStructure"][0]["citeStructure"][0]["citeStructure"][0]["citeType"] == "para"


def test_a_heading_s_cite_data_is_its_edited_reading(minimal_tei, tmp_path):
    """A correction in a section's heading: its DTS title ran both readings together
    ("revolutionryrevolutionary"), where the web edition and the PDF print the correction."""
    text = minimal_tei.read_text().replace(
        "<head>A life that touched many revolutionary threads</head>",
        '<head>A life that touched many <choice><sic>revolutionry</sic><corr resp="#editors" type="misspelling">'
        "revolutionary</corr></choice> threads</head>", 1)
    f = tmp_path / "m.xml"
    f.write_text(text)
    files = DtsExport(read_tei(f), str(f), resource="m").build()
    s2 = json.loads(files["/dts/navigation/m;tree=section/s2.json"])["resource"]
    sections = json.loads(files["/dts/navigation/m;tree=section;down=1.json"])["member"]
    assert [m["dublinCore"]["title"][0]["value"] for m in sections if m["identifier"] == "s2"] == [
        "A life that touched many revolutionary threads"]
    assert "revolutionry" not in json.dumps(s2) + json.dumps(sections)


def test_changing_use_changes_identifiers(minimal_tei, tmp_path):
    text = minimal_tei.read_text().replace(
        'match="/TEI/text/body/div[@type=\'section\']/*[self::p or self::cit]" use="@xml:id"',
        'match="/TEI/text/body/div[@type=\'section\']/*[self::p or self::cit]" use="concat(\'para-\', @n)"')
    f = tmp_path / "m.xml"
    f.write_text(text)
    ct = read_trees(read_tei(f), str(f))[0]
    assert [u.ref for u in ct.units] == ["para-1", "para-2", "para-3", "para-4"]


def test_scheme_errors_are_reported(minimal_tei, tmp_path):
    f = tmp_path / "m.xml"
    f.write_text(re.sub(r"<encodingDesc>.*</encodingDesc>", "", minimal_tei.read_text(), flags=re.S))
    with pytest.raises(EditionError) as exc:
        read_trees(read_tei(f), str(f))
    assert exc.value.problems[0].code == "E0301"
    f.write_text(minimal_tei.read_text().replace('use="@xml:id" delim="."', 'use="@xml:id"'))
    with pytest.raises(EditionError) as exc:
        read_trees(read_tei(f), str(f))
    assert exc.value.problems[0].code == "E0302" and "delim" in exc.value.problems[0].message


def test_xpath_names_are_tei_names():
    assert qualify("/TEI/text/body/div[@type='s']/*[self::p or self::cit]") == \
        "/tei:TEI/tei:text/tei:body/tei:div[@type='s']/*[self::tei:p or self::tei:cit]"
    assert qualify("count(p) div 2") == "count(tei:p) div 2"
    assert qualify("div mod 2") == "tei:div mod 2"
    assert qualify("@xml:id") == "@xml:id"
    assert qualify("concat('p', @n)") == "concat('p', @n)"


@pytest.mark.parametrize("base", ["javascript:alert(1)//", "ftp://example.org/x/", "/relative/", "https://x/?q=1",
                                  "https://x/#frag", "https://exa mple.org/"])
def test_the_base_url_must_be_absolute_http(minimal_tei, base):
    with pytest.raises(EditionError) as exc:
        DtsExport(read_tei(minimal_tei), str(minimal_tei), base_url=base).build()
    assert exc.value.problems[0].code == "E0340" and "absolute http(s) URL" in exc.value.problems[0].message


def test_a_base_url_moves_every_url(minimal_tei):
    files = DtsExport(read_tei(minimal_tei), str(minimal_tei), base_url="http://127.0.0.1:8080/ed/").build()
    text = b"".join(data for name, data in files.items() if name.endswith(".json")).decode()
    urls = set(re.findall(r'"(?:@id|collection|navigation|document|download|first|next|last|previous)":"([^"]+)"',
                          text.replace('": "', '":"')))
    assert all(u.startswith("http://127.0.0.1:8080/ed/dts/") for u in urls if "/" in u), \
        sorted(u for u in urls if "/" in u and not u.startswith("http://127.0.0.1:8080/ed/dts/"))[:5]
    assert "tei-edition.example.org" not in text  # the header's base URL is overridden everywhere
