"""Text a spreadsheet would run as a formula (CSV or formula injection): one rule for every
table qmsctl writes (CSV from `stats`, the XLSX forms)."""

from __future__ import annotations

# A spreadsheet runs a cell that begins with one of these as a formula (=HYPERLINK(...)).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value for a CSV a spreadsheet will open: text that would start a formula gets a
    leading apostrophe, which the spreadsheet shows as text (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
