"""An independent reference for dues and period statuses, written from docs/rules.md alone,
day by day and plainly, for the tests to compare qmsctl with. It imports nothing of qmsctl:
a ticket is a dict as the records write it (or as PyYAML reads them), the calendar a dict of
the settings of qms.yaml and the days of the year files.

What it does not know (rules 7 to 13 of docs/rules.md: same day, a procedure's own cutoff,
dated durations, counting from acceptance, extensions, appointments moved by pauses, a ticket
finished while paused) the tests keep out of what they compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import holidays

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
MIDNIGHT = time(0, 0)


def moment(value: object) -> datetime:
    """`2025-03-03 09:15`, `2025-03-03T09:15` or a date (its start) as a datetime."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, MIDNIGHT)
    text = str(value).replace("T", " ")
    day, _, clock = text.partition(" ")
    year, month, dd = (int(part) for part in day.split("-"))
    hour, minute = (int(part) for part in clock.split(":")[:2]) if clock else (0, 0)
    return datetime(year, month, dd, hour, minute)


def clock(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


@dataclass
class Calendar:
    """Rule: a working day is a day of the workweek that is not a statutory holiday and not an
    extra day off, or any worked day (làm bù)."""

    workweek: list[str] = field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"])
    hours: list[str] = field(default_factory=lambda: ["07:00-11:30", "13:30-17:00"])
    cutoff: str | None = None
    deadline: str = "end-of-day"
    days_off: set[date] = field(default_factory=set)
    work_days: set[date] = field(default_factory=set)

    def __post_init__(self) -> None:
        law = holidays.country_holidays("VN", years=range(2015, 2036))
        self.statutory = set(law)
        self.worked_by_law = set(getattr(law, "weekend_workdays", set()))
        self.windows = [(clock(w.split("-")[0]), clock(w.split("-")[1])) for w in self.hours]

    def working(self, day: date) -> bool:
        if day in self.work_days or day in self.worked_by_law:
            return True
        if WEEKDAYS[day.weekday()] not in self.workweek:
            return False
        return day not in self.statutory and day not in self.days_off

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.working(day):
            day += timedelta(days=1)
        return day

    def effective(self, received: datetime) -> datetime:
        """Rule 1: a receipt on a day off, or after the cutoff, counts from the start of the
        next working day."""
        late = self.cutoff is not None and received.time() > clock(self.cutoff)
        if self.working(received.date()) and not late:
            return received
        return datetime.combine(self.next_working_day(received.date()), MIDNIGHT)

    def working_days_between(self, first: date, last: date) -> int:
        """Working days d with first < d <= last."""
        count, day = 0, first + timedelta(days=1)
        while day <= last:
            count += self.working(day)
            day += timedelta(days=1)
        return count

    def window_minutes(self, start: datetime, end: datetime) -> float:
        """Minutes of the working-hour windows of working days between two moments."""
        total, day = 0.0, start.date()
        while day <= end.date():
            if self.working(day):
                for opens, closes in self.windows:
                    lo = max(start, datetime.combine(day, opens))
                    hi = min(end, datetime.combine(day, closes))
                    if hi > lo:
                        total += (hi - lo).total_seconds() / 60
            day += timedelta(days=1)
        return total

    def after_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """Rule 3: the moment `minutes` of window time after `start` (outside the windows, the
        count starts at the next window)."""
        day = start.date()
        while True:
            if self.working(day):
                for opens, closes in self.windows:
                    lo = max(start, datetime.combine(day, opens))
                    hi = datetime.combine(day, closes)
                    if hi <= lo:
                        continue
                    available = (hi - lo).total_seconds() / 60
                    if minutes <= available:
                        return lo + timedelta(minutes=minutes)
                    minutes -= available
            day += timedelta(days=1)


@dataclass
class Due:
    at: datetime  # the due moment: a date's is 24:00 of it
    is_date: bool

    def met_by(self, done: datetime) -> bool:
        """Completed on or before the due date (00:00 of the next day is that next day), or by
        the due moment."""
        return done < self.at if self.is_date else done <= self.at


def end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), MIDNIGHT)


