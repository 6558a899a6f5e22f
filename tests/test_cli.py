"""The command line through typer's runner, and once through the installed console script."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsctl.cli.main import _name, app, only_the_command_named
from qmsctl.findings import UserError
from qmsctl.records.folder import find_records_folder
from tests.conftest import REPO

runner = CliRunner()


def broken(base: Path) -> Path:
    (base / "procedures/QT.NC.01.yaml").write_text(
        "code: QT.NC.01\nname: Bổ nhiệm\ngroup: lien-thong\nunit: NC\nduration: {working_days: 5}\nnam: x\n",
        encoding="utf-8",
    )
    return base


def test_check_clean_folder_exits_0(base_records: Path) -> None:
    result = runner.invoke(app, ["--records", str(base_records), "check"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_check_with_findings_exits_1_and_names_file_line_and_hint(base_records: Path) -> None:
    result = runner.invoke(app, ["--records", str(broken(base_records)), "check"])
    assert result.exit_code == 1
    assert "QT.NC.01.yaml:6:1" in result.output
    assert "S201" in result.output and "Unknown key 'nam'" in result.output
    assert "Did you mean 'name'?" in result.output


def test_check_json(base_records: Path) -> None:
    result = runner.invoke(app, ["--records", str(broken(base_records)), "check", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"errors": 1, "warnings": 0, "files": 9}
    (finding,) = data["findings"]
    assert finding["code"] == "S201" and finding["line"] == 6 and finding["column"] == 1
    assert finding["file"].endswith("procedures/QT.NC.01.yaml")
    assert finding["severity"] == "error"


def test_check_github_annotations(base_records: Path) -> None:
    result = runner.invoke(app, ["--records", str(broken(base_records)), "check", "--format", "github"])
    assert result.exit_code == 1
    (line,) = result.stdout.strip().splitlines()
    assert line.startswith("::error file=") and ",line=6,col=1,title=S201::" in line
    assert "Unknown key 'nam'" in line


def test_warnings_fail_only_with_strict(base_records: Path) -> None:
    (base_records / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    assert runner.invoke(app, ["--records", str(base_records), "check"]).exit_code == 0
    assert runner.invoke(app, ["--records", str(base_records), "check", "--strict"]).exit_code == 1


def test_messages_in_vietnamese(base_records: Path) -> None:
    result = runner.invoke(app, ["--records", str(broken(base_records)), "--lang", "vi", "check"])
    assert "Khóa không hợp lệ 'nam'" in result.output
    assert "Có phải ý bạn là 'name'?" in result.output
    assert "1 lỗi, 0 cảnh báo" in result.output


def test_language_from_the_environment(base_records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSCTL_LANG", "vi")
    result = runner.invoke(app, ["--records", str(base_records), "check"])
    assert "0 lỗi" in result.output


def test_summary(demo: Path) -> None:
    result = runner.invoke(app, ["--records", str(demo), "summary"])
    assert result.exit_code == 0
    assert "Văn phòng Ủy ban nhân dân thành phố Cần Thơ" in result.output
    assert "liên thông 11" in result.output


def test_schema_writes_a_file_per_kind(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--records", str(tmp_path), "schema", "-o", str(tmp_path / "s")])
    assert result.exit_code == 0
    ticket = json.loads((tmp_path / "s/ticket.schema.json").read_text(encoding="utf-8"))
    one = ticket["else"]  # a file of one ticket; a list file is `then`, an array of the same
    assert ticket["then"] == {"type": "array", "items": one} and ticket["if"] == {"type": "array"}
    assert {"id", "procedure", "received", "pauses"} <= set(one["properties"])
    assert one["additionalProperties"] is False


def test_demo_schemas_are_current_and_referenced(demo: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["--records", str(demo), "schema", "-o", str(tmp_path)])
    for fresh in tmp_path.iterdir():
        assert (demo / ".schemas" / fresh.name).read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8")
    for path in [*demo.glob("*.yaml"), *demo.glob("*/**/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# yaml-language-server: $schema="):
            assert (path.parent / first.split("=", 1)[1]).resolve().is_file(), path


def test_finds_its_folder(tmp_path: Path, base_records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inner = base_records / "tickets/2025"
    assert find_records_folder(cwd=inner) == base_records  # upward search for qms.yaml
    assert find_records_folder(cwd=tmp_path) == base_records  # ./records
    monkeypatch.setenv("QMSCTL_RECORDS", str(base_records))
    assert find_records_folder(cwd=Path("/")) == base_records
    assert find_records_folder(Path("records"), cwd=tmp_path) == base_records  # --records wins
    with pytest.raises(UserError):
        find_records_folder(Path("nowhere"), cwd=tmp_path)


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    script = shutil.which("qmsctl", path=str(Path(sys.executable).parent))
    assert script, "the console script is installed with the package"
    done = subprocess.run([script, "--records", str(tmp_path / "none"), "check"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "does not exist" in done.stderr and "Traceback" not in done.stderr


def test_console_script_checks_the_demo(demo: Path) -> None:
    script = shutil.which("qmsctl", path=str(Path(sys.executable).parent))
    assert script
    env = {**os.environ, "QMSCTL_LANG": "en"}
    done = subprocess.run(
        [script, "check", "--format", "json"], capture_output=True, text=True, cwd=demo.parent, env=env
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["errors"] == 0


def test_console_script_ends_with_its_code_and_all_its_output(demo: Path, base_records: Path) -> None:
    """The process ends without the interpreter's teardown: its code and every byte it wrote stand."""
    script = shutil.which("qmsctl", path=str(Path(sys.executable).parent))
    assert script
    env = {**os.environ, "QMSCTL_LANG": "en"}
    line = [script, "--records", str(broken(base_records)), "check", "--format", "json"]
    done = subprocess.run(line, capture_output=True, text=True, env=env)
    assert done.returncode == 1 and "S201" in done.stdout and json.loads(done.stdout)["summary"]["errors"] > 0
    line = [script, "--records", str(demo), "stats", "--period", "2026", "--format", "json"]
    done = subprocess.run(line, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == runner.invoke(app, line[1:], env=env).output


def test_usage_errors_exit_2(base_records: Path) -> None:
    assert runner.invoke(app, ["--records", str(base_records), "check", "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["chek"]).exit_code == 2


def test_records_option_after_the_command(base_records: Path) -> None:
    result = runner.invoke(app, ["check", "--records", str(broken(base_records))])
    assert result.exit_code == 1 and "S201" in result.output


def test_version_alone_prints_the_version() -> None:
    import qmsctl

    result = CliRunner().invoke(app, ["--lang", "en", "--version"])
    assert result.exit_code == 0
    # From a git checkout that is not the release's tag, the commit it runs is named too.
    assert re.fullmatch(
        rf"qmsctl {re.escape(qmsctl.__version__)}( \(commit \S+, not a release\))?", result.output.strip()
    )
    if (REPO / ".git").exists():
        commit = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
        assert commit.stdout.strip() in result.output


def every_command_line() -> list[list[str]]:
    lines = []
    for info in app.registered_commands:
        lines.append([_name(info)])
    for group in app.registered_groups:
        assert group.name and group.typer_instance
        lines.append([group.name])
        lines.extend([group.name, _name(info)] for info in group.typer_instance.registered_commands)
    return lines


def test_a_command_line_builds_only_its_command_and_reads_the_same() -> None:
    lines = every_command_line()
    assert len(lines) > 40
    for words in lines:
        arguments = ["--records", "somewhere", "--lang", "en", *words, "--help"]
        whole = runner.invoke(app, arguments)
        with only_the_command_named(arguments):
            held = len(app.registered_commands) + len(app.registered_groups)
            assert held == 1, words
            alone = runner.invoke(app, arguments)
        assert alone.exit_code == whole.exit_code == 0, words
        assert alone.output == whole.output, words
    assert len(app.registered_commands) + len(app.registered_groups) > 10  # all put back


def test_a_line_naming_no_command_finds_them_all() -> None:
    for arguments in (["--help"], ["chek"], ["--records", "check"], ["ticket", "ad"]):
        whole = runner.invoke(app, arguments)
        with only_the_command_named(arguments):
            alone = runner.invoke(app, arguments)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output), arguments


@pytest.mark.parametrize("where", ["folder", "above", "inside", "elsewhere"])
def test_a_findings_file_is_shown_relative_to_the_working_folder_when_inside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    from qmsctl.cli.output import shown_path

    root = tmp_path / "records"
    (root / "tickets").mkdir(parents=True)
    monkeypatch.chdir({"folder": root, "above": tmp_path, "inside": root / "tickets", "elsewhere": "/"}[where])
    for file in ("qms.yaml", "tickets/2026/a.yaml", ""):
        path = root / file
        expected = os.path.relpath(path, Path.cwd()) if path.is_relative_to(Path.cwd()) else str(path)
        assert shown_path(root, file) == expected


def test_each_command_is_found_in_the_module_that_registers_it() -> None:
    from qmsctl.cli.main import COMMAND_MODULES, MODULE_OF

    everything = app  # every module imported
    where = {_name(info): info.callback.__module__ for info in everything.registered_commands if info.callback}
    for group in everything.registered_groups:
        assert group.name and group.typer_instance
        (module,) = {info.callback.__module__ for info in group.typer_instance.registered_commands if info.callback}
        where[group.name] = module
    assert {name: f"qmsctl.cli.{module}" for name, module in MODULE_OF.items()} == where
    assert set(MODULE_OF.values()) == set(COMMAND_MODULES)


def test_a_command_line_imports_the_module_of_its_command_alone(demo: Path) -> None:
    from qmsctl.cli.main import COMMAND_MODULES

    code = (
        "import sys; from qmsctl.cli.main import registered; registered(sys.argv[1:]); "
        "print(sorted(m for m in sys.modules if m.startswith('qmsctl.cli.') and m.endswith('_cmds')))"
    )
    for line, modules in (
        (["--records", str(demo), "check"], ["qmsctl.cli.records_cmds"]),
        (["due", "X"], ["qmsctl.cli.figures_cmds"]),
        (["chek"], [f"qmsctl.cli.{module}" for module in sorted(COMMAND_MODULES)]),  # a typo: all, to suggest
    ):
        done = subprocess.run([sys.executable, "-c", code, *line], capture_output=True, text=True, check=True)
        assert done.stdout.strip() == repr(modules), line


@pytest.mark.parametrize("named", [[], ["action"], ["ticket"]])
def test_a_command_named_alone_shows_its_help_once(named: list[str], tmp_path: Path) -> None:
    """`qmsctl` or `qmsctl action` with nothing after it once printed its usage, a 'Try --help'
    line, then 'Error:' and the whole help again."""
    english = {**os.environ, "QMSCTL_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "qmsctl", *named], capture_output=True, text=True, cwd=tmp_path, env=english
    )
    assert done.returncode == 2
    assert done.stderr.count("Usage:") == 1 and "Error" not in done.stderr and "Try '" not in done.stderr
    assert "Commands:" in done.stderr and not done.stdout


@pytest.mark.parametrize(("language", "said"), [("en", "(Did you mean: 'check'"), ("vi", "(Có phải là: 'check'")])
def test_a_mistyped_command_is_told_the_command_meant(language: str, said: str, tmp_path: Path) -> None:
    """typer suggests the command meant; its words were cut off with the untranslated sentence."""
    spoken = {**os.environ, "QMSCTL_LANG": language}
    done = subprocess.run(
        [sys.executable, "-m", "qmsctl", "chek"], capture_output=True, text=True, cwd=tmp_path, env=spoken
    )
    assert done.returncode == 2 and said in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", ["0 done", "1 findings", "2 wrong usage", "3 an error of qmsctl", "130 interrupted", "141 the reader"]),
     ("vi", ["0 xong", "1 có phát hiện", "2 dùng sai", "3 lỗi của chính qmsctl", "130 bị ngắt", "141 nơi nhận"])],
)  # fmt: skip
def test_the_help_states_the_exit_codes(language: str, said: list[str]) -> None:
    """Exit code 3 (an error of qmsctl, with its log) was documented nowhere."""
    result = CliRunner().invoke(app, ["--lang", language, "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert all(words in text for words in said) and "docs/findings.md" in text


def _leaves() -> list[tuple[str, object]]:
    import typer

    found: list[tuple[str, object]] = []

    def walk(command: object, path: str) -> None:
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{path} {name}".strip())
        else:
            found.append((path, command))

    walk(typer.main.get_command(app), "")
    return found


def test_every_command_has_examples_that_parse() -> None:
    """No --help showed an example; each command's now ends with one or two ("Ví dụ:"), and each
    example names options and arguments the command takes."""
    import shlex

    from qmsctl.cli.examples import EXAMPLES

    leaves = dict(_leaves())
    assert set(EXAMPLES) == set(leaves)
    for path, examples in EXAMPLES.items():
        for example in examples:
            words = shlex.split(example)
            assert words[: 1 + len(path.split())] == ["qmsctl", *path.split()], example
            command = leaves[path]
            command.make_context(path, words[1 + len(path.split()) :])  # type: ignore[attr-defined]


@pytest.mark.parametrize(("language", "heading"), [("vi", "Ví dụ:"), ("en", "Examples:")])
def test_every_help_ends_with_its_examples(language: str, heading: str) -> None:
    for path, _command in _leaves():
        result = CliRunner().invoke(app, ["--lang", language, *path.split(), "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert heading in result.output and f"qmsctl {path}" in result.output.split(heading, 1)[1], path
