"""Shell completion in a real bash: the script qmsctl prints is sourced, Tab is simulated, and
the ids and codes of the folder come back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.completion import get_completion_script

BASH = shutil.which("bash")
SCRIPT = Path(sys.executable).parent / "qmsctl"


def complete(words: list[str], records: Path) -> list[str]:
    assert BASH, "bash is part of every machine the tests run on"
    env = {**os.environ, "PATH": f"{SCRIPT.parent}{os.pathsep}{os.environ['PATH']}"}
    # What `qmsctl --show-completion bash` prints (that option finds the shell from the process
    # tree, which a test runner does not have).
    script = get_completion_script(prog_name="qmsctl", complete_var="_QMSCTL_COMPLETE", shell="bash")
    line = " ".join(words)
    program = (
        f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
        '_qmsctl_completion qmsctl; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run([BASH, "-c", program], capture_output=True, text=True, env=env, cwd=records.parent)
    assert done.returncode == 0, done.stderr
    return [w for w in done.stdout.splitlines() if w]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["qmsctl", "due", "000.00.19.H13-2503"], "000.00.19.H13-250303-0001"),
        (["qmsctl", "action", "close", "CAR-"], "CAR-2025-001"),
        (["qmsctl", "doc", "approve", "QT"], "QT.CTCL"),
        (["qmsctl", "stats", "--unit", "HC"], "HCTC"),
        (["qmsctl", "ticket", "add", "--procedure", "QT.H"], "QT.HCTC.01"),
        (["qmsctl", "sta"], "stats"),
        (["qmsctl", "render", "PHIEU-X"], "PHIEU-XIN-LOI"),  # the forms, and the documents' codes
        (["qmsctl", "render", "QT.C"], "QT.CTCL"),
    ],
)
def test_tab_offers_what_the_folder_holds(base_records: Path, words: list[str], expected: str) -> None:
    offered = complete(words, base_records)
    assert expected in offered, offered
    assert all(o.startswith(words[-1]) for o in offered)


def test_the_forms_offered_are_those_render_makes() -> None:
    from qmsctl.cli.completion import FORMS
    from qmsctl.forms.render import FORMS as MADE

    assert set(FORMS) == {*MADE, "pack"} - {"TAI-LIEU"}  # a document is rendered by its own code


@pytest.mark.parametrize(("shell", "first"), [("zsh", "#compdef qmsctl"), ("fish", "complete --command qmsctl")])
def test_the_completion_script_is_the_named_shells(shell: str, first: str) -> None:
    """`--show-completion zsh` and `fish` printed bash's script (typer's option detects the shell
    it runs in and ignores a name given after it)."""
    done = subprocess.run([str(SCRIPT), "--show-completion", shell], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(first) and "COMPREPLY" not in done.stdout


def test_install_completion_speaks_vietnamese(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "QMSCTL_"))}
    env.update({"HOME": str(tmp_path), "SHELL": "/bin/bash"})
    done = subprocess.run(
        [str(Path(sys.executable).parent / "qmsctl"), "--install-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Đã cài gợi ý hoàn thành lệnh cho bash" in done.stdout and "installed" not in done.stdout
    assert "_QMSCTL_COMPLETE" in (tmp_path / ".bash_completions" / "qmsctl.sh").read_text(encoding="utf-8")

    done = subprocess.run(
        [str(Path(sys.executable).parent / "qmsctl"), "--lang", "en", "--install-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "Completion for bash installed in" in done.stdout, done.stdout + done.stderr
