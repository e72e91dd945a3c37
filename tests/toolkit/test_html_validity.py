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


def test_vnu_accepts_a_letter_the_text_spells_decomposed(tmp_path: Path, minimal_tei: Path):
    """The master may spell é as e + U+0301 (the print fonts set it); the pages carry it in
    Unicode Normalization Form C, as vnu asks of a web page (it warned on the text and the
    chronology's context)."""
    from tei_edition.core.problems import has_errors
    from tei_edition.schema.validate import validate_file

    master = tmp_path / "decomposed.xml"
    master.write_text(minimal_tei.read_text(encoding="utf-8").replace(
        "worked in <placeName", "worked (he\u0301las) in <placeName"), encoding="utf-8")
    assert not has_errors(validate_file(master))
    site = build_html(master, tmp_path / "out")
    assert check([site / "index.html", site / "chronology.html"]) == []
    assert "h\u00e9las" in (site / "index.html").read_text(encoding="utf-8")
