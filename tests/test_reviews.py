"""Management reviews through the commands: the inputs filled from the records, decisions
grouped as QT.CTCL 5.8.1.2 groups them, listed by the agenda until done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsctl.check import check_folder
from qmsctl.cli.main import app
from qmsctl.records.load import load_records

runner = CliRunner()


def qmsctl(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--records", str(root), *args])
    return result.exit_code, result.output


def test_a_review_from_its_inputs_to_its_decisions_done(base_records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSCTL_TODAY", "2025-12-20")
    root = base_records
    code, output = qmsctl(root, "review", "new", "--date", "2025-12-18", "--period", "2025")
    assert code == 0, output
    review = load_records(root).reviews[0].model
    assert review.id == "XXLD-2025" and review.chair is not None and review.chair.name == "Trần Văn Bình"
    assert "hồ sơ đã xử lý" in review.inputs["figures"] and "Không có cuộc họp" in review.inputs["previous"]
    assert review.inputs["context"] == ""  # what only people can tell is left to write
    steps = [
        ["review", "decide", "XXLD-2025", "--what", "Bổ sung máy scan", "--who", "HCTC", "--due", "2026-01-31",
         "--about", "nguon luc"],
        ["review", "decide", "XXLD-2025", "--what", "Sửa đổi QT.CTCL", "--about", "change"],
    ]  # fmt: skip
    for step in steps:
        code, output = qmsctl(root, *step)
        assert code == 0, (step, output)
    assert [f for f in check_folder(root).findings if f.severity.value == "error"] == []
    decisions = load_records(root).reviews[0].model.decisions
    assert [(d.about, d.who) for d in decisions] == [("resources", "HCTC"), ("change", None)]

    def agenda_subjects() -> list[str]:
        items = json.loads(qmsctl(root, "agenda", "--format", "json")[1])["items"]
        return [i["subject"] for i in items if i["kind"] == "review-decision"]

    assert agenda_subjects() == ["XXLD-2025-1", "XXLD-2025-2"]
    assert qmsctl(root, "review", "done", "XXLD-2025", "1", "--date", "2025-12-20")[0] == 0
    assert agenda_subjects() == ["XXLD-2025-2"]
    assert str(load_records(root).reviews[0].model.decisions[0].done) == "2025-12-20"
    code, output = qmsctl(root, "review", "done", "XXLD-2025", "3")
    assert code == 1 and "no decision 3" in output


def test_a_review_after_one_that_decided_nothing(base_records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The previous review's decisions are an input; a review with none is said so (it crashed)."""
    monkeypatch.setenv("QMSCTL_TODAY", "2025-12-20")
    assert qmsctl(base_records, "review", "new", "--date", "2025-06-18", "--period", "2025-H1")[0] == 0
    code, output = qmsctl(base_records, "review", "new", "--date", "2025-12-18", "--period", "2025")
    assert code == 0, output
    review = next(s.model for s in load_records(base_records).reviews if s.model.on.isoformat() == "2025-12-18")
    assert review.inputs["previous"] == "- Cuộc họp ngày 18/06/2025 không có quyết định nào."
