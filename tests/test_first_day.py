"""A new agency's first day: `init` from options or an answers file, then the set-up commands,
a ticket, an action and the policy form, with `check` clean at every step."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsctl.check import check_folder
from qmsctl.cli.main import app
from qmsctl.records.load import load_records

runner = CliRunner()

INIT = [
    "--name", "Ủy ban nhân dân phường Tân An", "--parent", "Ủy ban nhân dân thành phố Cần Thơ",
    "--short", "UBND-TA", "--place", "Cần Thơ", "--head", "Nguyễn Văn An", "--head-title", "Chủ tịch",
    "--secretary", "Trần Thị Bình", "--secretary-title", "Công chức Văn phòng - Thống kê",
    "--unit", "VP=Văn phòng HĐND và UBND=hanh-chinh", "--unit", "KT=Phòng Kinh tế",
]  # fmt: skip


def qmsctl(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def errors(root: Path) -> list[str]:
    return [f"{f.code} {f.file}: {f.message}" for f in check_folder(root).findings]


def test_from_an_empty_folder_to_a_signed_policy(tmp_path: Path) -> None:
    root = tmp_path / "ho-so-iso"
    code, output = qmsctl("init", str(root), *INIT)
    assert code == 0, output
    assert errors(root) == []
    assert {"qms.yaml", "units.yaml", ".gitignore", ".pre-commit-config.yaml"} <= {p.name for p in root.iterdir()}
    assert (root / ".schemas" / "ticket.schema.json").exists()
    assert all((root / folder).is_dir() for folder in ("procedures", "documents", "objectives"))
    calendar = (root / "calendar" / "2027.yaml").read_text(encoding="utf-8")  # QMSCTL_TODAY is in 2027
    assert "Quốc khánh" in calendar and "Tết Nguyên Đán" in calendar
    log = subprocess.run(["git", "log", "--oneline"], cwd=root, capture_output=True, text=True, check=True).stdout
    assert len(log.splitlines()) == 1
    steps = [
        ["unit", "add", "TN", "--name", "Bộ phận Tiếp nhận và Trả kết quả", "--block", "hanh chinh"],
        ["procedure", "add", "QT.TN.01", "--name", "Chứng thực bản sao từ bản chính", "--group", "lien thong",
         "--unit", "tiep nhan va tra ket qua", "--working-days", "2"],
        ["ticket", "add", "--procedure", "qt.tn.01", "--received", "2027-03-02 08:00"],
        ["action", "open", "--unit", "van phong hdnd va ubnd", "--source", "other", "--description", "Thử",
         "--by", "Trần Thị Bình", "--date", "2027-03-02"],
        ["render", "BM.ST.VP.01", "-o", str(tmp_path / "chinh-sach.docx")],
        ["calendar", "add", "2028"],
        ["policy", "set", "--commitment", "Phục vụ nhân dân.", "--signer", "Nguyễn Văn An",
         "--signer-title", "CHỦ TỊCH"],
        ["unit", "rename", "kt", "--name", "Phòng Kinh tế - Hạ tầng"],
        ["procedure", "edit", "QT.TN.01", "--working-days", "3", "--correct"],  # mistyped on day one
    ]  # fmt: skip
    for step in steps:
        code, output = qmsctl("--records", str(root), *step)
        assert code == 0, (step, output)
        assert errors(root) == [], step
    records = load_records(root)
    assert [s.model.id for s in records.tickets] == ["UBND-TA-270302-0001"]
    assert records.procedures[0].model.unit == "TN" and records.procedures[0].model.duration.working_days == 3
    assert records.profile is not None and records.profile.model.policy is not None
    assert records.profile.model.policy.commitments == ["Phục vụ nhân dân."]
    assert {s.model.code: s.model.name for s in records.units}["KT"] == "Phòng Kinh tế - Hạ tầng"
    assert (root / "calendar" / "2028.yaml").exists()
    assert (tmp_path / "chinh-sach.docx").stat().st_size > 0


def test_init_refuses_a_folder_with_records(base_records: Path) -> None:
    before = (base_records / "qms.yaml").read_bytes()
    code, output = qmsctl("init", str(base_records), *INIT)
    assert code == 2 and "already holds records" in output
    assert (base_records / "qms.yaml").read_bytes() == before


def test_answers_from_a_file_with_a_wrong_answer_named_by_line_and_field(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "agency: {name: UBND xã Mỹ Khánh, short: UBND-MK, place: Cần Thơ}\n"
        "head: {name: Lê Văn C, title: Chủ tịch}\n"
        "iso_secretary: {name: Phạm Thị D}\n"
        "units:\n"
        "  - {code: VP, name: Văn phòng, block: van-phong}\n",
        encoding="utf-8",
    )
    code, output = qmsctl("init", str(tmp_path / "new"), "--from", str(answers), "--no-git")
    assert code == 2 and "answers.yaml:5" in output and "units.0.block" in output
    assert not (tmp_path / "new").exists()
    answers.write_text(answers.read_text(encoding="utf-8").replace("van-phong", "hanh-chinh"), encoding="utf-8")
    code, output = qmsctl("init", str(tmp_path / "new"), "--from", str(answers), "--no-git", "--place", "Phong Điền")
    assert code == 0, output
    profile = load_records(tmp_path / "new").profile
    assert profile is not None and profile.model.agency.place == "Phong Điền"
    assert not (tmp_path / "new" / ".git").exists()


def test_text_typed_decomposed_is_written_composed(tmp_path: Path) -> None:
    root = tmp_path / "r"
    decomposed = unicodedata.normalize("NFD", "Phòng Tư pháp")
    assert qmsctl("init", str(root), *INIT, "--no-git")[0] == 0
    code, output = qmsctl("--records", str(root), "unit", "add", "TP", "--name", decomposed)
    assert code == 0, output
    text = (root / "units.yaml").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text and "Phòng Tư pháp" in text


@pytest.mark.parametrize("value", ["khong co", "Q"])
def test_a_name_that_matches_no_unit_is_a_usage_error_listing_them(tmp_path: Path, value: str) -> None:
    root = tmp_path / "r"
    assert qmsctl("init", str(root), *INIT, "--no-git")[0] == 0
    code, output = qmsctl("--records", str(root), "procedure", "add", "QT.X.01", "--name", "X", "--group", "I",
                          "--unit", value, "--working-days", "1")  # fmt: skip
    assert code == 2 and "KT (Phòng Kinh tế)" in output


def test_decomposed_text_in_the_folder_is_flagged_and_normalize_fixes_it(base_records: Path) -> None:
    units = base_records / "units.yaml"
    units.write_text(unicodedata.normalize("NFD", units.read_text(encoding="utf-8")), encoding="utf-8")
    found = [f for f in check_folder(base_records).findings if f.code == "Y114"]
    assert [(f.file, f.severity.value) for f in found] == [("units.yaml", "warning")] and found[0].line
    code, output = qmsctl("--records", str(base_records), "normalize")
    assert code == 0 and "units.yaml" in output, output
    text = units.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert not [f for f in check_folder(base_records).findings if f.code == "Y114"]


def test_an_answer_missing_without_a_terminal_names_the_option_that_gives_it(tmp_path: Path) -> None:
    """Without a terminal init asks nothing: a missing answer names its option (U041)."""
    code, output = qmsctl("init", str(tmp_path / "new"), "--no-git", "--name", "UBND xã Mỹ Khánh")
    assert code == 2 and "agency.short" in output and "--short" in output
    given = ["--name", "UBND xã Mỹ Khánh", "--short", "UBND-MK", "--place", "Cần Thơ", "--head", "Lê Văn C"]
    given += ["--head-title", "Chủ tịch", "--secretary", "Phạm Thị D", "--secretary-title", "Công chức"]
    code, output = qmsctl("init", str(tmp_path / "new"), "--no-git", *given)
    assert code == 2 and "units" in output and "--unit" in output
    assert not (tmp_path / "new").exists()


def test_init_refuses_a_folder_holding_the_users_own_files(tmp_path: Path) -> None:
    """It committed every file there, an ID card's scan included."""
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "cccd-scan.jpg").write_bytes(b"\xff\xd8 not really")
    code, output = qmsctl("init", str(folder), *INIT)
    assert code == 2 and "cccd-scan.jpg" in output and "not empty" in output
    assert sorted(p.name for p in folder.iterdir()) == ["cccd-scan.jpg"]


