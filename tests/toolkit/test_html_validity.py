"""Every page of the HTML edition is valid HTML5 for the Nu Html Checker (vnu-jar from npm).

The tests on the real master are in tests/edition/test_html_validity_master.py."""

from __future__ import annotations

from pathlib import Path

from support.html_site import PAGES, RICH, build_html
from support.vnu import check


def test_vnu_accepts_every_page_of_the_fixture(tmp_path: Path):
    site = build_html(RICH, tmp_path)
    assert check([site / p for p in PAGES]) == []


def test_vnu_reports_invalid_html(tmp_path: Path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><head><title>x</title></head><body><a href=#><a href=#>x</a></a></body></html>")
    assert any("bad.html" in m and "error" in m for m in check([bad]))
