"""Our static DTS export checked against MyDapytains, the DTS team's reference implementation.

`dapytains` (PyPI 1.0.0rc4) reads the same `refsDecl/citeStructure` as `dts_scheme` and derives
its own citation trees and passages; `make` unpacks its wheel into the user's cache
(`tools/setup_cache.py`, never a dependency: it pins saxonche 12.9 and pulls in flask). For
the master (trees "paragraph", the default, and "section") and for the three-level fixture
`tests/fixtures/reuse/three-levels.xml` (part → chapter → para, `@n`, `position()`,
`citeData`), tree by tree:

* the trees: names (dapytains' `refsDecl/@n`; our default tree has no identifier, as the spec
  wants) and the `citeStructure` shape (`citeType` per level);
* the references: every unit of `Document.get_reffs(tree)` (identifier, level, parent,
  citeType, pre-order) against the members of our `navigation/…;down=-1.json`; each
  `…;down=n.json` against dapytains' own navigation (`dapytains.app.navigation.get_nav`, as
  its server answers `down=n` without `ref`); and every per-unit file (`/ref.json` with no
  `down`, `down=0`, `down=1…`, `down=-1`) against the answer the spec's table "Usage of down,
  ref, start and end" gives on dapytains' tree;
* `citeData`: the metadata dapytains reads for each unit (section titles) against our members'
  `dublinCore`/`extensions`;
* the passages: for every reference of every tree, `Document.get_passage(ref, tree)` against
  our `document/…/ref.xml`: the cited element (name, every attribute, so its xml:id), its
  language (the xml:lang in scope), the elements below it with their attributes, and the
  whitespace-normalised text, both of the element and of the whole answer (nothing of the text
  outside the unit leaks into either).

Found and fixed: our fragments lost the language. The unit inherits `xml:lang="en"` from the
master's `<TEI>`; dapytains' passage keeps it (it copies the ancestors with their attributes),
our `TEI/dts:wrapper/p` had no xml:lang in scope. DTS 1.0 only says the chunk SHOULD be in
`dts:wrapper` and that context MAY be added around it; by XML 1.0 (2.12) the language is
inherited, so the fragment's `<TEI>` now carries the unit's inherited xml:lang
(`dts.DtsExport.fragment`). Nothing else differed: same units, levels, parents, types, order,
titles and passages.

Each comparison is a function returning the list of differences; `test_comparisons_can_fail`
feeds them altered exports (a member dropped, a parent changed, a word of a passage changed, a
title changed) and expects each to report it. Missing cache: the tests fail (run `make`).

Where dapytains departs from DTS 1.0 (checked on this edition; we follow the spec, and these
are not compared):

* Navigation with a `ref` (`get_nav`): `down=0` gives the units from `ref` to the end of the
  document at its level, not its siblings (ref=p42 → p42…p94, 53 units, not the 94 siblings;
  ref=s2.p47 → s2.p47…s3.p94, crossing into s3); `down=1`/`down=-1` on a unit with nothing
  below gives every later unit of its level but the last (ref=p42 → p42…p93), where the spec
  wants only the unit ("an array containing only this CitableUnit"); and `down=1` on a unit
  that is not the last but one of its level runs on to the next but last (ref=s1 → s1, s1.p*,
  s2, s2.p*: 93 units, not s1 and its 3 paragraphs). Without `ref`, `get_nav` agrees with the
  spec and with us.
* `CitableUnit.json()` (what its server puts in `member`) keys `citeData` by the full property
  URI with bare strings (`{"http://purl.org/dc/terms/title": ["…"]}`) and calls the non-DC
  ones `extension`; the spec's MetadataObject uses the context's terms (`title`) with
  `[{"lang", "value"}]` for text, and the property is `extensions`. We compare values, not
  that shape. dapytains keeps the `use` result's whitespace as it is; we normalise it.
* `get_passage` answers the unit inside a copy of its ancestors (`TEI/text/body/div/p`) with no
  `dts:wrapper`, which the spec says a chunk SHOULD be in; we answer
  `TEI/dts:wrapper/p`. The comparison therefore takes dapytains' unit at the end of its
  ancestor path (the path `generate_xpath` resolves to).

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_dts_reference_fixtures.py."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree

from tei_edition.core import paths
from tei_edition.outputs.dts import DTS_NS, document_path, navigation_path, write_dts
from tei_edition.core.xmlio import XML_NS, read_tei
from support import FIXTURES
from support.dapytains import load_dapytains, reference_units

THREE_LEVELS = FIXTURES / "reuse" / "three-levels.xml"
RES = paths.BASENAME
DC = "http://purl.org/dc/terms/"
UNIT_KEYS = ("level", "parent", "citeType")


@pytest.fixture(scope="module")
def dapytains() -> SimpleNamespace:
    return load_dapytains()


@dataclass
class Case:
    """One TEI file: dapytains' view of it and our export of it."""
    name: str
    source: Path
    export: Path  # the build folder holding dts/
    doc: object  # dapytains.tei.document.Document

    def read(self, url: str) -> bytes:
        """A file of our export, by its path (`/dts/…`) or its absolute URL."""
        if "://" in url:
            prefix = json.loads((self.export / "dts" / "index.json").read_bytes())["@id"].removesuffix("/dts/index.json")
            assert url.startswith(prefix + "/dts/"), f"{self.name}: {url} is not below {prefix}/dts/"
            url = url[len(prefix):]
        path = self.export / url.lstrip("/")
        assert path.is_file(), f"{self.name}: our export has no {url}"
        return path.read_bytes()

    def json(self, url: str) -> dict:
        return json.loads(self.read(url))

    def all_pages(self, nav: dict) -> list[dict]:
        """The members of every page of a paged answer, in order (following `view`: `first`,
        then each `next`); an answer without `view` is its own one page."""
        if "view" not in nav:
            return nav["member"]
        members: list[dict] = []
        url: str | None = nav["view"]["first"]
        seen = 0
        while url:
            page = self.json(url)
            members += page["member"]
            url = page["view"].get("next")
            seen += 1
            assert seen <= len(members), f"{self.name}: the pages of {nav['@id']} loop"
        return members

    def trees(self) -> list[tuple[str, str | None]]:
        """(dapytains' tree name, our tree identifier), default tree first."""
        names = [self.doc.default_tree] + [n for n in self.doc.citeStructure if n != self.doc.default_tree]
        return [(n, None if n == self.doc.default_tree else n) for n in names]


