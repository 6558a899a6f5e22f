"""Dues the records state against the law's (docs/rules.md section 3): an appointment earlier
(D408, most often a typing error) or later (D413) than the due the procedure allows, compared
like with like; an extension decided after the due it extends (D414); a ticket of a procedure
counted from its acceptance without the acceptance recorded (D415)."""

from __future__ import annotations

from collections.abc import Iterator

from qmsctl.agency import work_calendar
from qmsctl.deadlines import Due, reason_due
from qmsctl.findings import Finding, Severity
from qmsctl.i18n import _
from qmsctl.records.load import Records


def _day(due: Due) -> str:
    return due.at.strftime("%d/%m/%Y %H:%M") if due.is_moment else due.at.strftime("%d/%m/%Y")


def _compared(appointment: Due, law: Due) -> int:
    """-1, 0 or 1 as the appointment is earlier, the same or later than the law's due: by the
    day when either is a date (17:00 of a day and the end of that day are one due), by the
    moment when both are moments."""
    if appointment.is_moment and law.is_moment:
        first, second = appointment.deadline, law.deadline
        return (first > second) - (first < second)
    return (appointment.day > law.day) - (appointment.day < law.day)


def check_explicit_dues(records: Records) -> Iterator[Finding]:
    given = [
        s
        for s in records.tickets
        if s.model.due is not None or s.model.extended is not None or s.model.accepted is None
    ]
    if not given:
        return
    procedures = {s.model.code: s.model for s in records.procedures}
    calendar = work_calendar(records)
    for s in given:
        ticket = s.model
        procedure = procedures.get(ticket.procedure)
        if procedure is None:
            continue
        if procedure.counts_from == "accepted" and ticket.accepted is None:
            # Open, it waits for its acceptance (a warning); finished, it has no due to be judged by.
            yield Finding(
                "D415",
                Severity.ERROR if ticket.completed is not None else Severity.WARNING,
                s.file,
                _("Ticket {id}: {procedure} counts from the acceptance (thụ lý), which is not recorded").format(
                    id=ticket.id, procedure=procedure.code
                ),
                _("Record it: qmsctl ticket accept {id} --at 'YYYY-MM-DD HH:MM'.").format(id=ticket.id),
                s.loc + ("received",),
            )
            continue
        if ticket.due is None and ticket.extended is None:
            continue
        reasoning = reason_due(ticket, procedure, calendar)
        appointment, law = reasoning.appointment, reasoning.computed
        if appointment is not None and law is not None and (order := _compared(appointment, law)) != 0:
            yield Finding(
                "D408" if order < 0 else "D413",
                Severity.WARNING,
                s.file,
                (
                    _("Ticket {id}: the due {given} is earlier than the {rule} that {procedure} allows")
                    if order < 0
                    else _("Ticket {id}: the appointment {given} is later than the {rule} that {procedure} allows")
                ).format(id=ticket.id, given=_day(appointment), rule=_day(law), procedure=procedure.code),
                _("Check the appointment date; the ticket's due is the one counted.")
                if order < 0
                else _("An appointment past the law's due does not make the dossier on time by law: check it."),
                s.loc + ("due",),
            )
        extended = ticket.extended
        due_before = appointment or law
        if extended is not None and due_before is not None and extended.on > due_before.day:
            yield Finding(
                "D414",
                Severity.ERROR,
                s.file,
                _("Ticket {id}: the extension was decided on {on}, after the due {due}: it is not counted").format(
                    id=ticket.id, on=extended.on.strftime("%d/%m/%Y"), due=_day(due_before)
                ),
                _("An extension (gia hạn) is decided by the due; a late dossier is rescheduled with an apology."),
                s.loc + ("extended", "on"),
            )
