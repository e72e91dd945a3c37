"""Every page of the HTML edition is valid HTML5 for the Nu Html Checker (vnu-jar from npm).

Here the tests that read the real master or its build; those on fixtures are in
tests/toolkit/test_html_validity.py."""

from __future__ import annotations

from pathlib import Path

from support.html_site import PAGES
from support.vnu import check


def test_vnu_accepts_every_page_of_the_edition(built_edition: Path):
    site = built_edition / "site"
    assert check([site / p for p in PAGES]) == []