@pytest.fixture(scope="module", params=["master", "three-levels"])
def case(request, dapytains, tmp_path_factory) -> Case:
    if request.param == "master":
        export = request.getfixturevalue("built_edition")
        source = paths.MASTER
    else:
        source = THREE_LEVELS
        export = tmp_path_factory.mktemp("three-levels")
        write_dts(export, read_tei(source), str(source))
    return Case(request.param, Path(source), export, dapytains.document.Document(str(source)))


def as_member(u) -> dict:
    return {"identifier": u.ref, "level": u.level, "parent": u.parent, "citeType": u.citeType}


def compare_members(expected: list[dict], members: list[dict], where: str) -> list[str]:
    """Same identifiers in the same order, and the same level, parent and citeType for each."""
    problems: list[str] = []
    want = [m["identifier"] for m in expected]
    got = [m["identifier"] for m in members]
    if want != got:
        missing = [i for i in want if i not in set(got)]
        extra = [i for i in got if i not in set(want)]
        detail = f"missing {missing[:5]}, extra {extra[:5]}" if missing or extra else "in another order"
        problems.append(f"{where}: {len(got)} members, dapytains {len(want)}: {detail}")
    ours = {m["identifier"]: m for m in members}
    for m in expected:
        o = ours.get(m["identifier"])
        if o is None:
            continue
        for key in UNIT_KEYS:
            if o.get(key) != m[key]:
                problems.append(f"{where}: {m['identifier']} has {key} {o.get(key)!r}, dapytains {m[key]!r}")
    return problems


