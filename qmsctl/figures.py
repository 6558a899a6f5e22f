"""Period figures of BM.ST.VP.04 and objectives (docs/rules.md section 4): pure functions, no I/O."""

from __future__ import annotations

import calendar as month_calendar
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from qmsctl.calendar import WorkCalendar
from qmsctl.deadlines import Due, due_of, plain_due
from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.records.models import Procedure, TicketView
from qmsctl.records.values import FIRST_YEAR, LAST_YEAR

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
    """The "as of" moment figures are judged at (docs/rules.md section 4): the cut E of a period is its
    end, or this moment when that is earlier. Local agency time, no time zone."""

    as_of: datetime
    # Records of the folder were left unread and the user asked for the figures anyway
    # (`--allow-incomplete`): every output says "SỐ LIỆU CHƯA ĐẦY ĐỦ" (docs/rules.md section 4).
    incomplete: bool = False

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


INCOMPLETE = "SỐ LIỆU CHƯA ĐẦY ĐỦ"  # said by every output of figures some records are missing from


def cut_note(period: Period, cut: Cut) -> str:
    """The line every output judged before its period's end, or with records missing, carries
    (Vietnamese: forms and text)."""
    early = f"số liệu tính đến {moment_label(cut.of(period))}" if cut.is_early(period) else ""
    if cut.incomplete:
        return f"{INCOMPLETE}; {early}" if early else INCOMPLETE
    return early[:1].upper() + early[1:]


def note_inside(note: str) -> str:
    """A cut's note as it reads inside a sentence: "(số liệu tính đến …)", the mark kept in capitals."""
    return note if note.startswith(INCOMPLETE) else note[:1].lower() + note[1:]


