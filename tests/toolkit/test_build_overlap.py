"""The site is written while the PDF compiles: its pages name the PDF this build plans to make,
and the last stage copies the PDF into the site once the background job has written it."""

from __future__ import annotations

import threading
from pathlib import Path

from lxml import html

from tei_edition.build import _stage_downloads
from tei_edition.core.build_context import BuildContext
from tei_edition.core import paths
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.html import build_site


def test_pages_name_a_planned_pdf_and_the_site_gets_its_bytes(minimal_tei: Path, tmp_path: Path) -> None:
    ctx = BuildContext(master=minimal_tei, tree=read_tei(minimal_tei), out=tmp_path,
                       planned={"html", "pdf", "downloads"})
    pdf = tmp_path / "pdf" / f"{paths.BASENAME}.pdf"
    pdf.parent.mkdir()
    release = threading.Event()

    def compile_later() -> None:  # the PDF appears only after the pages are written
        assert release.wait(timeout=60)
        pdf.write_bytes(b"%PDF-1.7 the print edition")

    ctx.in_background("pdf-compile", compile_later)
    build_site(ctx)
    assert not pdf.exists() and (tmp_path / "site" / "about.html").is_file()
    assert _pdf_links(tmp_path) == [f"downloads/{paths.BASENAME}.pdf"]
    release.set()
    _stage_downloads(ctx)
    assert (tmp_path / "site" / "downloads" / pdf.name).read_bytes() == b"%PDF-1.7 the print edition"
    assert ctx.waited > 0


def test_without_a_pdf_the_pages_keep_the_default_link(minimal_tei: Path, tmp_path: Path) -> None:
    ctx = BuildContext(master=minimal_tei, tree=read_tei(minimal_tei), out=tmp_path)
    build_site(ctx)
    assert _pdf_links(tmp_path) == [f"../pdf/{paths.BASENAME}.pdf"]
    assert not list((tmp_path / "site").glob("downloads/*.pdf"))


def _pdf_links(out: Path) -> list[str]:
    about = html.fromstring((out / "site" / "about.html").read_bytes())
    return about.xpath("//section[@id='downloads']//a[@type='application/pdf']/@href")
