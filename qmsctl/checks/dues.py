"""An explicit due earlier than the rule's (D408): most often a typing error (docs/rules.md section 3, rule 6)."""

from __future__ import annotations

from collections.abc import Iterator

from qmsctl.agency import work_calendar
from qmsctl.deadlines import reason_due
from qmsctl.findings import Finding, Severity
from qmsctl.i18n import _
from qmsctl.records.load import Records


def check_explicit_dues(records: Records) -> Iterator[Finding]:
    given = [s for s in records.tickets if s.model.due is not None]
    if not given:
        return
    procedures = {s.model.code: s.model for s in records.procedures}
    calendar = work_calendar(records)
    for s in given:
        procedure = procedures.get(s.model.procedure)
        if procedure is None:
            continue
        reasoning = reason_due(s.model, procedure, calendar)
        explicit, computed = reasoning.due, reasoning.computed
        if explicit is not None and computed is not None and explicit.deadline < computed.deadline:
            yield Finding(
                "D408",
                Severity.WARNING,
                s.file,
                _("Ticket {id}: the due {given} is earlier than the {rule} that {procedure} allows").format(
                    id=s.model.id,
                    given=explicit.day.strftime("%d/%m/%Y"),
                    rule=computed.day.strftime("%d/%m/%Y"),
                    procedure=procedure.code,
                ),
                _("Check the appointment date; the ticket's due is the one counted."),
                s.loc + ("due",),
            )
