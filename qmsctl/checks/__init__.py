"""The checks of `qmsctl check`: each a function from the loaded records to findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from qmsctl import options
from qmsctl.checks import (
    actions,
    audits,
    calendars,
    dates,
    dues,
    identity,
    personal,
    quality,
    references,
    schemas,
)
from qmsctl.findings import Finding
from qmsctl.records.facts import TicketFacts, facts_of_records
from qmsctl.records.load import Records

Check = Callable[[Records], Iterable[Finding]]
DatedCheck = Callable[[Records, date], Iterable[Finding]]  # rules that depend on the day they run

# The rules of one ticket: its findings depend on the ticket and on the records that are not
# tickets (procedures, units, calendars), never on another ticket. `check` remembers them by
# ticket file, so a ticket is checked again only when its file or those records change.
TICKET_CHECKS: list[Check] = [
    references.check_ticket_references,
    dates.check_ticket_dates,
    dates.check_step_times,
    dues.check_explicit_dues,
    personal.check_ticket_personal_data,
]
DATED_TICKET_CHECKS: list[DatedCheck] = [dates.check_future_times]

# The rules of the records that are not tickets.
CHECKS: list[Check] = [
    identity.check_unique,
    references.check_references,
    dates.check_action_dates,
    actions.check_action_states,
    actions.check_repeated_nonconformities,
    calendars.check_calendar_files,
    references.check_objectives,
    references.check_obsolete_references,
    personal.check_personal_data,
    audits.check_audits,
    quality.check_risks,
    quality.check_surveys,
    schemas.check_schema_files,
]
DATED_CHECKS: list[DatedCheck] = [
    actions.check_action_follow_up,
    audits.check_audit_programme,
    dates.check_document_reviews,
    dates.check_future_action_dates,
    quality.check_risk_follow_up,
]


def across_tickets(records: Records, tickets: list[TicketFacts]) -> Iterator[Finding]:
    """The rules across all the tickets, read as their facts: an id used twice, a year of
    tickets without its calendar file."""
    yield from identity.check_ticket_ids(tickets)
    yield from calendars.check_calendar_years(records, tickets)


def ticket_findings(records: Records, today: date) -> list[Finding]:
    """The findings of the rules of one ticket, for the tickets of `records`."""
    findings: list[Finding] = []
    for check in TICKET_CHECKS:
        findings.extend(check(records))
    for dated in DATED_TICKET_CHECKS:
        findings.extend(dated(records, today))
    return findings


def run_checks(records: Records, today: date | None = None) -> list[Finding]:
    """Reading findings plus every check's, not yet positioned."""
    today = today or options.today()
    findings = list(records.findings)
    findings.extend(ticket_findings(records, today))
    findings.extend(across_tickets(records, facts_of_records(records)))
    for check in CHECKS:
        findings.extend(check(records))
    for dated in DATED_CHECKS:
        findings.extend(dated(records, today))
    return findings
