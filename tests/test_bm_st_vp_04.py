"""The statistics workbook BM.ST.VP.04, read back with openpyxl and opened by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from qmsctl.agency import open_agency
from qmsctl.cli.main import app
from qmsctl.figures import parse_period
from qmsctl.forms import bm_st_vp_04
from qmsctl.forms.output import to_pdf

runner = CliRunner()


@pytest.fixture(scope="module")
def march_2026(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import DEMO

    out = tmp_path_factory.mktemp("bm04") / "bm04.xlsx"
    result = runner.invoke(
        app, ["--records", str(DEMO), "render", "BM.ST.VP.04", "--period", "2026-03", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def test_layout_of_the_seed(march_2026: Path) -> None:
    sheet = load_workbook(march_2026)["Thống kê"]
    assert sheet["K1"].value == "BM.ST.VP.04"
    assert sheet["E2"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert sheet["E3"].value == "Độc lập - Tự do - Hạnh phúc"
    assert sheet["A3"].value == "VĂN PHÒNG ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"
    assert sheet["A5"].value == "THỐNG KÊ"
    assert sheet["A6"].value == "CÁC QUY TRÌNH ISO CÓ SẢN PHẨM TRONG THÁNG 03 NĂM 2026"
    assert sheet["A7"].value.startswith("(Kèm theo Báo cáo số") and "/BC-VPUB" in sheet["A7"].value
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A9:A10", "B9:B10", "C9:C10", "D9:D10", "E9:G9", "H9:H10", "I9:K9"} <= merged
    assert [sheet.cell(10, c).value for c in range(5, 12)] == [
        "Tổng số", "Đúng hạn", "Trễ hạn", None, "Tổng số", "Đúng hạn", "Trễ hạn",
    ]  # fmt: skip
    assert sheet["E9"].value == "Tổng số hồ sơ đã xử lý" and sheet["I9"].value == "Số hồ sơ xử lý dở dang"
    assert sheet["A11"].value == "I" and sheet["B11"].value == "Quy trình xử lý liên thông"
    labels = [sheet.cell(r, 1).value for r in range(11, sheet.max_row + 1)]
    assert "II" in labels and "I + II" in labels
    texts = [sheet.cell(r, c).value for r in range(1, sheet.max_row + 1) for c in (2, 7, 9)]  # the signers side by side
    assert "NGƯỜI TỔNG HỢP" in texts and "THƯ KÝ ISO" in texts and "Đánh giá:" in texts
    assert sheet["B11"].font.name == "Times New Roman" and sheet["B11"].font.b
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.freeze_panes == "A11"
    assert sheet["D12"].border.left.style == "thin"
    # NĐ30's short rules under the agency's name and the Tiêu ngữ, centred in their blocks.
    assert {"A4:C4", "E4:K4"} <= merged
    for rule in (sheet["A4"], sheet["E4"]):
        assert set(rule.value) == {"\u00a0"} and rule.font.u == "single"
        assert rule.alignment.horizontal == "center"
        width_cm = len(rule.value) * rule.font.sz * 0.25 / 72 * 2.54  # Times New Roman's space: 0.25 em
        assert 2.5 <= width_cm <= 6


def test_the_workbook_agrees_with_stats(march_2026: Path) -> None:
    from tests.conftest import DEMO

    agency = open_agency(DEMO)
    figures = agency.figures(parse_period("2026-03"))
    sheet = load_workbook(march_2026)["Thống kê"]
    by_code = {sheet.cell(r, 3).value: r for r in range(11, sheet.max_row + 1) if sheet.cell(r, 3).value}
    for row in figures.rows:
        r = by_code[row.key]
        assert [sheet.cell(r, c).value for c in range(4, 12)] == [
            row.counts.received, row.counts.processed, row.counts.processed_on_time, row.counts.processed_late,
            row.counts.not_processed, row.counts.in_progress, row.counts.in_progress_on_time,
            row.counts.in_progress_late,
        ]  # fmt: skip
    total_row = next(r for r in range(11, sheet.max_row + 1) if sheet.cell(r, 1).value == "I + II")
    assert sheet.cell(total_row, 4).value == figures.total.received
    rate_row = total_row + 5  # the all-dossiers rate is the third line of "Đánh giá"
    # As every output prints a rate: "93,33%" (text: a number would show the reader's decimal point).
    assert sheet.cell(rate_row, 6).value == f"{figures.rates['all'] * 100:.2f}%".replace(".", ",")  # type: ignore[operator]
    late = load_workbook(march_2026)["Hồ sơ trễ hạn"]
    listed = [late.cell(r, 2).value for r in range(5, late.max_row + 1) if late.cell(r, 2).value]
    assert len(listed) == figures.total.processed_late + figures.total.in_progress_late


def test_a_period_without_processed_dossiers_prints_a_dash(base_records: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    result = runner.invoke(
        app, ["--records", str(base_records), "render", "BM.ST.VP.04", "-p", "2024-07", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["Thống kê"]
    rates = [
        sheet.cell(r, 6).value for r in range(1, sheet.max_row + 1) if str(sheet.cell(r, 2).value).startswith("Tỷ lệ")
    ]
    assert rates == ["—", "—", "—", "—"]


def test_formula_looking_text_stays_text(base_records: Path, tmp_path: Path) -> None:
    tickets = base_records / "tickets/2025/2025-03.yaml"
    tickets.write_text(
        tickets.read_text(encoding="utf-8")
        + '- id: "=1+1"\n  procedure: QT.NC.01\n  received: 2025-03-03 09:00\n'
        + '  subject: "=HYPERLINK(\\"http://example.invalid\\",\\"x\\")"\n'
        + '- id: "@SUM(A1)"\n  procedure: QT.NC.01\n  received: 2025-03-03 09:00\n  subject: "-2+3"\n',
        encoding="utf-8",
    )
    out = tmp_path / "bm04.xlsx"
    result = runner.invoke(
        app, ["--records", str(base_records), "render", "BM.ST.VP.04", "-p", "2025-03", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["Hồ sơ trễ hạn"]
    cells = {sheet.cell(r, c).value: sheet.cell(r, c) for r in range(5, sheet.max_row + 1) for c in (2, 4)}
    for text in ("=1+1", '=HYPERLINK("http://example.invalid","x")', "@SUM(A1)", "-2+3"):
        assert text in cells, cells.keys()
        assert cells[text].data_type == "s"
        assert cells[text].quotePrefix


def test_two_hundred_procedures(tmp_path: Path) -> None:
    from tests.conftest import DEMO

    agency = open_agency(DEMO)
    content = bm_st_vp_04.build(agency, parse_period("2026"))
    extra = content.figures.rows[0]
    content.figures.rows.extend(
        type(extra)(f"QT.X.{n:03d}", extra.group, extra.unit, extra.name, extra.counts) for n in range(200)
    )
    bm_st_vp_04.write_workbook(content, tmp_path / "big.xlsx")
    assert load_workbook(tmp_path / "big.xlsx")["Thống kê"].max_row > 200


def test_libreoffice_converts_it_to_pdf(march_2026: Path, tmp_path: Path) -> None:
    assert shutil.which("soffice"), "the test command installs LibreOffice (make system-deps)"
    pdf = to_pdf(march_2026, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "CÁC QUY TRÌNH ISO CÓ SẢN PHẨM TRONG THÁNG 03 NĂM 2026" in text
    assert "Quy trình xử lý liên thông" in text and "Tổng cộng" in text


def test_unknown_form_and_missing_period(base_records: Path) -> None:
    result = runner.invoke(app, ["--records", str(base_records), "render", "BM.XX"])
    assert result.exit_code != 0


def test_the_late_sheet_says_which_dossiers_were_carried_over(march_2026: Path) -> None:
    """docs/rules.md section 4: the late sheet shows carried over and new; a dossier received before the
    period says "kỳ trước chuyển sang", one received in it does not."""
    sheet = load_workbook(march_2026).worksheets[1]
    rows = [r for r in sheet.iter_rows(min_row=5, values_only=True) if r[1]]
    carried = [r for r in rows if r[4].month < 3]
    new = [r for r in rows if r[4].month == 3]
    assert carried and new
    assert all(r[8].endswith("; kỳ trước chuyển sang") for r in carried)
    assert not any("chuyển sang" in r[8] for r in new)
