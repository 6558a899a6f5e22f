"""The checks of `qmsctl check`: each a function from the loaded records to findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from qmsctl.checks import actions, calendars, dates, dues, identity, references
from qmsctl.findings import Finding
from qmsctl.records.load import Records

Check = Callable[[Records], Iterable[Finding]]

CHECKS: list[Check] = [
    identity.check_unique,
    references.check_references,
    dates.check_ticket_dates,
    dates.check_action_dates,
    actions.check_action_states,
    calendars.check_calendar_files,
    references.check_objectives,
    dues.check_explicit_dues,
]


def run_checks(records: Records) -> list[Finding]:
    """Reading findings plus every check's, not yet positioned."""
    findings = list(records.findings)
    for check in CHECKS:
        findings.extend(check(records))
    return findings
