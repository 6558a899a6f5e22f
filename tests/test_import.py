"""Importing dossiers from one-stop system exports: realistic XLSX and CSV files, broken rows,
idempotence, personal data kept out, and the export's verdicts reconciled with the figures."""

from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from qmsctl.check import check_folder
from qmsctl.cli.main import app
from qmsctl.records.load import load_records
from tests.conftest import DEMO, REPO, git, snapshot

sys.path.insert(0, str(REPO / "bench"))
import generate_export  # noqa: E402

runner = CliRunner()
COUNT = 240


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    """The demo agency without its tickets, in git: exports bring them in."""
    root = tmp_path / "records"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("tickets"))
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "records"]):
        git(root, *command)
    return root


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    made = {}
    for suffix in ("xlsx", "csv"):
        made[suffix] = folder / f"march.{suffix}"
        generate_export.main([str(made[suffix]), "--records", str(DEMO), "--count", str(COUNT)])
    return made


def qmsctl(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--records", str(root), *args])
    return result.exit_code, result.output


def exported_dossiers() -> list[dict[str, object]]:
    return generate_export.dossiers(DEMO, COUNT, datetime(2026, 3, 1).date(), datetime(2026, 3, 31).date(), 7)


def test_xlsx_export_becomes_tickets(agency: Path, exports: dict[str, Path]) -> None:
    code, output = qmsctl(agency, "import", "tickets", str(exports["xlsx"]), "--map", "motcua-xlsx")
    assert code == 0, output
    dossiers = exported_dossiers()
    assert f"{len(dossiers)} rows: {len(dossiers)} added, 0 changed, 0 unchanged, 0 conflicts, 0 rejected" in output
    tickets = {s.model.id: s for s in load_records(agency).tickets}
    assert set(tickets) == {d["id"] for d in dossiers}
    for d in dossiers:
        t = tickets[str(d["id"])].model
        assert (t.procedure, t.received, t.outcome) == (d["procedure"], d["received"], d.get("outcome"))
        completed = d.get("completed")
        # Whether the cell was a date, text or an Excel serial number, to the minute.
        assert t.completed == (completed.replace(second=0, microsecond=0) if completed else None)  # type: ignore[attr-defined]
    assert {s.file for s in tickets.values()} == {"tickets/2026/2026-03.yaml"}
    assert qmsctl(agency, "check")[0] == 0


def test_same_export_twice_changes_nothing(agency: Path, exports: dict[str, Path]) -> None:
    assert qmsctl(agency, "import", "tickets", str(exports["xlsx"]), "--map", "motcua-xlsx")[0] == 0
    before = snapshot(agency)
    code, output = qmsctl(agency, "import", "tickets", str(exports["xlsx"]), "--map", "motcua-xlsx")
    assert code == 0
    assert f"0 added, 0 changed, {len(exported_dossiers())} unchanged" in output
    assert snapshot(agency) == before


def test_changed_row_updates_its_ticket_only(agency: Path, exports: dict[str, Path], tmp_path: Path) -> None:
    assert qmsctl(agency, "import", "tickets", str(exports["xlsx"]), "--map", "motcua-xlsx")[0] == 0
    subprocess.run(["git", "add", "-A"], cwd=agency, check=True)
    workbook = openpyxl.load_workbook(exports["xlsx"])
    sheet = workbook["Danh sách hồ sơ"]
    row = next(r for r in sheet.iter_rows(min_row=4) if r[9].value == "Đã trả kết quả")
    ident = row[1].value
    row[8].value = "30/04/2026 10:00"
    changed = tmp_path / "march-v2.xlsx"
    workbook.save(changed)
    code, output = qmsctl(agency, "import", "tickets", str(changed), "--map", "motcua-xlsx")
    assert code == 0, output
    assert "0 added, 1 changed" in output and f"~ {ident}: completed" in output
    diff = subprocess.run(["git", "diff", "-U0"], cwd=agency, capture_output=True, text=True).stdout
    lines = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(lines) == 2 and lines[1] == "+  completed: 2026-04-30 10:00"


def test_personal_data_never_reaches_the_records(agency: Path, exports: dict[str, Path]) -> None:
    workbook = openpyxl.load_workbook(exports["xlsx"])
    sheet = workbook["Danh sách hồ sơ"]
    ids = [str(r[4].value) for r in sheet.iter_rows(min_row=4)]
    phones = [str(r[5].value) for r in sheet.iter_rows(min_row=4)]
    sheet.cell(row=4, column=4).value = "Ông Trần Văn Nam, CCCD 079203001234, ĐT 0913 456 789"
    leaky = exports["xlsx"].with_name("leaky.xlsx")
    workbook.save(leaky)
    code, output = qmsctl(agency, "import", "tickets", str(leaky), "--map", "motcua-xlsx")
    assert code == 0, output
    assert "2 pieces of personal data" in output
    text = "".join(p.read_text(encoding="utf-8") for p in (agency / "tickets").rglob("*.yaml"))
    assert not any(number in text for number in ids + phones + ["079203001234", "0913 456 789"])
    assert "Ông Trần Văn Nam, CCCD […], ĐT […]" in text


def test_mapping_a_personal_column_is_refused(agency: Path, exports: dict[str, Path]) -> None:
    mapping = agency / "imports/motcua-xlsx.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace("sender: Chủ hồ sơ", "sender: Số CCCD"), "utf-8")
    before = snapshot(agency)
    code, output = qmsctl(agency, "import", "tickets", str(exports["xlsx"]), "--map", "motcua-xlsx")
    assert code == 2
    assert "imports/motcua-xlsx.yaml:9" in output and "personal data (citizen ID number)" in output
    assert snapshot(agency) == before


def test_broken_rows_are_rejected_with_sheet_row_and_column(agency: Path, exports: dict[str, Path]) -> None:
    workbook = openpyxl.load_workbook(exports["xlsx"])
    sheet = workbook["Danh sách hồ sơ"]
    first = [c.value for c in sheet[4]]
    broken = {
        "bad date": {6: "31/02/2026 08:00"},
        "unknown procedure": {2: "Thủ tục không có"},
        "unknown status": {9: "Đang chờ ký"},
        "no id": {1: None},
        "duplicate": {},
    }
    for changes in broken.values():
        row = list(first)
        for index, value in changes.items():
            row[index] = value
        sheet.append(row)
    path = exports["xlsx"].with_name("broken.xlsx")
    workbook.save(path)
    code, output = qmsctl(agency, "import", "tickets", str(path), "--map", "motcua-xlsx", "--dry-run")
    assert code == 1  # rows were not written
    last = sheet.max_row
    expected = [
        (last - 4, "G", "is not a date"),
        (last - 3, "C", "no procedure 'Thủ tục không có'"),
        (last - 2, "J", "unknown status 'Đang chờ ký'"),
        (last - 1, "B", "no id"),
        (last, "B", "the same id as row 4"),
    ]
    for row_number, column, words in expected:
        assert any(
            f"│ Danh sách hồ sơ │ {row_number} " in line and f"│ {column} " in line and words in line
            for line in output.splitlines()
        ), (row_number, column, words, output)
    assert "5 rejected" in output


def test_dry_run_writes_nothing(agency: Path, exports: dict[str, Path]) -> None:
    before = snapshot(agency)
    code, output = qmsctl(agency, "import", "tickets", str(exports["csv"]), "--map", "dichvucong-csv", "--dry-run")
    assert code == 0 and "dry run, nothing written" in output
    assert snapshot(agency) == before


def test_csv_export_by_column_letters_and_status_verdicts(agency: Path, exports: dict[str, Path]) -> None:
    code, output = qmsctl(agency, "import", "tickets", str(exports["csv"]), "--map", "dichvucong-csv")
    assert code == 0, output
    tickets = {s.model.id: s.model for s in load_records(agency).tickets}
    assert len(tickets) == len(exported_dossiers())
    assert all(t.subject for t in tickets.values())


def test_export_verdicts_reconcile_with_stats(agency: Path, exports: dict[str, Path]) -> None:
    code, output = qmsctl(agency, "import", "tickets", str(exports["xlsx"]), "--map", "motcua-xlsx")
    assert code == 0
    dossiers = exported_dossiers()
    # The true verdicts by the independent reference (tests/reference.py), not by qmsctl.
    from tests import reference
    from tests.test_reference import demo_as_plain_data

    calendar, procedures, _tickets = demo_as_plain_data()
    true_verdicts = {}
    for d in dossiers:
        if d.get("outcome") == "done":
            plain = {k: d[k] for k in ("id", "procedure", "received", "completed")}
            due = reference.due(plain, procedures[str(d["procedure"])], calendar)
            assert due is not None
            true_verdicts[str(d["id"])] = due.met_by(reference.moment(d["completed"]))
    exported = generate_export.verdicts(DEMO, dossiers)
    flipped = sorted(i for i in exported if exported[i] != true_verdicts[i])
    assert flipped
    listed = sorted(line.split("│")[1].strip() for line in output.splitlines() if line.startswith("│ 000."))
    assert listed == flipped
    # The figures of the month agree with the export wherever the export is right.
    code, stats = qmsctl(agency, "stats", "--period", "2026-03", "--format", "json")
    processed = json.loads(stats)["total"]["processed"]
    in_march = [d for d in dossiers if d.get("outcome") == "done" and d["completed"].month == 3]  # type: ignore[union-attr]
    assert processed["on_time"] == sum(1 for d in in_march if true_verdicts[str(d["id"])])
    assert processed["late"] == sum(1 for d in in_march if not true_verdicts[str(d["id"])])


def test_unknown_mapping_and_bad_mapping_field(agency: Path, exports: dict[str, Path]) -> None:
    code, output = qmsctl(agency, "import", "tickets", str(exports["xlsx"]), "--map", "khong-co")
    assert code == 2 and "motcua-xlsx" in output
    mapping = agency / "imports/motcua-xlsx.yaml"
    mapping.write_text(
        mapping.read_text(encoding="utf-8").replace("  due: Ngày hẹn trả", "  hen: Ngày hẹn trả"), "utf-8"
    )
    code, output = qmsctl(agency, "import", "tickets", str(exports["xlsx"]), "--map", "motcua-xlsx")
    assert code == 2 and "imports/motcua-xlsx.yaml:11" in output


def test_tickets_land_one_a_file_where_the_folder_keeps_them_so(agency: Path, exports: dict[str, Path]) -> None:
    single = agency / "tickets/2025/11/000.00.19.H13-251103-0001.yaml"
    single.parent.mkdir(parents=True)
    single.write_text(
        "id: 000.00.19.H13-251103-0001\nkind: dossier\nprocedure: QT.NC.01\nreceived: 2025-11-03 09:00\n", "utf-8"
    )
    code, output = qmsctl(agency, "import", "tickets", str(exports["csv"]), "--map", "dichvucong-csv")
    assert code == 0, output
    files = {s.file for s in load_records(agency).tickets}
    assert len(files) == len(exported_dossiers()) + 1
    assert all(f.startswith("tickets/2026/03/000.00.19.H13-2603") for f in files - {"tickets/2025/11/" + single.name})


def test_names_match_ignoring_case_spacing_and_composition() -> None:
    import unicodedata

    from qmsctl.imports.convert import Converter
    from qmsctl.imports.mapping import Mapping
    from qmsctl.imports.sources import Row

    records = load_records(DEMO)
    mapping = Mapping(name="t", columns={"id": "A", "procedure": "B", "received": "C", "unit": "D"})
    converter = Converter(mapping, [s.model for s in records.procedures], [s.model for s in records.units])
    name = next(s.model for s in records.procedures if s.model.code == "QT.NC.01").name
    typed = "  " + unicodedata.normalize("NFD", name.upper()).replace(" ", "   ") + " "
    unit = next(s.model for s in records.units if s.model.code == "HCTC").name
    row = Row("Sheet1", 2, {"id": "X-1", "procedure": typed, "received": 46086.34375, "unit": unit.lower()}, {})
    ticket = converter.convert(row).ticket
    assert ticket["procedure"] == "QT.NC.01" and ticket["unit"] == "HCTC"
    assert ticket["received"] == datetime(2026, 3, 5, 8, 15)  # an Excel serial number


def to_cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes Vietnamese: precomposed letters (ơ, â, đ) and combining tones."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(m for m in parts if m in "\u0300\u0301\u0303\u0309\u0323")
            letter = unicodedata.normalize("NFC", "".join(m for m in parts if m not in tones))
            out += letter.encode("cp1258") + tones.encode("cp1258")
    return out


def test_csv_in_windows_1258_with_its_encoding_named(agency: Path, exports: dict[str, Path], tmp_path: Path) -> None:
    legacy = tmp_path / "cp1258.csv"
    text = exports["csv"].read_text(encoding="utf-8-sig")
    legacy.write_bytes(to_cp1258(text))
    code, output = qmsctl(agency, "import", "tickets", str(legacy), "--map", "dichvucong-csv", "--dry-run")
    assert code == 2 and "encoding: cp1258" in output  # not UTF-8: the message says what to do
    mapping = agency / "imports/dichvucong-csv.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8") + "encoding: cp1258\n", "utf-8")
    code, output = qmsctl(agency, "import", "tickets", str(legacy), "--map", "dichvucong-csv")
    assert code == 0, output
    subjects = {s.model.subject for s in load_records(agency).tickets}
    assert any(subject and "Đề nghị" in subject for subject in subjects)  # NFC again, diacritics intact


