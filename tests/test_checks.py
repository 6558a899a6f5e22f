"""Checks and reading rules that need more than a file laid over the base folder."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import qmsctl
from qmsctl.check import check_folder


def codes(root: Path) -> list[tuple[str, str, int | None]]:
    return [(f.code, f.file, f.line) for f in check_folder(root).findings]


def test_bom_and_nfd_text_are_read_as_nfc_with_only_a_warning_about_nfd(base_records: Path) -> None:
    ticket = base_records / "tickets/2025/2025-03.yaml"
    nfd = unicodedata.normalize("NFD", ticket.read_text(encoding="utf-8"))
    assert nfd != unicodedata.normalize("NFC", nfd)
    ticket.write_bytes(b"\xef\xbb\xbf" + nfd.encode("utf-8"))
    agency = qmsctl.open(base_records)
    result = agency.check()
    assert [(f.code, f.severity.value) for f in result.findings] == [("Y114", "warning")]
    subject = next(s.model.subject for s in agency.records.tickets if s.model.subject)
    assert subject == unicodedata.normalize("NFC", "Đề nghị bổ nhiệm giám định viên tư pháp")


def test_a_link_to_nowhere_is_an_unreadable_file(base_records: Path) -> None:
    (base_records / "procedures/QT.GONE.yaml").symlink_to(base_records / "nowhere.yaml")
    found = check_folder(base_records).findings
    assert [f.code for f in found if f.file == "procedures/QT.GONE.yaml"] == ["Y100"]


def test_folder_without_profile(base_records: Path) -> None:
    (base_records / "qms.yaml").unlink()
    assert ("Y109", "qms.yaml", 1) in codes(base_records)


def test_completed_without_outcome_is_a_warning_counted_as_done(base_records: Path) -> None:
    path = base_records / "tickets/2025/2025-03.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  outcome: done\n", "", 1), encoding="utf-8")
    found = check_folder(base_records).findings
    assert [(f.code, f.severity.value, f.line) for f in found] == [("D406", "warning", 7)]


def test_overlapping_pauses(base_records: Path) -> None:
    path = base_records / "tickets/2025/2025-03.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "reason: Bổ sung giấy tờ}\n",
        "reason: Bổ sung giấy tờ}\n    - {from: 2025-03-05 10:00, to: 2025-03-06 16:00}\n",
    )
    path.write_text(text, encoding="utf-8")
    assert ("D407", "tickets/2025/2025-03.yaml", 7) in codes(base_records)


def test_a_ticket_file_may_hold_one_ticket(base_records: Path) -> None:
    (base_records / "tickets/one.yaml").write_text(
        "id: X-1\nprocedure: QT.NC.01\nreceived: 2025-03-03 08:00\n", encoding="utf-8"
    )
    agency = qmsctl.open(base_records)
    result = agency.check()
    assert result.findings == []
    assert "X-1" in {s.model.id for s in agency.records.tickets}


def test_a_bad_record_in_a_list_leaves_the_others_read(base_records: Path) -> None:
    path = base_records / "tickets/2025/2025-03.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2025-03-05 08:00", "2025-03-32 08:00"), encoding="utf-8")
    agency = qmsctl.open(base_records)
    result = agency.check()
    assert [(f.code, f.line) for f in result.findings] == [("S204", 15)]
    assert [s.model.id for s in agency.records.tickets] == ["000.00.19.H13-250303-0001"]


def test_the_demo_folder_checks_clean(demo: Path) -> None:
    from datetime import date

    agency = qmsctl.open(demo)
    result = agency.check(today=date(2026, 11, 23))  # the demo's own day: its documents are due for review later
    assert result.findings == []
    assert len(agency.records.tickets) >= 1500
    assert len(agency.records.procedures) >= 12
    assert {s.model.group for s in agency.records.procedures} == {"lien-thong", "noi-bo"}
    assert {s.model.state.value for s in agency.records.actions} >= {
        "open",
        "accepted",
        "assigned",
        "verified",
        "closed",
    }


def test_two_workers_read_the_same_as_one(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsctl.records import load

    one = load.load_records(demo, workers=1)
    monkeypatch.setenv("QMSCTL_NO_CACHE", "1")
    monkeypatch.setattr(load, "PARALLEL_FROM", 1)  # the demo is too small for a pool otherwise
    two = load.load_records(demo, workers=2)
    assert [s.model for s in one.tickets] == [s.model for s in two.tickets]


def test_a_record_with_only_an_unknown_key_is_reported_and_still_counted(base_records: Path) -> None:
    path = base_records / "tickets/2025/2025-03.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  ghi_chu: hồ sơ giấy\n", encoding="utf-8")
    profile = base_records / "qms.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("  cutoff: null", "  cutoff: 16:00\n  timezone: +07"),
        encoding="utf-8",
    )
    agency = qmsctl.open(base_records)
    result = agency.check()
    assert sorted((f.code, f.file) for f in result.findings) == [
        ("S201", "qms.yaml"),
        ("S201", "tickets/2025/2025-03.yaml"),
    ]
    assert "VBD-2025-00001" in {s.model.id for s in agency.records.tickets}
    assert agency.records.profile is not None
    assert str(agency.records.profile.model.calendar.cutoff) == "16:00:00"
