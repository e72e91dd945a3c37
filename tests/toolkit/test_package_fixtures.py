"""The deposit package (`tei-edition package` → build/dist/): a valid BagIt bag holding every
output, its licences and metadata valid against their schemas, portable names, at most 100
entries at the top, byte-identical when made twice, and never half-written.

The tests on the real master are in tests/edition/test_package.py."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

from tei_edition.outputs import deposit
from tei_edition.outputs.package import zip_folder
from support import CHECKOUT



def test_the_cc_by_text_is_the_spdx_licence_list_s():
    """The legal code shipped in the package data is the SPDX list's text of CC-BY-4.0, unchanged."""
    out = subprocess.run([str(CHECKOUT / ".ci" / "webtools")], check=True, capture_output=True, text=True)
    spdx = Path(out.stdout.strip()) / "node_modules" / "spdx-license-list"
    assert json.loads((spdx / "package.json").read_text())["version"] == "6.12.0"
    licence = json.loads((spdx / "licenses" / "CC-BY-4.0.json").read_text(encoding="utf-8"))
    shipped = deposit.CC_BY_TEXT.read_text(encoding="utf-8")
    assert shipped.rstrip("\n") == licence["licenseText"].rstrip("\n")
    assert shipped.startswith("Creative Commons Attribution 4.0 International") and len(shipped) > 15000


def test_zip_is_reproducible_whatever_the_file_times(tmp_path: Path):
    folder = tmp_path / "f"
    (folder / "b").mkdir(parents=True)
    (folder / "b" / "x;y=1.json").write_text("{}")
    (folder / "a.json").write_text("[]")
    zip_folder(folder, tmp_path / "one.zip", "dts", (2026, 11, 27))
    import os

    os.utime(folder / "a.json", (0, 0))
    zip_folder(folder, tmp_path / "two.zip", "dts", (2026, 11, 27))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    assert zipfile.ZipFile(tmp_path / "one.zip").namelist() == ["dts/a.json", "dts/b/x;y=1.json"]
