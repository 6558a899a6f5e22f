"""`qmsctl due`, `qmsctl stats` and `qmsctl objectives` on a small folder with known answers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from qmsctl.cli.main import app

runner = CliRunner()

# The base folder: QT.NC.01 (5 working days, extend) received Mon 03/03/2025 09:15, paused
# Tue 04/03 10:00 to Thu 06/03 08:00 (+2: Wed 05 and Thu 06), due Wed 12/03, completed Fri 07/03: on time.
# QT.HCTC.01 (4 working hours) received Wed 05/03 08:00: 3.5 h to 11:30 and 0.5 h from 13:30,
# due 05/03 14:00; completed 10:00: on time.


def invoke(records: Path, *args: str) -> str:
    result = runner.invoke(app, ["--records", str(records), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def late_letter(records: Path) -> None:
    path = records / "tickets/2025/2025-03.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "- id: VBD-2025-00002\n  procedure: QT.HCTC.01\n  received: 2025-03-31 15:00\n"
        + "- id: VBD-2025-00003\n  procedure: QT.HCTC.01\n  received: 2025-03-10 10:00\n"
        + "  completed: 2025-03-10 16:30\n  outcome: done\n",
        encoding="utf-8",
    )


def test_due_explains_the_pause_and_the_days(base_records: Path) -> None:
    out = invoke(base_records, "due", "000.00.19.H13-250303-0001", "--as-of", "2025-03-20 10:00")
    assert "12/03/2025" in out
    assert "2 working days added" in out
    assert "08/03/2025: Thứ Bảy" in out and "09/03/2025: Chủ nhật" in out
    assert "on time" in out


def test_due_names_holidays_and_the_worked_saturday(base_records: Path) -> None:
    path = base_records / "tickets/2025/2025-01.yaml"
    path.write_text(
        "- id: T1\n  procedure: QT.NC.01\n  received: 2025-01-24 10:00\n"
        "  completed: 2025-02-10 09:00\n  outcome: done\n"
        "- id: T2\n  procedure: QT.NC.01\n  received: 2025-04-24 10:00\n",
        encoding="utf-8",
    )
    out = invoke(base_records, "due", "T1")
    assert "29/01/2025: Tết Nguyên Đán" in out and "07/02/2025" in out
    assert "late by 1 working days" in out
    out = invoke(base_records, "--lang", "vi", "due", "T2", "--as-of", "2025-05-01 00:00")
    assert "26/04/2025: làm bù" in out and "02/05/2025" in out and "Ngày nghỉ" in out


def test_due_of_an_unknown_ticket_is_a_usage_error(base_records: Path) -> None:
    assert runner.invoke(app, ["--records", str(base_records), "due", "nope"]).exit_code == 2


def test_stats_json(base_records: Path) -> None:
    late_letter(base_records)
    data = json.loads(invoke(base_records, "stats", "--period", "2025-03", "--format", "json"))
    assert data["period"] == {"start": "2025-03-01", "end": "2025-03-31"}
    rows = {row["procedure"]: row for row in data["rows"]}
    assert list(rows) == ["QT.NC.01", "QT.HCTC.01"]
    # 10/03 10:00 + 4 h = 15:30; completed 16:30: late. 31/03 15:00 + 4 h = 01/04 09:00: open, on time.
    assert rows["QT.HCTC.01"]["processed"] == {"total": 2, "on_time": 1, "late": 1}
    assert rows["QT.HCTC.01"]["in_progress"] == {"total": 1, "on_time": 1, "late": 0}
    assert data["rates"] == {"lien-thong": 1.0, "noi-bo": 0.5, "all": 2 / 3}


def test_stats_csv_and_filters(base_records: Path) -> None:
    late_letter(base_records)
    rows = list(csv.DictReader(io.StringIO(invoke(base_records, "stats", "-p", "2025-Q1", "--format", "csv"))))
    assert [r["procedure"] for r in rows] == ["QT.NC.01", "QT.HCTC.01", "lien-thong", "noi-bo", "all"]
    assert rows[-1]["received"] == "4" and rows[-1]["processed_late"] == "1"
    data = json.loads(invoke(base_records, "stats", "-p", "2025-03", "--group", "noi-bo", "--format", "json"))
    assert data["total"]["received"] == 3
    data = json.loads(
        invoke(base_records, "stats", "-p", "2025-03", "--unit", "NC", "--by", "unit", "--format", "json")
    )
    assert [r["unit"] for r in data["rows"]] == ["NC"]


def test_stats_text_shows_a_dash_without_processed_dossiers(base_records: Path) -> None:
    out = invoke(base_records, "stats", "--period", "2024")
    assert "—" in out and "0.00%" not in out
    out = invoke(base_records, "stats", "--period", "2025-03")
    assert "100.00%" in out and "I + II" in out


def test_a_rate_in_vietnamese_has_a_decimal_comma(base_records: Path) -> None:
    """As the forms print it: 100,00% in Vietnamese, 100.00% in English."""
    vietnamese = invoke(base_records, "--lang", "vi", "stats", "--period", "2025-03")
    assert "100,00%" in vietnamese and "100.00%" not in vietnamese


def test_stats_with_a_bad_period(base_records: Path) -> None:
    result = runner.invoke(app, ["--records", str(base_records), "stats", "--period", "March"])
    assert result.exit_code == 2 and "not a period" in result.output


def test_a_period_or_cut_outside_the_years_records_name_is_refused(base_records: Path) -> None:
    """A period past 9999-12 once crashed working out its end; years records may not name are
    refused with the range, as a record's date is."""
    for period in ("9999-12", "1989", "2025-01-01..2200-01-01"):
        result = runner.invoke(app, ["--records", str(base_records), "stats", "--period", period])
        assert result.exit_code == 2 and "outside the years records may name (1990-2199)" in result.output
    result = runner.invoke(app, ["--records", str(base_records), "stats", "--period", "2025", "--as-of", "9999-12-31"])
    assert result.exit_code == 2 and "9999-12-31 is outside the years records may name" in result.output


