"""Documents with their places marked: where a problem must be reported (`path:line:col`).

A test writes MARK where the problem belongs; `unmark` removes the marks and says where each
stood, so the expected line and column are read off the document, never counted by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tei_edition.core.problems import EditionError, Problem
from support import FIXTURES

MARK = "⟦"
X = "<!-- <x -->"  # a comment before an element on its line, holding what looks like a tag
P1 = '<p n="1" xml:id="p1">'


def unmark(text: str, *edits: tuple[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each edit (old, new) made once and the marks removed; the line and column
    (1-based, in characters) where each mark stood."""
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    places = []
    while (at := text.find(MARK)) >= 0:
        text = text[:at] + text[at + 1:]
        places.append((text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)))
    return text, places


def marked(path: Path, text: str, *edits: tuple[str, str]) -> tuple[Path, list[tuple[int, int]]]:
    """`unmark`ed `text` written to `path` (UTF-8), and the marks' places."""
    text, places = unmark(text, *edits)
    path.write_text(text, encoding="utf-8")
    return path, places


def minimal(tmp_path: Path, *edits: tuple[str, str], name: str = "edition.xml") -> tuple[Path, list[tuple[int, int]]]:
    """The minimal fixture, edited and marked, as `tmp_path`/`name`."""
    return marked(tmp_path / name, (FIXTURES / "minimal.xml").read_text(encoding="utf-8"), *edits)


def at(problems: list[Problem], code: str) -> list[tuple[int, int]]:
    """Line and column of each problem of `code`, sorted."""
    return sorted((p.line, p.col) for p in problems if p.code == code)


def raised(call: Callable[[], Any]) -> list[Problem]:
    """The problems of the EditionError `call` raises."""
    with pytest.raises(EditionError) as info:
        call()
    return info.value.problems
