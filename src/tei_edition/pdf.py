"""`build/pdf/`: the print edition, TEI → Typst (XSLT) → PDF (typst)."""

from __future__ import annotations

import datetime as dt

import typst

from . import paths
from .problems import EditionError, Problem
from .xslt import transform


def typst_source(ctx) -> str:
    return transform("pdf/typst.xsl", ctx.xdm, source_path=str(ctx.master))


def edition_timestamp(tree) -> dt.datetime:
    """The PDF's dates come from the header, never from the clock, so rebuilds are identical."""
    when = tree.findtext(".//{*}publicationStmt/{*}date[@when]") and tree.find(
        ".//{*}publicationStmt/{*}date[@when]").get("when")
    day = dt.date.fromisoformat(when[:10]) if when and len(when) >= 10 else dt.date(2021, 9, 12)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def compile_pdf(source: str, master: str, timestamp: dt.datetime) -> bytes:
    try:
        return typst.compile(source.encode("utf-8"), format="pdf", ignore_system_fonts=True,
                             timestamp=timestamp)
    except typst.TypstError as exc:
        raise EditionError([Problem(master, 0, 0, "E0101", f"typst: {exc.message}")]) from None


def build_pdf(ctx) -> None:
    target = ctx.out / "pdf" / f"{paths.BASENAME}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(compile_pdf(typst_source(ctx), str(ctx.master), edition_timestamp(ctx.tree)))
