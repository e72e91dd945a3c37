"""Registers and the annotator of names and dates (tei_edition.curation.annotate and its modules
annotate_registers, annotate_marks, annotate_dates, annotate_audit).

Unit tests work on small TEI snippets; the audit tests read the real master, which must exist
(they fail, not skip, when it does not).

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_annotate.py."""

from __future__ import annotations

import copy
import re
import shutil

import pytest
from lxml import etree

from tei_edition.curation import annotate as A
from tei_edition.core import dates as D
from tei_edition.core.paths import MASTER, SOURCE_DIR
from tei_edition.core.xmlio import TEI_NS, XML_NS, read_xml

T = f"{{{TEI_NS}}}"
XID = f"{{{XML_NS}}}id"


# ------------------------------------------------------------------------------ registers
# The registers live only in the master's standOff (no copy in edition/source/).
def master_standoff():
    return A.registers_standoff(read_xml(MASTER).getroot())


def test_registers_have_one_home():
    assert not (SOURCE_DIR / "registers.xml").exists(), "the registers live in the master's standOff only"
    root = read_xml(MASTER).getroot()
    sos = [c for c in root if c.tag == T + "standOff"]
    assert len(sos) == 1 and root.index(sos[0]) == root.index(root.find(T + "teiHeader")) + 1
    assert A.registers_standoff(root) is sos[0]


def test_registers_are_well_formed_tei_standoff():
    root = master_standoff()
    assert [etree.QName(c).localname for c in root if isinstance(c.tag, str)] == [
        "listPerson", "listPlace", "listOrg", "listEvent", "list", "listBibl"]  # + events, glossary, works consulted
    ids = [e.get(XID) for e in root.iter(T + "person", T + "place", T + "org")]
    assert len(ids) == len(set(ids))
    for i in ids:
        assert re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", i), i
    for e in root.iter(T + "person", T + "place", T + "org"):
        first = e[0]
        assert etree.QName(first).localname == A.KIND_ELEMENT[etree.QName(e).localname] and first.get("type") is None
        for n in e[1:]:
            if etree.QName(n).localname == etree.QName(first).localname:
                assert n.get("type") == "variant"
        assert e.find(T + "note") is not None and "".join(e.find(T + "note").itertext()).strip()


def test_register_values_carry_their_source():
    root = master_standoff()
    works = {b.get(XID) for b in root.iterfind(f"{T}listBibl[@type='consulted']/{T}bibl")}
    entries = [e for e in root.iter(T + "person", T + "place", T + "org")]
    for el in [v for e in entries for v in e if v.tag in (T + "birth", T + "death", T + "location", T + "idno")]:
        # every value points to the works consulted that publish it (issue #10), not to a URL
        assert el.get("source") and all(t[1:] in works for t in el.get("source").split()), etree.tostring(el)
        assert el.getparent().find(f"{T}note[@type='source']") is None
    for el in root.iter(T + "birth", T + "death"):
        assert D.parse_iso(el.get("when")), el.get("when")
    for geo in root.iter(T + "geo"):
        lat, lon = (float(x) for x in geo.text.split())
        assert -90 <= lat <= 90 and -180 <= lon <= 180
    for idno in root.iter(T + "idno"):
        if idno.get("type") == "wikidata":
            assert re.fullmatch(r"Q[1-9]\d*", idno.text)


def test_distinct_entities_are_kept_apart():
    entries = {e.id: e for e in A.load_registers(MASTER)}
    for a, b in [("workers-group", "workers-opposition"), ("comintern", "second-international"),
                 ("comintern", "fourth-international"), ("kapd", "kpd"), ("kpd", "aaud"),
                 ("nicholas-ii", "grand-duke-michael"), ("lev-sedov", "trotsky"),
                 ("medvedev-s-p", "medvedev-a-i"), ("shliapnikov", "medvedev-a-i")]:
        assert a in entries and b in entries
        assert not set(entries[a].names) & set(entries[b].names), (a, b)


# ------------------------------------------------------------------------------ the master
@pytest.fixture(scope="module")
def master():
    assert MASTER.exists(), f"{MASTER} does not exist yet"
    return read_xml(MASTER)


@pytest.fixture(scope="module")
def master_findings(master):
    overrides = A.load_overrides(A.OVERRIDES)
    found = A.audit_tree(master, overrides) + A.reannotation_findings(master, overrides)
    general = [f for f in found if not re.match(r"\([abcde]\)", f)]
    assert not general, general      # e.g. no body, no registers: every category test fails
    return found


def test_master_xml_ids_are_unique(master):
    ids = [e.get(XID) for e in master.getroot().iter() if isinstance(e.tag, str) and e.get(XID)]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    assert not dup, dup


@pytest.mark.parametrize("category", ["(a)", "(b)", "(c)", "(d)", "(e)"])
def test_master_audit(master_findings, category):
    found = [f for f in master_findings if f.startswith(category)]
    assert not found, "\n".join(found[:30])


def test_master_is_up_to_date_and_every_override_applies(tmp_path):
    """The committed master is exactly the annotator's output on itself (so a hand edit of a
    mark, which the next run would undo, fails here), and the run leaves the header's bytes."""
    assert MASTER.exists(), f"{MASTER} does not exist yet"
    work = tmp_path / "master.xml"
    shutil.copy(MASTER, work)
    report = A.annotate_file(work)
    unused = [o for o in A.load_overrides(A.OVERRIDES) if o.line not in report.used_overrides]
    assert not unused, [f"line {o.line}: {o.context}" for o in unused]
    assert not report.warnings, report.warnings
    assert not report.standoff_replaced
    before, after = MASTER.read_bytes(), work.read_bytes()
    end = b"</teiHeader>"
    assert after[: after.index(end)] == before[: before.index(end)], "the annotator changed the header"
    assert after == before, "run tei-edition annotate on the master"


@pytest.mark.parametrize("edit", ["retarget-name", "unmark-name", "mark-non-name", "change-date"])
def test_hand_edit_of_a_mark_in_the_master_is_caught(master, edit):
    tree = copy.deepcopy(master)
    body = tree.getroot().find(f"{T}text/{T}body")
    if edit == "retarget-name":
        next(body.iter(T + "persName")).set("ref", "#lenin")
    elif edit == "unmark-name":
        el = next(body.iter(T + "placeName"))
        el.tag = T + "seg"
    elif edit == "mark-non-name":
        p = body.find(f".//{T}p")
        last = p[-1]
        last.tail = (last.tail or "") + " "
        extra = etree.SubElement(p, T + "persName", ref="#lenin")
        extra.text = "somebody"
    else:
        d = next(body.iter(T + "date"))
        d.set("when", "1066")
    found = A.reannotation_findings(tree, A.load_overrides(A.OVERRIDES))
    assert found and all(f.startswith("(e)") for f in found), found


def test_audit_finds_a_name_planted_in_a_copy_of_the_master(master):
    tree = copy.deepcopy(master)
    p = tree.getroot().find(f"{T}text/{T}body//{T}p")
    last = p[-1] if len(p) else None
    if last is not None:
        last.tail = (last.tail or "") + " Later Zinoviev wrote to Kollontai in Petrograd."
    else:
        p.text = (p.text or "") + " Later Zinoviev wrote to Kollontai in Petrograd."
    found = A.audit_tree(tree, A.load_overrides(A.OVERRIDES))
    for name in ("Zinoviev", "Kollontai", "Petrograd"):
        assert any(f.startswith(f"(c) unmarked '{name}'") for f in found), name
