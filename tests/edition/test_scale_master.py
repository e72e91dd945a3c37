"""tools/scale.py: the scaled edition the bench builds is a valid edition, k times the body.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_scale.py."""

from __future__ import annotations

import re
from pathlib import Path

from tei_edition.core.xmlio import NS, read_tei
from tei_edition.schema.validate import validate_file
from support.scale import UNITS, scaled_master


def test_pointers_follow_their_repeat(tmp_path: Path) -> None:
    """A reference to a unit inside the body points, in each repeat, to that repeat's unit."""
    from tei_edition.core import paths

    master = read_tei(paths.MASTER)
    sections, units = (len(master.xpath(p, namespaces=NS)) for p in ("//tei:body/tei:div", UNITS))
    scaled = scaled_master(paths.MASTER, 2, tmp_path / "master-2.xml")
    assert validate_file(scaled) == []  # the master's own features (note labels, apparatus) too
    tree = read_tei(scaled)

    def unit_refs(repeat: str) -> list[int]:
        targets = tree.xpath(f"//tei:body/tei:div[{repeat}]//@target", namespaces=NS)
        return [int(t[2:]) for t in targets if re.fullmatch(r"#p[0-9]+", t)]

    first, second = unit_refs(f"@n <= {sections}"), unit_refs(f"@n > {sections}")
    assert first and [n + units for n in first] == second
