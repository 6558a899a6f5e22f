"""The province's summary workbook (`qmsctl rollup --format xlsx`): one row per agency, ranked by
its on-time rate, groups I and II and the total, then the province, in BM.ST.VP.04's style
(Times New Roman, boxed cells, A4 landscape fitted to the width, NĐ30's margins)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from qmsctl.forms.bm_st_vp_04 import print_setup
from qmsctl.forms.ooxml import conform_xlsx
from qmsctl.forms.xlsx import box, merge, put

HEADERS = ["Tiếp nhận", "Đúng hạn", "Trễ hạn", "Tỷ lệ (%)"]
LAST_COLUMN = 2 + 3 * len(HEADERS) + 1  # rank, agency, I, II, total, overdue


def _group_cells(sheet: Any, row: int, column: int, counts: dict[str, Any], rate: float | None, bold: bool) -> None:
    processed = counts["processed"]
    values: list[Any] = [counts["received"], processed["on_time"], processed["late"]]
    values.append("—" if rate is None else round(rate * 100, 2))
    for offset, value in enumerate(values):
        put(sheet, row, column + offset, value, bold=bold, align="center", border=True,
            number_format="0.00" if offset == 3 and rate is not None else None)  # fmt: skip


def write_province_workbook(data: dict[str, Any], period_label: str, path: Path) -> None:
    """`data` is `Rollup.as_json()`."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Tổng hợp"
    put(sheet, 1, 1, "TỔNG HỢP KẾT QUẢ GIẢI QUYẾT HỒ SƠ CỦA CÁC CƠ QUAN", size=14, bold=True, align="center")
    merge(sheet, 1, 1, 1, LAST_COLUMN)
    put(sheet, 2, 1, f"Kỳ {period_label}; số liệu tính đến {data['as_of'].replace('T', ' ')}", italic=True,
        align="center")  # fmt: skip
    merge(sheet, 2, 1, 2, LAST_COLUMN)
    put(sheet, 4, 1, "Hạng", bold=True, align="center", wrap=True)
    merge(sheet, 4, 1, 5, 1)
    put(sheet, 4, 2, "Cơ quan", bold=True, align="center")
    merge(sheet, 4, 2, 5, 2)
    for index, title in enumerate(("Nhóm I — Liên thông", "Nhóm II — Nội bộ", "Tổng (I + II)")):
        first = 3 + index * len(HEADERS)
        put(sheet, 4, first, title, bold=True, align="center")
        merge(sheet, 4, first, 4, first + len(HEADERS) - 1)
        for offset, header in enumerate(HEADERS):
            put(sheet, 5, first + offset, header, bold=True, align="center", wrap=True)
    put(sheet, 4, LAST_COLUMN, "Quá hạn", bold=True, align="center", wrap=True)
    merge(sheet, 4, LAST_COLUMN, 5, LAST_COLUMN)
    box(sheet, 4, 1, 5, LAST_COLUMN)
    agencies = sorted(
        data["agencies"], key=lambda a: (-(a["rates"]["all"] if a["rates"]["all"] is not None else -1), a["agency"])
    )
    row = 6
    for rank, agency in enumerate(agencies, start=1):
        put(sheet, row, 1, rank, align="center", border=True)
        put(sheet, row, 2, f"{agency['name']} ({agency['agency']})", wrap=True, border=True)
        _write_row(sheet, row, agency, bold=False)
        row += 1
    put(sheet, row, 1, "", border=True)
    put(sheet, row, 2, "Toàn tỉnh", bold=True, border=True)
    _write_row(sheet, row, data, bold=True)
    sheet.column_dimensions["A"].width = 7
    sheet.column_dimensions["B"].width = 42
    for column in range(3, LAST_COLUMN + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 10
    sheet.freeze_panes = "C6"
    print_setup(sheet, f"A1:{get_column_letter(LAST_COLUMN)}{row}", "4:5")
    workbook.properties.title = f"Tổng hợp kết quả giải quyết hồ sơ {period_label}"
    workbook.save(path)
    conform_xlsx(path)


def _write_row(sheet: Any, row: int, figures: dict[str, Any], bold: bool) -> None:
    parts = [figures["groups"]["lien-thong"], figures["groups"]["noi-bo"], figures["total"]]
    rates = [figures["rates"]["lien-thong"], figures["rates"]["noi-bo"], figures["rates"]["all"]]
    for index, (counts, rate) in enumerate(zip(parts, rates, strict=True)):
        _group_cells(sheet, row, 3 + index * len(HEADERS), counts, rate, bold)
    put(sheet, row, LAST_COLUMN, figures["total"]["in_progress"]["late"], bold=bold, align="center", border=True)
