"""The web edition's fonts: Libertinus Serif (the print edition's face), subset to the edition's
characters and served from the site as WOFF2 (tools/make_webfonts.py regenerates them).

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_webfonts_fixtures.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tei_edition.core import paths

import make_webfonts  # tools/ (on sys.path through conftest)


@pytest.fixture(scope="module")
def full_faces():
    """The complete Libertinus faces inside the typst package (the subsets' source)."""
    return make_webfonts.libertinus()


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
