"""The apparatus in the data exports (issue #10): events and glossary terms in registers.csv and
registers.jsonld (with dates, places, participants, sort keys and sources), the works consulted
as CSL-JSON (sources.json), all listed in the manifest.

The tests on the real master are in tests/edition/test_apparatus_exports_master.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.exports import write_exports
from support import FIXTURES
from support.csl import csl_errors

APPARATUS = FIXTURES / "html" / "apparatus.xml"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("apparatus-exports")
    write_exports(out, read_tei(APPARATUS), str(APPARATUS))
    return out / "exports"


def csv_rows(folder: Path) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in csv.DictReader(io.StringIO((folder / "registers.csv").read_text(encoding="utf-8")))}


def test_events_and_terms_are_rows_of_registers_csv(exported: Path):
    rows = csv_rows(exported)
    killing = rows["killing-michael-1918"]
    assert (killing["kind"], killing["name"], killing["when"], killing["places"], killing["participants"], killing["sources"]) == (
        "event", "Killing of Grand Duke Michael", "1918-06-13", "perm", "grand-duke-michael miasnikov", "src-wp-myasnikov")
    assert (rows["kronstadt-uprising-1921"]["from"], rows["kronstadt-uprising-1921"]["to"]) == ("1921-03-01", "1921-03-18")
    assert rows["miasnikov-exile"]["when"] == rows["miasnikov-exile"]["sources"] == ""
    term = rows["gloss-soviet"]
    assert (term["kind"], term["name"], term["sortKey"], term["sources"]) == ("term", "soviet", "soviet", "src-scholar-michael")
    assert term["note"].startswith("Russian for 'council'")
    # persons, places, organisations keep their rows, with their sort keys and sources
    assert rows["grand-duke-michael"]["sortKey"] == "michael-alexandrovich-grand-duke"
    assert rows["perm"]["sources"] == "src-geonames-511196"
    assert rows["miasnikov"]["sources"] == "src-wp-myasnikov"


def test_events_and_terms_in_the_json_ld_graph_with_their_sources(exported: Path):
    graph = {n["identifier"]: n for n in json.loads((exported / "registers.jsonld").read_text(encoding="utf-8"))["@graph"]}
    kronstadt = graph["kronstadt-uprising-1921"]
    assert kronstadt["@type"] == "Event"
    assert (kronstadt["startDate"], kronstadt["endDate"]) == ("1921-03-01", "1921-03-18")
    assert [p["@id"].split("#")[1] for p in kronstadt["location"]] == ["kronstadt"]
    assert [p["@id"].split("#")[1] for p in graph["killing-michael-1918"]["attendee"]] == ["grand-duke-michael", "miasnikov"]
    assert graph["gloss-nep"]["@type"] == "DefinedTerm"
    # every work an entry cites is a node of the graph, with its address
    for node in list(graph.values()):
        for ref in node.get("subjectOf", []):
            work = graph[ref["@id"].split("#")[1]]
            assert work["@type"] == "CreativeWork" and work["url"].startswith("https://")


def test_works_consulted_are_csl_json(exported: Path, csl_validator):  # noqa: F811
    items = json.loads((exported / "sources.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == ["src-geonames-511196", "src-scholar-michael", "src-wp-myasnikov"]
    by_id = {i["id"]: i for i in items}
    assert by_id["src-wp-myasnikov"] == {
        "id": "src-wp-myasnikov", "type": "entry-encyclopedia", "title": "Gavril Myasnikov",
        "container-title": "Wikipedia, The Free Encyclopedia", "publisher": "Wikimedia Foundation", "edition": "English",
        "URL": "https://en.wikipedia.org/wiki/Gavril_Myasnikov", "accessed": {"date-parts": [[2026, 11, 25]]},
        "genre": "Wikipedia article"}
    assert by_id["src-scholar-michael"]["type"] == "book" and by_id["src-scholar-michael"]["page"] == "1–10"
    assert by_id["src-scholar-michael"]["author"] == [{"family": "Historian", "given": "A."}]  # an initial: a person
    assert csl_errors(csl_validator, items) == []
