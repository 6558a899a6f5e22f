"""Each rule of docs/rules.md section 3, with due dates computed by hand."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qmsctl.calendar import WorkCalendar
from qmsctl.deadlines import (
    RESCHEDULED_STEP,
    Due,
    due_of,
    plain_due,
    reason_due,
    reschedule_note,
    working_days_late,
)
from qmsctl.records.models import CalendarSettings, CalendarYear, Procedure, Ticket
from tests.conftest import examples

YEAR_FILES = [
    CalendarYear(year=2025, work_days=[date(2025, 4, 26)]),
    CalendarYear(year=2026, days_off=[date(2026, 1, 2)], work_days=[date(2026, 1, 10)]),
]


def calendar(**settings: Any) -> WorkCalendar:
    return WorkCalendar(CalendarSettings(**settings), YEAR_FILES, 2024, 2027)


def procedure(on_supplement: str = "extend", **duration: float) -> Procedure:
    return Procedure.model_validate(
        {
            "code": "QT.X",
            "name": "x",
            "group": "lien-thong",
            "unit": "X",
            "duration": duration,
            "on_supplement": on_supplement,
        }
    )


def ticket(received: str, **fields: Any) -> Ticket:
    return Ticket.model_validate({"id": "T", "procedure": "QT.X", "received": received, **fields})


def due(received: str, cal: WorkCalendar | None = None, proc: Procedure | None = None, **fields: Any) -> Due | None:
    return due_of(ticket(received, **fields), proc or procedure(working_days=5), cal or calendar())


# Rule 2 and the calendar ------------------------------------------------------


def test_working_days_skip_tet_2025() -> None:
    # Fri 24/01: the days from Sat 25/01 to Sun 02/02 are weekend or Tết; Mon 03/02 is the first.
    assert due("2025-01-24 10:00") == Due(date(2025, 2, 7))


def test_working_days_skip_tet_2026() -> None:
    # Tết Bính Ngọ: Mon 16/02 to Fri 20/02 off; from Fri 13/02, 3 working days end Wed 25/02.
    assert due("2026-02-13 09:00", proc=procedure(working_days=3)) == Due(date(2026, 2, 25))


def test_worked_saturday_26_04_2025_counts() -> None:
    # Thu 24/04 + 2: Fri 25/04, Sat 26/04 (làm bù).
    assert due("2025-04-24 09:00", proc=procedure(working_days=2)) == Due(date(2025, 4, 26))


def test_without_the_year_file_the_saturday_is_not_worked() -> None:
    bare = WorkCalendar(CalendarSettings(), [], 2024, 2027)
    assert due("2025-04-24 09:00", cal=bare, proc=procedure(working_days=2)) == Due(date(2025, 4, 28))


def test_swapped_day_off_02_05_2025() -> None:
    # Tue 29/04 + 2: 30/04, 01/05, 02/05 (swapped) and the weekend are off: Mon 05/05, Tue 06/05.
    assert due("2025-04-29 09:00", proc=procedure(working_days=2)) == Due(date(2025, 5, 6))


def test_extra_day_off_and_worked_saturday_of_the_year_file() -> None:
    # Wed 31/12/2025 + 2: Thu 01/01 holiday, Fri 02/01 day off of the file, Sat 03/01 and Sun off,
    # Mon 05/01 (1), Tue 06/01 (2).
    assert due("2025-12-31 09:00", proc=procedure(working_days=2)) == Due(date(2026, 1, 6))
    # Fri 09/01 + 1: Sat 10/01 is worked.
    assert due("2026-01-09 09:00", proc=procedure(working_days=1)) == Due(date(2026, 1, 10))


def test_the_day_of_receipt_is_not_counted() -> None:
    assert due("2025-03-10 07:05", proc=procedure(working_days=1)) == Due(date(2025, 3, 11))


# Rule 1: effective receipt ----------------------------------------------------


def test_receipt_on_a_saturday_counts_from_monday() -> None:
    cal = calendar()
    assert cal.effective_receipt(datetime(2025, 3, 8, 10, 0)) == datetime(2025, 3, 10, 7, 0)
    assert due("2025-03-08 10:00", proc=procedure(working_days=1)) == Due(date(2025, 3, 11))


def test_receipt_after_the_cutoff_counts_from_the_next_working_day() -> None:
    cal = calendar(cutoff="16:00")
    one = procedure(working_days=1)
    assert due("2025-03-10 16:30", cal=cal, proc=one) == Due(date(2025, 3, 12))
    assert due("2025-03-10 16:00", cal=cal, proc=one) == Due(date(2025, 3, 11))  # at the cutoff is not after it
    # Friday after the cutoff: the next working day is Monday.
    assert cal.effective_receipt(datetime(2025, 3, 14, 16, 1)) == datetime(2025, 3, 17, 7, 0)


# Rule 3: working hours and calendar days ---------------------------------------


@pytest.mark.parametrize(
    ("received", "hours", "expected"),
    [
        ("2025-03-10 10:00", 4, datetime(2025, 3, 10, 16, 0)),  # 1.5 h before lunch, 2.5 h after
        ("2025-03-10 15:00", 4, datetime(2025, 3, 11, 9, 0)),  # across the night
        ("2025-03-14 16:00", 4, datetime(2025, 3, 17, 10, 0)),  # across the weekend
        ("2025-03-10 12:00", 4, datetime(2025, 3, 11, 7, 30)),  # received at lunch: starts 13:30
        ("2025-03-10 07:00", 8, datetime(2025, 3, 10, 17, 0)),  # a full day ends at the close, not next morning
        ("2025-03-10 07:00", 4.5, datetime(2025, 3, 10, 11, 30)),  # ends at lunch
        ("2025-03-08 09:00", 2, datetime(2025, 3, 10, 9, 0)),  # Saturday: from Monday's opening
        ("2025-03-10 18:30", 1, datetime(2025, 3, 11, 8, 0)),  # after hours: from the next opening
    ],
)
def test_working_hours(received: str, hours: float, expected: datetime) -> None:
    assert due(received, proc=procedure(working_hours=hours)) == Due(expected)


def test_calendar_days_due_on_a_weekend_moves_to_monday() -> None:
    # Mon 03/03 + 5 days = Sat 08/03 -> Mon 10/03 (Điều 148).
    assert due("2025-03-03 09:00", proc=procedure(calendar_days=5)) == Due(date(2025, 3, 10))


def test_calendar_days_due_in_tet_moves_past_it() -> None:
    # 20/01 + 10 = Thu 30/01 (Tết) -> Mon 03/02.
    assert due("2025-01-20 09:00", proc=procedure(calendar_days=10)) == Due(date(2025, 2, 3))


def test_calendar_days_count_from_the_effective_receipt() -> None:
    # Sat 08/03 -> Mon 10/03 + 5 = Sat 15/03 -> Mon 17/03.
    assert due("2025-03-08 09:00", proc=procedure(calendar_days=5)) == Due(date(2025, 3, 17))


# Rule 4: pauses ----------------------------------------------------------------

PAUSE = [{"from": "2025-03-04 10:00", "to": "2025-03-06 08:00", "reason": "Bổ sung giấy tờ"}]


def test_extend_adds_the_working_days_after_the_pauses_first_day() -> None:
    # 5 days + Wed 05/03 and Thu 06/03 = 7 working days after Mon 03/03: Wed 12/03.
    assert due("2025-03-03 09:15", pauses=PAUSE) == Due(date(2025, 3, 12))


def test_extend_over_a_weekend_adds_only_working_days() -> None:
    # Paused Thu 06/03 to Tue 11/03: Fri 07, Mon 10, Tue 11 are added (3): 8 working days after Mon 03/03.
    pause = [{"from": "2025-03-06 10:00", "to": "2025-03-11 09:00"}]
    assert due("2025-03-03 09:15", pauses=pause) == Due(date(2025, 3, 13))


def test_extend_calendar_days_adds_every_day() -> None:
    # 10 + 3 (05, 06, 07/03) = 13 days after 03/03 = Sun 16/03 -> Mon 17/03.
    pause = [{"from": "2025-03-04 10:00", "to": "2025-03-07 10:00"}]
    assert due("2025-03-03 09:00", proc=procedure(calendar_days=10), pauses=pause) == Due(date(2025, 3, 17))


def test_extend_working_hours_adds_the_window_hours_inside_the_pause() -> None:
    # Paused 09:00-14:00: 2.5 h + 0.5 h of windows. 4 + 3 = 7 h from 08:00: ends 17:00.
    pause = [{"from": "2025-03-10 09:00", "to": "2025-03-10 14:00"}]
    assert due("2025-03-10 08:00", proc=procedure(working_hours=4), pauses=pause) == Due(datetime(2025, 3, 10, 17, 0))


def test_restart_counts_again_from_the_pauses_end_as_a_new_receipt() -> None:
    # Resumed on Sat 08/03: a new receipt on Mon 10/03; 10 working days later is Mon 24/03.
    pause = [{"from": "2025-03-05 10:00", "to": "2025-03-08 09:00"}]
    proc = procedure("restart", working_days=10)
    assert due("2025-03-03 09:00", proc=proc, pauses=pause) == Due(date(2025, 3, 24))


def test_restart_after_two_pauses_counts_from_the_last() -> None:
    pauses = [
        {"from": "2025-03-04 10:00", "to": "2025-03-05 10:00"},
        {"from": "2025-03-06 10:00", "to": "2025-03-12 10:00"},
    ]
    proc = procedure("restart", working_days=2)
    assert due("2025-03-03 09:00", proc=proc, pauses=pauses) == Due(date(2025, 3, 14))


def test_an_open_pause_stops_the_clock_until_the_moment_asked() -> None:
    paused = ticket("2025-03-03 09:15", pauses=[{"from": "2025-03-04 10:00"}])
    assert due_of(paused, procedure(working_days=5), calendar()) is None
    # Counted at 24:00 of Fri 07/03: Wed 05, Thu 06, Fri 07 added -> 8 working days: Thu 13/03.
    as_of = datetime(2025, 3, 8, 0, 0)
    assert due_of(paused, procedure(working_days=5), calendar(), cut=as_of) == Due(date(2025, 3, 13))


# Rules 2 and 5: end-of-day and same-time ------------------------------------------


def test_end_of_day_due_is_met_through_the_day() -> None:
    d = Due(date(2025, 3, 12))
    assert d.met_by(datetime(2025, 3, 12, 23, 59))
    assert not d.met_by(datetime(2025, 3, 13, 0, 0))


def test_same_time_due_is_the_receipts_time_of_day() -> None:
    cal = calendar(deadline="same-time")
    d = due("2025-03-10 14:30", cal=cal, proc=procedure(working_days=2))
    assert d == Due(datetime(2025, 3, 12, 14, 30))
    assert d is not None and d.met_by(datetime(2025, 3, 12, 14, 30)) and not d.met_by(datetime(2025, 3, 12, 14, 31))
    # A Saturday receipt counts from the opening of Monday.
    assert due("2025-03-08 10:00", cal=cal, proc=procedure(working_days=1)) == Due(datetime(2025, 3, 11, 7, 0))


def test_working_hours_due_is_a_moment() -> None:
    d = due("2025-03-10 10:00", proc=procedure(working_hours=4))
    assert d is not None and d.is_moment
    assert d.met_by(datetime(2025, 3, 10, 16, 0)) and not d.met_by(datetime(2025, 3, 10, 16, 1))


# Rule 6: explicit due, rescheduled --------------------------------------------------


def test_an_explicit_due_wins() -> None:
    assert due("2025-03-03 09:15", due="2025-03-05") == Due(date(2025, 3, 5))
    assert due("2025-03-03 09:15", due="2025-03-14 10:00") == Due(datetime(2025, 3, 14, 10, 0))
    reasoning = reason_due(ticket("2025-03-03 09:15", due="2025-03-05"), procedure(working_days=5), calendar())
    assert reasoning.explicit and reasoning.computed == Due(date(2025, 3, 10))


def test_rescheduled_never_makes_a_late_dossier_on_time() -> None:
    late = ticket("2025-03-03 09:15", completed="2025-03-12 10:00", outcome="done", rescheduled={"date": "2025-03-14"})
    d = due_of(late, procedure(working_days=5), calendar())
    assert d == Due(date(2025, 3, 10)) and not d.met_by(late.completed)  # type: ignore[arg-type]


def test_the_reason_of_a_new_appointment_is_read_back_whole() -> None:
    """The apology and the report read the reason `ticket reschedule` wrote from the last such
    line of the process log, whole: the report once kept only what followed its last ': '."""
    from qmsctl.report import late_reason

    line = RESCHEDULED_STEP.format(day="21/03/2025", reason="Chờ ý kiến: Sở Tư pháp")
    steps = [
        {"at": "2025-03-04 09:00", "by": "A", "action": "nhập hồ sơ", "error": "thiếu giấy tờ"},
        {"at": "2025-03-10 09:00", "by": "A", "action": line},
    ]
    late = ticket("2025-03-03 09:15", steps=steps)
    assert reschedule_note(late.steps) == (datetime(2025, 3, 10, 9, 0), "Chờ ý kiến: Sở Tư pháp")
    assert late_reason(late) == "Chờ ý kiến: Sở Tư pháp"
    assert reschedule_note(ticket("2025-03-03 09:15", steps=steps[:1]).steps) is None
    assert late_reason(ticket("2025-03-03 09:15", steps=steps[:1])) == "thiếu giấy tờ"


def test_working_days_late() -> None:
    # Due Mon 10/03, finished Thu 13/03: 3 working days late; finished the same day later: 0.
    cal = calendar()
    assert working_days_late(Due(date(2025, 3, 10)), datetime(2025, 3, 13, 9, 0), cal) == 3
    assert working_days_late(Due(datetime(2025, 3, 10, 9, 0)), datetime(2025, 3, 10, 15, 0), cal) == 0


def test_every_computed_working_day_due_is_a_working_day() -> None:
    cal = calendar()
    for day in range(1, 365):
        received = datetime.fromordinal(date(2025, 1, 1).toordinal() + day).replace(hour=9)
        d = due_of(ticket(received.isoformat()), procedure(working_days=3), cal)
        assert d is not None and cal.is_working_day(d.day)


WIDE = WorkCalendar(CalendarSettings(), YEAR_FILES, 2000, 2060)


@settings(max_examples=examples(80), deadline=None)
@given(
    st.lists(st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2058, 12, 31)), min_size=4, max_size=4),
    st.integers(min_value=1, max_value=400),
)
def test_a_calendar_asked_beyond_its_years_answers_as_one_built_over_them(moments: list[datetime], count: int) -> None:
    """A calendar grows when asked for a day outside its years, before or after them, in the
    middle of a computation: every answer, and every difference of working seconds taken
    before and after it grew, is that of a calendar built over all those years at once."""
    narrow = calendar()  # 2024-2027
    first, second, third, fourth = moments
    low, high = sorted((first.date(), second.date()))
    assert narrow.working_days_between(low, high) == WIDE.working_days_between(low, high)
    assert narrow.add_working_days(third.date(), count) == WIDE.add_working_days(third.date(), count)
    assert narrow.is_working_day(fourth.date()) == WIDE.is_working_day(fourth.date())
    assert narrow.working_seconds(fourth) - narrow.working_seconds(first) == WIDE.working_seconds(
        fourth
    ) - WIDE.working_seconds(first)
    later = narrow.working_seconds(third) + count * 3600
    assert narrow.moment_at(later) == WIDE.moment_at(WIDE.working_seconds(third) + count * 3600)


@settings(max_examples=examples(60), deadline=None)
@given(
    # Few days (the holidays of 30/04 among them), many moments: days met more than once.
    st.lists(st.datetimes(min_value=datetime(2025, 4, 24), max_value=datetime(2025, 5, 6)), min_size=8, max_size=40),
    st.sampled_from([{"working_days": 5}, {"working_days": 1}, {"calendar_days": 10}, {"working_hours": 8}]),
    st.sampled_from([None, "15:00", "11:30"]),
    st.sampled_from(["end-of-day", "same-time"]),
)
def test_a_plain_due_remembered_per_day_is_the_rules_due(
    moments: list[datetime], duration: dict[str, float], cutoff: str | None, deadline: str
) -> None:
    """Dues counted in days are remembered per day of receipt and side of the cutoff: every
    ticket's, asked twice, is still what the rules find for it."""
    cal = calendar(cutoff=cutoff, deadline=deadline)
    proc = procedure(**duration)
    tickets = [ticket(moment.isoformat(sep=" ", timespec="minutes")) for moment in moments]
    for _round in range(2):
        for each in tickets:
            assert plain_due(each, proc, cal) == reason_due(each, proc, cal).due
