"""`build/pdf/`: the print edition, TEI → Typst (XSLT) → PDF (typst).

`xslt/pdf/typst.xsl` writes the content as Typst source in which every TEI text is a Typst
string literal; `xslt/pdf/edition.typ` holds the layout. The paper size reaches the layout as
`sys.inputs.paper`, so one Typst source serves every size.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import typst

from tei_edition.core import paths
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.xmlio import NS
from tei_edition.core.xslt import transform
from tei_edition.schema.output_checks import output_problems

PAPERS = ("a4", "a5", "letter")
DEFAULT_PAPER = "a4"
# Typst 0.15 writes this content as PDF/UA-1 (tagged, accessible) and PDF/A-2a (archival) at once.
PDF_STANDARDS = ["ua-1", "a-2a"]
TEMPLATE_DIR = paths.XSLT_DIR / "pdf"


@dataclass(frozen=True)
class Selection:
    """A part of the edition: one section and/or a range of unit numbers (inclusive)."""

    section: str | None = None
    first: int | None = None
    last: int | None = None

    @property
    def whole(self) -> bool:
        return self.section is None and self.first is None and self.last is None

    def params(self) -> dict:
        return {"section": self.section or "", "from": self.first or 0, "to": self.last or 0}


def parse_paragraphs(spec: str) -> tuple[int, int]:
    """`"10-20"` → (10, 20); `"7"` → (7, 7). Raises ValueError on anything else."""
    m = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?", spec)
    if not m:
        raise ValueError(f"paragraph range must look like 10-20 or 7, not {spec!r}")
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if first < 1 or last < first:
        raise ValueError(f"paragraph range {spec!r} is empty")
    return first, last


def unit_numbers(tree, selection: Selection = Selection()) -> list[int]:
    """The numbers of the citable units in `selection` (as typst.xsl chooses them)."""
    units = tree.xpath(
        "//tei:text/tei:body//*[self::tei:p or self::tei:cit][@n]"
        "[not(ancestor::tei:cit or ancestor::tei:note)]", namespaces=NS)
    numbers = []
    for u in units:
        if selection.section is not None and selection.section not in u.xpath(
                "ancestor::tei:div/@xml:id", namespaces=NS):
            continue
        n = int(u.get("n"))
        if (selection.first or 1) <= n <= (selection.last or n):
            numbers.append(n)
    return numbers


def check_selection(tree, selection: Selection, master: str) -> None:
    if selection.whole:
        return
    if selection.section is not None and not tree.xpath(
            "//tei:body//tei:div[@xml:id = $s]", namespaces=NS, s=selection.section):
        raise EditionError([Problem(master, 0, 0, "E0103", f"no section with xml:id '{selection.section}'")])
    if not unit_numbers(tree, selection):
        what = " and ".join(filter(None, [
            selection.section and f"section {selection.section}",
            selection.first and f"paragraphs {selection.first}-{selection.last}"]))
        raise EditionError([Problem(master, 0, 0, "E0103", f"no citable unit in {what}")])


def citations(tree, selection: Selection = Selection(), base_url: str | None = None,
              master: str = "master") -> tuple[str, str]:
    """The edition's own citation (`tei-edition cite`, Chicago) of what the PDF holds: the
    bibliography entry, and for a part the note form (paras. 10–20). ("", "") if the header
    cannot give one; typst.xsl then composes its own from the header."""
    from tei_edition.citation import cite

    numbers = unit_numbers(tree, selection)
    if selection.whole:
        ref = None
    elif selection.section is not None and numbers == unit_numbers(tree, Selection(selection.section)):
        ref = selection.section
    else:
        ref = f"p{numbers[0]}"
    try:
        entry = cite.citation(tree, ref, "chicago", base_url, master).strip()
        note = cite.citation(tree, ref, "chicago", base_url, master, in_text=True).strip() if ref else ""
    except EditionError:
        return "", ""
    if ref and ref.startswith("p") and len(numbers) > 1:
        note = note.replace(f"para. {numbers[0]},", f"paras. {numbers[0]}–{numbers[-1]},")
    return entry, note


def typst_source(xdm, master: str = "", selection: Selection = Selection(),
                 base_url: str | None = None, citation: tuple[str, str] = ("", "")) -> str:
    """The Typst source of the edition (or of `selection`), made by xslt/pdf/typst.xsl."""
    params = {**selection.params(), "base-url": base_url or "",
              "citation": citation[0], "citation-note": citation[1]}
    return transform("pdf/typst.xsl", xdm, params=params, source_path=master)


def edition_timestamp(tree) -> dt.datetime:
    """The PDF's dates come from the header, never from the clock, so rebuilds are identical."""
    when = tree.findtext(".//{*}publicationStmt/{*}date[@when]") and tree.find(
        ".//{*}publicationStmt/{*}date[@when]").get("when")
    day = dt.date.fromisoformat(when[:10]) if when and len(when) >= 10 else dt.date(2021, 9, 12)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def compile_pdf(source: str, master: str, timestamp: dt.datetime, paper: str = DEFAULT_PAPER) -> bytes:
    """Compile Typst `source` (with edition.typ beside it) into PDF bytes; E0101 on failure."""
    if paper not in PAPERS:
        raise EditionError([Problem(master, 0, 0, "E0103", f"unknown paper '{paper}' (one of {', '.join(PAPERS)})")])
    try:
        return typst.compile(source.encode("utf-8"), root=str(TEMPLATE_DIR), format="pdf",
                             ignore_system_fonts=True, timestamp=timestamp,
                             pdf_standards=PDF_STANDARDS, pdf_tags=True, sys_inputs={"paper": paper})
    except typst.TypstError as exc:
        message = " ".join(str(exc.message).split())
        raise EditionError([Problem(master, 0, 0, "E0101", f"typst: {message}")]) from None


