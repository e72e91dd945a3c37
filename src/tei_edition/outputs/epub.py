"""`build/epub/`: the edition as an EPUB 3 (TEI → XHTML documents by XSLT → one zip).

`xslt/epub/epub.xsl` imports the web edition's stylesheets, so the EPUB's text, notes, registers
and bibliography are the web edition's, written as XHTML content documents named after the web
pages, with the same anchors (`index.xhtml#p42`); it also writes the package and navigation
documents.
This module checks that the header gives what an EPUB must have, adds the stylesheet and zips
the files reproducibly: `mimetype` first and stored, the rest in a fixed order, every entry
dated from the header's publication date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from tei_edition.core import paths
from tei_edition.core.context import StageContext
from tei_edition.core.output_file import check_output, check_writable, is_epub, write_output
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.source import tag_of
from tei_edition.core.xmlio import NS
from tei_edition.core.xslt import Document, transform

STYLESHEET = "epub/epub.xsl"
CSS = paths.XSLT_DIR / "epub" / "edition.css"
MIMETYPE = b"application/epub+zip"
# container first, then the package document, then the rest by name
FIRST = ("META-INF/container.xml", "EPUB/package.opf")


def epub_name() -> str:
    return f"{paths.BASENAME}.epub"


def check_header(tree: etree._ElementTree, master: str, base_url: str | None) -> tuple[int, int, int]:
    """What the package document needs from the header: an identifier (the edition's URI, or
    `--base-url`), E0105, and the publication date that dates the EPUB, E0106. Returns the date."""
    pub = tree.find(".//tei:teiHeader/tei:fileDesc/tei:publicationStmt", NS)
    uri = base_url or (pub.findtext("tei:idno[@type='URI']", default="", namespaces=NS) or "" if pub is not None else "")
    from tei_edition.schema.output_checks import base_url_problem

    def problem(code: str, message: str) -> EditionError:  # at publicationStmt's `<`: the master read only now
        at = tag_of(pub, master) if pub is not None else (0, 0)
        return EditionError([Problem(master, *at, code, message)])

    if base_url_problem(uri):  # the one check of a base URL (`validate`, --base-url), the EPUB's identifier too
        raise problem("E0105", "the EPUB needs an identifier: publicationStmt/idno[@type='URI'] (an http(s) URL) "
                      "or --base-url")
    date = pub.find("tei:date", NS) if pub is not None else None
    when = date.get("when", "") if date is not None else ""
    try:
        day = dt.date.fromisoformat(when) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when) else None
    except ValueError:
        day = None
    if day is None or day.year < 1980:  # a zip cannot date its entries earlier
        raise problem("E0106", "the EPUB is dated by publicationStmt/date/@when "
                      f"(a day, YYYY-MM-DD, from 1980 on), which is {when!r}")
    return day.year, day.month, day.day


def edition_citation(tree: etree._ElementTree, base_url: str | None, master: str) -> str:
    """The edition's Chicago entry (as `tei-edition cite` and the PDF's colophon give it)."""
    from tei_edition.citation import cite

    try:
        return cite.citation(tree, None, "chicago", base_url, master).strip()
    except EditionError:
        return ""


def render(tree: etree._ElementTree, xdm: Document, master: str, base_url: str | None = None) -> bytes:
    """The EPUB of the edition, as bytes (the web templates' `text_params`, shared with the
    site within a build; no chronology: the EPUB has no page for it)."""
    day = check_header(tree, master, base_url)
    citation = edition_citation(tree, base_url, master)
    from tei_edition.outputs.html import EMPTY_CHRONOLOGY, text_params

    params = {**text_params(tree, master, base_url), "chronology": EMPTY_CHRONOLOGY,
              "citations": json.dumps({"edition": citation}) if citation else "",
              "tei-file": f"{paths.BASENAME}.xml"}
    with tempfile.TemporaryDirectory(prefix="tei-edition-epub-") as tmp:
        folder = Path(tmp)
        transform(STYLESHEET, xdm, params=params, output_dir=folder, source_path=master)
        (folder / "EPUB" / CSS.name).write_bytes(CSS.read_bytes())
        return pack(folder, day)


def pack(folder: Path, day: tuple[int, int, int]) -> bytes:
    """Zip `folder` as an EPUB: the same bytes for the same files (fixed order, dates, modes)."""
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    ordered = [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]
    with tempfile.SpooledTemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(_entry("mimetype", day, zipfile.ZIP_STORED), MIMETYPE)
            for name in ordered:
                archive.writestr(_entry(name, day, zipfile.ZIP_DEFLATED), (folder / name).read_bytes())
        buffer.seek(0)
        return buffer.read()


def _entry(name: str, day: tuple[int, int, int], method: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(*day, 0, 0, 0))
    info.compress_type = method
    info.create_system = 3  # Unix, whatever machine builds it
    info.external_attr = 0o100644 << 16
    return info


def build_epub(ctx: StageContext) -> None:
    target = ctx.out / "epub" / epub_name()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render(ctx.tree, ctx.xdm, str(ctx.master), ctx.base_url))


def write_epub(master: Path | str, out: Path | str | None = None, *, base_url: str | None = None,
               tree: etree._ElementTree | None = None) -> Path:
    """`tei-edition epub`: the EPUB of `master`, written to `out` (`tree`: the master as the
    command read and validated it)."""
    from tei_edition.core.inputs import real_path
    from tei_edition.core.xmlio import read_tei
    from tei_edition.core.xslt import to_xdm

    from tei_edition.citation.anchors import lock_path

    master = Path(master)
    target = Path(out) if out is not None else Path(epub_name())
    inputs = [master, lock_path(master)]
    check_output(target, is_epub, "EPUB", inputs)  # before the work: a refused file costs nothing
    check_writable(target, "E0104", "EPUB")
    tree = tree if tree is not None else read_tei(master)
    data = render(tree, to_xdm(tree, real_path(master).as_uri()), str(master), base_url)
    return write_output(target, data, "E0104", "EPUB", is_epub, inputs)
