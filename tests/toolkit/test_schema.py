"""The customisation: derived from the ODD, documented, and only restricting TEI P5 (tei_all).

The tests on the real master are in tests/edition/test_schema_master.py."""

from __future__ import annotations

import copy

import pytest
from click.testing import CliRunner
from lxml import etree
from support.rng_summary import summarise, violations

from tei_edition.schema import odd

import setup_cache
from tei_edition.core.codes import CODES
from tei_edition.schema.odd import RNG_NS, SCH_NS, T
from tei_edition.schema.validate import validate_file
from support import FIXTURES, TESTS

CASES = TESTS / "schema_cases"
VALID = sorted((CASES / "valid").glob("*.xml")) + [FIXTURES / "minimal.xml"]


@pytest.fixture(scope="session")
def odd_tree():
    return etree.parse(str(odd.ODD))


@pytest.fixture(scope="session")
def tei_all_summary():
    return summarise(etree.parse(str(setup_cache.TEI_ALL)).getroot())


def test_derived_schemas_are_up_to_date():
    for path, data in odd.derived().items():
        assert path.read_bytes() == data, f"{path.name} is stale: run `tei-edition odd`"


def test_derivation_check_mode_detects_drift(tmp_path, monkeypatch):
    stale = tmp_path / "tei-edition.rng"
    stale.write_text("<grammar/>")
    monkeypatch.setattr(odd, "RNG", stale)
    monkeypatch.setattr(odd, "SCH", tmp_path / "missing.sch")
    from tei_edition.cli import main

    checked = CliRunner().invoke(main, ["odd", "--check"])
    assert checked.exit_code == 1 and f"{stale}:1:1: [E0520]" in checked.output
    assert CliRunner().invoke(main, ["odd"]).exit_code == 0
    assert CliRunner().invoke(main, ["odd", "--check"]).exit_code == 0


def test_a_failed_write_of_a_derived_schema_leaves_the_old_one(tmp_path):
    """`odd` wrote the schemas in place: a write that failed midway (here a file-size limit
    below the schema's size; a full disk, a kill) left a schema cut short, which every later
    validate read."""
    import resource
    import subprocess
    import sys

    rng, sch = tmp_path / "tei-edition.rng", tmp_path / "tei-edition.sch"
    rng.write_text("<grammar/>\n")
    sch.write_text("<schema/>\n")
    program = ("import sys; from pathlib import Path; from tei_edition.schema import odd; "
               "odd.RNG, odd.SCH = Path(sys.argv[1]), Path(sys.argv[2]); sys.argv[1:] = ['odd']; "
               "from tei_edition.cli import run; run()")
    done = subprocess.run([sys.executable, "-c", program, str(rng), str(sch)], capture_output=True, text=True,
                          timeout=120, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)))
    assert rng.read_bytes() == b"<grammar/>\n" and sch.read_bytes() == b"<schema/>\n"
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [f"{rng}:0:0: [E0102] could not write: File too large"], done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tei-edition.rng", "tei-edition.sch"]  # no temporary file


def test_a_failed_write_of_the_second_schema_leaves_both_old(tmp_path, monkeypatch):
    """`odd` wrote the .rng and then the .sch, each atomically: a write of the .sch that failed
    (a full disk here) left the new .rng beside the old .sch, a pair every validate then used."""
    import errno
    import os

    from tei_edition.cli import main

    rng, sch = tmp_path / "tei-edition.rng", tmp_path / "tei-edition.sch"
    rng.write_text("<grammar/>\n")
    sch.write_text("<schema/>\n")
    monkeypatch.setattr(odd, "RNG", rng)
    monkeypatch.setattr(odd, "SCH", sch)
    real_write = os.write

    def write(fd: int, data: bytes) -> int:  # the disk fills up on the .sch's temporary file
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path / ".tei-edition.sch.")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    done = CliRunner().invoke(main, ["odd"])
    monkeypatch.undo()
    assert done.exit_code == 1
    assert done.output.splitlines() == [f"{sch}:0:0: [E0102] could not write: No space left on device"], done.output
    assert rng.read_bytes() == b"<grammar/>\n" and sch.read_bytes() == b"<schema/>\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tei-edition.rng", "tei-edition.sch"]  # no temporary file


