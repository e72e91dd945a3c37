"""Where a character of a document is in its file: the file's text, read only when a problem
must be located (the checks of `output_checks` and `bidi_checks`)."""

from __future__ import annotations

import bisect
import re

from tei_edition.core.inputs import read_bytes
from tei_edition.core.problems import EditionError


class Source:
    """The file's text, read only when a problem must be located: line and column of the next
    occurrence of a character at or after an element's line."""

    def __init__(self, path: str, text: str | None = None):
        self.path = path
        self._text: str | None = text
        self._starts: list[int] = [0] + [m.end() for m in re.finditer("\n", text or "")]
        self._after: dict[str, int] = {}

    def _load(self) -> str:
        if self._text is None:
            try:
                self._text = read_bytes(self.path).decode("utf-8", errors="replace")
            except EditionError:  # a tree made in memory: lines are the elements' own
                self._text = ""
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        return self._text

    def locate(self, needle: str, line: int) -> tuple[int, int]:
        text = self._load()
        first = self._starts[line - 1] if 0 < line <= len(self._starts) else 0
        at = text.find(needle, max(first, self._after.get(needle, 0)))
        if at < 0:
            return max(line, 1), 1
        self._after[needle] = at + 1
        return self._line_col(at)

    def matches(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """Line and column of every match of `pattern` in the file, in order."""
        return [self._line_col(m.start()) for m in pattern.finditer(self._load())]

    def _line_col(self, at: int) -> tuple[int, int]:
        row = bisect.bisect_right(self._starts, at)
        return row, at - self._starts[row - 1] + 1
