"""Working days and working hours of the agency (docs/rules.md section 3).

A working day is a day of the work week that is not a statutory holiday (the
`holidays` package, country VN) and not in the year file's `days_off`, or any
day in its `work_days` (a Saturday worked in exchange, "làm bù").

Everything is precomputed over a range of years: for each day, whether it is
worked and how many working days there are up to it. The n-th working day
after a date, the working days between two dates and the working seconds
between two moments then cost O(1), never a walk day by day.
"""

from __future__ import annotations

import copy
import os
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from qmsctl.records.models import CalendarSettings, CalendarYear

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def statutory_holidays(first_year: int, last_year: int) -> dict[date, str]:
    """Vietnam's statutory holidays of these years, named in Vietnamese (the `holidays`
    package, whose lunar dates take a while: remembered between runs, per its version)."""
    from importlib.util import find_spec

    from qmsctl.records.cache import remembered

    def compute() -> dict[date, str]:
        import holidays

        table = holidays.country_holidays("VN", years=range(first_year, last_year + 1), language="vi")
        return {day: str(name) for day, name in table.items()}

    spec = find_spec("holidays")
    installed = os.stat(spec.origin).st_mtime_ns if spec and spec.origin else 0
    return remembered("holidays-VN", f"{first_year}-{last_year}-{installed}", compute)


# Swaps of days the government announced that the `holidays` package does not hold: a day off
# (nghỉ bù) and the Saturday worked for it (làm bù), with what announced them.
ANNOUNCED_SWAPS: dict[int, list[tuple[date, date, str]]] = {
    2026: [(date(2026, 1, 2), date(2026, 1, 10), "nghỉ bù dịp Tết Dương lịch (Thông báo của Bộ Nội vụ)")],
}


def announced_swaps(year: int) -> list[tuple[date, date, str]]:
    """The year's swaps, each a day off and the day worked for it: those the `holidays` package
    holds (its days off "substituted from" a Saturday) and those shipped here."""
    import re

    import holidays

    found = list(ANNOUNCED_SWAPS.get(year, []))
    table = holidays.country_holidays("VN", years=year, language="en_US")
    for day, name in sorted(table.items()):
        match = re.search(r"substituted from (\d{2})/(\d{2})/(\d{4})", str(name))
        if match:
            month, dd, yyyy = (int(part) for part in match.groups())
            found.append((day, date(yyyy, month, dd), "nghỉ bù"))
    return sorted(found)


def _seconds(clock: time) -> int:
    return clock.hour * 3600 + clock.minute * 60 + clock.second


@dataclass(frozen=True)
class DayNote:
    """Why a day is off, or worked although it is not in the work week."""

    day: date
    working: bool
    reason: str  # Vietnamese, from the holidays table, the calendar file or the weekday


