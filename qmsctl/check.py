"""`qmsctl check` as a library call: load, check, position, sort."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from qmsctl.checks import run_checks
from qmsctl.findings import Finding, Severity
from qmsctl.records.load import Records, load_records
from qmsctl.records.positions import resolve_positions


@dataclass
class CheckResult:
    records: Records
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


def check_folder(
    root: Path, workers: int | None = None, overlay: dict[str, str | None] | None = None, today: date | None = None
) -> CheckResult:
    """Check the folder, or the folder as it would be with `overlay` (file -> text about to be
    written, None for a file about to be deleted) written; `today` for the rules that need it."""
    records = load_records(root, workers, overlay)
    findings = run_checks(records, today)
    resolve_positions(root, findings, overlay)
    findings.sort(key=Finding.sort_key)
    return CheckResult(records, findings)
