"""Problems found in the data, as data (code, position, bilingual message)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .problem_codes import CODES


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data.

    `row` is the row number a spreadsheet shows (the header is row 1).
    `severity` is "error" (fails the build) or "warning" (reported, never fails).
    `code` is one of cbod/problem_codes.py (its title and fix are listed in data/README.md).
    """

    file: str
    row: int | None
    column: str | None
    code: str
    value: str | None
    message: str
    message_vi: str = ""
    severity: str = "error"

    def __post_init__(self):
        if self.code not in CODES:
            raise ValueError(f"problem code {self.code!r} is not in cbod/problem_codes.py: add it there "
                             "(with its title and fix) and run `python -m cbod.problem_codes`")
        if self.severity != CODES[self.code].severity:
            raise ValueError(f"problem code {self.code!r} has severity {CODES[self.code].severity!r} "
                             f"in cbod/problem_codes.py, not {self.severity!r}")

    def as_dict(self) -> dict:
        """The problem as JSON-ready data (validation results are kept between builds)."""
        return dataclasses.asdict(self)

    @classmethod
    def restored(cls, data: dict) -> "Problem":
        """A problem kept with `as_dict`; its code is checked again."""
        return cls(**data)

    def line(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f" [{self.column}]"
        text = f"{where}: {self.severity} {self.code}: {self.message}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            text += f" (got {shown!r})"
        if self.message_vi:
            text += f" | {self.message_vi}"
        return text


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        def key(p: Problem):
            return (p.severity != "error", p.file, p.row or 0, p.column or "", p.code)
        return [p.line() for p in sorted(self.problems, key=key)]