def our_metadata(member: dict) -> dict[str, list[str]]:
    """A member's dublinCore/extensions as {property URI: [value, …]}."""
    out: dict[str, list[str]] = {}
    for key, values in member.get("dublinCore", {}).items():
        out[DC + key] = [v["value"] if isinstance(v, dict) else v for v in values]
    for prop, values in member.get("extensions", {}).items():
        out[prop] = list(values)
    return out


def compare_cite_data(units: list, members: list[dict], where: str) -> list[str]:
    """The citeData dapytains reads for each unit against our members' metadata."""
    problems: list[str] = []
    ours = {m["identifier"]: our_metadata(m) for m in members}
    for u in units:
        want = {prop: [" ".join(v.split()) for v in values]
                for prop, values in {**u.dublinCore, **u.extension}.items()}
        got = ours.get(u.ref)
        if got is None:
            problems.append(f"{where}: {u.ref} is not a member")
        elif got != want:
            problems.append(f"{where}: {u.ref} has metadata {got}, dapytains {want}")
    return problems


def _text(el: etree._Element) -> str:
    return " ".join(el.xpath("string()").split())


def _language(el: etree._Element) -> str:
    """The element's language: its own or inherited xml:lang (XML 1.0, 2.12)."""
    return el.xpath("string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)")


def _shape(el: etree._Element) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(e.tag, sorted(e.attrib.items())) for e in el.iter() if isinstance(e.tag, str)]


def reference_passage(dapytains, doc, tree: str, ref: str) -> tuple[etree._Element, etree._Element]:
    """(dapytains' whole answer, the cited element in it): the element at the end of the
    ancestor path of the node its reference resolves to."""
    # get_passage builds with lxml.objectify (where iterating an element walks its same-named
    # siblings): reparsed as plain lxml
    answer = etree.fromstring(etree.tostring(doc.get_passage(ref, tree=tree)))
    xpath = doc.citeStructure[tree].generate_xpath(ref)
    steps = dapytains.document.generate_path(doc.xpath_processor, xpath).strip("/").split("/")
    names = [s.split("[", 1)[0] for s in steps]
    assert etree.QName(answer).localname == names[0], (ref, names)
    el = answer
    for name in names[1:]:
        found = [c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == name]
        assert len(found) == 1, f"dapytains' passage {ref}: {len(found)} <{name}> on the path {steps}"
        el = found[0]
    return answer, el


def compare_passage(answer: etree._Element, unit: etree._Element, fragment: bytes, where: str) -> list[str]:
    """Our `dts:wrapper` fragment against dapytains' passage (`answer`, its cited `unit`)."""
    root = etree.fromstring(fragment)
    wrapper = root.find(f"{{{DTS_NS}}}wrapper")
    if wrapper is None:
        return [f"{where}: no dts:wrapper"]
    pieces = [c for c in wrapper if isinstance(c.tag, str)]
    if len(pieces) != 1 or (wrapper.text or "").strip() or (pieces[0].tail or "").strip():
        return [f"{where}: the wrapper holds {len(pieces)} elements (and text?), not the one unit"]
    ours = pieces[0]
    problems: list[str] = []
    if (ours.tag, ours.get(f"{{{XML_NS}}}id")) != (unit.tag, unit.get(f"{{{XML_NS}}}id")):
        problems.append(f"{where}: <{etree.QName(ours).localname} xml:id={ours.get(f'{{{XML_NS}}}id')}>, "
                        f"dapytains <{etree.QName(unit).localname} xml:id={unit.get(f'{{{XML_NS}}}id')}>")
    if _language(ours) != _language(unit):
        problems.append(f"{where}: the unit's language (xml:lang in scope) is {_language(ours)!r}, "
                        f"dapytains {_language(unit)!r}")
    if _shape(ours) != _shape(unit):
        diff = next(((a, b) for a, b in zip(_shape(ours), _shape(unit)) if a != b), "one has more elements")
        problems.append(f"{where}: elements or attributes differ: {diff}")
    if _text(ours) != _text(unit):
        a, b = _text(ours), _text(unit)
        i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        problems.append(f"{where}: text differs at {i}: …{a[max(0, i - 30):i + 30]}… / dapytains …{b[max(0, i - 30):i + 30]}…")
    if _text(root) != _text(answer):
        problems.append(f"{where}: the whole answers' texts differ ({len(_text(root))} / dapytains {len(_text(answer))} characters)")
    return problems


