"""An import without loss: a row that is another dossier than the ticket of its id, or would undo
a secretary's correction, is a conflict, listed and never written (unless --replace); pauses,
status dates and the names exports give procedures are understood; personal data never reaches
a record; the folder's own numbering is never taken from imported ids."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from typer.testing import CliRunner

from qmsctl.cli.main import app
from tests.conftest import snapshot

runner = CliRunner()
MONTH = "tickets/2025/2025-03.yaml"
HEADER = ["Mã", "Thủ tục", "Ngày nhận", "Hẹn trả", "Ngày trả", "Trạng thái", "Ngày trạng thái", "Trích yếu"]
MAPPING = """\
name: Thử
delimiter: ","
columns:
  id: Mã
  procedure: Thủ tục
  received: Ngày nhận
  due: Hẹn trả
  completed: Ngày trả
  status: Trạng thái
  status_date: Ngày trạng thái
  subject: Trích yếu
  pause_from: Tạm dừng từ
  pause_to: Tạm dừng đến
  pause_reason: Lý do
statuses:
  Đã trả kết quả: done
  Trả lại: returned
  Chờ bổ sung: paused
  Đang xử lý: in-progress
aliases:
  Cấp giấy giám định (tên cũ): QT.NC.01
"""


def export(folder: Path, rows: list[dict[str, str]]) -> Path:
    path = folder / "export.csv"
    header = [*HEADER, "Tạm dừng từ", "Tạm dừng đến", "Lý do"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: row.get(key, "") for key in header})
    return path


def run(records: Path, *args: str) -> tuple[int, str]:
    """The exit code and the output, its tables' cells run together as the words they hold."""
    result = runner.invoke(app, ["--records", str(records), *args], env={"COLUMNS": "250"})
    return result.exit_code, " ".join(re.sub(r"[│┃┏┓┗┛┡┩└┘┌┐├┤┼━─┳┻╇╈┬┴]", " ", result.output).split())


def with_mapping(records: Path) -> Path:
    (records / "imports").mkdir(exist_ok=True)
    (records / "imports/thu.yaml").write_text(MAPPING, encoding="utf-8")
    procedure = records / "procedures/QT.HCTC.01.yaml"
    procedure.write_text(procedure.read_text(encoding="utf-8") + 'catalogue_code: "1.001612"\n', encoding="utf-8")
    return records


def do_import(records: Path, tmp_path: Path, rows: list[dict[str, str]], *extra: str) -> tuple[int, str]:
    return run(records, "import", "tickets", str(export(tmp_path, rows)), "--map", "thu", *extra)


OTHER_DOSSIER = {
    "Mã": "000.00.19.H13-250303-0001",  # the id of the base folder's QT.NC.01 dossier
    "Thủ tục": "QT.HCTC.01",
    "Ngày nhận": "10/03/2025 08:00",
    "Trạng thái": "Đang xử lý",
}


def test_a_row_with_the_id_of_another_procedures_dossier_changes_nothing(base_records: Path, tmp_path: Path) -> None:
    with_mapping(base_records)
    before = snapshot(base_records)
    code, output = do_import(base_records, tmp_path, [OTHER_DOSSIER])
    assert code == 1
    assert snapshot(base_records) == before  # byte for byte
    assert "0 added, 0 changed, 0 unchanged, 1 conflicts, 0 rejected" in output
    assert "QT.NC.01" in output and "QT.HCTC.01" in output  # both versions shown
    assert "another dossier under the same id" in output


def test_replace_writes_the_conflicting_row(base_records: Path, tmp_path: Path) -> None:
    with_mapping(base_records)
    code, output = do_import(base_records, tmp_path, [OTHER_DOSSIER], "--replace")
    assert code == 0, output
    text = (base_records / MONTH).read_text(encoding="utf-8")
    assert "procedure: QT.HCTC.01\n  received: 2025-03-10 08:00" in text


def test_a_re_import_does_not_undo_a_correction(base_records: Path, tmp_path: Path) -> None:
    with_mapping(base_records)
    row = {
        "Mã": "000.00.19.H13-250311-0001",
        "Thủ tục": "QT.NC.01",
        "Ngày nhận": "11/03/2025 09:00",
        "Hẹn trả": "18/03/2025",
        "Trạng thái": "Đang xử lý",
    }
    code, output = do_import(base_records, tmp_path, [row])
    assert code == 0, output
    path = base_records / MONTH
    text = path.read_text(encoding="utf-8")
    assert "due: 2025-03-18" in text
    # The secretary removes the wrong appointment and says why.
    corrected = text.replace("  due: 2025-03-18\n", "  correction: Ngày hẹn nhập sai, theo phiếu tiếp nhận số 12/PTN\n")
    path.write_text(corrected, encoding="utf-8")
    code, output = do_import(base_records, tmp_path, [row])
    assert code == 1
    assert path.read_text(encoding="utf-8") == corrected  # byte for byte
    assert "1 conflicts" in output and "corrected since" in output and "due" in output
    # The same export again after the correction: a second run says the same, writes nothing.
    code, _output = do_import(base_records, tmp_path, [row])
    assert code == 1 and path.read_text(encoding="utf-8") == corrected


