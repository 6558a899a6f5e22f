"""Figures are what the files say, or refused (docs/rules.md section 4): a command that prints figures or a
form refuses a folder with a record file of the tickets, procedures, calendars or profile that
did not read, unless --allow-incomplete, and then every output says SỐ LIỆU CHƯA ĐẦY ĐỦ."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from typer.testing import CliRunner

from qmsctl.cli.main import app
from tests.conftest import snapshot

runner = CliRunner()
MARK = "SỐ LIỆU CHƯA ĐẦY ĐỦ"
MONTH = "tickets/2025/2025-03.yaml"


def run(records: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--records", str(records), *args])
    return result.exit_code, result.stdout, result.stderr


def tab_in_month_file(records: Path) -> None:
    """One tab at the end of the month's list file: YAML refuses the whole file."""
    path = records / MONTH
    path.write_text(path.read_text(encoding="utf-8") + "\t\n", encoding="utf-8")


def stats_json(records: Path, *extra: str) -> dict:
    code, out, err = run(records, "stats", "-p", "2025-03", "--format", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_complete_figures_say_so(base_records: Path) -> None:
    data = stats_json(base_records)
    assert data["complete"] is True
    assert data["total"]["received"] == 2


@pytest.mark.parametrize(
    "args",
    [
        ("stats", "-p", "2025-03"),
        ("stats", "-p", "2025-03", "--format", "json"),
        ("objectives", "-p", "2025-03"),
        ("agenda", "--as-of", "2025-03-20"),
        ("render", "BM.ST.VP.04", "-p", "2025-03", "-o", "{tmp}/t.xlsx"),
        ("render", "BM.ST.VP.03", "-p", "2025-03", "-o", "{tmp}/t.docx"),
        ("render", "PL3", "-p", "2025", "-o", "{tmp}/t.docx"),
        ("render", "pack", "-p", "2025-03", "-o", "{tmp}/pack"),
        ("report", "-p", "2025-03", "-o", "{tmp}/r.html"),
        ("export", "-p", "2025", "-o", "{tmp}/export"),
    ],
)
def test_a_month_file_that_fails_to_read_refuses_every_figure(base_records: Path, tmp_path: Path, args: tuple) -> None:
    tab_in_month_file(base_records)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = snapshot(out_dir)
    code, out, err = run(base_records, *(a.replace("{tmp}", str(out_dir)) for a in args))
    assert code == 1, out + err
    assert MONTH in err and "qmsctl check" in err
    assert "Traceback" not in err
    assert snapshot(out_dir) == before  # nothing written
    assert out == ""  # no figures printed, not even zeros


def test_a_rollup_of_a_folder_with_an_unread_file_is_refused(base_records: Path) -> None:
    tab_in_month_file(base_records)
    result = runner.invoke(app, ["rollup", str(base_records), "-p", "2025"])
    assert result.exit_code == 1
    assert MONTH in result.stderr


def test_allowed_figures_say_they_are_incomplete_everywhere(base_records: Path, tmp_path: Path) -> None:
    tab_in_month_file(base_records)
    data = stats_json(base_records, "--allow-incomplete")
    assert data["complete"] is False
    assert data["total"]["received"] == 0  # what could be read: nothing of March
    code, out, err = run(base_records, "stats", "-p", "2025-03", "--allow-incomplete")
    assert code == 0 and MARK in out and MARK in err
    code, out, _err = run(base_records, "objectives", "-p", "2025-03", "--format", "json", "--allow-incomplete")
    assert code == 0 and json.loads(out)["complete"] is False
    code, out, _err = run(base_records, "agenda", "--as-of", "2025-03-20", "--format", "json", "--allow-incomplete")
    assert code == 0 and json.loads(out)["complete"] is False
    book = tmp_path / "t.xlsx"
    code, _out, err = run(base_records, "render", "BM.ST.VP.04", "-p", "2025-03", "-o", str(book), "--allow-incomplete")
    assert code == 0, err
    workbook = openpyxl.load_workbook(book)
    cells = [str(c.value) for sheet in workbook for row in sheet.iter_rows(max_row=8) for c in row if c.value]
    assert sum(MARK in c for c in cells) == 2  # the statistics and the late sheet
    form = tmp_path / "t.docx"
    code, _out, err = run(base_records, "render", "BM.ST.VP.03", "-p", "2025-03", "-o", str(form), "--allow-incomplete")
    assert code == 0, err
    assert MARK in "\n".join(p.text for p in Document(str(form)).paragraphs)
    page = tmp_path / "r.html"
    code, _out, err = run(base_records, "report", "-p", "2025-03", "-o", str(page), "--allow-incomplete")
    assert code == 0, err
    assert MARK in page.read_text(encoding="utf-8")


def test_a_procedure_that_fails_to_read_makes_its_tickets_figures_incomplete(base_records: Path) -> None:
    path = base_records / "procedures/QT.NC.01.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("unit:", "unti:"), encoding="utf-8")
    code, _out, err = run(base_records, "stats", "-p", "2025-03")
    assert code == 1 and "procedures/QT.NC.01.yaml" in err


def test_a_ticket_of_no_known_procedure_makes_the_figures_incomplete(base_records: Path) -> None:
    path = base_records / MONTH
    path.write_text(
        path.read_text(encoding="utf-8") + "- id: X-1\n  procedure: QT.KHONG.CO\n  received: 2025-03-10 10:00\n",
        encoding="utf-8",
    )
    code, _out, err = run(base_records, "stats", "-p", "2025-03")
    assert code == 1 and MONTH in err


def test_an_error_outside_the_counted_records_does_not_stop_the_figures(base_records: Path) -> None:
    path = base_records / "actions/CAR-2025-001.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\t\n", encoding="utf-8")
    assert stats_json(base_records)["complete"] is True


def test_the_remembered_figures_are_refused_too(base_records: Path) -> None:
    """Asked twice, the second answer comes from the cache: it must refuse as the first did."""
    tab_in_month_file(base_records)
    for _ in range(2):
        code, _out, err = run(base_records, "stats", "-p", "2025-03")
        assert code == 1 and MONTH in err