def test_same_trees_and_cite_structures(case):
    resource = case.json(f"/dts/collection/{RES}.json")
    ours = resource["citationTrees"]
    assert [t.get("identifier") for t in ours] == [ident for _, ident in case.trees()]

    def strip(levels):
        return [{"citeType": lv["citeType"], **({"citeStructure": strip(lv["citeStructure"])}
                                                if "citeStructure" in lv else {})} for lv in levels]

    for ours_tree, (name, _) in zip(ours, case.trees()):
        assert strip(ours_tree["citeStructure"]) == [case.doc.citeStructure[name].structure.json()], name


def test_references_of_every_tree(case):
    problems = []
    for name, ident in case.trees():
        units = reference_units(case.doc, name)
        assert units, f"dapytains finds no unit in tree {name}"
        whole = case.json(navigation_path(RES, ident, -1))
        problems += compare_members([as_member(u) for u in units], whole["member"], f"{case.name} {name} down=-1")
    assert not problems, "\n".join(problems)


def test_each_level_as_dapytains_navigates_it(case, dapytains):
    problems = []
    for name, ident in case.trees():
        refs = [u.json() for u in case.doc.get_reffs(name)]
        tree_paths = dapytains.navigation.generate_paths(refs)
        depth = max(max(u.level for u in reference_units(case.doc, n)) for n, _ in case.trees())
        for down in [-1, *range(1, depth + 1)]:  # up to the deepest tree's depth, in every tree
            members, _, _ = dapytains.navigation.get_nav(refs, tree_paths, None, None, down)
            ours = case.json(navigation_path(RES, ident, down))
            assert "ref" not in ours
            problems += compare_members(members, ours["member"], f"{case.name} {name} down={down}")
    assert not problems, "\n".join(problems)


def expected_members(units: list, ref, down: int) -> list:
    """The spec's table, on dapytains' tree: down=0 the siblings; down=n the ref and what is
    below it down to n levels; down=-1 the ref and everything below it."""
    if down == 0:
        return [u for u in units if u.parent == ref.parent and u.level == ref.level]
    out = [ref]

    def below(u):
        for c in u.children:
            if down == -1 or c.level <= ref.level + down:
                out.append(c)
                below(c)

    below(ref)
    return out


def test_each_unit_navigation_follows_the_spec_on_dapytains_tree(case):
    """Every per-unit file: no `down`, `down=0` (its pages followed: the siblings, paged), -1
    and 1 up to the depth of the deepest tree (our files for every `down` a client may send)."""
    problems = []
    checked = paged = 0
    max_depth = max(max(u.level for u in reference_units(case.doc, name)) for name, _ in case.trees())
    for name, ident in case.trees():
        units = reference_units(case.doc, name)
        for u in units:
            alone = case.json(navigation_path(RES, ident, None, u.ref))
            if "member" in alone:
                problems.append(f"{case.name} {name} {u.ref}: a member without down")
            problems += compare_members([as_member(u)], [alone["ref"]], f"{case.name} {name} ref={u.ref}")
            for down in [0, -1, *range(1, max_depth + 1)]:
                nav = case.json(navigation_path(RES, ident, down, u.ref))
                where = f"{case.name} {name} ref={u.ref} down={down}"
                problems += compare_members([as_member(u)], [nav["ref"]], where + " (ref)")
                members = case.all_pages(nav) if down == 0 else nav["member"]
                paged += down == 0 and "view" in nav
                problems += compare_members([as_member(m) for m in expected_members(units, u, down)],
                                            members, where)
                checked += 1
    assert checked and not problems, "\n".join(problems[:40])
    if case.name == "master":  # 94 paragraphs and s2's 88 do not fit one page of 50
        assert paged == 94 + 88


