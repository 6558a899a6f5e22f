"""Under `--lang vi` no English reaches the user: every command's help, the parser's own
errors (missing and wrong options, unknown commands), and the commands' messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsctl.cli.main import app, command_paths

runner = CliRunner()

# English words a Vietnamese sentence never holds (grammar words, the parser's own words):
# one of them in a help screen or a message is a string that was not translated.
ENGLISH = set(
    "the and of is are for with from or by this its an be not default required usage options commands "
    "show exit missing invalid error try which when what that has have will only also each every into "
    "than given no such did you mean aborted".split()
)
# What stays as typed in any language: option names, metavars and choices, codes, commands.
_LITERAL = re.compile(r"--?[\w-]+|<[^>]*>|\[[A-Z.]+\]|\b[A-Z]{2,}[\w.\-]*|'[^']*'|\b[\w-]+\|[\w|-]+")


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]+", _LITERAL.sub(" ", text)) if w.lower() in ENGLISH}


PATHS = command_paths()


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p) or "qmsctl" for p in PATHS])
def test_every_help_screen_is_vietnamese(path: list[str]) -> None:
    result = runner.invoke(app, ["--lang", "vi", *path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Cách dùng:" in result.output and "Tùy chọn" in result.output
    assert english_words(result.output) == set(), result.output


def test_the_help_is_english_again_under_lang_en() -> None:
    assert runner.invoke(app, ["--lang", "vi", "stats", "--help"]).output.startswith("Cách dùng:")
    assert "On-time figures" in runner.invoke(app, ["--lang", "en", "stats", "--help"]).output


ERRORS = [
    ["stats"],  # a required option missing
    ["stats", "--period", "2026", "--format", "xml"],  # a value not among the choices
    ["check", "--nope"],  # no such option
    ["chek"],  # no such command
    ["due"],  # a missing argument
    ["agenda", "--days", "many"],  # not a number
    ["due", "KHONG-CO"],  # the command's own error: no such ticket
    ["stats", "--period", "2026-13"],  # a period that cannot be
    ["render", "BM.KHONG.CO"],
    ["ticket", "add", "--procedure", "QT.KHONG.CO", "--received", "2026-03-02 08:00"],
]


@pytest.mark.parametrize("args", ERRORS, ids=[" ".join(a) for a in ERRORS])
def test_errors_are_vietnamese(args: list[str], demo: Path, tmp_path: Path) -> None:
    import shutil

    records = tmp_path / "records"
    shutil.copytree(demo, records)
    result = runner.invoke(app, ["--lang", "vi", "--records", str(records), *args])
    assert result.exit_code in (1, 2), result.output
    assert english_words(result.output) == set(), result.output
    assert "Lỗi" in result.output or "lỗi" in result.output


def test_only_vietnamese_and_english_are_spoken() -> None:
    result = runner.invoke(app, ["--lang", "fr", "check"])
    assert result.exit_code == 2 and "'fr'" in result.output


def test_vietnamese_is_the_default_where_no_locale_says_english(monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsctl.i18n import detect_language

    monkeypatch.delenv("QMSCTL_LANG")
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert detect_language() == "vi"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert detect_language() == "vi"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert detect_language() == "en"
    assert detect_language("vi") == "vi"


def test_completing_a_ticket_says_its_result_in_vietnamese(tmp_path: Path) -> None:
    """`ticket complete` said "UBND-TH-…: done — đã ghi"."""
    import shutil

    from tests.conftest import DEMO

    root = tmp_path / "records"
    shutil.copytree(DEMO, root)
    command = ["--lang", "vi", "--records", str(root), "ticket", "complete", "000.00.19.H13-261109-0001", "--at",
               "2026-11-20 10:00"]  # fmt: skip
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "000.00.19.H13-261109-0001: đã trả kết quả — đã ghi" in result.output and " done" not in result.output
    again = CliRunner().invoke(app, command)
    assert again.exit_code != 0 and "(đã trả kết quả lúc 2026-11-20 10:00)" in again.output


@pytest.mark.parametrize("written", ["31/02/2026", "31/02/2026 10:00", "29/02/2025"])
def test_an_impossible_date_typed_day_first_is_never_turned_into_a_suggestion(written: str) -> None:
    """31/02/2026 was told "dates are written year first: 2026-02-31 10:00", an impossible date."""
    from qmsctl.records.values import DateProblem, parse_moment

    with pytest.raises(DateProblem) as refused:
        parse_moment(written)
    assert "-02-" not in str(refused.value) and written in str(refused.value)


def test_a_real_date_typed_day_first_is_shown_year_first() -> None:
    from qmsctl.records.values import parse_moment

    with pytest.raises(ValueError, match="2026-03-05 10:00"):
        parse_moment("05/03/2026 10:00")


def test_names_match_whatever_the_punctuation_and_a_group_as_procedure_add_reads_it(tmp_path: Path) -> None:
    """`--unit "kinh te"` did not find "Phòng Kinh tế, Hạ tầng và Đô thị" (the comma); `objective
    add --group "lien thong"` failed where `procedure add --group "lien thong"` worked."""
    import shutil

    from qmsctl.agency import match_choice
    from tests.conftest import DEMO

    units = {"KT": "Phòng Kinh tế, Hạ tầng và Đô thị", "NC": "Phòng Nội chính"}
    assert match_choice("kinh te", units, "--unit") == "KT"
    assert match_choice("Kinh tế, hạ tầng", units, "--unit") == "KT"
    assert match_choice("qt.nc.01", {"QT.NC.01": "Bổ nhiệm giám định viên"}, "--procedure") == "QT.NC.01"
    root = tmp_path / "records"
    shutil.copytree(DEMO, root)
    command = ["--records", str(root), "objective", "add", "--year", "2027", "--text", "Liên thông đúng hạn",
               "--target", ">= 98%", "--kind", "on_time_rate", "--group", "lien thong"]  # fmt: skip
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert "group: lien-thong" in (root / "objectives/2027.yaml").read_text(encoding="utf-8")


def test_the_usage_line_is_vietnamese() -> None:
    """`[OPTIONS] COMMAND [ARGS]...` stayed English in every usage line under --lang vi."""
    for words in (["--help"], ["ticket", "--help"], ["ticket", "add", "--help"]):
        vi = CliRunner().invoke(app, ["--lang", "vi", *words]).output.splitlines()[0]
        en = CliRunner().invoke(app, ["--lang", "en", *words]).output.splitlines()[0]
        assert vi.startswith("Cách dùng: qmsctl") and "[TÙY CHỌN]" in vi and "OPTIONS" not in vi
        assert en.startswith("Usage: qmsctl") and "[OPTIONS]" in en
    assert "LỆNH [ĐỐI SỐ]..." in CliRunner().invoke(app, ["--lang", "vi", "--help"]).output


def test_a_scripted_first_day_speaks_vietnamese(tmp_path: Path) -> None:
    """Every message of a new agency's first day under --lang vi, mistakes included: no English
    word outside codes, ids, paths and options."""
    root = tmp_path / "ho-so"
    day = [
        ["init", str(root), "--name", "Ủy ban nhân dân phường Tân Hòa", "--short", "UBND-TA", "--place", "Cần Thơ",
         "--head", "Nguyễn Văn Bảy", "--secretary", "Trần Thị Bình", "--unit", "VP=Văn phòng HĐND và UBND=hanh-chinh",
         "--unit", "KT=Phòng Kinh tế=tham-muu", "--year", "2026", "--no-git"],
        ["--records", str(root), "procedure", "add", "QT.KT.01", "--name", "Cấp phép xây dựng", "--unit", "kinh te",
         "--group", "lien thong", "--working-days", "15"],
        ["--records", str(root), "procedure", "add", "QT.KT.02", "--name", "Cấp phép", "--unit", "khong co",
         "--group", "lien thong", "--working-days", "15"],
        ["--records", str(root), "ticket", "add", "--procedure", "QT.KT.01", "--received", "2026-11-20 09:30",
         "--id", "UBND-TA-1"],
        ["--records", str(root), "ticket", "add", "--procedure", "QT.KT.1", "--received", "31/02/2026 09:30"],
        ["--records", str(root), "ticket", "step", "UBND-TA-1", "--by", "Trần Thị Bình", "--action", "Thẩm định",
         "--at", "2026-11-20 14:00"],
        ["--records", str(root), "ticket", "complete", "UBND-TA-1", "--outcome", "done", "--at", "2026-11-21 10:00"],
        ["--records", str(root), "ticket", "complete", "UBND-TA-1", "--outcome", "done", "--at", "2026-11-21 10:00"],
        ["--records", str(root), "action", "open", "--unit", "KT", "--source", "phan hoi", "--description", "Chậm",
         "--by", "Trần Thị Bình", "--date", "2026-11-21"],
        ["--records", str(root), "risk", "add", "2026", "--unit", "KT", "--description", "Trễ hạn", "--likelihood",
         "4", "--impact", "4", "--date", "2026-11-21"],
        ["--records", str(root), "check"],
        ["--records", str(root), "risk", "list"],
        ["--records", str(root), "survey", "new", "KS-2026", "--period", "2026"],
        ["--records", str(root), "survey", "stats", "KS-2026", "--by", "unit"],
        ["--records", str(root), "survey", "stats", "KS-2027"],
        ["--records", str(root), "analysis", "--year", "2026", "--date", "2026-11-23"],
        ["--records", str(root), "stats", "--period", "2026-11"],
        ["--records", str(root), "due", "UBND-TA-1"],
        ["--records", str(root), "agenda"],
    ]  # fmt: skip
    said = []
    for args in day:
        result = runner.invoke(app, ["--lang", "vi", *args], env={"QMSCTL_TODAY": "2026-11-23"})
        said.append(result.output)
        assert "Traceback" not in result.output
        found = english_words(result.output)
        assert not found, (args, found, result.output)
    assert "K901" in said[10] and "phiếu; hài lòng" in said[13]  # the check and the survey spoke


def test_the_csv_of_stats_has_vietnamese_headers_under_vi_and_the_field_names_under_en(demo: Path) -> None:
    vi = runner.invoke(app, ["--lang", "vi", "--records", str(demo), "stats", "--period", "2026-03", "--format", "csv"])
    en = runner.invoke(app, ["--lang", "en", "--records", str(demo), "stats", "--period", "2026-03", "--format", "csv"])
    vi_header, en_header = vi.output.splitlines()[0].split(","), en.output.splitlines()[0].split(",")
    assert vi_header[:4] == ["quy trình", "nhóm", "tên", "tiếp nhận"] and vi_header[-1] == "tỷ lệ đúng hạn"
    assert en_header[:4] == ["procedure", "group", "name", "received"] and len(vi_header) == len(en_header)
    assert vi.output.splitlines()[1:] == en.output.splitlines()[1:]  # the same figures
