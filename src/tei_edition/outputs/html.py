"""`build/site/`: the HTML reading edition.

The XSLT (`xslt/html/site.xsl`) writes the pages and `cards.js`; this stage adds what Python
does better: the static assets, the full-text search index (from the rendered text, so search
finds exactly what readers see), the encoding manual and the citation data when the modules
that make them exist.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from tei_edition.citation.record import base_url
from tei_edition.citation.units import citable_units, units_document
from tei_edition.core import memo, paths
from tei_edition.core.context import StageContext
from tei_edition.core.xslt import Document, to_xdm, transform, transform_beside
from tei_edition.outputs.chronology import CHRONOLOGY_NS, chronology_document, event_rows, text_rows
from tei_edition.outputs.emendations import emendations, emendations_document
from tei_edition.outputs.html_search import write_search_index
from tei_edition.schema.odd import SCHEMAS

ASSETS = paths.ASSETS_DIR
# the chronology handed to what shows no chronology page (the text's page alone, the EPUB): a
# required parameter they do not read
EMPTY_CHRONOLOGY = Document(f'<chronology xmlns="{CHRONOLOGY_NS}"/>')


def others_params(ctx: StageContext) -> dict[str, object]:
    """The parameters only pages other than the text's use: the encoding manual, the map of places."""
    from tei_edition.outputs.html_extras import manual_fragment

    return {"manual": manual_fragment(ctx), "place-map": place_map(ctx)}


@memo.of_tree()  # once a build for the site and the EPUB
def text_params(tree: etree._ElementTree, master: str, override: str | None) -> dict[str, object]:
    """What every rendering of the web templates (the site, the EPUB) is handed: the base URL,
    the page metadata, the title as the citations join it, the citable units and the
    emendations; the chronology's rows (`chronology_param`) only the site's chronology page shows."""
    from tei_edition.citation.record import edition_title
    from tei_edition.citation.webmeta import page_metadata

    base = base_url(tree, override)
    units = citable_units(tree, master)
    return {"base-url": base, "edition-metadata": page_metadata(tree, base), "full-title": edition_title(tree),
            "citable-units": to_xdm(units_document(units, base)),
            "emendations": to_xdm(emendations_document(emendations(tree, units)))}


@memo.of_tree()
def chronology_param(tree: etree._ElementTree, master: str) -> Document:
    return to_xdm(chronology_document(text_rows(tree, citable_units(tree, master)) + event_rows(tree)))


def build_site(ctx: StageContext) -> None:
    """The pages, assets and search index; the downloads they link to are copied by
    `copy_downloads` once the build has made them, and a build makes the search index in a
    stage of its own, after the pages (`ctx.planned`: the stages of this build). For a reader
    waiting on them (`serve --watch`) the text's page, the longest, is begun first, in a
    second XSLT worker, once the Chicago citations it prints are rendered; the citations in every
    style (`citations.js`) and the other pages' own parameters are made meanwhile, then the pages,
    those of the registers, events and glossary in the text's worker once it is free."""
    from tei_edition.outputs import html_extras

    site = ctx.out / "site"
    site.mkdir(parents=True, exist_ok=True)
    params = dict(text_params(ctx.tree, str(ctx.master), ctx.base_url))
    params["citations"], params["citation-data"] = html_extras.page_citations(ctx)
    planned: set[str] = getattr(ctx, "planned", set())
    if "downloads" in planned:  # made later in this build, then copied by its last stage
        params.update(download_params(ctx, planned))
    else:  # the stage on its own: what is there already
        copy_downloads(ctx, site)
        params.update(download_params(ctx))

    def with_the_others() -> dict[str, object]:
        html_extras.write_citations_script(ctx, site)  # every style of every unit: not on the text's page
        return {**params, "chronology": chronology_param(ctx.tree, str(ctx.master)), **others_params(ctx)}

    if getattr(ctx, "pages_awaited", False):
        text = {**params, "chronology": EMPTY_CHRONOLOGY, "pages": "text"}
        # the text's worker, once free, makes the entries' pages while this one makes the rest
        transform_beside("html/site.xsl", ctx.xdm, text, lambda: {**with_the_others(), "pages": "apparatus"},
                         output_dir=site, source_path=str(ctx.master), then={"pages": "entries"})
    else:
        transform("html/site.xsl", ctx.xdm, params=with_the_others(), output_dir=site, source_path=str(ctx.master))
    copy_assets(site / "assets")
    if "search" not in planned:
        write_search_index(site / "index.html", site / "search-index.js")


def place_map(ctx: StageContext) -> str:
    """The map of places for places.html; places beyond its coastlines are warned about."""
    from tei_edition.outputs import map as places

    ctx.warnings.extend(places.outside_warnings(ctx.tree, str(ctx.master)))
    return places.svg(ctx.tree)


# The files the site offers as downloads: (the folder (and stage) of the build that makes it, parameter of site.xsl)
DOWNLOADS = (("pdf", "pdf-download"), ("epub", "epub-download"), ("tei", "tei-download"))


def download_names(ctx: StageContext) -> dict[str, list[str]]:
    """The files each folder of DOWNLOADS holds in a build (the PDF: one a volume, `outputs.volumes`)."""
    from tei_edition.outputs.epub import epub_name
    from tei_edition.outputs.volumes import of_build

    return {"pdf": [v.file for v in of_build(ctx)], "epub": [epub_name()], "tei": [f"{paths.BASENAME}.xml"]}


def download_params(ctx: StageContext, planned: Iterable[str] = ()) -> dict[str, str]:
    """The links to the downloads the site will hold: those of the stages `planned` in this
    build (made after the pages) and those already in `ctx.out`. A PDF in volumes is also
    listed whole (`pdf-volumes`: JSON, [link, label] for each volume)."""
    import json

    from tei_edition.outputs.volumes import of_build

    names, planned = download_names(ctx), set(planned)
    params = {param: f"downloads/{names[folder][0]}" for folder, param in DOWNLOADS
              if folder in planned or (ctx.out / folder / names[folder][0]).is_file()}
    books = of_build(ctx)
    if "pdf-download" in params and len(books) > 1:
        params["pdf-volumes"] = json.dumps([[f"downloads/{v.file}", v.label] for v in books], ensure_ascii=False)
    return params


def copy_downloads(ctx: StageContext, site: Path) -> None:
    """Put the PDF, the EPUB and the TEI into the site, so `build/site/` can be published on its
    own; the TEI with the schema files its xml-model instructions name and the source records
    its header names (`tei_sources`) beside it. Hard links where the file system allows (the
    files are never written again), else copies."""
    from tei_edition.core.incremental import place
    from tei_edition.outputs.tei_sources import FOLDER

    names = download_names(ctx)
    for folder, _ in DOWNLOADS:
        for name in names[folder]:
            src = ctx.out / folder / name
            if src.is_file():
                place(src, site / "downloads" / src.name)
    for path, _ in SCHEMAS:
        if (ctx.out / "tei" / path.name).is_file():
            place(ctx.out / "tei" / path.name, site / "downloads" / path.name)
    records = ctx.out / "tei" / FOLDER
    for src in sorted(records.iterdir()) if records.is_dir() else ():
        (site / "downloads" / FOLDER).mkdir(parents=True, exist_ok=True)
        place(src, site / "downloads" / FOLDER / src.name)


def copy_assets(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for src in sorted(ASSETS.iterdir()):
        if src.is_file() and not src.name.startswith("."):
            shutil.copyfile(src, target / src.name)
