"""The web edition's fonts: Libertinus Serif (the print edition's face), subset to the edition's
characters and served from the site as WOFF2 (tools/make_webfonts.py regenerates them)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from tei_edition.core import paths

import make_webfonts  # tools/ (on sys.path through conftest)


@pytest.fixture(scope="module")
def full_faces():
    """The complete Libertinus faces inside the typst package (the subsets' source)."""
    return make_webfonts.libertinus()


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


def test_the_site_serves_the_fonts_and_their_licence(built_edition: Path):
    assets = built_edition / "site" / "assets"
    css = (assets / "edition.css").read_text(encoding="utf-8")
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert sorted(urls) == sorted(make_webfonts.FACES)
    for url in urls:
        assert (assets / url).read_bytes() == (paths.ASSETS_DIR / url).read_bytes()
    licence = (assets / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Libertinus Project Authors" in licence
    assert re.search(r'font-family: var\(--serif\)', css) and '--serif: "Libertinus Serif"' in css


def test_the_subset_covers_every_character_of_the_pages(built_edition: Path, full_faces):
    missing = make_webfonts.missing_characters(built_edition / "site", full_faces)
    assert missing == {name: set() for name in make_webfonts.FACES}, \
        "the text uses characters the web fonts lack: run tools/make_webfonts.py"


def test_a_new_character_in_the_text_is_caught(built_edition: Path, full_faces, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(built_edition / "site", site)
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>λόγος</p></main>"), encoding="utf-8")
    missing = make_webfonts.missing_characters(site, full_faces)
    assert missing["libertinus-serif-regular.woff2"] == set("λόγος")
