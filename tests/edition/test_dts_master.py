"""The static DTS 1.0 export: JSON-LD shapes per endpoint (spec v1.0), generated from citeStructure.

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_dts.py."""

import json

from tei_edition.core import paths

RES = paths.BASENAME


def test_built_master_has_dts(built_edition):
    entry = json.loads((built_edition / "dts" / "index.json").read_text())
    assert entry["@type"] == "EntryPoint"
    whole = json.loads((built_edition / "dts" / "navigation" / f"{RES};down=-1.json").read_text())
    ids = [m["identifier"] for m in whole["member"]]
    assert ids[:3] == ["p1", "p2", "p3"] and ids == [f"p{i}" for i in range(1, len(ids) + 1)]
    assert (built_edition / "dts" / "document" / RES / "p42.xml").is_file()
