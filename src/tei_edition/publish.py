"""`build/tei/`: the published TEI, a self-contained copy of the master."""

from __future__ import annotations

from lxml import etree

from . import paths


def publish_tei(ctx) -> None:
    target = ctx.out / "tei" / f"{paths.BASENAME}.xml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(etree.tostring(ctx.tree, xml_declaration=True, encoding="UTF-8") + b"\n")
