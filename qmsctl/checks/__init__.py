"""The checks of `qmsctl check`: each a function from the loaded records to findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from qmsctl import options
from qmsctl.checks import actions, audits, calendars, dates, dues, identity, personal, references
from qmsctl.findings import Finding
from qmsctl.records.load import Records

Check = Callable[[Records], Iterable[Finding]]

CHECKS: list[Check] = [
    identity.check_unique,
    references.check_references,
    dates.check_ticket_dates,
    dates.check_action_dates,
    dates.check_step_times,
    actions.check_action_states,
    actions.check_repeated_nonconformities,
    calendars.check_calendar_files,
    references.check_objectives,
    references.check_obsolete_references,
    dues.check_explicit_dues,
    personal.check_personal_data,
    audits.check_audits,
]


# Checks that depend on the day they run (an overdue plan, a missing monthly report).
DatedCheck = Callable[[Records, date], Iterable[Finding]]
DATED_CHECKS: list[DatedCheck] = [
    actions.check_action_follow_up,
    dates.check_future_times,
    audits.check_audit_programme,
    dates.check_document_reviews,
]


def run_checks(records: Records, today: date | None = None) -> list[Finding]:
    """Reading findings plus every check's, not yet positioned."""
    findings = list(records.findings)
    for check in CHECKS:
        findings.extend(check(records))
    for dated in DATED_CHECKS:
        findings.extend(dated(records, today or options.today()))
    return findings