def test_init_inside_a_repository_commits_only_its_own_files(tmp_path: Path) -> None:
    from tests.conftest import git

    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "-q", "-b", "main")
    (top / "ke-hoach.txt").write_text("bản nháp\n", encoding="utf-8")
    git(top, "add", "ke-hoach.txt")  # the user's own change, staged, not for qmsctl to commit
    git(top, "-c", "user.name=A", "-c", "user.email=a@b", "commit", "-q", "--allow-empty", "-m", "đầu")
    (top / "ke-hoach.txt").write_text("bản nháp 2\n", encoding="utf-8")
    git(top, "add", "ke-hoach.txt")
    code, output = qmsctl("init", str(top / "records"), *INIT)
    assert code == 0, output
    committed = git(top, "show", "--name-only", "--format=", "HEAD").split()
    assert committed and all(name.startswith("records/") for name in committed)
    assert "ke-hoach.txt" in git(top, "diff", "--cached", "--name-only")  # still staged, not committed
    assert not (top / "records" / ".pre-commit-config.yaml").exists()  # pre-commit never reads it there
    assert "files: ^records/" in " ".join(output.split())


def test_a_code_too_long_for_the_file_system_is_a_usage_error(base_records: Path) -> None:
    code = "QT." + "X" * 300
    before = sorted(p.name for p in base_records.rglob("*"))
    result, output = qmsctl(
        "--records", str(base_records), "procedure", "add", code, "--name", "Thử", "--group", "noi-bo",
        "--unit", "NC", "--working-days", "5",
    )  # fmt: skip
    assert result == 2 and "too long" in output
    assert sorted(p.name for p in base_records.rglob("*")) == before