def test_module_refs_list_exactly_the_element_specs(odd_tree):
    spec = odd.schema_spec(odd_tree)
    by_module: dict[str, set[str]] = {}
    for es in spec.iterfind(f"{T}elementSpec"):
        by_module.setdefault(es.get("module"), set()).add(es.get("ident"))
    included = {m.get("key"): set(m.get("include", "").split()) for m in spec.iterfind(f"{T}moduleRef")}
    included.pop("tei")
    assert included == by_module


def test_every_element_and_attribute_is_documented(odd_tree):
    spec = odd.schema_spec(odd_tree)
    for es in spec.iterfind(f"{T}elementSpec"):
        name = es.get("ident")
        assert es.findtext(f"{T}gloss"), f"<{name}> has no gloss"
        assert es.findtext(f"{T}desc"), f"<{name}> has no usage description"
        assert es.find(f"{T}exemplum/{{http://www.tei-c.org/ns/Examples}}egXML") is not None, f"<{name}> has no example"
        for ad in es.iterfind(f"{T}attList/{T}attDef"):
            assert "".join(ad.find(f"{T}desc").itertext()).strip(), f"<{name} @{ad.get('ident')}> undocumented"


def test_rng_has_one_element_per_element_spec(odd_tree):
    rng = etree.parse(str(odd.RNG))
    elements = {e.get("name") for e in rng.iter(f"{{{RNG_NS}}}element")}
    specs = {es.get("ident") for es in odd.schema_spec(odd_tree).iterfind(f"{T}elementSpec")}
    assert elements == specs


def test_every_rule_has_a_registered_code_and_message():
    sch = etree.parse(str(odd.SCH))
    asserts = list(sch.iter(f"{{{SCH_NS}}}assert", f"{{{SCH_NS}}}report"))
    assert len(asserts) >= 25
    for a in asserts:
        assert a.get("role") in CODES, a.get("test")
        assert "".join(a.itertext()).strip()


def test_schema_only_restricts_tei_all(tei_all_summary):
    ours = summarise(etree.parse(str(odd.RNG)).getroot())
    assert violations(ours, tei_all_summary) == []


def test_restriction_check_catches_an_extension(tei_all_summary):
    grammar = copy.deepcopy(etree.parse(str(odd.RNG)).getroot())
    bibl = grammar.find(f".//{{{RNG_NS}}}element[@name='bibl']")
    etree.SubElement(bibl, f"{{{RNG_NS}}}ref", name="quote")  # TEI has no quote in bibl
    etree.SubElement(etree.SubElement(bibl, f"{{{RNG_NS}}}optional"), f"{{{RNG_NS}}}attribute", name="colour")
    found = violations(summarise(grammar), tei_all_summary)
    assert "<bibl> may hold <quote>, TEI does not allow it" in found
    assert "<bibl> may carry @colour, TEI does not allow it" in found


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_fixtures_are_valid_here_and_in_tei_all(path, tei_all):
    assert [str(p) for p in validate_file(path) if p.severity == "error"] == []
    assert tei_all.validate(etree.parse(str(path))), str(tei_all.error_log)


def test_the_odd_itself_is_valid_tei(tei_all):
    assert tei_all.validate(etree.parse(str(odd.ODD))), str(tei_all.error_log)


def test_encoding_manual_has_an_entry_per_element(odd_tree):
    from tei_edition.schema.manual import encoding_manual_html

    html = encoding_manual_html()
    assert html == encoding_manual_html()  # deterministic
    section = etree.fromstring(html)
    assert section.tag == "section"
    specs = [es.get("ident") for es in odd.schema_spec(odd_tree).iterfind(f"{T}elementSpec")]
    articles = {a.get("id"): a for a in section.iter("article")}
    assert set(articles) == {f"el-{name}" for name in specs}
    person = articles["el-person"]
    assert person.findtext("h4/code") == "<person>" and "person" in "".join(person.find("h4").itertext())
    assert "register entry" in "".join(person.find("p[@class='usage']").itertext())
    assert person.find("dl[@class='attributes']/dt/code").text == "@xml:id"
    assert "xmlns" not in person.findtext("pre/code") and "<persName>" in person.findtext("pre/code")
    title = "".join(articles["el-title"].itertext())
    assert "monograph" in title and "series" in title  # value lists with their meaning
    rules = "".join(section.find("dl[@class='rules']").itertext())
    assert "E0212" in rules and "W0201" in rules
