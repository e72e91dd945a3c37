"""The editors' reviewed decision files (`edition/source/quotations.txt`, `mentions.txt`,
`slips.txt`): one decision a line, fields separated by `|`, `%` starting a comment line. Each
loader checks its own fields; this reads the rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tei_edition.core.inputs import read_text


def decision_rows(path: Path | str, separator: str = " | ") -> Iterator[tuple[int, str, list[str]]]:
    """(line number, the line, its stripped fields) for every line that is not blank or a comment."""
    for no, raw in enumerate(read_text(path).splitlines(), 1):
        if raw.strip() and not raw.lstrip().startswith("%"):
            yield no, raw, [p.strip() for p in raw.split(separator)]
