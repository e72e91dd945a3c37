"""`build/pdf/`: the print edition, TEI → Typst (XSLT) → PDF (typst).

`xslt/pdf/typst.xsl` writes the content as Typst source in which every TEI text is a Typst
string literal; `xslt/pdf/edition.typ` holds the layout. The paper size reaches the layout as
`sys.inputs.paper`, so one Typst source serves every size.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tei_edition.citation.units import CitableUnit, citable_units, units_document
from tei_edition.core import paths
from tei_edition.core.context import StageContext
from tei_edition.core.output_file import check_output, check_writable, is_pdf, write_output
from tei_edition.core.problems import EditionError, Problem
from tei_edition.core.xmlio import NS
from tei_edition.core.xslt import Document, end_beside, to_xdm, transform, transform_beside
from tei_edition.outputs.emendations import emendations, emendations_document
from tei_edition.outputs.pdf_links import named
from tei_edition.outputs.typeset import CHECKED, Typesetter
from tei_edition.outputs.volumes import Volume, of_build
from tei_edition.schema.output_checks import output_problems

PAPERS = ("a4", "a5", "letter")
DEFAULT_PAPER = "a4"
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

    def pick(self, units: list[CitableUnit]) -> list[CitableUnit]:
        """The units of the selection, in reading order."""
        return [u for u in units if (self.section is None or u.section == self.section)
                and (self.first or 1) <= int(u.n) <= (self.last or int(u.n))]


def parse_paragraphs(spec: str) -> tuple[int, int]:
    """`"10-20"` → (10, 20); `"7"` → (7, 7). Raises ValueError on anything else."""
    m = re.fullmatch(r"\s*([0-9]{1,9})\s*(?:[-–]\s*([0-9]{1,9})\s*)?", spec)  # a unit number, not any integer
    if not m:
        raise ValueError(f"paragraph range must look like 10-20 or 7, not {spec!r}")
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if first < 1 or last < first:
        raise ValueError(f"paragraph range {spec!r} is empty")
    return first, last


def unit_numbers(tree: etree._ElementTree, selection: Selection = Selection(), master: str = "master") -> list[int]:
    """The numbers of the citable units (citation.units) in `selection`."""
    return [int(u.n) for u in selection.pick(citable_units(tree, master))]


def check_selection(tree: etree._ElementTree, selection: Selection, master: str) -> None:
    """E0103 at the option whose value the master lacks (`--section:1:1`, as `--jobs:1:1`): the
    value given is at fault, not the master; a range that narrows a section, at the range."""
    if selection.whole:
        return
    if selection.section is not None and not tree.xpath(
            "//tei:body//tei:div[@xml:id = $s]", namespaces=NS, s=selection.section):
        raise EditionError([Problem("--section", 1, 1, "E0103", f"no section with xml:id '{selection.section}'")])
    if not unit_numbers(tree, selection, master):
        what = " and ".join(filter(None, [
            f"section {selection.section}" if selection.section else "",
            f"paragraphs {selection.first}-{selection.last}" if selection.first else ""]))
        option = "--paragraphs" if selection.first is not None else "--section"
        raise EditionError([Problem(option, 1, 1, "E0103", f"no citable unit in {what}")])


def citations(tree: etree._ElementTree, selection: Selection = Selection(), base_url: str | None = None,
              master: str = "master") -> tuple[str, str]:
    """The edition's own citation (`tei-edition cite`, Chicago) of what the PDF holds: the
    bibliography entry, and for a part the note form (paras. 10–20). The colophon prints them
    as they are (E0331 when the edition has no base URL)."""
    from tei_edition.citation import cite

    numbers = unit_numbers(tree, selection, master)
    if selection.whole:
        ref = None
    elif selection.section is not None and numbers == unit_numbers(tree, Selection(selection.section), master):
        ref = selection.section
    else:
        ref = f"p{numbers[0]}"
    entry = cite.citation(tree, ref, "chicago", base_url, master).strip()
    note = cite.citation(tree, ref, "chicago", base_url, master, in_text=True).strip() if ref else ""
    if ref and ref.startswith("p") and len(numbers) > 1:
        note = note.replace(f"para. {numbers[0]},", f"paras. {numbers[0]}–{numbers[-1]},")
    return entry, note


def typst_source(tree: etree._ElementTree, xdm: Document, master: str = "", selection: Selection = Selection(),
                 base_url: str | None = None, citation: tuple[str, str] = ("", ""), place_map: str = "",
                 books: list[dict[str, object]] | None = None) -> str:
    """The Typst source of the edition (or of `selection`), made by xslt/pdf/typst.xsl; `place_map`,
    an SVG, is printed as the map of places before the index. `books`: the volumes of the
    edition instead (typst.xsl's parameter `volumes`), each source after its length. The list
    of emendations renders the rows of `outputs.emendations`, as the web edition's does."""
    from tei_edition.citation import cite
    from tei_edition.citation.record import edition_title

    units = citable_units(tree, master)
    chosen = "" if selection.whole else " ".join(u.anchor for u in selection.pick(units))
    base = cite.base_url(tree, base_url)
    params = {"section": selection.section or "", "selection": chosen, "citable-units": to_xdm(units_document(units, base)),
              "emendations": to_xdm(emendations_document(emendations(tree, units))),
              "base-url": base, "citation": citation[0], "citation-note": citation[1],
              "place-map": place_map, "full-title": edition_title(tree)}
    if books:
        params["volumes"] = json.dumps(books, ensure_ascii=False)
    if books and len(books) > 1:  # half of the volumes' sources made on each core
        half = (len(books) + 1) // 2
        first, second = ({**params, "written": " ".join(str(b["number"]) for b in part)}
                         for part in (books[:half], books[half:]))
        return "".join(transform_beside("pdf/typst.xsl", xdm, first, second, source_path=master))
    return transform("pdf/typst.xsl", xdm, params=params, source_path=master)



def edition_timestamp(tree: etree._ElementTree) -> dt.datetime:
    """The PDF's dates come from the header, never from the clock, so rebuilds are identical."""
    date = tree.find(".//{*}publicationStmt/{*}date[@when]")
    when = date.get("when") if date is not None and date.text else None
    day = dt.date.fromisoformat(when[:10]) if when and len(when) >= 10 else dt.date(2021, 9, 12)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def compile_pdf(source: str, master: str, timestamp: dt.datetime, paper: str = DEFAULT_PAPER,
                typesetter: Typesetter | None = None, book: str = "") -> bytes:
    """Compile Typst `source` (with edition.typ beside it) into PDF bytes, in a child process
    (`typeset`; `typesetter` to stop it from another thread); E0101 on failure. The links to the
    edition's own labels are made links to named destinations after the compile (`pdf_links`);
    where one cannot be, Typst compiles again with links it checks itself."""
    if paper not in PAPERS:
        raise EditionError([Problem("--paper", 1, 1, "E0103", f"unknown paper '{paper}' (one of {', '.join(PAPERS)})")])
    typesetter = typesetter or Typesetter()
    pdf = named(typesetter.run(source, str(TEMPLATE_DIR), timestamp, paper, master, book))
    return pdf if pdf is not None else typesetter.run(source, str(TEMPLATE_DIR), timestamp, paper, master, book,
                                                      links=CHECKED)


def prepare(tree: etree._ElementTree, xdm: Document, master: str, *, selection: Selection = Selection(),
            base_url: str | None = None) -> str:
    """The Typst source of `selection`, after checking that the selection exists."""
    from tei_edition.outputs import map as places_map

    check_selection(tree, selection, master)
    # the whole edition only: a part's index lists its own mentions, a map would show them all
    drawn = places_map.svg(tree, interactive=False) if selection.whole else ""
    return typst_source(tree, xdm, master, selection, base_url, citations(tree, selection, base_url, master),
                        place_map=drawn)


def prepare_volumes(tree: etree._ElementTree, xdm: Document, master: str, books: list[Volume],
                    base_url: str | None = None) -> list[str]:
    """The Typst source of each of `books`, the volumes of the edition (`outputs.volumes`), made
    by one transform. The last volume has the map of all the edition's places."""
    from tei_edition.outputs import map as places_map

    if books[0].whole:
        return [prepare(tree, xdm, master, base_url=base_url)]
    params = []
    for book in books:
        entry, note = citations(tree, Selection(first=book.first, last=book.last), base_url, master)
        params.append({"number": book.number, "first": book.first, "last": book.last, "volume": book.title,
                       "citation": entry, "citation-note": note, "map": book.number == book.of})
    source = typst_source(tree, xdm, master, base_url=base_url, books=params,
                          place_map=places_map.svg(tree, interactive=False))
    sources, at = [], 0
    while at < len(source):  # each source after its length and a newline
        newline = source.index("\n", at)
        end = newline + 1 + int(source[at:newline])
        sources.append(source[newline + 1:end])
        at = end
    return sources


def render(tree: etree._ElementTree, xdm: Document, master: str, *, selection: Selection = Selection(),
           paper: str = DEFAULT_PAPER, base_url: str | None = None) -> bytes:
    source = prepare(tree, xdm, master, selection=selection, base_url=base_url)
    return compile_pdf(source, master, edition_timestamp(tree), paper)


def build_pdf(ctx: StageContext) -> None:
    """The XSLT runs here, for every volume (`outputs.volumes`); Typst's compiles (a child process
    each, `typeset`, one volume after another, of the volumes the previous build does not hold
    already: `_taken`) run in the background while the next stages write their files. The
    downloads stage waits for them before copying the PDF into the site.
    (Beginning the first volume's compile while the other sources were made gained nothing: at
    k = 64 both cores are busy either way, and the peak rose by 90 MB.)"""
    folder = ctx.out / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    paper = getattr(ctx, "paper", DEFAULT_PAPER) or DEFAULT_PAPER
    timestamp, master = edition_timestamp(ctx.tree), str(ctx.master)
    books = of_build(ctx)
    typesetter = Typesetter()
    try:
        typesetter.ready(str(TEMPLATE_DIR), timestamp, paper)  # Typst's process starts while the source is made
        sources = [(book, source) for book, source in zip(books, prepare_volumes(ctx.tree, ctx.xdm, master, books,
                                                                                  ctx.base_url), strict=True)
                   if not _taken(ctx, book, source, timestamp, paper)]
        if not getattr(ctx, "pages_awaited", False):
            end_beside()  # its memory back before Typst's compile; a watched build's pages want it again
    except BaseException:
        typesetter.stop()
        raise

    def compile_all() -> None:
        try:
            for book, source in sources:
                (folder / book.file).write_bytes(compile_pdf(source, master, timestamp, paper, typesetter,
                                                             book.title))
        finally:
            typesetter.stop()  # the process readied for a volume the previous build held

    ctx.in_background("pdf-compile", compile_all, stop=typesetter.stop)


def _taken(ctx: StageContext, book: Volume, source: str, timestamp: dt.datetime, paper: str) -> bool:
    """A volume (or the one book) whose Typst source, paper and dates the previous build compiled
    is taken from it (`Reuse.take_part`): Typst's output is a function of these and of the toolkit,
    which the key holds. An edit in one volume compiles that volume only; an edit the print
    edition does not show (a comment) compiles nothing."""
    reuse = getattr(ctx, "reuse", None)
    if reuse is None:
        return False
    key = reuse.key(f"pdf {book.file}", source, timestamp.isoformat(), paper)
    return bool(reuse.take_part("pdf", f"pdf/{book.file}", key))


def write_part(master: Path | str, out: Path | str | None = None, *, selection: Selection = Selection(),
               paper: str = DEFAULT_PAPER, base_url: str | None = None,
               tree: etree._ElementTree | None = None) -> Path:
    """`tei-edition pdf`: the PDF of `selection` of `master`, written to `out` (`tree`: the
    master as the command read and validated it)."""
    from tei_edition.core.inputs import real_path
    from tei_edition.core.xmlio import read_tei

    from tei_edition.citation.anchors import lock_path

    master = Path(master)
    target = Path(out) if out is not None else Path(f"{paths.BASENAME}{_suffix(selection)}.pdf")
    inputs = [master, lock_path(master)]
    check_output(target, is_pdf, "PDF", inputs)  # before the work: a refused file costs nothing
    check_writable(target, "E0102", "PDF")
    tree = tree if tree is not None else read_tei(master)
    refused = [p for p in output_problems(tree, str(master)) if p.severity == "error"]  # fonts, links
    if refused:
        raise EditionError(refused)
    data = render(tree, to_xdm(tree, real_path(master).as_uri()), str(master),
                  selection=selection, paper=paper, base_url=base_url)
    return write_output(target, data, "E0102", "PDF", is_pdf, inputs)


def _suffix(selection: Selection) -> str:
    parts = [selection.section or ""]
    if selection.first:
        parts.append(f"p{selection.first}-{selection.last}")
    return "".join(f"-{p}" for p in parts if p)
