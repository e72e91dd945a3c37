"""tools/scale.py: the scaled edition the bench builds is a valid edition, k times the body.

The tests on the real master are in tests/edition/test_scale_master.py."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.citation.anchors import check_master, load_lock, lock_path
from tei_edition.core.xmlio import NS, XML_NS, read_tei
from tei_edition.schema.validate import validate_file
from support.scale import UNITS, scaled_master


def _ids(tree) -> list[str]:
    return tree.xpath("//@xml:id", namespaces={"xml": XML_NS})


@pytest.mark.parametrize("k", [1, 3])
def test_scaled_fixture_is_valid_and_k_times_the_body(minimal_tei: Path, tmp_path: Path, k: int) -> None:
    out = scaled_master(minimal_tei, k, tmp_path / f"scaled-{k}.xml")
    assert validate_file(out) == []
    original, scaled = read_tei(minimal_tei), read_tei(out)
    for path in (UNITS, "//tei:body/tei:div", "//tei:body//tei:note"):
        assert len(scaled.xpath(path, namespaces=NS)) == k * len(original.xpath(path, namespaces=NS))
    units = scaled.xpath(UNITS, namespaces=NS)
    assert [u.get("n") for u in units] == [str(i) for i in range(1, len(units) + 1)]
    assert [u.get(f"{{{XML_NS}}}id") for u in units] == [f"p{i}" for i in range(1, len(units) + 1)]
    assert not [i for i, n in Counter(_ids(scaled)).items() if n > 1]
    # the anchor lock is written beside it, and the scaled master matches it
    assert lock_path(out).is_file() and len(load_lock(lock_path(out))["anchors"]) == len(units) + 2 * k
    assert check_master(out) == []


def test_one_repeat_is_the_master_itself(minimal_tei: Path, tmp_path: Path) -> None:
    out = scaled_master(minimal_tei, 1, tmp_path / "same.xml")
    assert etree.tostring(read_tei(out), method="c14n") == etree.tostring(read_tei(minimal_tei), method="c14n")


def test_a_contents_of_several_pages_lists_every_heading_with_its_page(minimal_tei: Path, tmp_path: Path) -> None:
    # the print layout writes the contents from the headings the source lists (not Typst's outline,
    # empty on its first pass): a long one must still match the bookmarks, entry for entry
    from support.pdfcheck import check_contents
    from tei_edition.outputs.pdf import write_part

    master = scaled_master(minimal_tei, 40, tmp_path / "scaled.xml")
    pages, entries = check_contents(write_part(master, tmp_path / "scaled.pdf"))
    assert pages >= 2 and entries > 40
