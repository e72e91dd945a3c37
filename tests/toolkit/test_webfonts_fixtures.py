"""The web edition's fonts: Libertinus Serif (the print edition's face), subset to the edition's
characters and served from the site as WOFF2 (tools/make_webfonts.py regenerates them).

The tests on the real master are in tests/edition/test_webfonts.py."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from tei_edition.core import paths

import make_webfonts  # tools/ (on sys.path through conftest)


@pytest.mark.parametrize("name, subfamily", make_webfonts.FACES.items())
def test_each_face_is_a_woff2_of_libertinus_with_its_licence(name: str, subfamily: str):
    path = paths.ASSETS_DIR / name
    assert path.read_bytes()[:4] == b"wOF2"
    font = TTFont(path)
    names = font["name"]
    assert (names.getDebugName(16) or names.getDebugName(1)) == "Libertinus Serif"
    assert (names.getDebugName(17) or names.getDebugName(2)) == subfamily
    assert "Libertinus Project Authors" in names.getDebugName(0)
    assert "Open Font License" in names.getDebugName(13)
    assert {"liga", "onum", "lnum", "smcp"} <= {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
    assert path.stat().st_size < 60_000  # a subset, not the 300 kB face
