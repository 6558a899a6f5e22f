"""Findings: what `qmsctl check` reports, and the one exception for wrong user input."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

Loc = tuple[int | str, ...]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass
class Finding:
    """One problem in the records, at a file and (once resolved) a line and column.

    `loc` is the path of keys and indexes inside the file's YAML (for a document,
    inside its front matter); `line`/`column` are 1-based and filled from `loc`
    by the position resolver, only for the files that have findings.
    """

    code: str
    severity: Severity
    file: str
    message: str
    hint: str = ""
    loc: Loc = ()
    line: int | None = None
    column: int | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.code, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class UserError(Exception):
    """The user's input is wrong: carries what a finding carries."""

    code: str
    message: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    hint: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where + ': ' if where else ''}{self.message}"


class RefusedChange(UserError):
    """A change that would break the records, or a step not allowed from the record's state:
    nothing is written."""