def prepare(tree, xdm, master: str, *, selection: Selection = Selection(),
            base_url: str | None = None) -> str:
    """The Typst source of `selection`, after checking that the selection exists."""
    check_selection(tree, selection, master)
    return typst_source(xdm, master, selection, base_url, citations(tree, selection, base_url, master))


def render(tree, xdm, master: str, *, selection: Selection = Selection(), paper: str = DEFAULT_PAPER,
           base_url: str | None = None) -> bytes:
    source = prepare(tree, xdm, master, selection=selection, base_url=base_url)
    return compile_pdf(source, master, edition_timestamp(tree), paper)


def build_pdf(ctx) -> None:
    """The XSLT runs here; Typst's compile (which releases the GIL) runs in the background while
    the next stages write their files. The site stage waits for it before copying the PDF."""
    target = ctx.out / "pdf" / f"{paths.BASENAME}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    paper = getattr(ctx, "paper", DEFAULT_PAPER) or DEFAULT_PAPER
    source = prepare(ctx.tree, ctx.xdm, str(ctx.master), base_url=ctx.base_url)
    timestamp, master = edition_timestamp(ctx.tree), str(ctx.master)
    ctx.in_background("pdf-compile", lambda: target.write_bytes(compile_pdf(source, master, timestamp, paper)))


def write_part(master: Path | str, out: Path | str | None = None, *, selection: Selection = Selection(),
               paper: str = DEFAULT_PAPER, base_url: str | None = None) -> Path:
    """`tei-edition pdf`: the PDF of `selection` of `master`, written to `out`."""
    from tei_edition.core.xmlio import read_tei
    from tei_edition.core.xslt import to_xdm

    master = Path(master)
    tree = read_tei(master)
    refused = [p for p in output_problems(tree, str(master)) if p.severity == "error"]  # fonts, links
    if refused:
        raise EditionError(refused)
    data = render(tree, to_xdm(tree, master.resolve().as_uri()), str(master),
                  selection=selection, paper=paper, base_url=base_url)
    if out is None:
        out = Path(f"{paths.BASENAME}{_suffix(selection)}.pdf")
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise EditionError([Problem(str(out), 0, 0, "E0102", f"cannot write PDF: {exc.strerror}")]) from None
    return out


def _suffix(selection: Selection) -> str:
    parts = [selection.section or ""]
    if selection.first:
        parts.append(f"p{selection.first}-{selection.last}")
    return "".join(f"-{p}" for p in parts if p)
