"""Period figures of BM.ST.VP.04 and objectives (SPEC section 4): pure functions, no I/O."""

from __future__ import annotations

import calendar as month_calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from qmsctl.calendar import WorkCalendar
from qmsctl.deadlines import Due, due_of
from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.records.models import Procedure, Ticket

GROUPS = ("lien-thong", "noi-bo")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    @property
    def kind(self) -> str:
        """month, quarter, half, year or range: what the forms call the period (tháng, quý, năm)."""
        if re.fullmatch(r"\d{4}-\d{2}", self.label):
            return "month"
        if re.fullmatch(r"\d{4}-Q[1-4]", self.label):
            return "quarter"
        if re.fullmatch(r"\d{4}-H[12]", self.label):
            return "half"
        if re.fullmatch(r"\d{4}", self.label):
            return "year"
        return "range"

    def as_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def parse_period(text: str) -> Period:
    """`2025-03`, `2025-Q1`, `2025-H1`, `2025`, or `2025-01-06..2025-02-14`."""
    text = text.strip()
    try:
        if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, month = int(match.group(1)), int(match.group(2))
            return Period(date(year, month, 1), date(year, month, month_calendar.monthrange(year, month)[1]), text)
        if match := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
            year, quarter = int(match.group(1)), int(match.group(2))
            last = quarter * 3
            return Period(
                date(year, last - 2, 1), date(year, last, month_calendar.monthrange(year, last)[1]), text.upper()
            )
        if match := re.fullmatch(r"(\d{4})-[Hh]([12])", text):
            year, half = int(match.group(1)), int(match.group(2))
            return Period(
                date(year, 1 if half == 1 else 7, 1),
                date(year, 6, 30) if half == 1 else date(year, 12, 31),
                text.upper(),
            )
        if re.fullmatch(r"\d{4}", text):
            return Period(date(int(text), 1, 1), date(int(text), 12, 31), text)
        if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
            start, end = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
            if end >= start:
                return Period(start, end, text)
    except ValueError:
        pass
    raise UserError(
        "U002",
        _("'{period}' is not a period").format(period=text),
        hint=_(
            "Write a month 2025-03, a quarter 2025-Q1, a half 2025-H1, a year 2025 or a range 2025-01-06..2025-02-14."
        ),
    )


