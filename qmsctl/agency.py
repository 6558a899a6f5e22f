"""The records of an agency ready for figures and forms: its calendar and lookups."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from qmsctl.calendar import WorkCalendar
from qmsctl.findings import Severity, UserError
from qmsctl.i18n import _
from qmsctl.records.load import Records, load_records
from qmsctl.records.models import CalendarSettings, Procedure, Profile, Ticket, Unit

if TYPE_CHECKING:
    from qmsctl.figures import Period
    from qmsctl.objectives import ObjectiveResult


@dataclass
class Agency:
    records: Records

    @property
    def profile(self) -> Profile | None:
        return self.records.profile.model if self.records.profile else None

    @cached_property
    def procedures(self) -> dict[str, Procedure]:
        return {s.model.code: s.model for s in self.records.procedures}

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {s.model.code: s.model for s in self.records.units}

    @cached_property
    def tickets(self) -> list[Ticket]:
        return [s.model for s in self.records.tickets]

    @cached_property
    def calendar(self) -> WorkCalendar:
        settings = self.profile.calendar if self.profile else CalendarSettings()
        years = [t.received.year for t in self.tickets] or [2025]
        return WorkCalendar(
            settings, [s.model for s in self.records.calendars], min(years) - 1, max(max(years), 2025) + 2
        )

    @property
    def unread(self) -> int:
        """Records left out because they have errors (see `qmsctl check`)."""
        return sum(1 for f in self.records.findings if f.severity is Severity.ERROR)

    def objective_results(self, period: Period) -> list[ObjectiveResult]:
        """Every objective of the years the period touches, evaluated over it."""
        from qmsctl.objectives import evaluate

        objectives = [s.model for s in self.records.objectives]
        return evaluate(objectives, self.tickets, self.procedures, set(self.units), period, self.calendar)

    def ticket(self, ident: str) -> Ticket | None:
        return next((t for t in self.tickets if t.id == ident), None)

    def ticket_with_procedure(self, ident: str) -> tuple[Ticket, Procedure]:
        """A ticket and its procedure, or a usage error saying which is missing."""
        ticket = self.ticket(ident)
        if ticket is None:
            raise UserError("U003", _("There is no ticket {id}").format(id=ident))
        procedure = self.procedures.get(ticket.procedure)
        if procedure is None:
            raise UserError(
                "U004", _("Ticket {id}: procedure {code} does not exist").format(id=ident, code=ticket.procedure)
            )
        return ticket, procedure


def open_agency(root: Path) -> Agency:
    return Agency(load_records(root))
