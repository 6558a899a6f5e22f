"""BM.ST.VP.04 — Thống kê các quy trình ISO có sản phẩm (tháng/quý/năm), as an XLSX workbook.

Sheet 1 is the seed's table: two-row merged header, group I (liên thông) and
group II (nội bộ) with their subtotals, I + II, the "Đánh giá" rates and the
signatures. Sheet 2 lists the dossiers the secretary must explain: processed
late, or still open past their due. Sheet 3 charts the on-time rate by
procedure. The figures are those of `qmsctl stats` for the same period.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from qmsctl.agency import Agency
from qmsctl.deadlines import Due, working_days_late
from qmsctl.figures import Counts, Figures, Period, Status, note_inside
from qmsctl.forms import layout as L
from qmsctl.forms.ooxml import conform_xlsx
from qmsctl.forms.vietnamese import percent, period_phrase
from qmsctl.forms.xlsx import FONT_NAME, box, letterhead_rules, merge, put

CODE = "BM.ST.VP.04"
GROUP_TITLES = {"lien-thong": ("I", "Quy trình xử lý liên thông"), "noi-bo": ("II", "Quy trình nội bộ")}
LAST_COLUMN = 11  # A..K
ROW_PT = 16  # a row of one line of 12 pt text
NAME_CHARS = 64  # the characters of a procedure's name on one line of column B, as printed
GAP_PT = 8  # an empty row that only separates
DATA_COLUMN = 18  # R: the chart's numbers, right of the printed A:P
AGENCY_CHARS = 44  # the characters of the agency's name (12 pt bold capitals) on one line of columns A-C


@dataclass
class LateDossier:
    ticket_id: str
    procedure_code: str
    procedure_name: str
    received: datetime
    due: Due | None
    completed: datetime | None
    working_days_late: int
    subject: str


@dataclass
class StatsForm:
    parent: str
    agency: str
    short: str
    secretary: str
    figures: Figures
    late: list[LateDossier]

    @property
    def period(self) -> Period:
        return self.figures.period


def build(agency: Agency, period: Period) -> StatsForm:
    figures = agency.figures(period)
    late = []
    for placed in figures.placed:
        if placed.status not in (Status.PROCESSED_LATE, Status.IN_PROGRESS_LATE) or placed.due is None:
            continue
        # An overdue dossier is late by the working days up to the cut, not the period's end.
        finished = (
            placed.ticket.completed
            if placed.status == Status.PROCESSED_LATE
            else (figures.moment - timedelta(minutes=1)).date()
        )
        assert finished is not None
        whole = agency.whole(placed.ticket)  # the subject is not among a ticket's facts
        late.append(
            LateDossier(
                placed.ticket.id,
                placed.procedure.code,
                placed.procedure.name,
                placed.ticket.received,
                placed.due,
                placed.ticket.completed if placed.status == Status.PROCESSED_LATE else None,
                working_days_late(placed.due, finished, agency.calendar),
                (whole.subject if whole else None) or "",
            )
        )
    late.sort(key=lambda d: (d.procedure_code, d.received))
    profile = agency.profile
    return StatsForm(
        parent=(profile.agency.parent or "") if profile else "",
        agency=profile.agency.name if profile else "",
        short=profile.agency.short if profile else "",
        secretary=profile.iso_secretary.name if profile and profile.iso_secretary else "",
        figures=figures,
        late=late,
    )


def _counts_cells(sheet: Worksheet, row: int, counts: Counts, bold: bool = False) -> None:
    values = [
        counts.received,
        counts.processed,
        counts.processed_on_time,
        counts.processed_late,
        counts.not_processed,
        counts.in_progress,
        counts.in_progress_on_time,
        counts.in_progress_late,
    ]
    for offset, value in enumerate(values):
        put(sheet, row, 4 + offset, value, bold=bold, align="center", border=True)


def _rate_cell(sheet: Worksheet, row: int, label: str, rate: float | None) -> None:
    """A rate as every output prints it (94,92%): text, not a number a spreadsheet would show
    with the decimal point of the reader's locale."""
    put(sheet, row, 2, label, wrap=True)
    merge(sheet, row, 2, row, 5)
    sheet.row_dimensions[row].height = 18
    put(sheet, row, 6, "—" if rate is None else f"{percent(rate)}%", bold=True, align="center")


