"""The master printed in volumes (outputs/volumes.py, with a volume of at most 40 units instead
of 750, so the 94 units make three): each volume a book of its own, the site and the deposit
offering them all."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdf
import pytest

from support.pdfcheck import check_units, margin_numbers, read_pages
from tei_edition.build import build
from tei_edition.core import paths
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.package import package
from tei_edition.outputs.volumes import Volume, volumes

RANGES = [(1, 32), (33, 63), (64, 94)]
FILES = [f"{paths.BASENAME}-vol0{i}.pdf" for i in (1, 2, 3)]


@pytest.fixture(scope="module")
def built_in_volumes(tmp_path_factory) -> Path:
    return build(paths.MASTER, tmp_path_factory.mktemp("volumes") / "build", volume_units=40).out


def text(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).split())


def test_the_master_is_one_book_and_would_divide_between_sections_or_evenly():
    tree = read_tei(paths.MASTER)
    whole = volumes(tree, str(paths.MASTER))
    assert whole == [Volume(1, 1, 1, 94)]
    assert whole[0].file == f"{paths.BASENAME}.pdf" and whole[0].title == ""
    # s1 has 3 units, s2 88, s3 3: three even volumes, s2 divided where the shares fall
    parts = volumes(tree, str(paths.MASTER), cap=40)
    assert [(v.number, v.of, v.first, v.last) for v in parts] == [(i, 3, a, b) for i, (a, b) in enumerate(RANGES, 1)]
    assert [v.file for v in parts] == FILES and parts[1].title == "Volume 2 of 3"


def test_every_volume_holds_its_own_units_under_their_numbers(built_in_volumes: Path):
    assert sorted(p.name for p in (built_in_volumes / "pdf").iterdir()) == FILES
    for name, (first, last) in zip(FILES, RANGES):
        pdf = built_in_volumes / "pdf" / name
        assert [n for _, n, _ in margin_numbers(read_pages(pdf))] == list(range(first, last + 1))
        check_units(pdf, paths.MASTER, list(range(first, last + 1)))


def test_every_volume_says_which_it_is(built_in_volumes: Path):
    for i, (name, (first, last)) in enumerate(zip(FILES, RANGES), 1):
        reader = pypdf.PdfReader(built_in_volumes / "pdf" / name)
        assert reader.metadata.title.endswith(f", Volume {i} of 3: ¶¶ {first}–{last}")  # as its title page
        assert f"Volume {i} of 3: ¶¶ {first}–{last}" in reader.pages[0].extract_text()
        whole = text(built_in_volumes / "pdf" / name)
        assert f"this volume (volume {i} of 3) contains ¶¶ {first}–{last}." in whole
        assert f"paras. {first}–{last}," in whole  # the note form cites the volume's paragraphs


def test_only_the_last_volume_has_the_map_and_each_its_own_index(built_in_volumes: Path):
    texts = [text(built_in_volumes / "pdf" / name) for name in FILES]
    assert ["Map of places" in t for t in texts] == [False, False, True]
    assert all("Index" in t for t in texts)
    # an index entry: the name, then the pages; Karl Korsch is named in the first and third
    # volumes' paragraphs, not in the second's
    entries = [bool(re.search(r"Korsch, Karl \d", t)) for t in texts]
    assert entries == [True, False, True]


def test_a_reference_to_a_paragraph_of_another_volume_names_that_volume(built_in_volumes: Path):
    """¶ 11's note points to ¶¶ 75 and 76 (volume 3); ¶ 85's to ¶¶ 81 and 93 (its own volume) and to
    ¶¶ 12, 14 and 10 (volume 1)."""
    first, _, last = (text(built_in_volumes / "pdf" / name) for name in FILES)
    assert "¶ 75 (vol. 3), ¶ 76 (vol. 3)" in first and "(vol. 1)" not in first
    assert "¶ 12 (vol. 1)" in last and "¶ 14 (vol. 1)" in last and "¶ 10 (vol. 1)" in last
    assert "(vol. 3)" not in last and "¶ 81 (vol." not in last and "¶ 81" in last


def test_the_site_offers_every_volume(built_in_volumes: Path):
    site = built_in_volumes / "site"
    assert sorted(p.name for p in (site / "downloads").glob("*.pdf")) == FILES
    about = (site / "about.html").read_text(encoding="utf-8")
    assert "The print edition (PDF), in 3 volumes:" in about
    for name, (first, last) in zip(FILES, RANGES):
        assert re.search(rf'<a href="downloads/{name}" type="application/pdf">Volume \d of 3: ¶¶ {first}–{last}</a>', about)
    # a volume is not the full text: no page names one as the PDF of the edition
    assert not [p.name for p in site.glob("*.html") if "citation_pdf_url" in p.read_text(encoding="utf-8")]
    manifest = {e["path"] for e in json.loads((built_in_volumes / "manifest.json").read_text())["files"]}
    assert {f"pdf/{name}" for name in FILES} | {f"site/downloads/{name}" for name in FILES} <= manifest


def test_the_deposit_holds_every_volume(built_in_volumes: Path, tmp_path: Path):
    dist = package(built_in_volumes, tmp_path / "dist")
    assert sorted(p.name for p in (dist / "data" / "pdf").glob("*.pdf")) == FILES  # in a folder of their own
    readme = (dist / "data" / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in FILES)
