"""Problems reported to editors: one line each, `path:line:col: [CODE] message`."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from tei_edition.core.codes import CODES

MAX_VALUE = 200  # characters of one value (a run without spaces) quoted in a message
MAX_MESSAGE = 1000
# escaped in messages: control characters, and the bidirectional formatting ones (a value quoted
# with one left open would reverse the rest of the line in a terminal or serve's live banner)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LONG_VALUE = re.compile(r"\S{%d,}" % (MAX_VALUE + 1))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\u{ord(char):04x}")


def one_line(text: str) -> str:
    """`text` as one line of sane length: line breaks, control and bidirectional formatting
    characters escaped, every value longer than MAX_VALUE cut with an ellipsis, the whole at most
    MAX_MESSAGE characters."""
    if len(text) > 4 * MAX_MESSAGE:  # a huge value: cut before the regexes walk all of it
        text = text[:2 * MAX_MESSAGE] + " … " + text[-MAX_MESSAGE:]
    text = _CONTROL.sub(_escape, text)
    text = _LONG_VALUE.sub(lambda m: m.group()[:MAX_VALUE] + "…", text)
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    severity_rank: int = field(init=False, repr=False, compare=True)
    path: str
    line: int
    col: int
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"undocumented problem code {self.code}")
        object.__setattr__(self, "severity_rank", 0 if self.code.startswith("E") else 1)
        object.__setattr__(self, "path", one_line(self.path))
        object.__setattr__(self, "message", one_line(self.message))

    @property
    def severity(self) -> str:
        return "error" if self.code.startswith("E") else "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: [{self.code}] {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        data = asdict(self)
        data.pop("severity_rank")
        data["severity"] = self.severity
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Problem:
        """The problem `as_dict` (or a record with the same five fields) describes."""
        return cls(data["path"], data["line"], data["col"], data["code"], data["message"])


class EditionError(Exception):
    """Raised when input is unusable; carries the problems that explain why."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def problems_json(problems: list[Problem]) -> str:
    return json.dumps([p.as_dict() for p in sorted(problems)], ensure_ascii=False, indent=2)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def raised_at(exc: BaseException) -> str:
    """" at file.py:42", where `exc` was raised (its innermost frame), for a one-line report."""
    where = exc.__traceback__
    while where is not None and where.tb_next is not None:
        where = where.tb_next
    return f" at {where.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{where.tb_lineno}" if where else ""
