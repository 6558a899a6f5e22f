"""The numbers every form prints, against values computed by hand from docs/rules.md on a small
folder that holds every kind of dossier: on time, late, overdue and still open, open on time,
returned, withdrawn, carried over from February, and paused at the cut.

March 2025, judged at its end (24:00 of 31/03/2025); QT.NC.01 is 5 working days, liên thông;
QT.HCTC.01 is 4 working hours, nội bộ (rules 1-4 and section 4 of docs/rules.md):
- 000.00.19.H13-250303-0001 (base folder): due 12/03 with its pause, done 07/03: on time.
- L-LATE: received Mon 10/03 09:00, due Mon 17/03 (11, 12, 13, 14, 17), done 18/03: late.
- T-ONTIME-1, T-ONTIME-2: received 17/03 and 18/03, done two days later: on time.
- O-OVERDUE: received Fri 14/03 09:00, due Fri 21/03, open at 31/03: overdue (quá hạn).
- N-OPEN: received Mon 24/03 09:00, due Mon 31/03, open: on time (its due is not past at E).
- R-RETURNED, W-WITHDRAWN: finished in March without a result: not processed.
- C-CARRIED: received Tue 25/02 09:00, due Tue 04/03 (26, 27, 28/02, 03, 04/03), done 05/03:
  late, carried over from February.
- P-PAUSED: received Thu 20/03 09:00, paused from Fri 21/03 10:00 and still at E: the six
  working days 24-28 and 31/03 are added: due 04/04: in progress, on time.
- VBD-2025-00001 (base folder): QT.HCTC.01, on time.
Liên thông: 10 received (1 carried over, 9 new), 5 processed (3 on time, 2 late), 2 not
processed, 3 in progress (2 on time, 1 overdue): 3/5 = 60 %. Nội bộ: 1 received, processed on
time: 100 %. All: 11 received, 6 processed, 4 on time: 4/6 = 66.67 % (late 2/6 = 33.33 %),
never 4/7 (the overdue dossier is not processed: it is not in the rate's denominator). No rate
is its own complement (1 − 66.67 % is 33.33 %), so a form printing the wrong one fails.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from qmsctl.cli.main import app
from tests.conftest import DATA, DEMO

runner = CliRunner()
MARCH = """\
- id: L-LATE
  procedure: QT.NC.01
  received: 2025-03-10 09:00
  completed: 2025-03-18 10:00
  outcome: done
- id: T-ONTIME-1
  procedure: QT.NC.01
  received: 2025-03-17 09:00
  completed: 2025-03-19 10:00
  outcome: done
- id: T-ONTIME-2
  procedure: QT.NC.01
  received: 2025-03-18 09:00
  completed: 2025-03-20 10:00
  outcome: done
- id: O-OVERDUE
  procedure: QT.NC.01
  received: 2025-03-14 09:00
- id: N-OPEN
  procedure: QT.NC.01
  received: 2025-03-24 09:00
- id: R-RETURNED
  procedure: QT.NC.01
  received: 2025-03-05 09:00
  completed: 2025-03-06 10:00
  outcome: returned
- id: W-WITHDRAWN
  procedure: QT.NC.01
  received: 2025-03-12 09:00
  completed: 2025-03-13 09:00
  outcome: withdrawn
- id: P-PAUSED
  procedure: QT.NC.01
  received: 2025-03-20 09:00
  pauses:
    - {from: 2025-03-21 10:00, reason: Bổ sung giấy tờ}
"""
FEBRUARY = """\
- id: C-CARRIED
  procedure: QT.NC.01
  received: 2025-02-25 09:00
  completed: 2025-03-05 10:00
  outcome: done
