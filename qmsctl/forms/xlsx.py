"""Writing printable workbooks with openpyxl: fonts, borders, and text that stays text."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from qmsctl.formulas import FORMULA_START

FONT_NAME = "Times New Roman"  # Nghị định 30/2020/NĐ-CP: a Unicode Times New Roman
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def font(size: float = 12, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def put(
    sheet: Worksheet,
    row: int,
    column: int,
    value: Any,
    *,
    size: float = 12,
    bold: bool = False,
    italic: bool = False,
    align: str = "left",
    wrap: bool = False,
    border: bool = False,
    number_format: str | None = None,
) -> Cell:
    """Write one styled cell. Text is always text: one beginning with =, +, - or @ never
    becomes a formula (LibreOffice runs formulas written that way)."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    cell.font = font(size, bold, italic)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
    if border:
        cell.border = BOX
    if number_format:
        cell.number_format = number_format
    return cell


def merge(sheet: Worksheet, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
    if (first_row, first_column) != (last_row, last_column):
        sheet.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)


def box(sheet: Worksheet, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
    """Borders on every cell of a block, merged cells included."""
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column):
        for cell in row:
            cell.border = BOX