def test_init_writes_one_hook_that_installs_qmsctl_and_matches_its_files(tmp_path: Path) -> None:
    """init's hooks were `language: system` (a commit without qmsctl on the PATH was blocked)
    and ran the check twice (the plain hook and the history hook)."""
    import re

    import yaml

    from qmsctl import __version__
    from tests.conftest import REPO

    root = tmp_path / "agency"
    code, output = qmsctl("init", str(root), *INIT)
    assert code == 0, output
    config = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert len(hooks) == 1 and hooks[0]["entry"] == "qmsctl check --since HEAD"
    assert hooks[0]["language"] == "python" and hooks[0]["additional_dependencies"] == [f"qmsctl=={__version__}"]
    shipped = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["files"] for hook in shipped} == {hooks[0]["files"]}  # one pattern for both
    made = [p.relative_to(root).as_posix() for p in root.rglob("*.yaml") if not p.name.startswith(".")]
    assert made and all(re.search(hooks[0]["files"], file) for file in made)
    # What init writes for the agency's repository speaks Vietnamese, as its users do.
    assert "kiểm tra trước mỗi lần commit" in (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "Biểu mẫu lập từ hồ sơ" in (root / ".gitignore").read_text(encoding="utf-8")


def test_init_in_a_terminal_asks_again_after_a_mistake_and_confirms_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qmsctl.cli import editing, setup_cmds

    monkeypatch.setattr(editing, "interactive", lambda: True)
    monkeypatch.setattr(setup_cmds, "interactive", lambda: True)
    root = tmp_path / "ho-so"
    answers = "\n".join(
        [
            "Ủy ban nhân dân phường Tân Hòa", "Ủy ban nhân dân thành phố Cần Thơ", "UBND-TH", "Cần Thơ",
            "Nguyễn Văn Bảy", "Chủ tịch", "Trần Thị Bình", "Công chức Văn phòng",
            "VP", "Văn phòng HĐND và UBND", "khong biet", "hanh chinh", "Lê Văn Tư",  # a wrong block, asked again
            "", "7h-11h", "07:00-11:30,13:30-17:00", "16h", "16:00",  # wrong hours and cutoff, asked again
            "y",
        ]
    ) + "\n"  # fmt: skip
    result = runner.invoke(app, ["init", str(root), "--no-git", "--year", "2026"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Mã đơn vị ()" not in result.output and "Unit code ()" not in result.output
    assert "VP: Văn phòng HĐND và UBND" in result.output  # the summary before the question
    profile = load_records(root).profile
    assert profile is not None and profile.model.calendar.cutoff is not None
    assert str(profile.model.calendar.cutoff) == "16:00:00"
    (unit,) = load_records(root).units
    assert (unit.model.block, unit.model.head) == ("hanh-chinh", "Lê Văn Tư")
    assert errors(root) == []


def test_init_in_a_terminal_writes_nothing_when_not_confirmed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsctl.cli import editing, setup_cmds

    monkeypatch.setattr(editing, "interactive", lambda: True)
    monkeypatch.setattr(setup_cmds, "interactive", lambda: True)
    root = tmp_path / "ho-so"
    result = runner.invoke(app, ["init", str(root), *INIT, "--no-git", "--cutoff", "16:00"], input="\nn\n")
    assert result.exit_code == 1 and "Nothing was written" in result.output
    assert not (root / "qms.yaml").exists()


def test_procedure_add_in_a_terminal_asks_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsctl.cli import editing, setup_cmds

    root = tmp_path / "ho-so"
    assert qmsctl("init", str(root), *INIT, "--no-git")[0] == 0
    monkeypatch.setattr(editing, "interactive", lambda: True)
    monkeypatch.setattr(setup_cmds, "interactive", lambda: True)
    editing.folder_records.cache_clear()
    result = runner.invoke(
        app,
        ["--records", str(root), "procedure", "add", "QT.KT.01", "--name", "Cấp phép", "--unit", "KT", "--group", "I"],
        input="mười lăm ngày\n15 ngày làm việc\n",
    )
    editing.folder_records.cache_clear()
    assert result.exit_code == 0, result.output
    assert "15 ngày làm việc" in result.output  # the allowed forms said after the wrong answer
    procedure = load_records(root).procedures[0].model
    assert procedure.current_duration.working_days == 15
