"""Identities are text and one code is one code: a code added beside another that differs only
in case is refused, and nothing is written; an empty subject is never stored."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from qmsctl.cli.main import app
from tests.conftest import snapshot

runner = CliRunner()


def refused(records: Path, *args: str) -> str:
    before = snapshot(records)
    result = runner.invoke(app, ["--records", str(records), *args])
    assert result.exit_code == 1, result.output
    assert snapshot(records) == before
    return result.stderr


def test_a_unit_code_beside_the_same_in_another_case_is_refused(base_records: Path) -> None:
    err = refused(base_records, "unit", "add", "hctc", "--name", "Phòng X", "--block", "hanh-chinh")
    assert "R312" in err and "HCTC" in err


def test_a_document_code_beside_the_same_in_another_case_is_refused(base_records: Path) -> None:
    err = refused(base_records, "doc", "new", "qt.ctcl", "--title", "Thử", "--type", "procedure")
    assert "R312" in err and "QT.CTCL" in err


def test_a_procedure_code_beside_the_same_in_another_case_is_refused(base_records: Path) -> None:
    err = refused(
        base_records,
        *("procedure", "add", "qt.nc.01", "--name", "Thử", "--group", "noi-bo", "--unit", "NC"),
        *("--working-days", "5"),
    )
    assert "R312" in err


def test_an_empty_subject_is_refused(base_records: Path) -> None:
    for subject in ("", "   "):
        err = refused(
            base_records,
            *("ticket", "add", "--procedure", "QT.NC.01", "--received", "2025-03-10 09:00", "--subject", subject),
        )
        assert "subject" in err