def test_figures_at_a_cut_long_after_the_records(base_records: Path) -> None:
    """The calendar grows to a cut two centuries on (an open pause runs to it): the figures,
    not a crash."""
    for command in (["stats", "--period", "2199-12"], ["agenda"]):
        result = runner.invoke(app, ["--records", str(base_records), *command, "--as-of", "2199-12-31"])
        assert result.exit_code == 0, result.output


def test_objectives(base_records: Path) -> None:
    late_letter(base_records)
    data = json.loads(invoke(base_records, "objectives", "--period", "2025-03", "--format", "json"))
    (objective,) = data["objectives"]
    assert objective["actual"] == 2 / 3 and objective["status"] == "not-met"
    assert "not met" in invoke(base_records, "objectives", "--period", "2025-03")
    data = json.loads(invoke(base_records, "objectives", "--period", "2025-06", "--format", "json"))
    assert data["objectives"][0]["status"] == "no-data"


def test_objectives_warn_on_an_unreadable_target(base_records: Path) -> None:
    path = base_records / "objectives/2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('">= 97%"', "hầu hết"), encoding="utf-8")
    result = runner.invoke(app, ["--records", str(base_records), "objectives", "--period", "2025-03"])
    assert result.exit_code == 0
    assert "cannot be read" in result.output


def test_due_counts_the_weekends_of_a_long_calendar_day_procedure(tmp_path: Path) -> None:
    """`due` listed every weekend of a calendar-day procedure (about 90 lines)."""
    import shutil

    from tests.conftest import DEMO

    root = tmp_path / "records"
    shutil.copytree(DEMO, root)
    procedure = root / "procedures/QT.QTTV.04.yaml"
    procedure.write_text(
        procedure.read_text(encoding="utf-8").replace("calendar_days: 30", "calendar_days: 90"), "utf-8"
    )
    brief = CliRunner().invoke(app, ["--records", str(root), "--lang", "en", "due", "VBD-2026-00044"])
    full = CliRunner().invoke(app, ["--records", str(root), "--lang", "en", "due", "VBD-2026-00044", "--full"])
    assert brief.exit_code == 0 and full.exit_code == 0, brief.output + full.output
    assert "weekly days off (--full lists them)" in brief.output
    assert full.output.count("Saturday") + full.output.count("Thứ Bảy") >= 12
    assert len(brief.output.splitlines()) + 20 < len(full.output.splitlines())
    assert "30/04/2026" in brief.output  # a holiday is still listed by name