def _header(sheet: Worksheet, form: StatsForm) -> int:
    put(sheet, 1, LAST_COLUMN, CODE, size=11, italic=True, align="right")
    put(sheet, 2, 1, form.parent.upper(), size=12, align="center")
    merge(sheet, 2, 1, 2, 3)
    put(sheet, 2, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center")
    merge(sheet, 2, 5, 2, LAST_COLUMN)
    put(sheet, 3, 1, form.agency.upper(), size=12, bold=True, align="center", wrap=True)
    merge(sheet, 3, 1, 3, 3)
    put(sheet, 3, 5, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center")
    merge(sheet, 3, 5, 3, LAST_COLUMN)
    sheet.row_dimensions[3].height = 17 * max(1, math.ceil(len(form.agency) / AGENCY_CHARS))  # a long name whole
    letterhead_rules(sheet, 4, agency=(1, 3), tieu_ngu=(5, LAST_COLUMN))
    put(sheet, 5, 1, "THỐNG KÊ", size=14, bold=True, align="center")
    merge(sheet, 5, 1, 5, LAST_COLUMN)
    title = f"CÁC QUY TRÌNH ISO CÓ SẢN PHẨM TRONG {period_phrase(form.period)}"
    if form.period.kind == "range":
        title = f"CÁC QUY TRÌNH ISO CÓ SẢN PHẨM {period_phrase(form.period)}"
    put(sheet, 6, 1, title, size=13, bold=True, align="center")
    merge(sheet, 6, 1, 6, LAST_COLUMN)
    put(
        sheet, 7, 1,
        f"(Kèm theo Báo cáo số …../BC-{form.short} ngày ….. tháng ….. năm ……..)",
        size=12, italic=True, align="center",
    )  # fmt: skip
    merge(sheet, 7, 1, 7, LAST_COLUMN)
    if form.figures.note:
        put(sheet, 8, 1, f"({form.figures.note})", size=12, italic=True, align="center")
        merge(sheet, 8, 1, 8, LAST_COLUMN)
    else:
        sheet.row_dimensions[8].height = GAP_PT
    # The two-row header of the seed's workbook.
    top, sub = 9, 10
    singles = {1: "Stt", 2: "Tên quy trình", 3: "Ký hiệu", 4: "Tổng số hồ sơ tiếp nhận", 8: "Số hồ sơ không xử lý"}
    for column, text in singles.items():
        put(sheet, top, column, text, bold=True, align="center", wrap=True, border=True)
        merge(sheet, top, column, sub, column)
    for first, text in ((5, "Tổng số hồ sơ đã xử lý"), (9, "Số hồ sơ xử lý dở dang")):
        put(sheet, top, first, text, bold=True, align="center", wrap=True, border=True)
        merge(sheet, top, first, top, first + 2)
        for offset, part in enumerate(("Tổng số", "Đúng hạn", "Trễ hạn")):
            put(sheet, sub, first + offset, part, bold=True, align="center", wrap=True, border=True)
    sheet.row_dimensions[top].height = 30
    sheet.row_dimensions[sub].height = 30
    return sub + 1


def _statistics_sheet(sheet: Worksheet, form: StatsForm) -> None:
    figures = form.figures
    row = _header(sheet, form)
    first_table_row = row - 2
    for group, (roman, title) in GROUP_TITLES.items():
        put(sheet, row, 1, roman, bold=True, align="center", border=True)
        put(sheet, row, 2, title, bold=True, border=True, wrap=True)
        put(sheet, row, 3, "", border=True)
        _counts_cells(sheet, row, figures.groups[group], bold=True)
        row += 1
        for number, item in enumerate((r for r in figures.rows if r.group == group), start=1):
            put(sheet, row, 1, number, align="center", border=True)
            put(sheet, row, 2, item.name, wrap=True, border=True)
            sheet.row_dimensions[row].height = ROW_PT * (1 + len(item.name) // NAME_CHARS)
            put(sheet, row, 3, item.key, align="center", border=True)
            _counts_cells(sheet, row, item.counts)
            row += 1
    put(sheet, row, 1, "I + II", bold=True, align="center", border=True)
    put(sheet, row, 2, "Tổng cộng", bold=True, border=True)
    put(sheet, row, 3, "", border=True)
    _counts_cells(sheet, row, figures.total, bold=True)
    total_row = row
    box(sheet, first_table_row, 1, row, LAST_COLUMN)
    sheet.row_dimensions[row + 1].height = GAP_PT
    row += 2
    put(sheet, row, 2, "Đánh giá:", bold=True, italic=True)
    row += 1
    total = figures.total
    rates = figures.rates
    signature_row = row
    _rate_cell(sheet, row, "Tỷ lệ hồ sơ quy trình liên thông được xử lý đúng hạn (%):", rates["lien-thong"])
    _rate_cell(sheet, row + 1, "Tỷ lệ hồ sơ quy trình nội bộ được xử lý đúng hạn (%):", rates["noi-bo"])
    _rate_cell(sheet, row + 2, "Tỷ lệ hồ sơ xử lý đúng hạn/tổng số hồ sơ đã xử lý (%):", rates["all"])
    late_rate = total.processed_late / total.processed if total.processed else None
    _rate_cell(sheet, row + 3, "Tỷ lệ hồ sơ xử lý quá hạn/tổng số hồ sơ đã xử lý (%):", late_rate)
    # The two signers side by side, right of the rates, their names under the room to sign.
    for first, last, title, name in ((7, 8, "NGƯỜI TỔNG HỢP", ""), (9, LAST_COLUMN, "THƯ KÝ ISO", form.secretary)):
        put(sheet, signature_row, first, title, bold=True, align="center")
        merge(sheet, signature_row, first, signature_row, last)
        put(sheet, signature_row + 1, first, "(Ký, ghi rõ họ tên)", italic=True, align="center")
        merge(sheet, signature_row + 1, first, signature_row + 1, last)
        put(sheet, signature_row + 5, first, name, bold=True, align="center")
        merge(sheet, signature_row + 5, first, signature_row + 5, last)
    widths = {"A": 6, "B": 44, "C": 13, "D": 11, "E": 9, "F": 9, "G": 9, "H": 11, "I": 9, "J": 9, "K": 9}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=first_table_row + 2, column=1)
    for each in range(1, signature_row + 6):  # every height given: the page estimate knows them all
        if sheet.row_dimensions[each].height is None:
            sheet.row_dimensions[each].height = ROW_PT
    print_setup(sheet, f"A1:K{signature_row + 5}", f"{first_table_row}:{first_table_row + 1}")
    if _crosses_a_page(sheet, signature_row - 1, signature_row + 5, (first_table_row, first_table_row + 1)):
        # "Đánh giá" and both signers on the next page, with the total they sign: never under a
        # repeated header alone.
        sheet.row_breaks.append(Break(id=total_row - 1))


def print_setup(sheet: Worksheet, area: str, title_rows: str | None = None) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_area = area
    if title_rows:
        sheet.print_title_rows = title_rows
    inch = 25.4  # NĐ30's margins, in the inches a workbook counts in
    sheet.page_margins = PageMargins(
        left=L.MARGIN_LEFT_MM / inch,
        right=L.MARGIN_RIGHT_MM / inch,
        top=L.MARGIN_TOP_MM / inch,
        bottom=L.MARGIN_BOTTOM_MM / inch,
        header=L.HEADER_DISTANCE_MM / inch,
        footer=L.HEADER_DISTANCE_MM / inch,
    )
    sheet.print_options.horizontalCentered = True


def _crosses_a_page(sheet: Worksheet, first: int, last: int, titles: tuple[int, int]) -> bool:
    """Whether rows first..last may print across two pages: the sheet fitted to the width of a
    landscape A4 page within NĐ30's margins (a whole percentage, as spreadsheets scale), the
    title rows repeated on every page, every row's height given. The column widths are in
    characters of the workbook's font (as LibreOffice prints them: 9.2 pixels a character and
    5 a column, measured on the demo's pages). An estimate that took the page a fifth shorter
    moved blocks that fitted, and left page 1 half empty; the tests print the demo's periods and
    a long sheet with LibreOffice to hold this one to the pages."""
    points_per_mm = 72 / 25.4
    width = (297 - L.MARGIN_LEFT_MM - L.MARGIN_RIGHT_MM) * points_per_mm
    full = (210 - L.MARGIN_TOP_MM - L.MARGIN_BOTTOM_MM) * points_per_mm
    columns = sum(((sheet.column_dimensions[get_column_letter(c)].width or 8.43) * 9.2 + 5) * 0.75
                  for c in range(1, LAST_COLUMN + 1))  # fmt: skip
    scale = min(100, math.ceil(100 * width / columns)) / 100  # the next whole percentage: rows a shade taller

    def row_height(row: int) -> float:
        return (sheet.row_dimensions[row].height or ROW_PT) * scale

    repeated = sum(row_height(r) for r in range(titles[0], titles[1] + 1))
    height = full - 2  # a line's breadth under the page
    used, page, pages = 0.0, 0, {}
    for row in range(1, last + 1):
        if used + row_height(row) > height:
            page, used = page + 1, repeated
        used += row_height(row)
        pages[row] = page
    return pages[first] != pages[last]


def _late_sheet(sheet: Worksheet, form: StatsForm) -> None:
    put(
        sheet,
        1,
        1,
        f"DANH SÁCH HỒ SƠ TRỄ HẠN, QUÁ HẠN {period_phrase(form.period)}",
        size=13,
        bold=True,
        align="center",
    )
    merge(sheet, 1, 1, 1, 9)
    note = f"; {note_inside(form.figures.note)}" if form.figures.note else ""
    put(sheet, 2, 1, f"(Kèm theo Thống kê {CODE}{note})", italic=True, align="center")
    merge(sheet, 2, 1, 2, 9)
    headers = (
        "Stt", "Mã hồ sơ", "Ký hiệu quy trình", "Trích yếu", "Ngày tiếp nhận",
        "Hạn xử lý", "Ngày hoàn thành", "Số ngày làm việc trễ", "Tình trạng",
    )  # fmt: skip
    for column, text in enumerate(headers, start=1):
        put(sheet, 4, column, text, bold=True, align="center", wrap=True, border=True)
    sheet.row_dimensions[4].height = 32
    row = 5
    for number, item in enumerate(form.late, start=1):
        due_format = "dd/mm/yyyy hh:mm" if item.due is not None and item.due.is_moment else "dd/mm/yyyy"
        put(sheet, row, 1, number, align="center", border=True)
        put(sheet, row, 2, item.ticket_id, border=True)
        put(sheet, row, 3, item.procedure_code, align="center", border=True)
        put(sheet, row, 4, item.subject, wrap=True, border=True)
        sheet.row_dimensions[row].height = 16 * (1 + len(item.subject) // 52)
        put(sheet, row, 5, item.received, align="center", border=True, number_format="dd/mm/yyyy hh:mm")
        put(sheet, row, 6, item.due.at if item.due else "", align="center", border=True, number_format=due_format)
        if item.completed is not None:
            put(sheet, row, 7, item.completed, align="center", border=True, number_format="dd/mm/yyyy hh:mm")
            status = "Đã xử lý, trễ hạn"
        else:
            put(sheet, row, 7, "", border=True)
            status = "Quá hạn, đang xử lý"
        if item.received < form.period.begins:  # docs/rules.md section 4: carried over from before the period
            status += "; kỳ trước chuyển sang"
        # Late within its due day, or finished on a day off after it: late by less than a working day.
        late_by = item.working_days_late or "Dưới 1 ngày"
        put(sheet, row, 8, late_by, align="center", border=True, wrap=True)
        put(sheet, row, 9, status, wrap=True, border=True)
        row += 1
    if not form.late:
        put(sheet, row, 1, "Không có hồ sơ trễ hạn, quá hạn trong kỳ.", italic=True)
        merge(sheet, row, 1, row, 9)
    widths = {"A": 6, "B": 28, "C": 13, "D": 50, "E": 17, "F": 17, "G": 17, "H": 11, "I": 18}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    print_setup(sheet, f"A1:I{max(row, 5)}", "4:4")


def _chart_sheet(sheet: Worksheet, form: StatsForm) -> None:
    put(sheet, 1, 1, "Ký hiệu", bold=True, border=True)
    put(sheet, 1, 2, "Tỷ lệ đúng hạn (%)", bold=True, border=True)
    row = 2
    for item in form.figures.rows:
        rate = item.counts.on_time_rate
        if rate is None:
            continue
        put(sheet, row, 1, item.key, border=True)
        put(sheet, row, 2, f"{percent(rate)}%", border=True, align="center")  # as printed everywhere
        put(sheet, row, DATA_COLUMN, round(rate * 100, 2))  # the chart's number, outside the print area
        row += 1
    put(sheet, 1, DATA_COLUMN, "Tỷ lệ đúng hạn (%)", italic=True)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 20
    chart = BarChart()
    chart.type = "bar"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.y_axis.number_format = "0"  # whole percents: no decimal point of the reader's locale
    chart.legend = None
    if row > 2:
        chart.add_data(Reference(sheet, min_col=DATA_COLUMN, min_row=1, max_row=row - 1), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=row - 1))
    # The forms' font everywhere in the chart, not the reader's default (DejaVu Sans).
    chart.txPr = chart.x_axis.txPr = chart.y_axis.txPr = _chart_text()
    chart.title = _chart_title(f"Tỷ lệ hồ sơ xử lý đúng hạn theo quy trình — {period_phrase(form.period).lower()}")
    chart.y_axis.title = _chart_title("%")
    chart.height = max(8.0, 0.6 * (row - 2) + 3)
    chart.width = 22
    sheet.add_chart(chart, "D2")
    print_setup(sheet, f"A1:P{max(row, 30)}")


def _chart_text() -> Any:
    """Text properties of a chart in the forms' font (Times New Roman, 11 pt)."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties

    properties = CharacterProperties(latin=Font(typeface=FONT_NAME), sz=1100)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=properties), endParaRPr=properties)])


def _chart_title(words: str) -> Any:
    """A chart title in the forms' font, bold (a title given as plain text takes the default's)."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties, RegularTextRun

    properties = CharacterProperties(latin=Font(typeface=FONT_NAME), sz=1200, b=True)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=properties), r=[RegularTextRun(rPr=properties, t=words)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def write_workbook(form: StatsForm, path: Path) -> None:
    workbook = Workbook()
    statistics = workbook.active
    assert statistics is not None
    statistics.title = "Thống kê"
    _statistics_sheet(statistics, form)
    _late_sheet(workbook.create_sheet("Hồ sơ trễ hạn"), form)
    _chart_sheet(workbook.create_sheet("Biểu đồ"), form)
    workbook.properties.title = f"{CODE} {period_phrase(form.period)}"
    workbook.properties.creator = form.agency or "qmsctl"
    workbook.save(path)
    conform_xlsx(path)  # fonts in schema order