def test_a_pause_a_status_date_and_the_names_of_procedures(base_records: Path, tmp_path: Path) -> None:
    with_mapping(base_records)
    rows = [
        {  # waiting for a supplement
            "Mã": "HS-1",
            "Thủ tục": "bo nhiem giam dinh vien tu phap",  # the name, without diacritics or case
            "Ngày nhận": "11/03/2025 09:00",
            "Trạng thái": "Chờ bổ sung",
            "Tạm dừng từ": "12/03/2025 10:00",
            "Lý do": "Thiếu bản sao CCCD079012345678",
        },
        {  # returned, the export's result date empty: the status date is the result's
            "Mã": "HS-2",
            "Thủ tục": "1.001612",  # the national catalogue code
            "Ngày nhận": "11/03/2025 09:00",
            "Trạng thái": "Trả lại",
            "Ngày trạng thái": "12/03/2025 15:00",
        },
        {
            "Mã": "HS-3",
            "Thủ tục": "Cấp giấy giám định (tên cũ)",  # an alias of the mapping
            "Ngày nhận": "11/03/2025 09:00",
            "Trạng thái": "Đang xử lý",
            "Trích yếu": "Ông B, Số CM 123456789, SĐT 0084912345678, admin@localhost",
        },
        {"Mã": "HS-4", "Thủ tục": "Bổ nhiệm giám định viên tư pháp lý", "Ngày nhận": "11/03/2025 09:00"},
    ]
    code, output = do_import(base_records, tmp_path, rows)
    assert code == 1  # HS-4 is rejected
    assert "3 added" in output and "1 rejected" in output
    assert "Did you mean QT.NC.01" in output
    text = (base_records / MONTH).read_text(encoding="utf-8")
    hs1 = text[text.index("id: HS-1") : text.index("id: HS-2")]
    assert 'pauses:\n    - {from: 2025-03-12 10:00, reason: "Thiếu bản sao CCCD[…]"}' in hs1
    assert "completed" not in hs1
    hs2 = text[text.index("id: HS-2") : text.index("id: HS-3")]
    assert "procedure: QT.HCTC.01" in hs2 and "completed: 2025-03-12 15:00\n  outcome: returned" in hs2
    hs3 = text[text.index("id: HS-3") :]
    assert "procedure: QT.NC.01" in hs3
    for personal in ("079012345678", "123456789", "912345678", "admin@"):
        assert personal not in text
    code, output = run(base_records, "check")
    assert code == 0, output


def test_own_numbering_is_never_taken_from_imported_ids(base_records: Path, tmp_path: Path) -> None:
    with_mapping(base_records)
    rows = [
        {"Mã": f"000.31.58.H13-250312-000{n}", "Thủ tục": "QT.NC.01", "Ngày nhận": "12/03/2025 09:00"}
        for n in range(1, 4)
    ]
    code, output = do_import(base_records, tmp_path, rows)
    assert code == 0, output
    # The agency's own numbering starts with its short name (qms.yaml: VPUB).
    code, output = run(
        base_records, "ticket", "add", "--procedure", "QT.NC.01", "--received", "2025-03-12 10:00", "--subject", "Thử"
    )
    assert code == 0, output
    assert "VPUB-250312-0001" in output
    code, output = run(
        base_records, "ticket", "add", "--procedure", "QT.NC.01", "--received", "2025-03-12 11:00", "--subject", "Thử"
    )
    assert code == 0 and "VPUB-250312-0002" in output


def test_an_alias_to_no_procedure_is_refused(base_records: Path, tmp_path: Path) -> None:
    with_mapping(base_records)
    mapping = base_records / "imports/thu.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace(": QT.NC.01\n", ": QT.KHONG.01\n"), "utf-8")
    before = snapshot(base_records)
    code, output = do_import(base_records, tmp_path, [OTHER_DOSSIER])
    assert code == 2 and "QT.KHONG.01" in output
    assert snapshot(base_records) == before
