"""Printing findings as text (rich), JSON or GitHub workflow annotations."""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from rich.console import Console
from rich.text import Text

from qmsctl.findings import Finding, Severity, visible
from qmsctl.i18n import _, ngettext


def shown_path(root: Path, file: str) -> str:
    """The file (a path inside the folder, without `..`) as the user sees it: relative to the
    working folder when inside it."""
    cwd = os.getcwd()
    base = _folder_below(root, cwd)
    if base is not None:  # the folder is inside the working folder: so is each of its files
        return os.path.join(base, file) if base != "." and file else file or base
    path = root / file
    try:
        return os.path.relpath(path, cwd) if path.is_relative_to(cwd) else str(path)
    except ValueError:
        return str(path)


@lru_cache(maxsize=8)
def _folder_below(root: Path, cwd: str) -> str | None:
    """The folder relative to the working folder, when inside it (the same for a command's
    many findings)."""
    try:
        return os.path.relpath(root, cwd) if root.is_relative_to(cwd) else None
    except ValueError:
        return None


def _where(root: Path, f: Finding) -> str:
    return f"{shown_path(root, f.file)}:{f.line or 1}:{f.column or 1}"


def print_text(console: Console, root: Path, findings: list[Finding]) -> None:
    """Findings as lines of text. A file name or a value quoted in a message that holds control
    characters is shown with them as escapes (`visible`), here and in the CI formats; JSON
    escapes them itself."""
    for f in findings:
        colour = "red" if f.severity is Severity.ERROR else "yellow"
        label = _("error") if f.severity is Severity.ERROR else _("warning")
        console.print(
            Text.assemble(
                (visible(_where(root, f)), "bold"), ": ", (label, colour), " ", (f.code, "dim"), " ", visible(f.message)
            )
        )
        if f.hint:
            console.print("    → " + visible(f.hint), style="dim")


def summary_line(errors: int, warnings: int, files: int) -> str:
    return "{errors}, {warnings} — {files}".format(
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        files=ngettext("{n} file checked", "{n} files checked", files).format(n=files),
    )


def to_json(root: Path, findings: list[Finding], files: int) -> str:
    rows = []
    for f in findings:
        row = f.as_dict()
        row["file"] = shown_path(root, f.file)
        rows.append(row)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    return json.dumps(
        {
            "findings": rows,
            "summary": {"errors": errors, "warnings": len(findings) - errors, "files": files},
        },
        ensure_ascii=False,
        indent=2,
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(root: Path, findings: list[Finding]) -> str:
    """GitHub workflow commands: `::error file=…,line=…,col=…,title=…::message`."""
    lines = []
    for f in findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        message = visible(f.message + (f" — {f.hint}" if f.hint else ""))
        lines.append(
            f"::{level} file={_escape_property(visible(shown_path(root, f.file)))},line={f.line or 1},"
            f"col={f.column or 1},title={_escape_property(f.code)}::{_escape_data(message)}"
        )
    return "\n".join(lines)


def to_gitlab(root: Path, findings: list[Finding]) -> str:
    """A GitLab Code Quality report (the Code Climate subset GitLab reads), which merge
    requests show on the changed lines."""
    issues = []
    for f in findings:
        path = visible(shown_path(root, f.file))
        fingerprint = hashlib.sha256(f"{f.code}\0{path}\0{f.message}".encode()).hexdigest()
        issues.append(
            {
                "description": visible(f"{f.code} {f.message}" + (f" — {f.hint}" if f.hint else "")),
                "check_name": f.code,
                "fingerprint": fingerprint,
                "severity": "major" if f.severity is Severity.ERROR else "minor",
                "location": {"path": path, "lines": {"begin": f.line or 1}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)