def pauses_known(ticket: dict, cut: datetime | None) -> list[tuple[datetime, datetime]]:
    """The ticket's pauses as known at the cut: those begun before it, an open one (or one
    ending later) ending at it."""
    found = []
    for pause in ticket.get("pauses") or []:
        start = moment(pause["from"])
        end = moment(pause["to"]) if pause.get("to") is not None else None
        if cut is not None and start >= cut:
            continue
        if end is None or (cut is not None and end > cut):
            # Ended by the cut. A cut at 24:00 ends the day before it: at E nothing of the
            # next day has happened, so the pause's last day is E's own.
            end = cut - timedelta(minutes=1) if cut is not None and cut.time() == MIDNIGHT else cut
        if end is not None:
            found.append((start, end))
    return found


def due(ticket: dict, procedure: dict, calendar: Calendar, cut: datetime | None = None) -> Due | None:
    """Rules 1 to 6: the due of a ticket, with its pauses as known at `cut`."""
    if ticket.get("due") is not None:  # rule 6: the appointment wins
        written = ticket["due"]
        if isinstance(written, datetime) or (isinstance(written, str) and (" " in written or "T" in written)):
            return Due(moment(written), False)
        return Due(end_of(moment(written).date()), True)
    duration = procedure["duration"]
    pauses = pauses_known(ticket, cut)
    start = moment(ticket["received"])
    restart = procedure.get("on_supplement", "extend") == "restart"
    if restart and pauses:
        start = max(end for _start, end in pauses)  # rule 4: counted again from the last end
        pauses = []
    effective = calendar.effective(start)
    if "working_hours" in duration:
        minutes = duration["working_hours"] * 60
        minutes += sum(calendar.window_minutes(a, b) for a, b in pauses)
        return Due(calendar.after_working_minutes(effective, minutes), False)
    if "calendar_days" in duration:
        n = duration["calendar_days"] + sum((b.date() - a.date()).days for a, b in pauses)
        day = effective.date() + timedelta(days=n)
        while not calendar.working(day):  # rule 3: moved to a working day (Điều 148)
            day += timedelta(days=1)
        return Due(end_of(day), True)
    n = duration["working_days"] + sum(calendar.working_days_between(a.date(), b.date()) for a, b in pauses)
    day = effective.date()
    for _ in range(n):  # rule 2: the receipt day is not counted (Điều 147)
        day = calendar.next_working_day(day)
    if calendar.deadline == "same-time":
        return Due(datetime.combine(day, effective.time()), False)
    return Due(end_of(day), True)


def status(
    ticket: dict, procedure: dict, calendar: Calendar, start: date, end: date, as_of: datetime | None = None
) -> str | None:
    """Section 4: where a ticket stands in the period [start, end] judged at its cut, or None
    when it is out of scope."""
    cut = end_of(end) if as_of is None else min(end_of(end), as_of)
    begins = datetime.combine(start, MIDNIGHT)
    received = moment(ticket["received"])
    completed = moment(ticket["completed"]) if ticket.get("completed") is not None else None
    if received >= cut or (completed is not None and completed < begins):
        return None
    if completed is not None and completed < cut:
        if ticket.get("outcome") in ("returned", "withdrawn"):
            return "not_processed"
        found = due(ticket, procedure, calendar)
        return "processed_on_time" if found is None or found.met_by(completed) else "processed_late"
    found = due(ticket, procedure, calendar, cut)
    return "in_progress_on_time" if found is None or found.at >= cut else "in_progress_late"


def counts(statuses: list[str | None], carried: list[bool] | None = None) -> dict[str, int]:
    """The count object of section 4 from the statuses of the tickets in scope."""
    placed = [s for s in statuses if s is not None]
    found = {name: placed.count(name) for name in (
        "processed_on_time", "processed_late", "not_processed", "in_progress_on_time", "in_progress_late",
    )}  # fmt: skip
    found["received"] = len(placed)
    if carried is not None:
        found["carried_over"] = sum(1 for s, c in zip(statuses, carried, strict=True) if s is not None and c)
    return found
