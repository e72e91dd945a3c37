"""tools/scale.py: the scaled edition the bench builds is a valid edition, k times the body."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tei_edition.citation.anchors import check_master, load_lock, lock_path
from tei_edition.core.xmlio import NS, XML_NS, read_tei
from tei_edition.schema.validate import validate_file
from support import CHECKOUT

SCALE = CHECKOUT / "tools" / "scale.py"
UNITS = "//tei:body/tei:div/*[self::tei:p or self::tei:cit]"


def _scaled(master: Path, k: int, out: Path) -> Path:
    subprocess.run([sys.executable, str(SCALE), str(k), str(out), "--master", str(master)], check=True)
    return out


def _ids(tree) -> list[str]:
    return tree.xpath("//@xml:id", namespaces={"xml": XML_NS})


@pytest.mark.parametrize("k", [1, 3])
def test_scaled_fixture_is_valid_and_k_times_the_body(minimal_tei: Path, tmp_path: Path, k: int) -> None:
    out = _scaled(minimal_tei, k, tmp_path / f"scaled-{k}.xml")
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
    out = _scaled(minimal_tei, 1, tmp_path / "same.xml")
    assert etree.tostring(read_tei(out), method="c14n") == etree.tostring(read_tei(minimal_tei), method="c14n")


def test_pointers_follow_their_repeat(tmp_path: Path) -> None:
    """A reference to a unit inside the body points, in each repeat, to that repeat's unit."""
    from tei_edition.core import paths

    master = read_tei(paths.MASTER)
    sections, units = (len(master.xpath(p, namespaces=NS)) for p in ("//tei:body/tei:div", UNITS))
    scaled = _scaled(paths.MASTER, 2, tmp_path / "master-2.xml")
    assert validate_file(scaled) == []  # the master's own features (note labels, apparatus) too
    tree = read_tei(scaled)

    def unit_refs(repeat: str) -> list[int]:
        targets = tree.xpath(f"//tei:body/tei:div[{repeat}]//@target", namespaces=NS)
        return [int(t[2:]) for t in targets if re.fullmatch(r"#p[0-9]+", t)]

    first, second = unit_refs(f"@n <= {sections}"), unit_refs(f"@n > {sections}")
    assert first and [n + units for n in first] == second