def test_cite_data(case):
    problems = []
    for name, ident in case.trees():
        units = reference_units(case.doc, name)
        whole = case.json(navigation_path(RES, ident, -1))
        problems += compare_cite_data(units, whole["member"], f"{case.name} {name}")
    assert not problems, "\n".join(problems)
    if case.name == "master":  # the comparison compared something: the titled sections
        titled = [u.ref for u in reference_units(case.doc, "section") if u.dublinCore]
        assert titled == ["s2", "s3"]


def test_passages(case, dapytains):
    problems = []
    compared = 0
    for name, ident in case.trees():
        for u in reference_units(case.doc, name):
            answer, unit = reference_passage(dapytains, case.doc, name, u.ref)
            fragment = case.read(document_path(RES, ident, u.ref))
            problems += compare_passage(answer, unit, fragment, f"{case.name} {name} {u.ref}")
            compared += 1
    assert not problems, "\n".join(problems[:40])
    if case.name == "master":
        assert compared == 94 + 97  # p1…p94; s1…s3 and their 94 units


def test_comparisons_can_fail(built_edition, dapytains):
    case = Case("master", paths.MASTER, built_edition, dapytains.document.Document(str(paths.MASTER)))
    units = reference_units(case.doc, "section")
    expected = [as_member(u) for u in units]
    members = case.json(navigation_path(RES, "section", -1))["member"]
    assert compare_members(expected, members, "as built") == []

    dropped = [m for m in members if m["identifier"] != "s2.p42"]
    assert any("missing ['s2.p42']" in p for p in compare_members(expected, dropped, "dropped"))
    swapped = copy.deepcopy(members)
    swapped[1], swapped[2] = swapped[2], swapped[1]
    assert any("another order" in p for p in compare_members(expected, swapped, "swapped"))
    reparented = copy.deepcopy(members)
    next(m for m in reparented if m["identifier"] == "s3.p94")["parent"] = "s2"
    assert any("s3.p94 has parent 's2'" in p for p in compare_members(expected, reparented, "reparented"))
    relevelled = copy.deepcopy(members)
    relevelled[0]["level"] = 2
    assert any("s1 has level 2" in p for p in compare_members(expected, relevelled, "relevelled"))

    assert compare_cite_data(units, members, "as built") == []
    retitled = copy.deepcopy(members)
    next(m for m in retitled if m["identifier"] == "s3")["dublinCore"]["title"][0]["value"] = "Another title"
    assert any("s3 has metadata" in p for p in compare_cite_data(units, retitled, "retitled"))
    untitled = copy.deepcopy(members)
    del next(m for m in untitled if m["identifier"] == "s2")["dublinCore"]
    assert any("s2 has metadata {}" in p for p in compare_cite_data(units, untitled, "untitled"))

    answer, unit = reference_passage(dapytains, case.doc, "paragraph", "p42")
    fragment = case.read(document_path(RES, None, "p42"))
    assert compare_passage(answer, unit, fragment, "as built") == []
    assert any("text differs" in p for p in
               compare_passage(answer, unit, fragment.replace(b"Perm", b"Perm2", 1), "a word changed"))
    assert any("xml:id=p43" in p for p in
               compare_passage(answer, unit, case.read(document_path(RES, None, "p43")), "another unit"))
    assert any("language" in p for p in
               compare_passage(answer, unit, fragment.replace(b' xml:lang="en"', b"", 1), "no language"))
    assert any("attributes differ" in p for p in
               compare_passage(answer, unit, fragment.replace(b'ref="#perm"', b'ref="#moscow"'), "a mark changed"))
    sec_answer, sec_unit = reference_passage(dapytains, case.doc, "section", "s2")
    assert compare_passage(sec_answer, sec_unit, case.read(document_path(RES, "section", "s2")), "s2") == []
    truncated = etree.fromstring(case.read(document_path(RES, "section", "s2")))
    div = truncated.find(f"{{{DTS_NS}}}wrapper")[0]
    div.remove(div[-1])
    assert compare_passage(sec_answer, sec_unit, etree.tostring(truncated), "s2 without its last unit")
