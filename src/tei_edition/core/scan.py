"""A regular expression's matches in one text, found once and then read from any position.

The annotator reads a block's text slot by slot: a block with a mark every few words has as
many slots as marks, and scanning the text from each slot to the next match (to its end, when
none follows) was quadratic (8,000 marks in a paragraph: 40 s)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator


class Scan:
    def __init__(self, rx: re.Pattern[str], text: str):
        self.rx, self.text = rx, text
        self.matches = list(rx.finditer(text))
        self.starts = [m.start() for m in self.matches]

    def since(self, pos: int) -> Iterator[re.Match[str]]:
        """What `rx.finditer(text, pos)` yields. A match at a position does not depend on where
        the search began (a lookbehind sees the text before it), so these are the matches of the
        scan from 0 that start at pos or after; unless one of them runs over pos, which would
        have hidden matches a scan from pos finds: then it scans from pos."""
        i = bisect_left(self.starts, pos)
        if i and self.matches[i - 1].end() > pos:
            return self.rx.finditer(self.text, pos)
        return iter(self.matches[i:])
