"""`tei-edition serve`'s DTS ranges on a three-level fixture, and level 0 without a published TEI.

The rest, on the real master (against its static files and the reference implementation), is in
tests/edition/test_serve_ranges.py, whose docstring says what is checked."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from tei_edition.outputs.dts import write_dts
from tei_edition.core.xmlio import read_tei

from support.serve_process import as_build, serving_tei, start_server, stop_server
from support import FIXTURES
from support.serve_ranges import get, ids, nav, url, wrapped


@pytest.fixture(scope="module")
def three_server(tmp_path_factory):
    """The three-level fixture (part → chapter → para) as a published TEI: resource "three"."""
    with serving_tei(tmp_path_factory.mktemp("three"), FIXTURES / "reuse" / "three-levels.xml", "three.xml") as base:
        yield base


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
    proc, base = start_server(as_build(tmp_path))
    try:
        status, _, body = get(base, "/dts/")
        assert status == 200 and body == (tmp_path / "dts" / "index.json").read_bytes()
        status, _, body = get(base, url("navigation", start="p1", end="p2"))
        assert status == 400 and "Level 0" in json.loads(body)["description"]
        status, _, body = get(base, url("navigation", ref="p2"))
        assert status == 200 and json.loads(body)["ref"]["identifier"] == "p2"
    finally:
        stop_server(proc)
