"""Risks and opportunities (6.1), satisfaction surveys (9.1.2) and the yearly analysis (9.1.3):
the figures worked out by hand, the import's rules, the risk rules through the commands, the
review's inputs equal to the analysis's, and the forms through LibreOffice page by page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsctl.check import check_folder
from qmsctl.cli.main import app
from qmsctl.records.load import load_records
from qmsctl.records.models import Survey
from qmsctl.surveys import grouped, tally
from tests.conftest import snapshot
from tests.test_form_pages import pages

runner = CliRunner()
SURVEY = """\
id: KS-2025
title: Khảo sát sự hài lòng năm 2025
period: '2025'
scale: {min: 1, max: 5, satisfied: 4, labels: [Rất không hài lòng, Không hài lòng, Bình thường, Hài lòng, Rất hài lòng]}
questions:
  - {code: thoi-gian, theme: time, text: Thời gian giải quyết}
  - {code: thai-do, theme: attitude, text: Thái độ phục vụ}
  - {code: chinh-xac, theme: accuracy, text: Tính chính xác}
responses: []
"""


def qmsctl(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--records", str(root), *args])
    return result.exit_code, result.output


@pytest.fixture
def surveyed(base_records: Path) -> Path:
    (base_records / "surveys").mkdir()
    (base_records / "surveys" / "KS-2025.yaml").write_text(SURVEY, encoding="utf-8")
    return base_records


def test_the_satisfied_share_counts_an_unanswered_question_as_not_satisfied() -> None:
    survey = Survey.model_validate(
        {
            "title": "x",
            "period": "2025",
            "questions": [{"code": "a", "text": "A"}, {"code": "b", "text": "B"}],
            "responses": [
                {"date": "2025-01-02", "unit": "NC", "answers": {"a": 5, "b": 4}},
                {"date": "2025-01-03", "unit": "NC", "answers": {"a": 3}},  # b not answered
                {"date": "2025-01-04", "unit": "HCTC", "answers": {"a": 4, "b": 1}},
                {"date": "2025-01-05", "answers": {"a": None, "b": 5}},
            ],
        },
        strict=False,
    )
    figures = tally(survey, survey.responses)
    a, b = figures.questions
    # a: 5, 3, 4, blank -> 2 satisfied of 4 responses (not of the 3 answers); b: 4, blank, 1, 5 -> 2 of 4.
    assert (a.responses, a.answered, a.satisfied, a.share) == (4, 3, 2, 0.5)
    assert (b.answered, b.satisfied, b.share) == (3, 2, 0.5)
    assert a.mean == 4.0 and b.mean == pytest.approx(10 / 3)
    assert (figures.asked, figures.satisfied, figures.share) == (8, 4, 0.5)
    by_unit = {g.key: (g.responses, g.share) for g in grouped(survey, "unit")}
    assert by_unit == {"HCTC": (1, 0.5), "NC": (2, 0.5), "—": (1, 0.5)}


def test_an_import_reads_answers_and_words_and_leaves_personal_data_out(surveyed: Path, tmp_path: Path) -> None:
    export = tmp_path / "phieu.csv"
    export.write_text(
        "Ngày,Họ và tên,Số điện thoại,Đơn vị,Thời gian,Thái độ phục vụ,Tính chính xác,Ý kiến\n"
        "12/03/2025,Nguyễn Văn B,0912345678,NC,5,Hài lòng,4,Tốt\n"
        "15/04/2025,,,Phòng Nội chính,2,rat khong hai long,,Gọi 0912 345 678\n",
        encoding="utf-8",
    )
    code, output = qmsctl(surveyed, "survey", "import", "KS-2025", str(export))
    assert code == 0, output
    assert "Họ và tên" in output and "Số điện thoại" in output  # said left out
    text = (surveyed / "surveys" / "KS-2025.yaml").read_text(encoding="utf-8")
    assert "Nguyễn Văn B" not in text and "0912" not in text and "[…]" in text
    survey = load_records(surveyed).surveys[0].model
    assert [r.answers for r in survey.responses] == [
        {"thoi-gian": 5, "thai-do": 4, "chinh-xac": 4},
        {"thoi-gian": 2, "thai-do": 1},
    ]
    assert [r.unit for r in survey.responses] == ["NC", "NC"]  # the unit's name read as its code
    assert check_folder(surveyed).findings == []
    code, output = qmsctl(surveyed, "survey", "stats", "KS-2025", "--format", "json")
    assert code == 0
    figures = json.loads(output)
    assert figures["responses"] == 2 and figures["satisfied"] == 3 and figures["asked"] == 6


def test_an_answer_off_the_scale_stops_the_import_at_its_cell_and_writes_nothing(
    surveyed: Path, tmp_path: Path
) -> None:
    export = tmp_path / "phieu.csv"
    export.write_text("Ngày,Thời gian,Thái độ\n12/03/2025,5,4\n13/03/2025,7,4\n", encoding="utf-8")
    before = snapshot(surveyed)
    code, output = qmsctl(surveyed, "survey", "import", "KS-2025", str(export))
    assert code == 2 and "phieu.csv:3" in output and "Row 3, column B (Thời gian)" in output, output
    assert snapshot(surveyed) == before
    export.write_text("Ngày,Thời gian\n12/03/2024,5\n", encoding="utf-8")
    code, output = qmsctl(surveyed, "survey", "import", "KS-2025", str(export))
    assert code == 2 and "outside the survey's period 2025" in output, output


def test_a_risk_from_its_assessment_to_its_review(base_records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSCTL_TODAY", "2025-07-01")
    root = base_records
    code, output = qmsctl(
        root, "risk", "add", "2025", "--unit", "noi chinh", "--description", "Hồ sơ trễ hạn",
        "--likelihood", "4", "--impact", "4", "--process", "QT.NC.01",
    )  # fmt: skip
    assert code == 0 and "RR-2025-01" in output, output
    assert [f.code for f in check_folder(root).findings] == ["K901"]  # high (16) with no response
    code, output = qmsctl(root, "risk", "respond", "RR-2025-01", "--kind", "pursue", "--what", "x")
    assert code == 1 and "reduce" in output  # a risk is not pursued
    code, output = qmsctl(
        root, "risk", "respond", "RR-2025-01", "--kind", "giam thieu", "--what", "Bổ sung người", "--due", "2025-06-30"
    )
    assert code == 0, output
    assert [f.code for f in check_folder(root).findings] == ["K902"]  # due passed, effect not reviewed
    code, output = qmsctl(root, "agenda", "--format", "json")
    assert any(item["kind"] == "risk-review" and item["late"] for item in json.loads(output)["items"]), output
    code, output = qmsctl(root, "risk", "review", "RR-2025-01", "--effective", "có", "--by", "Lê Thị Thu Hà")
    assert code == 0, output
    assert check_folder(root).findings == []
    monkeypatch.setenv("QMSCTL_TODAY", "2026-01-05")
    assert [f.code for f in check_folder(root).findings] == ["K903"]  # the year over, the register not reviewed
    code, output = qmsctl(root, "risk", "review", "2025", "--by", "Trần Văn Bình")
    assert code == 0 and check_folder(root).findings == []
    code, output = qmsctl(root, "risk", "list", "--format", "json")
    (listed,) = json.loads(output)
    assert (listed["level"], listed["score"], listed["state"], listed["unit"]) == ("high", 16, "effective", "NC")


@pytest.fixture
def demo_copy(demo: Path, tmp_path: Path) -> Path:
    target = tmp_path / "records"
    shutil.copytree(demo, target)
    return target


def test_the_review_carries_the_analysis_figures(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSCTL_TODAY", "2026-01-20")
    code, output = qmsctl(demo_copy, "review", "new", "--date", "2026-01-20", "--period", "2025")
    assert code == 0, output
    review = next(s.model for s in load_records(demo_copy).reviews if s.model.on.isoformat() == "2026-01-20")
    survey = next(s.model for s in load_records(demo_copy).surveys)
    share = tally(survey, survey.responses).share
    assert share is not None
    shown = f"{share * 100:.2f}".replace(".", ",") + "%"
    assert f"tỷ lệ hài lòng chung {shown}" in review.inputs["customer_feedback"]
    analysis = (demo_copy / "analyses" / "2025.md").read_text(encoding="utf-8")
    assert f"**{shown}**" in analysis  # the same figure in the analysis the demo keeps
    risks = review.inputs["risks"]
    assert "3 rủi ro" in risks and "1 cơ hội" in risks and "4/4" not in risks and "3/4 biện pháp" in risks
    code, output = qmsctl(demo_copy, "analysis", "--year", "2025", "--date", "2026-01-20")
    assert code == 0, output
    remade = (demo_copy / "analyses" / "2025.md").read_text(encoding="utf-8")
    assert remade == analysis  # made again on the same day: the same text
    for line in review.inputs["effect"].splitlines():
        assert line in remade


def test_coverage_names_the_records_of_risks_surveys_and_analysis(demo: Path) -> None:
    code, output = qmsctl(demo, "coverage", "--format", "json")
    assert code == 0
    rows = {row["clause"]: row for row in json.loads(output)["clauses"]}
    assert "risks" in rows["6.1"]["records"] and "risks" in rows["6.1.2"]["records"]
    assert rows["9.1.2"]["records"] == ["survey"] and rows["9.1.3"]["records"] == ["analysis"]


def test_the_leaders_page_shows_satisfaction_beside_the_on_time_rate(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, output = qmsctl(demo, "report", "--period", "2026", "-o", str(target))
    assert code == 0, output
    html = target.read_text(encoding="utf-8")
    assert "Mức độ hài lòng của tổ chức, cá nhân" in html and 'data-satisfaction="0.70' in html


@pytest.mark.parametrize(
    ("form", "args", "first", "last"),
    [
        ("PHIEU-KHAO-SAT", ["KS-2025"], "PHIẾU THĂM DÒ Ý KIẾN", "Xin trân trọng cảm ơn"),
        ("KET-QUA-KHAO-SAT", ["KS-2025"], "Tỷ lệ hài lòng chung là 70,14%", "Lê Thị Thu Hà"),
        ("RUI-RO", ["-p", "2025"], "SỔ ĐĂNG KÝ RỦI RO VÀ CƠ HỘI NĂM 2025", "Trần Văn Bình"),
        ("PHAN-TICH", ["-p", "2025"], "Phân tích dữ liệu năm 2025", "Lê Thị Thu Hà"),
    ],
)
def test_the_forms_print_page_by_page(
    form: str, args: list[str], first: str, last: str, demo: Path, tmp_path: Path
) -> None:
    target = tmp_path / f"{form}.docx"
    code, output = qmsctl(demo, "render", form, *args, "-o", str(target), "--pdf")
    assert code == 0, output
    printed = pages(target.with_suffix(".pdf"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in printed[0] and first in " ".join(printed[0].split())
    assert last in printed[-1]
    if form == "PHIEU-KHAO-SAT":
        assert len(printed) == 1  # a questionnaire is one sheet to hand out
    if form != "PHIEU-KHAO-SAT":  # the signer's title and name on one page
        assert "(Ký, ghi rõ họ tên)" in printed[-1]


def test_the_same_export_is_not_added_twice(surveyed: Path, tmp_path: Path) -> None:
    export = tmp_path / "phieu.csv"
    export.write_text("Ngày,Thời gian,Thái độ\n12/03/2025,5,4\n", encoding="utf-8")
    assert qmsctl(surveyed, "survey", "import", "KS-2025", str(export))[0] == 0
    before = snapshot(surveyed)
    code, output = qmsctl(surveyed, "survey", "import", "KS-2025", str(export))
    assert code == 1 and "count them twice" in output and "--again" in output
    assert snapshot(surveyed) == before
    assert qmsctl(surveyed, "survey", "import", "KS-2025", str(export), "--again")[0] == 0
    survey = load_records(surveyed).surveys[0].model
    assert len(survey.responses) == 2 and [i.rows for i in survey.imports] == [1, 1]


def test_the_analysis_sets_the_satisfaction_beside_last_years(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSCTL_TODAY", "2026-01-20")
    (demo_copy / "surveys" / "KS-2024.yaml").write_text(
        SURVEY.replace("KS-2025", "KS-2024")
        .replace("2025", "2024")
        .replace(
            "responses: []",
            "responses:\n  - {date: 2024-05-02, answers: {thoi-gian: 5, thai-do: 4, chinh-xac: 2}}\n"
            "  - {date: 2024-06-02, answers: {thoi-gian: 3, thai-do: 4}}",
        ),
        encoding="utf-8",
    )
    code, output = qmsctl(demo_copy, "analysis", "--year", "2025", "--date", "2026-01-20")
    assert code == 0, output
    text = (demo_copy / "analyses" / "2025.md").read_text(encoding="utf-8")
    # 2024: 3 satisfied answers of 6 asked = 50,00%; 2025: 101 of 144 = 70,14%: +20,14 points.
    assert "Năm 2024 (Khảo sát sự hài lòng năm 2024): tỷ lệ hài lòng chung 50,00%; thay đổi +20,14 điểm %." in text


def test_survey_stats_of_a_period_counts_its_responses_only(surveyed: Path, tmp_path: Path) -> None:
    export = tmp_path / "phieu.csv"
    export.write_text("Ngày,Thời gian,Thái độ\n12/03/2025,5,4\n13/09/2025,2,2\n", encoding="utf-8")
    assert qmsctl(surveyed, "survey", "import", "KS-2025", str(export))[0] == 0
    code, output = qmsctl(surveyed, "survey", "stats", "KS-2025", "--period", "2025-H1", "--format", "json")
    assert code == 0, output
    figures = json.loads(output)
    assert (figures["period"], figures["responses"], figures["satisfied"], figures["asked"]) == ("2025-H1", 1, 2, 3)


def test_an_unreadable_survey_or_register_is_said_never_taken_for_none(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QMSCTL_TODAY", "2026-01-20")
    survey = demo_copy / "surveys" / "KS-2025.yaml"
    survey.write_text(survey.read_text(encoding="utf-8").replace("satisfied: 4", "satisfied: [4"), encoding="utf-8")
    register = demo_copy / "risks" / "2025.yaml"
    register.write_text(register.read_text(encoding="utf-8").replace("year: 2025", "year: 2025\n\tx: 1"), "utf-8")
    for args in (
        ["survey", "stats", "KS-2025"],
        ["render", "KET-QUA-KHAO-SAT", "KS-2025", "-o", str(tmp_path / "k.docx")],
        ["render", "RUI-RO", "-p", "2025", "-o", str(tmp_path / "r.docx")],
        ["analysis", "--year", "2025"],
        ["review", "new", "--date", "2026-01-20", "--period", "2025"],
    ):
        code, output = qmsctl(demo_copy, *args)
        assert code == 1 and "There is no" not in output, (args, output)
        assert "could not be read" in output or "incomplete" in output, (args, output)
    code, output = qmsctl(demo_copy, "risk", "list", "--year", "2025")
    assert code == 0 and "Not listed: risks/2025.yaml could not be read" in output
    target = tmp_path / "report.html"
    assert qmsctl(demo_copy, "report", "--period", "2026", "-o", str(target))[0] == 0
    assert "có tệp khảo sát không đọc được" in target.read_text(encoding="utf-8")


def test_the_forms_print_the_figures_worked_out_by_hand(surveyed: Path, tmp_path: Path) -> None:
    """KET-QUA-KHAO-SAT and RUI-RO on numbers counted by hand."""
    from docx import Document

    from tests.conftest import docx_paragraphs

    export = tmp_path / "phieu.csv"
    export.write_text(
        "Ngày,Đơn vị,Thời gian,Thái độ,Tính chính xác\n"
        "12/03/2025,NC,5,4,\n"  # time 5 ✓, attitude 4 ✓, accuracy blank ✗
        "13/03/2025,NC,3,5,4\n"  # ✗ ✓ ✓
        "14/03/2025,HCTC,4,2,1\n",  # ✓ ✗ ✗
        encoding="utf-8",
    )
    assert qmsctl(surveyed, "survey", "import", "KS-2025", str(export))[0] == 0
    target = tmp_path / "ket-qua.docx"
    code, output = qmsctl(surveyed, "render", "KET-QUA-KHAO-SAT", "KS-2025", "-o", str(target), "--date", "2025-12-20")
    assert code == 0, output
    text = "\n".join(docx_paragraphs(Document(str(target))))
    # Time: 2 of 3 = 66,67%; attitude: 2 of 3; accuracy: 1 of 3 responses (the blank counts) = 33,33%,
    # answered 2; overall 5 of 9 = 55,56%; NC: 4 of 6 = 66,67%; HCTC: 1 of 3 = 33,33%.
    assert "Tỷ lệ hài lòng chung là 55,56%" in text
    for row in (["Thời gian giải quyết", "3", "2", "66,67"], ["Tính chính xác", "2", "1", "33,33"],
                ["Chung (mọi câu hỏi của mọi phiếu)", "9", "5", "55,56"],
                ["Phòng Nội chính", "2", "66,67"], ["Phòng Hành chính - Tổ chức", "1", "33,33"]):  # fmt: skip
        assert "\n".join(row) in text, row
    (surveyed / "risks").mkdir()
    (surveyed / "risks" / "2025.yaml").write_text(
        "year: 2025\nitems:\n"
        "  - {id: RR-2025-01, unit: NC, description: A, likelihood: 4, impact: 3, response: {kind: reduce, what: B}}\n"
        "  - {id: RR-2025-02, unit: NC, description: C, likelihood: 2, impact: 3}\n"
        "  - {id: CH-2025-01, type: opportunity, unit: HCTC, description: D, likelihood: 2, impact: 2}\n",
        encoding="utf-8",
    )
    target = tmp_path / "rui-ro.docx"
    code, output = qmsctl(surveyed, "render", "RUI-RO", "-p", "2025", "-o", str(target), "--date", "2025-12-20")
    assert code == 0, output
    text = "\n".join(docx_paragraphs(Document(str(target))))
    # 4 × 3 = 12 is high (from 12), 2 × 3 = 6 medium (from 6), 2 × 2 = 4 low.
    for level in ("4 × 3 = 12 (cao)", "2 × 3 = 6 (trung bình)", "2 × 2 = 4 (thấp)"):
        assert level in text, level


def test_the_analysis_printed_at_once_equals_the_one_printed_from_its_record(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx import Document

    from tests.conftest import docx_paragraphs

    monkeypatch.setenv("QMSCTL_TODAY", "2026-01-20")
    at_once, later = tmp_path / "a.docx", tmp_path / "b.docx"
    assert qmsctl(demo_copy, "analysis", "--year", "2025", "--date", "2026-01-20", "-o", str(at_once))[0] == 0
    code, output = qmsctl(demo_copy, "render", "PHAN-TICH", "-p", "2025", "-o", str(later), "--date", "2026-01-20")
    assert code == 0, output
    printed = docx_paragraphs(Document(str(at_once)))
    assert printed == docx_paragraphs(Document(str(later))) and "Lê Thị Thu Hà" in printed


def test_allowed_incomplete_the_analysis_and_the_review_say_so(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QMSCTL_TODAY", "2026-01-20")
    month = demo_copy / "tickets" / "2025" / "2025-05.yaml"
    month.write_text(month.read_text(encoding="utf-8") + "\n  - broken: [\n", encoding="utf-8")
    code, output = qmsctl(demo_copy, "analysis", "--year", "2025", "--date", "2026-01-20", "--allow-incomplete")
    assert code == 0, output
    assert "SỐ LIỆU CHƯA ĐẦY ĐỦ" in (demo_copy / "analyses" / "2025.md").read_text(encoding="utf-8")
    code, output = qmsctl(demo_copy, "review", "new", "--date", "2026-01-20", "--period", "2025", "--allow-incomplete")
    assert code == 0, output
    review = next(s.model for s in load_records(demo_copy).reviews if s.model.on.isoformat() == "2026-01-20")
    assert review.inputs["figures"].startswith("SỐ LIỆU CHƯA ĐẦY ĐỦ")


def test_the_analysis_rates_are_those_of_stats(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each unit's and procedure's row of the analysis: the processed count and on-time rate that
    `stats --by` gives for the year, judged at the same day."""
    monkeypatch.setenv("QMSCTL_TODAY", "2026-01-20")
    assert qmsctl(demo_copy, "analysis", "--year", "2025", "--date", "2026-01-20")[0] == 0
    text = (demo_copy / "analyses" / "2025.md").read_text(encoding="utf-8").split("## 2.")[1].split("## 3.")[0]
    units = {s.model.code: s.model.name for s in load_records(demo_copy).units}
    for by in ("unit", "procedure"):
        code, output = qmsctl(
            demo_copy, "stats", "--period", "2025", "--by", by, "--format", "json", "--as-of", "2026-01-20 23:59"
        )
        assert code == 0, output
        for row in json.loads(output)["rows"]:
            processed = row["processed"]
            rate = f"{processed['on_time'] / processed['total'] * 100:.2f}".replace(".", ",") + "%"
            name = units[row[by]] if by == "unit" else row[by] + " — "
            line = next(line for line in text.splitlines() if line.startswith(f"| {name}"))
            assert f"| {processed['total']} | {rate} |" in line, (row, line)
