"""`qmsctl find`: case and diacritics ignored, every hit with its file and line, best first."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from typer.testing import CliRunner

from qmsctl.cli.main import app
from qmsctl.records.load import load_records
from qmsctl.search import find

runner = CliRunner()


def hits(root: Path, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["--records", str(root), "find", *args, "--format", "json", "--limit", "0"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_without_diacritics_finds_what_with_them_finds(demo: Path) -> None:
    with_marks = hits(demo, "hồ sơ")
    assert len(with_marks) > 10
    assert hits(demo, "ho so") == with_marks == hits(demo, "HỒ SƠ")
    assert hits(demo, unicodedata.normalize("NFD", "hồ sơ")) == with_marks


def test_each_hit_names_the_line_that_holds_it(demo: Path) -> None:
    from qmsctl.agency import fold

    for hit in hits(demo, "tham dinh quy hoach")[:20]:
        line = (demo / str(hit["file"])).read_text(encoding="utf-8").splitlines()[int(str(hit["line"])) - 1]
        assert "tham dinh" in fold(line) or "quy hoach" in fold(line), (hit, line)


def test_words_are_whole_syllables_and_found_together(base_records: Path) -> None:
    ticket = base_records / "tickets" / "2025" / "2025-03.yaml"
    text = ticket.read_text(encoding="utf-8")
    first_subject = next(line for line in text.splitlines() if "subject:" in line)
    ticket.write_text(text.replace(first_subject, "  subject: Hồ sơ của Sở Nông nghiệp Đồng Tháp"), encoding="utf-8")
    records = load_records(base_records)
    found = find(records, "dong thap")
    assert [h.name for h in found] == ["000.00.19.H13-250303-0001"] and found[0].field == "subject"
    assert find(records, "thap dong") and not find(records, "thong thap")
    assert not find(records, "tha")  # part of a syllable is not a word
    assert [h.kind for h in find(records, "dong thap", {"action"})] == []


def test_an_id_named_whole_comes_first(demo: Path) -> None:
    assert hits(demo, "CAR-2025-001")[0]["id"] == "CAR-2025-001"
    assert hits(demo, "car 2025 001")[0]["id"] == "CAR-2025-001"


def test_nothing_found_exits_1(demo: Path) -> None:
    result = runner.invoke(app, ["--records", str(demo), "find", "khong the co chu nay xyz"])
    assert result.exit_code == 1
