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

The tests on the real master are in tests/edition/test_serve_ranges.py."""

from __future__ import annotations

import json
import shutil

import pytest
from lxml import etree

from tei_edition.outputs.dts import write_dts
from tei_edition.core.xmlio import read_tei

from support.serve_process import start_server, stop_server
from support import FIXTURES
from support.serve_ranges import get, ids, nav, url, wrapped


@pytest.fixture(scope="module")
def three_server(tmp_path_factory):
    """The three-level fixture (part → chapter → para) as a published TEI: resource "three"."""
    folder = tmp_path_factory.mktemp("three")
    (folder / "tei").mkdir()
    shutil.copy(FIXTURES / "reuse" / "three-levels.xml", folder / "tei" / "three.xml")
    proc, base = start_server(folder)
    try:
        yield base
    finally:
        stop_server(proc)


def test_navigation_range_three_levels(three_server):
    data = nav(three_server, resource="three", start="I:1.2", end="II:1", down=-1)
    assert ids(data["member"]) == ["I:1.2", "I:2.1", "II:1.1"]  # from level 3, the deeper one
    data = nav(three_server, resource="three", start="I:2", end="II:1", down=1)
    assert ids(data["member"]) == ["I:2", "I:2.1", "II:1", "II:1.1"]
    data = nav(three_server, resource="three", start="I", end="II", down=1)
    assert ids(data["member"]) == ["I", "I:1", "I:2", "II", "II:1"]
    assert data["start"]["dublinCore"]["title"][0]["value"] == "One"


def test_document_range_three_levels(three_server):
    status, _, body = get(three_server, url("document", resource="three", start="I:1.2", end="II:1"))
    assert status == 200
    units = wrapped(etree.fromstring(body))
    # I:1.2 (a para), I:2 (a chapter, whole), II (its only chapter II:1 ends the range: whole)
    assert ["".join(u.itertext()).split() for u in units] == [["b"], ["c"], ["Two", "d"]]


def test_level_0_without_published_tei(tmp_path, minimal_tei):
    """A folder holding only the static DTS files: served at Level 0, ranges refused."""
    write_dts(tmp_path, read_tei(minimal_tei), str(minimal_tei))
    proc, base = start_server(tmp_path)
    try:
        status, _, body = get(base, "/dts/")
        assert status == 200 and body == (tmp_path / "dts" / "index.json").read_bytes()
        status, _, body = get(base, url("navigation", start="p1", end="p2"))
        assert status == 400 and "Level 0" in json.loads(body)["description"]
        status, _, body = get(base, url("navigation", ref="p2"))
        assert status == 200 and json.loads(body)["ref"]["identifier"] == "p2"
    finally:
        stop_server(proc)
