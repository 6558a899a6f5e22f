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
    # Text in a bordered cell stands off its left border (it touched it).
    indent = 1 if border and align == "left" else 0
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap, indent=indent)
    if border:
        cell.border = BOX
    if number_format:
        cell.number_format = number_format
    return cell


def merge(sheet: Worksheet, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
    if (first_row, first_column) != (last_row, last_column):
        sheet.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row, end_column=last_column)


def letterhead_rules(sheet: Worksheet, row: int, agency: tuple[int, int], tieu_ngu: tuple[int, int]) -> None:
    """The short rules of NĐ30's letterhead, on the row under it, centred under the agency's
    name (the columns `agency`) and under the Tiêu ngữ (`tieu_ngu`): an underline of
    non-breaking spaces of the rule's length, since a workbook cell holds no drawn line and
    borders would run the width of whole columns."""
    for (first, last), spaces in ((agency, AGENCY_RULE_SPACES), (tieu_ngu, TIEU_NGU_RULE_SPACES)):
        cell = sheet.cell(row=row, column=first, value="\u00a0" * spaces)
        cell.font = Font(name=FONT_NAME, size=RULE_PT, underline="single")
        cell.alignment = Alignment(horizontal="center", vertical="top")
        merge(sheet, row, first, row, last)


# At 8 pt a non-breaking space is 2 pt wide (Times New Roman's 0.25 em).
RULE_PT = 8
AGENCY_RULE_SPACES = 64  # about 4.5 cm: a third to a half of the agency's name in its 12 pt capitals
TIEU_NGU_RULE_SPACES = 80  # "Độc lập - Tự do - Hạnh phúc" in 13 pt bold: about 5.1 cm


def box(sheet: Worksheet, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
    """Borders on every cell of a block, merged cells included."""
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, min_col=first_column, max_col=last_column):
        for cell in row:
            cell.border = BOX
