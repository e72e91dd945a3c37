"""The edition's header names its source text and the records of its reconstruction by their
paths in `source/`: the published TEI carries each of them beside it (outputs/tei_sources.py)."""

from __future__ import annotations

from pathlib import Path

from tei_edition.core import paths
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.tei_sources import named_sources


def test_the_published_tei_carries_every_source_record_its_header_names(built_edition: Path):
    published = read_tei(built_edition / "tei" / f"{paths.BASENAME}.xml")
    names = named_sources(published)
    # the source text, the reading order and its reasons, the slips, the quotations
    assert {"lawson-2021-most-intransigent-of-bolsheviks.txt", "reading-order.txt", "RECONSTRUCTION.md",
            "slips.txt", "quotations.txt"} <= set(names)
    for name in names:
        for place in ("tei", "site/downloads"):
            copy = built_edition / place / "source" / name
            assert copy.read_bytes() == (paths.MASTER.parent / "source" / name).read_bytes(), copy
    header = "".join(published.getroot().find("{http://www.tei-c.org/ns/1.0}teiHeader").itertext())
    assert "edition/source/" not in header  # a path of the project, not of the published file