def test_an_export_in_utf16_with_its_mark_is_read_as_such(
    agency: Path, exports: dict[str, Path], tmp_path: Path
) -> None:
    """Excel's "Unicode Text" is UTF-16 with a byte order mark, tab separated: read without a
    word in the mapping, as the same export in UTF-8 is."""
    rows = list(csv.reader(io.StringIO(exports["csv"].read_text(encoding="utf-8-sig"))))
    wide = tmp_path / "unicode.txt"
    with wide.open("w", encoding="utf-16", newline="") as out:
        csv.writer(out, delimiter="\t").writerows(rows)
    assert wide.read_bytes().startswith(codecs.BOM_UTF16_LE)
    code, output = qmsctl(agency, "import", "tickets", str(wide), "--map", "dichvucong-csv")
    assert code == 0, output
    subjects = {s.model.subject for s in load_records(agency).tickets}
    assert len(subjects) > 1 and any(subject and "Đề nghị" in subject for subject in subjects)


def test_a_record_file_saved_as_utf16_is_named_so(base_records: Path) -> None:
    """Notepad's "Unicode" (UTF-16) was taken for TCVN3, with TCVN3's advice."""
    path = base_records / "procedures/QT.NC.01.yaml"
    text = path.read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-16-le"):
        path.write_bytes(text.encode(encoding))
        found = [f for f in check_folder(base_records).findings if f.file == "procedures/QT.NC.01.yaml"]
        assert [f.code for f in found] == ["Y104"] and "UTF-16" in found[0].message, found


