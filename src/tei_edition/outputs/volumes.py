"""The print edition's volumes: a long edition is printed as several books, not one.

Up to `VOLUME_UNITS` citable units (about 170 pages of A4 text) the PDF is one book,
`lawson-2021-most-intransigent.pdf`. A longer edition is printed in volumes of at most that many
units, `…-vol01.pdf`, `…-vol02.pdf` … (`…-vol001.pdf` … from 100 volumes, so that the names sort
in volume order), each a book of its own: title page ("Volume 2 of 8"),
contents, its paragraphs with their notes, the glossary, events and emendations of what it
prints, the whole bibliography and list of works consulted (pdf/typst.xsl prints them entire in
every volume, as in a part), and an index of its own pages. A volume ends between two sections where it can; a section longer
than a volume is divided between paragraphs where an even share of the units falls. Units keep
their numbers in every volume, so a paragraph is cited alike whichever volume holds it; a
reference to a paragraph of another volume names it, "¶ 12 (vol. 1)", and one to a section the
volume does not print the volume where it begins (pdf/text.xsl).
`build --volume-units` sets the cap.

Why: Typst holds the whole layout of a document in memory until it ends (about 2.5 MB a page),
so a book of 1,300 pages needed 3.5 GB; a volume needs what its own pages need, and the volumes
are compiled one after another. The web, EPUB, TEI and DTS outputs are not divided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tei_edition.core import memo, paths

if TYPE_CHECKING:  # imported where used: the command line reads VOLUME_UNITS at start-up
    from lxml import etree

    from tei_edition.citation.units import CitableUnit
    from tei_edition.core.context import StageContext

VOLUME_UNITS = 750


@dataclass(frozen=True)
class Volume:
    number: int  # 1, 2 …
    of: int  # how many volumes the edition has
    first: int  # the number of its first unit
    last: int  # and of its last (inclusive)

    @property
    def whole(self) -> bool:
        """The edition in one book."""
        return self.of == 1

    @property
    def file(self) -> str:
        """`…-vol02.pdf`: the number padded to the width the count needs (two digits at least, so
        the names of up to 99 volumes stay as they were), so that the names sort in volume order."""
        width = max(2, len(str(self.of)))
        return f"{paths.BASENAME}.pdf" if self.whole else f"{paths.BASENAME}-vol{self.number:0{width}d}.pdf"

    @property
    def title(self) -> str:
        """"Volume 2 of 8" ('' for a book in one volume)."""
        return "" if self.whole else f"Volume {self.number} of {self.of}"

    @property
    def units(self) -> str:
        """"¶¶ 662–1319" ("¶ 5" for one unit), as common/labels.xsl writes a run of units."""
        return f"¶ {self.first}" if self.first == self.last else f"¶¶ {self.first}–{self.last}"

    @property
    def label(self) -> str:
        """"Volume 2 of 8: ¶¶ 662–1319", as the volume's title page names it (common/labels.xsl)."""
        return f"{self.title}: {self.units}" if self.title else self.units


def split(units: list[CitableUnit], cap: int = VOLUME_UNITS) -> list[list[CitableUnit]]:
    """`units` (in reading order) in runs of at most `cap`, as even as whole sections allow: a
    run ends between sections, at the end nearest an even share of the units still to place; a
    section longer than `cap` may end a run between any two of its units (`_steps`: never between
    a paragraph and the block quotation it leads into), so it is divided where the share falls,
    the sections before and after it filling its first and last runs."""
    sections: list[list[CitableUnit]] = []
    for unit in units:
        if sections and sections[-1][0].section == unit.section:
            sections[-1].append(unit)
        else:
            sections.append([unit])
    pieces = [piece for section in sections
              for piece in ([section] if len(section) <= cap else _steps(section, cap))]
    runs: list[list[CitableUnit]] = []
    current: list[CitableUnit] = []
    left, share = len(units), cap
    for piece in pieces:
        if not current:
            share = -(-left // -(-left // cap))  # what is left, shared evenly by the fewest runs
        longer = len(current) + len(piece)
        if current and (longer > cap or abs(longer - share) > abs(len(current) - share)):
            runs.append(current)
            left -= len(current)
            current = []
            share = -(-left // -(-left // cap))
        current += piece  # a new list after each run closed: the pieces are never changed
    if current:
        runs.append(current)
    return runs


def _steps(units: list[CitableUnit], cap: int) -> list[list[CitableUnit]]:
    """`units` (one section) in the smallest runs a volume may end between: a unit each, but a
    paragraph that leads into a block quotation together with it, as the print edition keeps
    them on one page (pdf/text.xsl, `lead-in`); apart only when a volume holds one unit."""
    steps: list[list[CitableUnit]] = []
    for unit in units:
        if cap > 1 and steps and len(steps[-1]) == 1 and _leads_into(steps[-1][0], unit):
            steps[-1].append(unit)
        else:
            steps.append([unit])
    return steps


def _leads_into(paragraph: CitableUnit, quotation: CitableUnit) -> bool:
    """Whether `quotation` is a block quotation (`cit`) right after `paragraph`, a `p`: the
    element after it (comments and processing instructions are no elements)."""
    from lxml import etree

    following = paragraph.element.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    return (following is quotation.element and etree.QName(paragraph.element).localname == "p"
            and etree.QName(quotation.element).localname == "cit")


@memo.of_tree()
def volumes(tree: etree._ElementTree, master: str, cap: int | None = None) -> list[Volume]:
    """The volumes of the print edition of `tree`, in order (one when it fits in one book)."""
    from tei_edition.citation.units import citable_units

    units = citable_units(tree, master)
    runs = split(units, cap or VOLUME_UNITS) or [[]]
    if len(runs) == 1:
        return [Volume(1, 1, int(units[0].n) if units else 0, int(units[-1].n) if units else 0)]
    return [Volume(i, len(runs), int(run[0].n), int(run[-1].n)) for i, run in enumerate(runs, 1)]


def of_build(ctx: StageContext) -> list[Volume]:
    """The volumes of the edition a build makes, of the size it was asked for (`--volume-units`)."""
    return volumes(ctx.tree, str(ctx.master), ctx.volume_units)