"""
LATE_OR_OVERDUE = ["C-CARRIED", "L-LATE", "O-OVERDUE"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("numbers") / "records"
    shutil.copytree(DATA / "base", root)
    month = root / "tickets/2025/2025-03.yaml"
    month.write_text(month.read_text(encoding="utf-8") + MARCH, encoding="utf-8")
    (root / "tickets/2025/2025-02.yaml").write_text(FEBRUARY, encoding="utf-8")
    (root / "reviews").mkdir()
    review = (DEMO / "reviews/2025-12-18.yaml").read_text(encoding="utf-8").replace("who: TTTT", "who: NC")
    (root / "reviews/2025-12-18.yaml").write_text(review, encoding="utf-8")
    return root


def render(folder: Path, out: Path, *args: str) -> Path:
    result = runner.invoke(app, ["--records", str(folder), "render", *args, "-o", str(out), "--date", "2026-01-05"])
    assert result.exit_code == 0, result.output
    return out


def test_the_folder_is_clean(folder: Path) -> None:
    result = runner.invoke(app, ["--records", str(folder), "check"])
    assert result.exit_code == 0, result.output


def test_bm_st_vp_04_prints_the_hand_computed_counts_and_rates(folder: Path, tmp_path: Path) -> None:
    sheet = load_workbook(render(folder, tmp_path / "b4.xlsx", "BM.ST.VP.04", "-p", "2025-03")).worksheets[0]
    rows = {str(r[2].value or r[1].value): [c.value for c in r[3:11]] for r in sheet.iter_rows() if r[1].value}
    # received, processed, on time, late, not processed, in progress, on time, overdue
    assert rows["QT.NC.01"] == [10, 5, 3, 2, 2, 3, 2, 1]
    assert rows["QT.HCTC.01"] == [1, 1, 1, 0, 0, 0, 0, 0]
    assert rows["Tổng cộng"] == [11, 6, 4, 2, 2, 3, 2, 1]
    rates = {str(r[1].value): r[5].value for r in sheet.iter_rows() if str(r[1].value).startswith("Tỷ lệ")}
    assert list(rates.values()) == ["60,00%", "100,00%", "66,67%", "33,33%"]  # as every output prints them
    late = load_workbook(tmp_path / "b4.xlsx").worksheets[1]
    listed = [r[1] for r in late.iter_rows(min_row=5, values_only=True) if r[1]]
    assert sorted(listed) == LATE_OR_OVERDUE
    days_late = {r[1]: r[7] for r in late.iter_rows(min_row=5, values_only=True) if r[1]}
    # Late by working days: 18/03 after 17/03 is 1; 05/03 after 04/03 is 1; overdue since 21/03
    # and judged at 24:00 of 31/03: 24, 25, 26, 27, 28, 31/03 is 6.
    assert days_late == {"L-LATE": 1, "C-CARRIED": 1, "O-OVERDUE": 6}


def _table_rows(path: Path) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in Document(str(path)).tables for row in table.rows]


def test_bm_st_vp_03_and_phu_luc_3_print_the_rate_actually_achieved(folder: Path, tmp_path: Path) -> None:
    report = _table_rows(render(folder, tmp_path / "b3.docx", "BM.ST.VP.03", "-p", "2025-03"))
    header = next(row for row in report if "Thực tế đạt được" in row)
    objective = next(row for row in report if row[0] == "01")
    assert objective[header.index("Thực tế đạt được")] == "66,67%"
    plan = _table_rows(render(folder, tmp_path / "pl3.docx", "PL3", "-p", "2025"))
    header = next(row for row in plan if "Kết quả thực hiện" in row)
    objective = next(row for row in plan if row[0] == "01")
    assert objective[header.index("Kết quả thực hiện")] == "66,67%"
    assert objective[header.index("Đánh giá")] == "Không đạt"  # 66.67 % is below ≥ 97 %


def test_bm_ctcl_02_prints_the_figures_of_its_period(folder: Path, tmp_path: Path) -> None:
    minutes = render(folder, tmp_path / "r.docx", "BM.CTCL.02", "XXLD-2025")
    text = "\n".join(p.text for p in Document(str(minutes)).paragraphs)
    assert "6 hồ sơ đã xử lý, 4 đúng hạn, 2 trễ hạn; tỷ lệ đúng hạn 66,67%" in text
    # Held on 18/12/2025: the year was not over, so the objective was not yet missed.
    assert "thực tế 66,67% — chưa đạt" in text and "(số liệu tính đến 08:00 ngày 18/12/2025)" in text
    march = next(row for row in _table_rows(minutes) if row[0] == "03/2025")
    assert march == ["03/2025", "6", "4", "2", "66,67"]


def test_the_reports_headline_rates(folder: Path, tmp_path: Path) -> None:
    import re

    page = tmp_path / "r.html"
    result = runner.invoke(app, ["--records", str(folder), "report", "-p", "2025-03", "-o", str(page)])
    assert result.exit_code == 0, result.output
    rates = re.findall(r'class="rate" data-rate="([0-9.]+)">([^<]+)<', page.read_text(encoding="utf-8"))
    assert rates == [("0.600000", "60,00\xa0%"), ("1.000000", "100,00\xa0%"), ("0.666667", "66,67\xa0%")]


def test_a_pack_holds_one_slip_for_each_late_or_overdue_dossier(folder: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--records", str(folder), "render", "pack", "-p", "2025-03", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    slips = sorted(p.stem.split("_", 1)[1] for p in (tmp_path / "phieu-tre-han").glob("BM.ST.VP.05_*.docx"))
    assert slips == LATE_OR_OVERDUE
    for ident in slips:  # each slip is its own dossier's
        slip = tmp_path / "phieu-tre-han" / f"BM.ST.VP.05_{ident}.docx"
        cells = "\n".join(cell for row in _table_rows(slip) for cell in row)
        paragraphs = "\n".join(p.text for p in Document(str(slip)).paragraphs)
        assert ident in cells + paragraphs
        assert not any(other in cells + paragraphs for other in LATE_OR_OVERDUE if other != ident)


def test_the_review_minutes_state_what_was_known_at_the_meeting(tmp_path: Path) -> None:
    """The demo's review of 18/12/2025 printed the full year's figures and "Đã đóng phiếu 3"
    for an action closed on 04/03/2026: the minutes are judged as of the meeting."""
    from tests.conftest import DEMO

    minutes = render(DEMO, tmp_path / "r.docx", "BM.CTCL.02", "2025-12-18")
    text = "\n".join(p.text for p in Document(str(minutes)).paragraphs)
    assert "số liệu tính đến 08:00 ngày 18/12/2025" in text
    actions = next(line for line in text.splitlines() if "hành động khắc phục" in line)
    assert "Đã đóng phiếu 2" in actions and "Đã phê duyệt giải pháp, đang thực hiện 1" in actions  # CAR-2025-003
    assert "không đạt" not in text and "chưa đạt" in text
    december = next(row for row in _table_rows(minutes) if row[0] == "12/2025")
    processed = int(december[1])
    assert 0 < processed < 60  # the first 17 days of December only (the whole month: more)