@dataclass
class Counts:
    received: int = 0
    processed_on_time: int = 0
    processed_late: int = 0
    not_processed: int = 0
    in_progress_on_time: int = 0
    in_progress_late: int = 0

    @property
    def processed(self) -> int:
        return self.processed_on_time + self.processed_late

    @property
    def in_progress(self) -> int:
        return self.in_progress_on_time + self.in_progress_late

    @property
    def on_time_rate(self) -> float | None:
        """Processed on time over processed; None (printed "—") when nothing was processed."""
        return self.processed_on_time / self.processed if self.processed else None

    def add(self, other: Counts) -> None:
        for name in (
            "received",
            "processed_on_time",
            "processed_late",
            "not_processed",
            "in_progress_on_time",
            "in_progress_late",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_json(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "processed": {"total": self.processed, "on_time": self.processed_on_time, "late": self.processed_late},
            "not_processed": self.not_processed,
            "in_progress": {
                "total": self.in_progress,
                "on_time": self.in_progress_on_time,
                "late": self.in_progress_late,
            },
        }


class Status:
    """Where a ticket stands at the end of a period."""

    PROCESSED_ON_TIME = "processed_on_time"
    PROCESSED_LATE = "processed_late"
    NOT_PROCESSED = "not_processed"
    IN_PROGRESS_ON_TIME = "in_progress_on_time"
    IN_PROGRESS_LATE = "in_progress_late"


@dataclass(frozen=True)
class Placed:
    """A ticket in scope of a period, with its due and where it stands."""

    ticket: Ticket
    procedure: Procedure
    unit: str
    due: Due | None
    status: str


def place(ticket: Ticket, procedure: Procedure, period: Period, calendar: WorkCalendar) -> Placed | None:
    """The ticket's status for the period, or None when it is out of scope."""
    if ticket.received.date() > period.end:
        return None
    completed = ticket.completed
    if completed is not None and completed.date() < period.start:
        return None
    unit = ticket.unit or procedure.unit
    if completed is not None and completed.date() <= period.end:
        if ticket.outcome in ("returned", "withdrawn"):
            return Placed(ticket, procedure, unit, None, Status.NOT_PROCESSED)
        due = due_of(ticket, procedure, calendar)
        # `rescheduled` never makes a late dossier on time: only the due counts.
        on_time = due is None or due.met_by(completed)
        return Placed(ticket, procedure, unit, due, Status.PROCESSED_ON_TIME if on_time else Status.PROCESSED_LATE)
    end_of_period = datetime.combine(period.end + timedelta(days=1), time(0, 0))
    due = due_of(ticket, procedure, calendar, as_of=end_of_period)
    on_time = due is None or due.holds_through(period.end)
    return Placed(ticket, procedure, unit, due, Status.IN_PROGRESS_ON_TIME if on_time else Status.IN_PROGRESS_LATE)


def placed_tickets(
    tickets: Iterable[Ticket],
    procedures: dict[str, Procedure],
    period: Period,
    calendar: WorkCalendar,
    keep: Callable[[Ticket, Procedure], bool] | None = None,
) -> list[Placed]:
    found = []
    for ticket in tickets:
        procedure = procedures.get(ticket.procedure)
        if procedure is None or (keep is not None and not keep(ticket, procedure)):
            continue  # a ticket of an unknown procedure is a finding of `check`, not a figure
        placed = place(ticket, procedure, period, calendar)
        if placed is not None:
            found.append(placed)
    return found


def count(placed: Iterable[Placed]) -> Counts:
    counts = Counts()
    for item in placed:
        counts.received += 1
        setattr(counts, item.status, getattr(counts, item.status) + 1)
    return counts


@dataclass
class Row:
    key: str  # procedure code, unit code or month (YYYY-MM)
    group: str | None
    unit: str | None
    name: str
    counts: Counts = field(default_factory=Counts)


@dataclass
class Figures:
    period: Period
    by: str
    rows: list[Row]
    groups: dict[str, Counts]
    total: Counts
    placed: list[Placed]

    @property
    def rates(self) -> dict[str, float | None]:
        rates = {group: self.groups[group].on_time_rate for group in GROUPS}
        rates["all"] = self.total.on_time_rate
        return rates

    def as_json(self) -> dict[str, Any]:
        rows = []
        for row in self.rows:
            entry: dict[str, Any] = {}
            if self.by == "procedure":
                entry = {"procedure": row.key, "group": row.group, "unit": row.unit}
            elif self.by == "unit":
                entry = {"unit": row.key}
            else:
                entry = {"month": row.key}
            entry.update(row.counts.as_json())
            rows.append(entry)
        return {
            "period": self.period.as_json(),
            "rows": rows,
            "groups": {group: self.groups[group].as_json() for group in GROUPS},
            "total": self.total.as_json(),
            "rates": self.rates,
        }


def compute_figures(
    tickets: Iterable[Ticket],
    procedures: dict[str, Procedure],
    period: Period,
    calendar: WorkCalendar,
    by: str = "procedure",
    group: str | None = None,
    unit: str | None = None,
    all_procedures: bool = False,
    unit_names: dict[str, str] | None = None,
) -> Figures:
    """The figures of a period, by procedure (BM.ST.VP.04), by unit or by month of receipt."""

    def keep(ticket: Ticket, procedure: Procedure) -> bool:
        return (group is None or procedure.group == group) and (unit is None or (ticket.unit or procedure.unit) == unit)

    placed = placed_tickets(tickets, procedures, period, calendar, keep)
    rows: dict[str, Row] = {}
    if by == "procedure" and all_procedures:
        for procedure in procedures.values():
            if group is None or procedure.group == group:
                if unit is None or procedure.unit == unit:
                    rows[procedure.code] = Row(procedure.code, procedure.group, procedure.unit, procedure.name)
    groups = {name: Counts() for name in GROUPS}
    for item in placed:
        if by == "procedure":
            key = item.procedure.code
            row = rows.get(key) or Row(key, item.procedure.group, item.procedure.unit, item.procedure.name)
        elif by == "unit":
            key = item.unit
            row = rows.get(key) or Row(key, None, key, (unit_names or {}).get(key, key))
        else:
            # A ticket carried in from before the period is counted in the period's first month.
            key = max(item.ticket.received.date(), period.start).strftime("%Y-%m")
            row = rows.get(key) or Row(key, None, None, key)
        rows[key] = row
        single = Counts()
        single.received = 1
        setattr(single, item.status, 1)
        row.counts.add(single)
        groups[item.procedure.group].add(single)
    total = Counts()
    for counts in groups.values():
        total.add(counts)
    if by == "procedure":
        ordered = sorted(rows.values(), key=lambda r: (GROUPS.index(r.group or "noi-bo"), r.key))
    else:
        ordered = sorted(rows.values(), key=lambda r: r.key)
    return Figures(period, by, ordered, groups, total, placed)
