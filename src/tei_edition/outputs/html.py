"""`build/site/`: the HTML reading edition.

The XSLT (`xslt/html/site.xsl`) writes the pages and `cards.js`; this stage adds what Python
does better: the static assets, the full-text search index (from the rendered text, so search
finds exactly what readers see), the encoding manual and the citation data when the modules
that make them exist.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tei_edition.citation.record import base_url
from tei_edition.citation.units import citable_units, units_document
from tei_edition.core import paths
from tei_edition.core.xslt import to_xdm, transform
from tei_edition.outputs.chronology import chronology_document, event_rows, text_rows
from tei_edition.outputs.emendations import emendations, emendations_document
from tei_edition.outputs.html_search import write_search_index
from tei_edition.outputs.tei import SCHEMAS

ASSETS = paths.ASSETS_DIR


def site_params(ctx) -> dict[str, object]:
    """Parameters of `site.xsl` for this build (the base URL: `--base-url` else the header)."""
    from tei_edition.outputs.html_extras import manual_fragment

    return {**edition_params(ctx.tree, str(ctx.master), ctx.base_url), "manual": manual_fragment(ctx)}


def edition_params(tree, master: str, override: str | None) -> dict[str, object]:
    """What every rendering of the web templates (the site, the EPUB) is handed: the base URL,
    the page metadata, the citable units, the chronology's rows and the emendations."""
    from tei_edition.citation.webmeta import page_metadata

    base = base_url(tree, override)
    units = citable_units(tree, master)
    return {"base-url": base, "edition-metadata": page_metadata(tree, base),
            "citable-units": to_xdm(units_document(units, base)),
            "chronology": to_xdm(chronology_document(text_rows(tree, units) + event_rows(tree))),
            "emendations": to_xdm(emendations_document(emendations(tree, units)))}


def build_site(ctx) -> None:
    from tei_edition.outputs.html_extras import write_citation_data

    site = ctx.out / "site"
    site.mkdir(parents=True, exist_ok=True)
    params = site_params(ctx)
    params["citations"], params["citation-data"] = write_citation_data(ctx, site)
    params["place-map"] = place_map(ctx)
    # the pages name the downloads only, so they are written while the PDF may still be compiling
    params.update(download_params(ctx.out, ctx.promised))
    transform("html/site.xsl", ctx.xdm, params=params, output_dir=site, source_path=str(ctx.master))
    copy_assets(site / "assets")
    write_search_index(site / "index.html", site / "search-index.js")
    ctx.wait_background()
    copy_downloads(ctx.out, site)


def place_map(ctx) -> str:
    """The map of places for places.html; places beyond its coastlines are warned about."""
    from tei_edition.outputs import map as places

    ctx.warnings.extend(places.outside_warnings(ctx.tree, str(ctx.master)))
    return places.svg(ctx.tree)


DOWNLOADS = (("pdf", "*.pdf", "pdf-download"), ("epub", "*.epub", "epub-download"), ("tei", "*.xml", "tei-download"))


def _download(out: Path, folder: str, pattern: str, promised: list[Path]) -> Path | None:
    """The file of `folder` the site offers: the first by name, made or promised by a background job."""
    made = set((out / folder).glob(pattern))
    made.update(p for p in promised if p.parent == out / folder and p.match(pattern))
    return min(made) if made else None


def download_params(out: Path, promised: list[Path]) -> dict[str, str]:
    """The site's links to the downloads (`downloads/<name>`), for the files made or promised."""
    return {param: f"downloads/{src.name}" for folder, pattern, param in DOWNLOADS
            if (src := _download(out, folder, pattern, promised)) is not None}


def copy_downloads(out: Path, site: Path) -> dict[str, str]:
    """Copy the PDF, the EPUB and the TEI into the site, so `build/site/` can be published on its own;
    the TEI with the schema files its xml-model instructions name beside it."""
    params = {}
    for folder, pattern, param in DOWNLOADS:
        src = _download(out, folder, pattern, [])
        if src is not None:
            target = site / "downloads" / src.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
            params[param] = f"downloads/{src.name}"
    for path, _ in SCHEMAS:
        if (out / "tei" / path.name).is_file():
            shutil.copyfile(out / "tei" / path.name, site / "downloads" / path.name)
    return params


def copy_assets(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for src in sorted(ASSETS.iterdir()):
        if src.is_file() and not src.name.startswith("."):
            shutil.copyfile(src, target / src.name)
