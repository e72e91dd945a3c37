"""The apparatus in the data exports (issue #10): events and glossary terms in registers.csv and
registers.jsonld (with dates, places, participants, sort keys and sources), the works consulted
as CSL-JSON (sources.json), all listed in the manifest.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_apparatus_exports.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tei_edition.core import paths
from tei_edition.core.xmlio import NS, XML_NS, read_tei
from support.csl import csl_errors

XML_ID = f"{{{XML_NS}}}id"


def csv_rows(folder: Path) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in csv.DictReader(io.StringIO((folder / "registers.csv").read_text(encoding="utf-8")))}


def test_master_exports_every_event_term_and_work(built_edition: Path, csl_validator):  # noqa: F811
    root = read_tei(paths.MASTER).getroot()
    exports = built_edition / "exports"
    rows = csv_rows(exports)
    events = root.xpath("//tei:listEvent/tei:event/@xml:id", namespaces=NS)
    terms = root.xpath("//tei:list[@type='glossary']/tei:item/@xml:id", namespaces=NS)
    assert len(events) == 35 and len(terms) == 12
    assert {i for i in rows if rows[i]["kind"] == "event"} == set(events)
    assert {i for i in rows if rows[i]["kind"] == "term"} == set(terms)
    for event in root.xpath("//tei:listEvent/tei:event", namespaces=NS):
        row = rows[event.get(XML_ID)]
        assert all(row[k] == event.get(k, "") for k in ("when", "from", "to", "notBefore", "notAfter"))
        assert row["sources"].split() == [s[1:] for s in event.get("source", "").split()]
    works = json.loads((exports / "sources.json").read_text(encoding="utf-8"))
    assert len(works) == len(root.xpath("//tei:listBibl[@type='consulted']/tei:bibl", namespaces=NS)) == 120
    assert all(w.get("URL", "").startswith("http") and w.get("accessed") for w in works)
    assert csl_errors(csl_validator, works) == []
    listed = {e["path"] for e in json.loads((built_edition / "manifest.json").read_text())["files"]}
    assert {"exports/sources.json", "exports/registers.csv", "exports/registers.jsonld", "site/events.html",
            "site/glossary.html", "site/emendations.html", "site/sources.html"} <= listed
