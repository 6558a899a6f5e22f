"""Internal audits through the commands: the programme, the findings, and a nonconformity's
corrective action walked to its closure, with `check` clean at every step."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from qmsctl.check import check_folder
from qmsctl.cli.main import app
from qmsctl.records.load import load_records

runner = CliRunner()


def qmsctl(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--records", str(root), *args])
    return result.exit_code, result.output


def errors(root: Path) -> list[str]:
    return [f"{f.code} {f.message}" for f in check_folder(root).findings]


def test_an_audit_walked_to_a_closed_corrective_action(base_records: Path) -> None:
    root = base_records
    steps = [
        ["audit", "plan", "2026", "--date", "2026-10-15", "--unit", "NC", "--unit", "hanh chinh",
         "--process", "QT.NC.01", "--auditor", "Lê Thị Thu Hà=HCTC", "--auditor", "Lý Quốc Hưng=NC"],
        ["audit", "record", "DGNB-2026", "--unit", "NC", "--clause", "8.5.1", "--kind", "nonconformity",
         "--description", "Hồ sơ thiếu phiếu kiểm soát quá trình", "--evidence", "Hồ sơ 000.00.19.H13-250303-0001",
         "--by", "Lê Thị Thu Hà", "--date", "2026-10-15"],
        ["audit", "record", "DGNB-2026", "--unit", "HCTC", "--clause", "7.5.3", "--kind", "opportunity",
         "--description", "Có thể số hóa sổ theo dõi văn bản đến", "--by", "Lý Quốc Hưng", "--date", "2026-10-15"],
        ["audit", "finding-to-action", "DGNB-2026", "2", "--by", "Lý Quốc Hưng", "--date", "2026-10-16"],
        ["action", "accept", "CAR-2026-001", "--by", "Lý Quốc Hưng", "--date", "2026-10-17"],
        ["action", "assign", "CAR-2026-001", "--by", "Trần Văn Bình", "--to", "NC", "--date", "2026-10-18"],
        ["action", "plan", "CAR-2026-001", "--cause", "Chưa có mẫu phiếu",
         "--measure", "Ban hành mẫu | NC | 2027-12-30", "--approved-by", "Trần Văn Bình", "--date", "2026-10-19"],
        ["action", "verify", "CAR-2026-001", "--by", "Trần Văn Bình", "--evidence", "Hồ sơ tháng 11 đủ phiếu",
         "--date", "2026-12-01"],
        ["action", "close", "CAR-2026-001", "--by", "Lê Thị Thu Hà", "--date", "2026-12-02"],
    ]  # fmt: skip
    for step in steps:
        code, output = qmsctl(root, *step)
        assert code == 0, (step, output)
        assert errors(root) == [], step
    records = load_records(root)
    audit = records.audits[0].model
    assert audit.status == "done" and [f.action for f in audit.findings] == ["CAR-2026-001", "CAR-2026-002"]
    actions = {s.model.id: s.model for s in records.actions}
    assert actions["CAR-2026-001"].request.reference == "DGNB-2026 #1"
    assert actions["CAR-2026-001"].request.source == "internal-audit"
    assert actions["CAR-2026-001"].state.value == "closed"
    assert actions["CAR-2026-002"].request.reference == "DGNB-2026 #2"


def test_an_auditor_cannot_record_a_finding_on_their_own_unit(base_records: Path) -> None:
    assert qmsctl(base_records, "audit", "plan", "2026", "--date", "2026-10-15", "--unit", "HCTC",
                  "--auditor", "Lê Thị Thu Hà=HCTC", "--auditor", "Lý Quốc Hưng=NC")[0] == 0  # fmt: skip
    code, output = qmsctl(base_records, "audit", "record", "DGNB-2026", "--unit", "HCTC", "--clause", "7.5.3",
                          "--kind", "observation", "--description", "x y z", "--by", "Lê Thị Thu Hà")  # fmt: skip
    assert code == 1 and "A509" in output
