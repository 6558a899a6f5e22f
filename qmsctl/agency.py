"""The records of an agency ready for figures and forms: its calendar and lookups."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from qmsctl.calendar import WorkCalendar
from qmsctl.findings import Severity
from qmsctl.records.load import Records, load_records
from qmsctl.records.models import CalendarSettings, Procedure, Profile, Ticket, Unit


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

    def ticket(self, ident: str) -> Ticket | None:
        return next((t for t in self.tickets if t.id == ident), None)


def open_agency(root: Path) -> Agency:
    return Agency(load_records(root))
