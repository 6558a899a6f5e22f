"""The console examples of the README and of the guide (docs/guide), run as a reader would run them.

Every ```console block of a page is a session (a page's blocks share one scratch folder): `$ ` lines
are commands (a line ending in `\\` goes on), the lines after them are what they print. The blocks
run in order, in one scratch folder holding a git copy of the demo `records/` and `.venv/bin/qmsctl`
(and an empty home), on 23/11/2026, with no language set (so in Vietnamese, qmsctl's default); a
`cd` carries over. An output ending in a line `…` shows only its first lines. Timings ("(0.52 s)")
are not compared.

    python -m tests.readme_examples          # rewrite the README's and the guide's outputs from the tool
    python -m tests.readme_examples docs/guide/git.md   # one page
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
GUIDE = REPO / "docs" / "guide"


def pages() -> list[Path]:
    """The README and every page of the guide: each one's console examples are run."""
    return [README, *sorted(GUIDE.glob("*.md")), *sorted((REPO / "docs" / "dev").glob("*.md"))]


BLOCK = re.compile(r"^(?P<indent> *)```console\n(?P<body>.*?)^(?P=indent)```$", re.S | re.M)
TIMING = re.compile(r"\(\d+\.\d+ s\)")
MORE = "…"


@dataclass
class Step:
    command: list[str]  # its lines, as written
    output: list[str]

    @property
    def shell(self) -> str:
        return "\n".join(line[2:] if i == 0 else line for i, line in enumerate(self.command))


def steps(body: str) -> list[Step]:
    found: list[Step] = []
    continued = False
    for line in body.splitlines():
        if line.startswith("$ ") or continued:
            if continued:
                found[-1].command.append(line)
            else:
                found.append(Step([line], []))
            continued = line.rstrip().endswith("\\")
        elif found:
            found[-1].output.append(line)
    return found


def workspace() -> Path:
    """A scratch folder as a fresh clone has it after `make demo`: records/ in git, .venv/bin/qmsctl."""
    root = Path(tempfile.mkdtemp(prefix="qmsctl-readme-")) / "qmsctl"
    shutil.copytree(REPO / "records", root / "records")
    (root / ".gitignore").write_text(".venv/\n", encoding="utf-8")
    (root.parent / "home").mkdir()
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "qmsctl").symlink_to(Path(sys.executable).parent / "qmsctl")
    env = environment(root)
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Hồ sơ mẫu"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True, capture_output=True)
    return root


def environment(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QMSCTL_", "LC_", "LANG"))}
    env.update(
        {
            "PATH": f"{root / '.venv' / 'bin'}{os.pathsep}{env['PATH']}",
            "QMSCTL_TODAY": "2026-11-23",
            "COLUMNS": "100",
            "TERM": "dumb",
            "XDG_CACHE_HOME": str(root.parent / "cache"),
            "HOME": str(root.parent / "home"),
            "GIT_AUTHOR_NAME": "Lê Thị Thu Hà",
            "GIT_AUTHOR_EMAIL": "iso@vpub.cantho.gov.vn",
            "GIT_COMMITTER_NAME": "Lê Thị Thu Hà",
            "GIT_COMMITTER_EMAIL": "iso@vpub.cantho.gov.vn",
        }
    )
    return env


def run(step: Step, root: Path) -> list[str]:
    """Run one command where the last one left the shell (a `cd` carries over, as in a terminal)."""
    where = root.parent / "cwd"
    cwd = where.read_text(encoding="utf-8").strip() if where.exists() else str(root)
    script = f"{{\n{step.shell}\n}} 2>&1\npwd > {where}"
    done = subprocess.run(["bash", "-c", script], cwd=cwd, env=environment(root), capture_output=True, text=True)
    lines = [line.rstrip() for line in done.stdout.splitlines()]
    if step.output and step.output[-1] == MORE:
        lines = [*lines[: len(step.output) - 1], MORE]
    return lines


def comparable(lines: list[str]) -> list[str]:
    return [TIMING.sub("(… s)", line) for line in lines]


def sessions(text: str) -> list[tuple[re.Match[str], list[Step]]]:
    return [(match, steps(dedent(match["body"], match["indent"]))) for match in BLOCK.finditer(text)]


def dedent(body: str, indent: str) -> str:
    return "\n".join(line.removeprefix(indent) for line in body.splitlines())


def regenerate(text: str) -> str:
    """The README with every example's output as the tool prints it now."""
    root = workspace()
    try:
        pieces, last = [], 0
        for match, session in sessions(text):
            lines: list[str] = []
            for step in session:
                lines += step.command + run(step, root)
            indent = match["indent"]
            body = "".join(f"{indent}{line}\n" if line else "\n" for line in lines)
            pieces += [text[last : match.start("body")], body]
            last = match.end("body")
        return "".join(pieces) + text[last:]
    finally:
        shutil.rmtree(root.parent, ignore_errors=True)


if __name__ == "__main__":
    for page in pages() if sys.argv[1:] == [] else [Path(a) for a in sys.argv[1:]]:
        text = page.read_text(encoding="utf-8")
        if sessions(text):
            page.write_text(regenerate(text), encoding="utf-8")