def test_an_import_reads_the_tickets_it_changes_in_their_own_lines(
    agency: Path, exports: dict[str, Path], tmp_path: Path
) -> None:
    """A city's month file holds 13,000 tickets: the import finds a row's ticket by the facts
    remembered and reads its lines only, never the whole month (nor the folder's tickets)."""
    from unittest import mock

    assert qmsctl(agency, "import", "tickets", str(exports["xlsx"]), "--map", "motcua-xlsx")[0] == 0
    workbook = openpyxl.load_workbook(exports["xlsx"])
    sheet = workbook["Danh sách hồ sơ"]
    row = next(r for r in sheet.iter_rows(min_row=4) if r[9].value == "Đã trả kết quả")
    row[8].value = "30/04/2026 10:00"
    changed = tmp_path / "march-v3.xlsx"
    workbook.save(changed)
    from qmsctl.records import load

    def no_ticket_file(root: Path, jobs: list[load.Job], *args: object, **named: object) -> list[load.FileResult]:
        assert not [file for file, kind, _text in jobs if kind == "ticket"], "a ticket file read whole"
        return read(root, jobs, *args, **named)  # type: ignore[arg-type]

    read = load.read_files
    with mock.patch("qmsctl.records.load.read_files", no_ticket_file):
        with mock.patch("qmsctl.records.facts.read_files", no_ticket_file):
            code, output = qmsctl(agency, "import", "tickets", str(changed), "--map", "motcua-xlsx")
    assert code == 0, output
    assert "0 added, 1 changed" in output and f"~ {row[1].value}: completed" in output
    assert check_folder(agency).errors == 0
