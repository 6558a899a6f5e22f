"""Findings: what `qmsctl check` reports, and the one exception for wrong user input."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

Loc = tuple[int | str, ...]

# The marks that reorder how text is shown (bidirectional embeddings, overrides and isolates,
# Unicode UAX #9): invisible, they make a line read other than it is ("Trojan source").
BIDI = "\u202a-\u202e\u2066-\u2069"
# Characters a terminal or a log acts on instead of showing (C0 but tab and line feed, DEL,
# C1), and the bidirectional marks: in a value or a file name, each could clear the screen,
# retitle the terminal or make a line read other than it is.
CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI}]")
# The characters a record's text may not hold (Y115): C0 but tab, line feed and carriage
# return, DEL, C1 but next line (text imported as the export had it keeps its line ends), and
# the bidirectional marks (no record of an agency writing Vietnamese needs them).
UNPRINTABLE = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f{BIDI}]")
BIDI_MARK = re.compile(f"[{BIDI}]")


def visible(text: str) -> str:
    """`text` with each control character written as its escape (`\\x1b`, `\\u202e`)."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(lambda m: _escape(ord(m.group())), text)


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


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
    exit_code = 2  # wrong usage; 1 for what the records refuse (a change, incomplete figures)

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

    exit_code = 1


class IncompleteRecords(UserError):
    """Figures or a form asked of a folder with records of the period left unread (docs/rules.md
    section 4): refused unless `--allow-incomplete`."""

    exit_code = 1
