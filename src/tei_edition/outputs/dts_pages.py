"""Pages of the sibling lists (DTS `down=0`), so that the export grows linearly with the text.

`ref=X&down=0` answers X's siblings. Unpaged, each of n units lists its n siblings: n² units in
the export (the issue's ×12.6 from k=16 to k=64). DTS 1.0 pages member lists (`page`, and a
`view` Pagination object with `first`/`previous`/`next`/`last`); here a sibling list is cut in
pages of `PAGE_SIZE` units, and the answer without `page` is the page holding X. A page holds
at most `PAGE_SIZE` units, so the export holds at most n × PAGE_SIZE.

The static export links each page to the `down=0` file of that page's first unit (whose own
page is that page): no file beyond one per unit, and every link is a file. `serve` also answers
`page=k` (its template declares `page`). Only sibling lists are paged: every other member list
of a unit is its subtree, and those add up to n × depth.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tei_edition.citation.scheme import CitationTree, Unit

PAGE_SIZE = 50


class PageError(LookupError):
    """A page number outside 1…count."""


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    count: int
    members: list[Unit]
    firsts: list[Unit]  # the first unit of each page, in order


class Siblings:
    """Each unit's siblings (the units that share its parent), indexed once per citation tree."""

    def __init__(self, ct: CitationTree, size: int = PAGE_SIZE):
        self.size = size
        self.lists: dict[str | None, list[Unit]] = {}
        self.position: dict[int, int] = {}
        for u in ct.units:
            siblings = self.lists.setdefault(u.parent, [])
            self.position[id(u)] = len(siblings)
            siblings.append(u)

    def of(self, unit: Unit) -> list[Unit]:
        return self.lists[unit.parent]

    def page(self, unit: Unit, number: int | None = None) -> Page:
        """Page `number` of `unit`'s siblings; without a number, the page that holds `unit`."""
        siblings = self.of(unit)
        count = max(1, -(-len(siblings) // self.size))
        if number is None:
            number = self.position[id(unit)] // self.size + 1
        elif not 1 <= number <= count:
            raise PageError(f"page {number} does not exist: the siblings of {unit.ref} fill "
                            f"{count} page{'s' if count > 1 else ''} of {self.size}")
        start = (number - 1) * self.size
        return Page(number, count, siblings[start:start + self.size], siblings[::self.size])


def pagination(page: Page, current: str, url_of: Callable[[int], str]) -> dict[str, Any] | None:
    """The `view` of a paged answer (None when everything fits one page): `current` is the URL
    of this answer, `url_of(k)` the URL of page k. The first page has no `previous` and the last
    no `next`: DTS 1.0 types both as a URI, not nullable (as it types `parent`), and there is no
    page to name."""
    if page.count == 1:
        return None
    view: dict[str, Any] = {"@id": current, "@type": "Pagination", "first": url_of(1)}
    if page.number > 1:
        view["previous"] = url_of(page.number - 1)
    if page.number < page.count:
        view["next"] = url_of(page.number + 1)
    view["last"] = url_of(page.count)
    return view