class WorkCalendar:
    def __init__(
        self,
        settings: CalendarSettings,
        year_files: Iterable[CalendarYear],
        first_year: int,
        last_year: int,
    ) -> None:
        """The calendar precomputed over `first_year`..`last_year` (it grows when asked beyond);
        the agency's range comes from `agency.work_calendar`."""
        self.settings = settings
        self.year_files = {c.year: c for c in year_files}
        self.worked_out: dict[Any, Any] = {}  # dues worked out on this calendar (`deadlines.due_of`)
        self.workweek = {_WEEKDAYS.index(day) for day in settings.workweek}
        self._set_hours()
        # The range's tables, replaced in place when the range grows, so that an expression that
        # took a table before asking for a day beyond the range reads the grown one.
        self.working: list[bool] = []
        self.cumulative: list[int] = []
        self.working_days: list[int] = []
        # Working days and seconds are counted from the first day of the range as first built
        # (`origin`), even after the range grew back before it: a position taken before the
        # range grew stays comparable with one taken after.
        self.origin = date(first_year, 1, 1).toordinal()
        self.before_origin = 0  # working days of the range before `origin`
        self._build(first_year, last_year)

    def _set_hours(self) -> None:
        self.windows = [(_seconds(w.start), _seconds(w.end)) for w in self.settings.hours]
        self.day_seconds = sum(end - start for start, end in self.windows)
        # Working seconds of a day up to the start of each window, for positions inside a day.
        self._window_offsets = []
        total = 0
        for start, end in self.windows:
            self._window_offsets.append(total)
            total += end - start

    def with_rules_of(self, cutoff: time | None, hours: Sequence[Any] | None) -> WorkCalendar:
        """The calendar with a procedure's own cutoff or hours over the agency's (docs/rules.md
        3.8): the same days, made once for each such procedure's rules."""
        if cutoff is None and hours is None:
            return self
        key = ("rules", cutoff, tuple(str(window) for window in hours or ()))
        found = self.worked_out.get(key)
        if found is None:
            found = copy.copy(self)
            update: dict[str, Any] = {"cutoff": cutoff} if cutoff is not None else {}
            if hours is not None:
                update["hours"] = list(hours)
            found.settings = self.settings.model_copy(update=update)
            found.worked_out = {}
            # Its own tables: one that grows must not change this calendar's.
            found.working, found.cumulative, found.working_days = (
                list(self.working),
                list(self.cumulative),
                list(self.working_days),
            )
            found._set_hours()
            self.worked_out[key] = found
        return found  # type: ignore[no-any-return]

    # --- the precomputed range -------------------------------------------------

    def _build(self, first_year: int, last_year: int) -> None:
        self.first_year, self.last_year = first_year, last_year
        self.base = date(first_year, 1, 1).toordinal()
        days = date(last_year, 12, 31).toordinal() - self.base + 1
        statutory = statutory_holidays(first_year, last_year)
        self.notes: dict[date, DayNote] = {}
        working = []
        for index in range(days):
            day = date.fromordinal(self.base + index)
            worked = day.weekday() in self.workweek
            if day in statutory:
                worked = False
                self.notes[day] = DayNote(day, False, statutory[day])
            year_file = self.year_files.get(day.year)
            if year_file is not None:
                if day in year_file.days_off:
                    worked = False
                    self.notes[day] = DayNote(day, False, "nghỉ theo " + (year_file.source or f"lịch năm {day.year}"))
                if day in year_file.work_days:
                    worked = True
                    self.notes[day] = DayNote(day, True, "làm bù")
            working.append(worked)
        # cumulative[i]: working days among days 0..i; working_days: the index of each working day.
        cumulative: list[int] = []
        working_days: list[int] = []
        count = 0
        for index, worked in enumerate(working):
            if worked:
                count += 1
                working_days.append(index)
            cumulative.append(count)
        self.working[:], self.cumulative[:], self.working_days[:] = working, cumulative, working_days
        self.before_origin = cumulative[self.origin - self.base - 1] if self.origin > self.base else 0

    def _index(self, day: date) -> int:
        index = day.toordinal() - self.base
        if index < 0 or index >= len(self.working):
            self._build(min(self.first_year, day.year - 1), max(self.last_year, day.year + 2))
            index = day.toordinal() - self.base
        return index

    # --- days ------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        return self.working[self._index(day)]

    def _count(self, day: date) -> int:
        """Working days from the origin through `day` (negative before the origin)."""
        index = self._index(day)
        return self.cumulative[index] - self.before_origin

    def working_days_between(self, after: date, through: date) -> int:
        """Working days d with after < d <= through."""
        if through <= after:
            return 0
        return self._count(through) - self._count(after)

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n >= 1); `day` itself is not counted."""
        target = self.cumulative[self._index(day)] + n - 1
        while target >= len(self.working_days):  # past the range: extend it (the base stays)
            self._build(self.first_year, self.last_year + 2)
        return date.fromordinal(self.base + self.working_days[target])

    def next_working_day(self, day: date) -> date:
        """The first working day on or after `day`."""
        index = self._index(day)
        if self.working[index]:
            return day
        return self.add_working_days(day, 1)

    def day_note(self, day: date) -> str | None:
        """Why a day is off or worked, when it is not an ordinary day of the work week."""
        note = self.notes.get(day)
        if note:
            return note.reason
        if day.weekday() not in self.workweek:
            return _WEEKDAY_NAMES_VI[day.weekday()]
        return None

    def days_off_between(self, after: date, through: date) -> list[tuple[date, str]]:
        """Non-working days and worked exceptions in (after, through], with their reasons."""
        found = []
        day = after + timedelta(days=1)
        while day <= through:
            reason = self.day_note(day)
            if reason is not None:
                found.append((day, reason))
            day += timedelta(days=1)
        return found

    # --- moments ---------------------------------------------------------------

    @property
    def day_start(self) -> time:
        """Start of the working day: the start of the first window of hours."""
        first = self.windows[0][0] if self.windows else 0
        return time(first // 3600, first % 3600 // 60)

    def effective_receipt(self, received: datetime) -> datetime:
        """Rule 1: on a non-working day, or after the cutoff, the start of the next working day."""
        day = received.date()
        cutoff = self.settings.cutoff
        if not self.is_working_day(day) or (cutoff is not None and received.time() > cutoff):
            return datetime.combine(self.add_working_days(day, 1), self.day_start)
        return received

    def _seconds_into_day(self, clock: time) -> int:
        """Working seconds of a working day before `clock`."""
        moment = _seconds(clock)
        done = 0
        for start, end in self.windows:
            if moment <= start:
                break
            done += min(moment, end) - start
        return done

    def working_seconds(self, moment: datetime) -> int:
        """Working seconds from the origin to `moment` (a monotone clock; negative before it)."""
        index = self._index(moment.date())
        before = self.cumulative[index] - self.before_origin - (1 if self.working[index] else 0)
        inside = self._seconds_into_day(moment.time()) if self.working[index] else 0
        return before * self.day_seconds + inside

    def moment_at(self, seconds: int) -> datetime:
        """The earliest moment at which `working_seconds` reaches `seconds`."""
        ordinal_day = (seconds - 1) // self.day_seconds  # 0-based working day; a full day ends at its close
        rest = seconds - ordinal_day * self.day_seconds
        while ordinal_day + self.before_origin < 0:  # before the range: grow it back
            self._build(self.first_year - 2, self.last_year)
        while ordinal_day + self.before_origin >= len(self.working_days):
            self._build(self.first_year, self.last_year + 2)
        day = date.fromordinal(self.base + self.working_days[ordinal_day + self.before_origin])
        position = bisect_right(self._window_offsets, rest - 1) - 1
        start, _end = self.windows[position]
        at = start + rest - self._window_offsets[position]
        return datetime.combine(day, time(at // 3600, at % 3600 // 60, at % 60))
