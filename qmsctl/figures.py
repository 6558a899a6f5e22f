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
from qmsctl.records.models import Procedure, TicketView

GROUPS = ("lien-thong", "noi-bo")
GROUP_NAMES = {"lien-thong": "Liên thông", "noi-bo": "Nội bộ"}  # BM.ST.VP.04 groups I and II


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

    @property
    def begins(self) -> datetime:
        return datetime.combine(self.start, time(0, 0))

    @property
    def ends(self) -> datetime:
        """24:00 of the last day."""
        return datetime.combine(self.end + timedelta(days=1), time(0, 0))

    def months(self) -> list[Period]:
        """The months the period touches, each clipped to it."""
        found, day = [], self.start
        while day <= self.end:
            last = date(day.year, day.month, month_calendar.monthrange(day.year, day.month)[1])
            found.append(Period(day, min(last, self.end), day.strftime("%Y-%m")))
            day = last + timedelta(days=1)
        return found


@dataclass(frozen=True)
class Cut:
    """The "as of" moment figures are judged at (SPEC section 4): the cut E of a period is its
    end, or this moment when that is earlier. Local agency time, no time zone."""

    as_of: datetime

    @classmethod
    def now(cls) -> Cut:
        """As of now in Asia/Ho_Chi_Minh (`QMSCTL_TODAY` sets it)."""
        from qmsctl.options import now

        return cls(now())

    @classmethod
    def end_of_day(cls, day: date) -> Cut:
        return cls(datetime.combine(day + timedelta(days=1), time(0, 0)))

    def of(self, period: Period) -> datetime:
        """The moment E at which `period` is judged."""
        return min(period.ends, self.as_of)

    def is_early(self, period: Period) -> bool:
        """Judged before the period is over: outputs say so."""
        return self.as_of < period.ends

    def check_begun(self, period: Period) -> None:
        if self.as_of <= period.begins:
            raise UserError(
                "U012",
                _("The period {period} has not begun by {moment}").format(
                    period=period.label, moment=moment_label(self.as_of)
                ),
                hint=_("Choose a period that has begun, or a later --as-of."),
            )


def moment_label(moment: datetime) -> str:
    """`2026-11-24 00:00` -> `24:00 ngày 23/11/2026`; `2026-11-23 10:00` -> `10:00 ngày 23/11/2026`."""
    if moment.time() == time(0, 0):
        return f"24:00 ngày {moment - timedelta(days=1):%d/%m/%Y}"
    return f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"


def cut_note(period: Period, cut: Cut) -> str:
    """The line every output judged before its period's end carries (Vietnamese: forms and text)."""
    return f"Số liệu tính đến {moment_label(cut.of(period))}" if cut.is_early(period) else ""


def cut_json(moment: datetime) -> str:
    """SPEC section 4: `YYYY-MM-DDTHH:MM`, the end of a day being 00:00 of the next."""
    return moment.strftime("%Y-%m-%dT%H:%M")


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

    ticket: TicketView
    procedure: Procedure
    unit: str
    due: Due | None
    status: str


def place(
    ticket: TicketView, procedure: Procedure, begins: datetime, moment: datetime, calendar: WorkCalendar
) -> Placed | None:
    """Where the ticket stands at the cut E (`moment`) of the period that `begins`, or None when
    it is out of scope: not yet received at E, or finished before the period began. What
    happened at or after E is not yet known: a later completion leaves the ticket open, a
    later pause is left out."""
    if ticket.received >= moment:
        return None
    completed = ticket.completed
    if completed is not None and completed < begins:
        return None
    unit = ticket.unit or procedure.unit
    if completed is not None and completed < moment:
        if ticket.outcome in ("returned", "withdrawn"):
            return Placed(ticket, procedure, unit, None, Status.NOT_PROCESSED)
        due = due_of(ticket, procedure, calendar)
        # `rescheduled` never makes a late dossier on time: only the due counts.
        on_time = due is None or due.met_by(completed)
        return Placed(ticket, procedure, unit, due, Status.PROCESSED_ON_TIME if on_time else Status.PROCESSED_LATE)
    due = due_of(ticket, procedure, calendar, cut=moment)
    # Nothing is overdue before its due has passed: on time while the due moment is not before E.
    on_time = due is None or due.deadline >= moment
    return Placed(ticket, procedure, unit, due, Status.IN_PROGRESS_ON_TIME if on_time else Status.IN_PROGRESS_LATE)


def placed_tickets(
    tickets: Iterable[TicketView],
    procedures: dict[str, Procedure],
    period: Period,
    calendar: WorkCalendar,
    cut: Cut,
    keep: Callable[[TicketView, Procedure], bool] | None = None,
) -> list[Placed]:
    """The tickets in scope of the period at the cut, each placed, those `keep` keeps."""
    placed = _placed(tickets if isinstance(tickets, list) else list(tickets), procedures, period, calendar, cut)
    return list(placed) if keep is None else [p for p in placed if keep(p.ticket, p.procedure)]


