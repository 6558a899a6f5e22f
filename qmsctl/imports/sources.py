"""Rows of an export, XLSX (python-calamine, a Rust reader: 100,000 rows in well under a
second where openpyxl takes seconds) or CSV, each with its sheet and row number."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.imports.mapping import Mapping
from qmsctl.records.text import TextProblem, decode


@dataclass
class Row:
    sheet: str
    number: int  # the row number the spreadsheet shows (1-based)
    values: dict[str, Any]  # field -> cell value
    columns: dict[str, str]  # field -> column letter, for messages


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _is_letter(column: str) -> bool:
    return column.isascii() and column.isalpha() and column.isupper() and len(column) <= 3


def _by_header(column: str, headers: list[str]) -> int | None:
    wanted = " ".join(column.split()).casefold()
    return next((i for i, h in enumerate(headers) if " ".join(str(h).split()).casefold() == wanted), None)


def _column_index(column: str, headers: list[str]) -> int | None:
    """The column a mapping names: by its header (compared ignoring case and spacing), or by letter."""
    found = _by_header(column, headers)
    if found is not None or not _is_letter(column):
        return found
    index = 0
    for char in column:
        index = index * 26 + ord(char) - 64
    return index - 1


def _header_index(grid: list[list[Any]], mapping: Mapping) -> int:
    """The header row: the mapping's, else the first row holding every header it names."""
    if mapping.header_row:
        return mapping.header_row - 1
    names = [c for c in mapping.columns.values() if not _is_letter(c)]
    for index, row in enumerate(grid[:50]):
        headers = [str(v) for v in row]
        if names and all(_by_header(name, headers) is not None for name in names):
            return index
    return 0


MAX_CELLS = 20_000_000  # rows x columns a sheet's data may span (a sheet of 100,000 rows uses 2 million)


def _xlsx_span(path: Path, sheet: str | None) -> tuple[str, int, int] | None:
    """(cell, rows, columns) of the farthest cell holding a value in the sheet, read as a stream
    from its XML: calamine builds the whole rectangle up to that cell, and one stray value at
    XFD1048576 asks it for half a terabyte. None when the file is not a readable XLSX."""
    import re
    import zipfile
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    try:
        with zipfile.ZipFile(path) as package:
            book = package.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = package.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            sheets = re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"[^>]*\br:id="([^"]*)"', book)
            if not sheets:
                return None
            rel = next((rid for name, rid in sheets if name == sheet), sheets[0][1]) if sheet else sheets[0][1]
            target = re.search(
                rf'<Relationship\b[^>]*\bId="{re.escape(rel)}"[^>]*\bTarget="([^"]*)"', rels
            ) or re.search(rf'<Relationship\b[^>]*\bTarget="([^"]*)"[^>]*\bId="{re.escape(rel)}"', rels)
            if target is None:
                return None
            part = target.group(1).lstrip("/")
            part = part if part.startswith("xl/") else "xl/" + part
            farthest, rows, columns = "A1", 0, 0
            with package.open(part) as stream:
                for _event, element in iterparse(stream):
                    if element.tag.endswith("}c"):
                        reference = element.get("r")
                        if reference and any((child.text or "").strip() or len(child) for child in element):
                            letters, row = coordinate_from_string(reference)
                            column = column_index_from_string(letters)
                            if row * column > rows * columns:
                                farthest = reference
                            rows, columns = max(rows, row), max(columns, column)
                        element.clear()
                    elif element.tag.endswith("}row"):
                        element.clear()
            return farthest, rows, columns
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, SyntaxError):
        return None


def read_grid(path: Path, mapping: Mapping) -> tuple[str, list[list[Any]]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        from python_calamine import CalamineWorkbook

        span = _xlsx_span(path, mapping.sheet) if suffix in (".xlsx", ".xlsm") else None
        if span is not None and span[1] * span[2] > MAX_CELLS:
            raise UserError(
                "I905",
                _("The sheet's data reaches cell {cell}: {rows} rows by {columns} columns, too large to read").format(
                    cell=span[0], rows=span[1], columns=span[2]
                ),
                str(path),
                hint=_("Delete what lies beyond the table (Ctrl+End in Excel shows it) and export again."),
            )
        try:
            workbook = CalamineWorkbook.from_path(str(path))
            sheet = mapping.sheet or workbook.sheet_names[0]
            if sheet not in workbook.sheet_names:
                raise UserError(
                    "I904",
                    _("The workbook has no sheet '{sheet}'").format(sheet=sheet),
                    str(path),
                    hint=_("Sheets: {names}").format(names=", ".join(workbook.sheet_names)),
                )
            # Empty leading rows are kept, so a row's index is its number in the sheet.
            return sheet, workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except UserError:
            raise
        except Exception as error:  # noqa: BLE001 - calamine raises its own error types for broken files
            raise UserError("I905", _("The workbook cannot be read: {error}").format(error=error), str(path)) from None
    if suffix in (".csv", ".txt"):
        try:
            raw = path.read_bytes()
            # UTF-16 with its byte order mark: Excel's "Unicode Text", told apart without doubt.
            marked = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else None
            encoding = mapping.encoding or marked
            text = unicodedata.normalize("NFC", raw.decode(encoding)) if encoding else decode(raw)
        except TextProblem as problem:
            hint = problem.hint + " " + _("Or name its encoding in the mapping: encoding: cp1258.")
            raise UserError(problem.code, problem.message, str(path), problem.line, problem.column, hint) from None
        except (UnicodeDecodeError, LookupError) as error:
            raise UserError(
                "I909",
                _("The export cannot be read as {encoding}: {error}").format(encoding=encoding, error=error),
                str(path),
            ) from None
        delimiter = mapping.delimiter
        if delimiter is None:
            try:
                delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
            except csv.Error:
                delimiter = ","
        csv.field_size_limit(max(csv.field_size_limit(), len(text)))  # a field is never longer than the file
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            return path.name, list(reader)
        except csv.Error as error:
            raise UserError(
                "I909",
                _("The export cannot be read as CSV: {error}").format(error=error),
                str(path),
                reader.line_num or None,
            ) from None
    raise UserError("I906", _("{file} is neither an XLSX nor a CSV export").format(file=path.name), str(path))


def read_rows(path: Path, mapping: Mapping) -> tuple[int, Iterator[Row]]:
    """(the number of data rows, the rows): the header row is found, each field's column placed."""
    if not path.is_file():
        raise UserError("I907", _("There is no file {file}").format(file=path), str(path))
    sheet, grid = read_grid(path, mapping)
    header_index = _header_index(grid, mapping)
    headers = [str(v).strip() for v in grid[header_index]] if header_index < len(grid) else []
    placed: dict[str, int] = {}
    for field, column in mapping.columns.items():
        index = _column_index(column, headers)
        if index is None:
            raise UserError(
                "I908",
                _("The export has no column '{column}' (for {field})").format(column=column, field=field),
                f"{path.name}: {sheet}",
                header_index + 1,
                hint=_("Its columns: {headers}").format(headers=", ".join(h for h in headers if h)),
            )
        placed[field] = index
    letters = {field: column_letter(index) for field, index in placed.items()}
    data = grid[header_index + 1 :]

    def rows() -> Iterator[Row]:
        for offset, cells in enumerate(data):
            if not any(str(c).strip() for c in cells if c is not None):
                continue
            values = {field: cells[index] if index < len(cells) else None for field, index in placed.items()}
            yield Row(sheet, header_index + 2 + offset, values, letters)

    return len(data), rows()
