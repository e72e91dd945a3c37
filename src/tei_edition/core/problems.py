"""Problems reported to editors: one line each, `path:line:col: [CODE] message`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from tei_edition.core.codes import CODES


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

    @property
    def severity(self) -> str:
        return "error" if self.code.startswith("E") else "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: [{self.code}] {self.message}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("severity_rank")
        data["severity"] = self.severity
        return data


class EditionError(Exception):
    """Raised when input is unusable; carries the problems that explain why."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def problems_json(problems: list[Problem]) -> str:
    return json.dumps([p.as_dict() for p in sorted(problems)], ensure_ascii=False, indent=2)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