def _placed(
    tickets: list[TicketView], procedures: dict[str, Procedure], period: Period, calendar: WorkCalendar, cut: Cut
) -> list[Placed]:
    """Every ticket of a known procedure in scope, placed; for tickets' facts (which cannot
    change) worked out once a calendar and a moment: a page places the same period for its
    figures, its units and each objective."""
    begins, moment = period.begins, cut.of(period)
    remember = bool(tickets) and isinstance(tickets[0], tuple)
    key = ("placed", id(tickets), id(procedures), begins, moment)
    known = calendar.worked_out.get(key) if remember else None
    if known is not None and known[0] is tickets and known[1] is procedures:
        return known[2]  # type: ignore[no-any-return]
    found = []
    for ticket in tickets:
        if ticket.received >= moment or (ticket.completed is not None and ticket.completed < begins):
            continue  # out of the period's scope (as `place` says), most tickets of a month's
        procedure = procedures.get(ticket.procedure)
        if procedure is None:
            continue  # a ticket of an unknown procedure is a finding of `check`, not a figure
        placed = place(ticket, procedure, begins, moment, calendar)
        if placed is not None:
            found.append(placed)
    if remember:
        calendar.worked_out[key] = (tickets, procedures, found)
    return found


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
    cut: Cut

    @property
    def moment(self) -> datetime:
        """The cut E the figures were judged at."""
        return self.cut.of(self.period)

    @property
    def note(self) -> str:
        """ "Số liệu tính đến …" when judged before the period's end, else empty."""
        return cut_note(self.period, self.cut)

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
            "as_of": cut_json(self.moment),
            "rows": rows,
            "groups": {group: self.groups[group].as_json() for group in GROUPS},
            "total": self.total.as_json(),
            "rates": self.rates,
        }


@dataclass(frozen=True)
class Scope:
    """Which tickets the figures count: a group, a unit, a procedure (codes, already known)."""

    group: str | None = None
    unit: str | None = None
    procedure: str | None = None

    def keeps(self, ticket: TicketView, procedure: Procedure) -> bool:
        return (
            (self.group is None or procedure.group == self.group)
            and (self.unit is None or (ticket.unit or procedure.unit) == self.unit)
            and (self.procedure is None or procedure.code == self.procedure)
        )


def _counts_of(placed: Iterable[Placed]) -> dict[str, Counts]:
    groups = {name: Counts() for name in GROUPS}
    for item in placed:
        counts = groups[item.procedure.group]
        counts.received += 1
        setattr(counts, item.status, getattr(counts, item.status) + 1)
    return groups


def _sum(parts: Iterable[Counts]) -> Counts:
    total = Counts()
    for counts in parts:
        total.add(counts)
    return total


def count(placed: Iterable[Placed]) -> Counts:
    """The counts of placed tickets, both groups together."""
    return _sum(_counts_of(placed).values())


def compute_figures(
    tickets: Iterable[TicketView],
    procedures: dict[str, Procedure],
    period: Period,
    calendar: WorkCalendar,
    cut: Cut,
    by: str = "procedure",
    scope: Scope = Scope(),
    all_procedures: bool = False,
    unit_names: dict[str, str] | None = None,
) -> Figures:
    """The figures of a period judged at its cut (SPEC section 4): rows by procedure
    (BM.ST.VP.04) or by unit split the period's tickets; a row by month is that month judged as
    a period of its own at the same cut, so it equals the month's own figures."""
    cut.check_begun(period)
    tickets = tickets if isinstance(tickets, list) else list(tickets)
    placed = placed_tickets(tickets, procedures, period, calendar, cut, scope.keeps)
    groups = _counts_of(placed)
    total = _sum(groups.values())
    rows: dict[str, Row] = {}
    if by == "month":
        for month in period.months():
            if cut.as_of <= month.begins:
                break  # months that have not begun by the cut
            in_month = placed_tickets(tickets, procedures, month, calendar, cut, scope.keeps)
            rows[month.label] = Row(month.label, None, None, month.label, _sum(_counts_of(in_month).values()))
        return Figures(period, by, list(rows.values()), groups, total, placed, cut)
    if by == "procedure" and all_procedures:
        for procedure in procedures.values():
            if scope.group in (None, procedure.group) and scope.unit in (None, procedure.unit):
                if scope.procedure in (None, procedure.code):
                    rows[procedure.code] = Row(procedure.code, procedure.group, procedure.unit, procedure.name)
    for item in placed:
        if by == "procedure":
            key = item.procedure.code
            row = rows.get(key) or Row(key, item.procedure.group, item.procedure.unit, item.procedure.name)
        else:
            key = item.unit
            row = rows.get(key) or Row(key, None, key, (unit_names or {}).get(key, key))
        rows[key] = row
        row.counts.received += 1
        setattr(row.counts, item.status, getattr(row.counts, item.status) + 1)
    if by == "procedure":
        ordered = sorted(rows.values(), key=lambda r: (GROUPS.index(r.group or "noi-bo"), r.key))
    else:
        ordered = sorted(rows.values(), key=lambda r: r.key)
    return Figures(period, by, ordered, groups, total, placed, cut)
