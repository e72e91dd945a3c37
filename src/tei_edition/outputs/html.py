"""`build/site/`: the HTML reading edition.

The XSLT (`xslt/html/site.xsl`) writes the pages and `cards.js`; this stage adds what Python
does better: the static assets, the full-text search index (from the rendered text, so search
finds exactly what readers see), the encoding manual and the citation data when the modules
that make them exist.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tei_edition.core import paths
from tei_edition.outputs.html_search import write_search_index
from tei_edition.core.xslt import transform

ASSETS = paths.ASSETS_DIR


def site_params(ctx) -> dict[str, object]:
    """Parameters of `site.xsl` for this build (the base URL: `--base-url` else the header)."""
    from tei_edition.outputs.html_extras import manual_fragment

    params: dict[str, object] = {"base-url": ctx.base_url or ""}
    manual = manual_fragment(ctx)
    if manual:
        params["manual"] = manual
    return params


def build_site(ctx) -> None:
    from tei_edition.outputs.html_extras import write_citation_data

    site = ctx.out / "site"
    site.mkdir(parents=True, exist_ok=True)
    params = site_params(ctx)
    citations = write_citation_data(ctx, site)
    params["citations"] = citations
    params["citation-data"] = bool(citations)
    ctx.wait_background()  # the PDF may still be compiling
    params.update(copy_downloads(ctx.out, site))
    transform("html/site.xsl", ctx.xdm, params=params, output_dir=site, source_path=str(ctx.master))
    copy_assets(site / "assets")
    write_search_index(site / "index.html", site / "search-index.js")


def copy_downloads(out: Path, site: Path) -> dict[str, str]:
    """Copy the PDF, the EPUB and the TEI into the site, so `build/site/` can be published on its own."""
    params = {}
    for folder, pattern, param in (("pdf", "*.pdf", "pdf-download"), ("epub", "*.epub", "epub-download"),
                                   ("tei", "*.xml", "tei-download")):
        for src in sorted((out / folder).glob(pattern))[:1]:
            target = site / "downloads" / src.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
            params[param] = f"downloads/{src.name}"
    return params


def copy_assets(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for src in sorted(ASSETS.iterdir()):
        if src.is_file() and not src.name.startswith("."):
            shutil.copyfile(src, target / src.name)
