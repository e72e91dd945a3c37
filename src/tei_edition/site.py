"""`build/site/`: the HTML reading edition."""

from __future__ import annotations

from .xslt import transform


def build_site(ctx) -> None:
    site = ctx.out / "site"
    transform("html/site.xsl", ctx.xdm, output_dir=site, source_path=str(ctx.master))
