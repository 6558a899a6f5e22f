"""Write the guide's command reference from the CLI itself: every command's `--help`, in
Vietnamese (docs/guide/lenh.md) and in English (docs/guide/commands.md). A test holds the
committed pages equal to what this writes.

    python scripts/make_reference.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide"
PAGES = {
    "vi": (
        "lenh.md",
        "Tra cứu lệnh",
        "Mọi lệnh của qmsctl với phần hướng dẫn `--help` của nó, đúng như chương trình in ra.",
    ),
    "en": (
        "commands.md",
        "Command reference (English)",
        "Every qmsctl command with its `--help`, as the program prints it.",
    ),
}


def help_text(language: str, path: list[str]) -> str:
    from typer.testing import CliRunner

    from qmsctl.cli.main import registered

    result = CliRunner().invoke(
        registered([]), ["--lang", language, *path, "--help"], env={"COLUMNS": "100", "TERM": "dumb"}
    )
    return "\n".join(line.rstrip() for line in result.output.splitlines()).strip("\n")


def page(language: str) -> str:
    _file, title, intro = PAGES[language]
    lines = [f"# {title}", "", intro, ""]
    from qmsctl.cli.main import command_paths

    for path in command_paths():
        name = " ".join(["qmsctl", *path])
        lines += [f"## {name}", "", "```text", help_text(language, path), "```", ""]
    return "\n".join(lines)


def main() -> None:
    os.environ.pop("QMSCTL_LANG", None)
    for language, (file, _title, _intro) in PAGES.items():
        (GUIDE / file).write_text(page(language), encoding="utf-8")
        print(f"docs/guide/{file}", file=sys.stderr)


if __name__ == "__main__":
    main()
