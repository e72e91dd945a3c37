"""The site is written while the PDF compiles: its pages name the PDF a background job promised,
and the PDF is copied into the site only once that job has written it."""

from __future__ import annotations

import threading
from pathlib import Path

from lxml import html

from tei_edition.build import BuildContext
from tei_edition.core.xmlio import read_tei
from tei_edition.outputs.html import build_site


def test_pages_name_a_promised_pdf_and_the_site_gets_its_bytes(minimal_tei: Path, tmp_path: Path) -> None:
    ctx = BuildContext(master=minimal_tei, tree=read_tei(minimal_tei), out=tmp_path)
    pdf = tmp_path / "pdf" / "edition.pdf"
    pdf.parent.mkdir()
    release = threading.Event()

    def compile_later() -> None:  # the PDF appears only after the pages are written
        assert release.wait(timeout=60)
        pdf.write_bytes(b"%PDF-1.7 the print edition")

    ctx.in_background("pdf-compile", compile_later, writes=pdf)
    real_wait = ctx.wait_background

    def wait_after_pages() -> None:
        assert not pdf.exists() and (tmp_path / "site" / "about.html").is_file()
        release.set()
        real_wait()

    ctx.wait_background = wait_after_pages  # type: ignore[method-assign]
    build_site(ctx)
    assert _pdf_links(tmp_path) == ["downloads/edition.pdf"]
    assert (tmp_path / "site" / "downloads" / "edition.pdf").read_bytes() == b"%PDF-1.7 the print edition"
    assert release.is_set() and ctx.waited > 0


def test_without_a_pdf_the_pages_keep_the_default_link(minimal_tei: Path, tmp_path: Path) -> None:
    ctx = BuildContext(master=minimal_tei, tree=read_tei(minimal_tei), out=tmp_path)
    build_site(ctx)
    assert _pdf_links(tmp_path) == ["../pdf/lawson-2021-most-intransigent.pdf"]
    assert not (tmp_path / "site" / "downloads").exists() or not list((tmp_path / "site" / "downloads").glob("*.pdf"))


def _pdf_links(out: Path) -> list[str]:
    about = html.fromstring((out / "site" / "about.html").read_bytes())
    return about.xpath("//section[@id='downloads']//a[@type='application/pdf']/@href")