def cut_json(moment: datetime) -> str:
    """docs/rules.md section 4: `YYYY-MM-DDTHH:MM`, the end of a day being 00:00 of the next."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def parse_period(text: str) -> Period:
    """`2025-03`, `2025-Q1`, `2025-H1`, `2025`, or a range `A..B` from the start of A to the
    end of B, each a day (`2025-01-06`, `06/01/2025`) or one of those, within the years
    records may name."""
    period = _period(text.strip())
    if period is not None and period.end < period.start:
        raise UserError(
            "U002",
            _("'{period}' ends before it starts").format(period=text.strip()),
            hint=_("Write the earlier day first: 2025-01-06..2025-02-14."),
        )
    if period is not None and not FIRST_YEAR <= period.start.year <= period.end.year <= LAST_YEAR:
        raise UserError(
            "U002",
            _("'{period}' is outside the years records may name ({first}-{last})").format(
                period=text.strip(), first=FIRST_YEAR, last=LAST_YEAR
            ),
        )
    if period is not None:
        return period
    raise UserError(
        "U002",
        _("'{period}' is not a period").format(period=text.strip()),
        hint=_(
            "Write a month 2025-03 (or 03/2025), a quarter 2025-Q1, a half 2025-H1, a year 2025 or a"
            " range 2025-01-06..2025-02-14 (or 2025-01..2025-06)."
        ),
    )


def _period(text: str) -> Period | None:
    """The period `text` writes, or None; a range may end before it starts."""
    first, dots, last = text.partition("..")
    if not dots:
        return _named_period(text)
    start, end = _range_end(first.strip()), _range_end(last.strip())
    if start is None or end is None:
        return None
    return Period(start.start, end.end, f"{start.label}..{end.label}")


def _range_end(text: str) -> Period | None:
    """A side of a range: a day (ISO or day/month/year), or a month, quarter, half or year."""
    from qmsctl.options import iso_text

    day = iso_text(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        try:
            found = date.fromisoformat(day)
        except ValueError:
            return None
        return Period(found, found, day)
    return _named_period(text)


def _named_period(text: str) -> Period | None:
    """The month, quarter, half or year `text` writes, or None. A month may be written as a
    person writes it, month first (`03/2026`, `3/2026`): its label is the ISO one."""
    if match := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        return _named_period(f"{match.group(2)}-{int(match.group(1)):02d}")
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
    except ValueError:
        pass
    return None


@dataclass
class Counts:
    received: int = 0
    carried_over: int = 0  # of `received`, received before the period and still open at its start
    processed_on_time: int = 0
    processed_late: int = 0
    not_processed: int = 0
    in_progress_on_time: int = 0
    in_progress_late: int = 0

    @property
    def new(self) -> int:
        """Of `received`, received in the period (docs/rules.md section 4: received = carried_over + new)."""
        return self.received - self.carried_over

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
            "carried_over",
            "processed_on_time",
            "processed_late",
            "not_processed",
            "in_progress_on_time",
            "in_progress_late",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_json(self) -> dict[str, Any]:
        """docs/rules.md section 4's count object."""
        return {
            "received": self.received,
            "carried_over": self.carried_over,
            "new": self.new,
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
    ALL = (PROCESSED_ON_TIME, PROCESSED_LATE, NOT_PROCESSED, IN_PROGRESS_ON_TIME, IN_PROGRESS_LATE)


class Placed(NamedTuple):
    """A ticket in scope of a period, with its due and where it stands (a tuple: a year's
    figures make one per ticket, and a page of figures several)."""

    ticket: TicketView
    procedure: Procedure
    unit: str
    due: Due | None
    status: str


def place(
    ticket: TicketView,
    procedure: Procedure,
    begins: datetime,
    moment: datetime,
    calendar: WorkCalendar,
    due: Due | None = None,
) -> Placed | None:
    """Where the ticket stands at the cut E (`moment`) of the period that `begins`, or None when
    it is out of scope: not yet received at E, or finished before the period began. What
    happened at or after E is not yet known: a later completion leaves the ticket open, a
    later pause is left out. `due`: the due of a ticket without pauses when it is known (it is
    the same at every cut)."""
    if ticket.received >= moment:
        return None
    completed = ticket.completed
    if completed is not None and completed < begins:
        return None
    unit = ticket.unit or procedure.unit
    if completed is not None and completed < moment:
        if ticket.outcome in ("returned", "withdrawn"):
            return Placed(ticket, procedure, unit, None, Status.NOT_PROCESSED)
        if due is None:
            due = due_of(ticket, procedure, calendar)
        # `rescheduled` never makes a late dossier on time: only the due counts.
        on_time = due is None or due.met_by(completed)
        return Placed(ticket, procedure, unit, due, Status.PROCESSED_ON_TIME if on_time else Status.PROCESSED_LATE)
    if due is None:
        due = due_of(ticket, procedure, calendar, cut=moment)
    # Nothing is overdue before its due has passed: on time while the due moment is not before E.
    on_time = due is None or due.deadline >= moment
    return Placed(ticket, procedure, unit, due, Status.IN_PROGRESS_ON_TIME if on_time else Status.IN_PROGRESS_LATE)


Tally = Counter  # (procedure code, unit, status, carried over) -> how many placed tickets
Key = tuple[str, str, str, bool]
_CODE, _UNIT, _STATUS, _RECEIVED = (
    attrgetter("procedure.code"),
    itemgetter(2),
    itemgetter(4),
    attrgetter("ticket.received"),
)


def tally(placed: list[Placed], begins: datetime) -> Tally[Key]:
    """How many placed tickets of each procedure and unit stand in each status, split by
    whether they were carried over (received before the period `begins`)."""
    carried = map(begins.__gt__, map(_RECEIVED, placed))  # received before the period
    return Counter(zip(map(_CODE, placed), map(_UNIT, placed), map(_STATUS, placed), carried, strict=True))


def _month(moment: datetime) -> int:
    return moment.year * 12 + moment.month - 1


_NOT_COMPLETED = 1 << 30  # the month of a ticket not completed: after every month


class _Worked:
    """What is worked out once for a list of tickets' facts (which cannot change) on a
    calendar: a page places the same tickets for its period, its units, its months and each
    objective. Its placements and their tallies, each ticket's verdict once finished and its
    due when it has no pauses, and the tickets grouped by the months they were received and
    completed in, so that a period looks only at the tickets that may be in its scope."""

    def __init__(self, tickets: list[TicketView]) -> None:
        self.tickets = tickets
        self.placements: dict[Any, tuple[dict[str, Procedure], list[Placed], Tally[Key]]] = {}
        self.columns_by: dict[int, tuple[dict[str, Procedure], list[Placed | None], list[Due | None]]] = {}
        self._months: dict[tuple[int, int], list[int]] | None = None

    def columns(self, procedures: dict[str, Procedure]) -> tuple[list[Placed | None], list[Due | None]]:
        """For each ticket, how it stands in any period it was finished in before the cut
        (`place` judges a finished ticket by its completion alone), and its due when it has no
        pauses (the same at every cut); None until worked out."""
        known = self.columns_by.get(id(procedures))
        if known is None or known[0] is not procedures:
            size = len(self.tickets)
            known = self.columns_by[id(procedures)] = (procedures, [None] * size, [None] * size)
        return known[1], known[2]

    def candidates(self, begins: datetime, moment: datetime) -> Sequence[int]:
        """The positions, in order, of the tickets that may be in the scope of a period that
        `begins` and is judged at `moment`: received in a month that began before the cut,
        completed (if ever) in a month that ended after the period began."""
        if self._months is None:
            months: dict[tuple[int, int], list[int]] = {}
            for index, ticket in enumerate(self.tickets):
                completed = ticket.completed
                key = (_month(ticket.received), _NOT_COMPLETED if completed is None else _month(completed))
                months.setdefault(key, []).append(index)
            self._months = months
        last, first = _month(moment - timedelta(microseconds=1)), _month(begins)
        chosen = [
            indexes
            for (received, completed), indexes in self._months.items()
            if received <= last and completed >= first
        ]
        if len(chosen) == len(self._months):
            return range(len(self.tickets))
        return sorted(chain.from_iterable(chosen))


def _worked(tickets: list[TicketView], calendar: WorkCalendar) -> _Worked | None:
    """The list's worked-out state on the calendar; None for tickets read as models, which an
    edit may still change."""
    if not tickets or not isinstance(tickets[0], tuple):
        return None
    key = ("tickets", id(tickets))
    known = calendar.worked_out.get(key)
    # The entry holds the very list, so no other list can have its id meanwhile.
    if known is None or known.tickets is not tickets:
        known = calendar.worked_out[key] = _Worked(tickets)
    return known  # type: ignore[no-any-return]


def _placement(
    tickets: list[TicketView], procedures: dict[str, Procedure], period: Period, calendar: WorkCalendar, cut: Cut
) -> tuple[list[Placed], Tally[Key]]:
    """Every ticket of a known procedure in scope, placed, and their tally."""
    begins, moment = period.begins, cut.of(period)
    worked = _worked(tickets, calendar)
    if worked is None:
        found = [
            placed
            for ticket in tickets
            if ticket.procedure in procedures
            and (placed := place(ticket, procedures[ticket.procedure], begins, moment, calendar)) is not None
        ]
        return found, tally(found, begins)
    key = (id(procedures), begins, moment)
    known = worked.placements.get(key)
    if known is not None and known[0] is procedures:
        return known[1], known[2]
    finished, dues = worked.columns(procedures)
    found = []
    for index in worked.candidates(begins, moment):
        ticket = tickets[index]
        completed = ticket.completed
        if ticket.received >= moment or (completed is not None and completed < begins):
            continue  # out of the period's scope (as `place` says)
        placed = finished[index] if completed is not None and completed < moment else None
        if placed is None:
            procedure = procedures.get(ticket.procedure)
            if procedure is None:
                continue  # a ticket of an unknown procedure is a finding of `check`, not a figure
            due = None
            if not ticket.pauses:
                due = dues[index]
                if due is None:
                    due = dues[index] = plain_due(ticket, procedure, calendar)
            placed = place(ticket, procedure, begins, moment, calendar, due)
            if placed is None:
                continue
            if completed is not None and completed < moment:
                finished[index] = placed
        found.append(placed)
    counted = tally(found, begins)
    worked.placements[key] = (procedures, found, counted)
    return found, counted


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
            "complete": not self.cut.incomplete,
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

    @property
    def everything(self) -> bool:
        return self.group is None and self.unit is None and self.procedure is None

    def holds(self, procedure: Procedure, unit: str) -> bool:
        """Whether the tickets of `procedure` counted for `unit` are in scope."""
        return (
            (self.group is None or procedure.group == self.group)
            and (self.unit is None or unit == self.unit)
            and (self.procedure is None or procedure.code == self.procedure)
        )

    def keeps(self, ticket: TicketView, procedure: Procedure) -> bool:
        return self.holds(procedure, ticket.unit or procedure.unit)


Cell = tuple[Procedure, str, str, bool, int]  # a procedure, a unit, a status, carried over, how many tickets


def _cells(
    counted: Tally[Key],
    procedures: dict[str, Procedure],
    holds: Callable[[Procedure, str], bool] | None = None,
) -> list[Cell]:
    """A placement's tally by procedure, unit, status and carried over, the cells `holds` keeps."""
    cells = [(procedures[code], unit, status, carried, n) for (code, unit, status, carried), n in counted.items()]
    return cells if holds is None else [cell for cell in cells if holds(cell[0], cell[1])]


def count_in(counts: Counts, status: str, carried: bool, n: int) -> None:
    """Add `n` tickets standing in `status`, carried over or new, to `counts`."""
    counts.received += n
    if carried:
        counts.carried_over += n
    setattr(counts, status, getattr(counts, status) + n)


def _by_group(cells: Iterable[Cell]) -> dict[str, Counts]:
    groups = {name: Counts() for name in GROUPS}
    for procedure, _unit, status, carried, n in cells:
        count_in(groups[procedure.group], status, carried, n)
    return groups


def _sum(parts: Iterable[Counts]) -> Counts:
    total = Counts()
    for counts in parts:
        total.add(counts)
    return total


class PeriodCounter:
    """Counts of a set of tickets by period and by a metric's condition, each period's tickets
    placed once (docs/rules.md section 4): the objectives of a year measure the same periods
    (the year, its months) under different conditions, and placing is what costs."""

    def __init__(
        self, tickets: Sequence[TicketView], procedures: dict[str, Procedure], calendar: WorkCalendar, cut: Cut
    ) -> None:
        self.tickets = tickets if isinstance(tickets, list) else list(tickets)
        self.procedures, self.calendar, self.cut = procedures, calendar, cut
        self._placed: dict[tuple[date, date], Tally[Key]] = {}

    def where(self, period: Period, holds: Callable[[Procedure, str], bool]) -> Counts:
        """The counts, both groups together, of the period's tickets whose procedure and unit
        `holds` (an objective's metric)."""
        key = (period.start, period.end)
        if key not in self._placed:
            self._placed[key] = _placement(self.tickets, self.procedures, period, self.calendar, self.cut)[1]
        return _sum(_by_group(_cells(self._placed[key], self.procedures, holds)).values())


def count_where(
    tickets: Sequence[TicketView],
    procedures: dict[str, Procedure],
    period: Period,
    calendar: WorkCalendar,
    cut: Cut,
    holds: Callable[[Procedure, str], bool],
) -> Counts:
    """The counts, both groups together, of the period's tickets whose procedure and unit
    `holds` (an objective's metric)."""
    return PeriodCounter(tickets, procedures, calendar, cut).where(period, holds)


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
    """The figures of a period judged at its cut (docs/rules.md section 4): rows by procedure
    (BM.ST.VP.04) or by unit split the period's tickets; a row by month is that month judged as
    a period of its own at the same cut, so it equals the month's own figures."""
    cut.check_begun(period)
    tickets = tickets if isinstance(tickets, list) else list(tickets)
    holds = None if scope.everything else scope.holds
    placed, counted = _placement(tickets, procedures, period, calendar, cut)
    placed = list(placed) if holds is None else [p for p in placed if scope.keeps(p.ticket, p.procedure)]
    cells = _cells(counted, procedures, holds)
    groups = _by_group(cells)
    total = _sum(groups.values())
    rows: dict[str, Row] = {}
    if by == "month":
        for month in period.months():
            if cut.as_of <= month.begins:
                break  # months that have not begun by the cut
            in_month = _by_group(_cells(_placement(tickets, procedures, month, calendar, cut)[1], procedures, holds))
            rows[month.label] = Row(month.label, None, None, month.label, _sum(in_month.values()))
        return Figures(period, by, list(rows.values()), groups, total, placed, cut)
    if by == "procedure" and all_procedures:
        for procedure in procedures.values():
            if scope.group in (None, procedure.group) and scope.unit in (None, procedure.unit):
                if scope.procedure in (None, procedure.code):
                    rows[procedure.code] = Row(procedure.code, procedure.group, procedure.unit, procedure.name)
    for procedure, unit, status, carried, n in cells:
        if by == "procedure":
            key = procedure.code
            row = rows.get(key) or Row(key, procedure.group, procedure.unit, procedure.name)
        else:
            key = unit
            row = rows.get(key) or Row(key, None, key, (unit_names or {}).get(key, key))
        rows[key] = row
        count_in(row.counts, status, carried, n)
    if by == "procedure":
        ordered = sorted(rows.values(), key=lambda r: (GROUPS.index(r.group or "noi-bo"), r.key))
    else:
        ordered = sorted(rows.values(), key=lambda r: r.key)
    return Figures(period, by, ordered, groups, total, placed, cut)
