"""Each bucket of docs/rules.md section 4, the JSON shape, and the identity that must always hold."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qmsctl.calendar import WorkCalendar
from qmsctl.figures import Cut, Period, Scope, compute_figures, parse_period
from qmsctl.findings import UserError
from qmsctl.records.models import CalendarSettings, CalendarYear, Procedure, Ticket
from tests.conftest import examples

LATER = Cut(datetime(2030, 1, 1))  # every period here is over
CAL = WorkCalendar(CalendarSettings(), [CalendarYear(year=2025, work_days=[date(2025, 4, 26)])], 2024, 2027)
PROCEDURES = {
    "QT.NC.01": Procedure.model_validate(
        {"code": "QT.NC.01", "name": "Bổ nhiệm", "group": "lien-thong", "unit": "NC", "duration": {"working_days": 5}}
    ),
    "QT.HCTC.01": Procedure.model_validate(
        {"code": "QT.HCTC.01", "name": "Văn bản", "group": "noi-bo", "unit": "HCTC", "duration": {"working_hours": 4}}
    ),
}
MARCH = parse_period("2025-03")


def ticket(ident: str, received: str, procedure: str = "QT.NC.01", **fields: Any) -> Ticket:
    return Ticket.model_validate({"id": ident, "procedure": procedure, "received": received, **fields})


def statuses(tickets: list[Ticket], period: Period = MARCH) -> dict[str, str]:
    figures = compute_figures(tickets, PROCEDURES, period, CAL, LATER)
    return {p.ticket.id: p.status for p in figures.placed}


def test_periods() -> None:
    assert parse_period("2025-03") == Period(date(2025, 3, 1), date(2025, 3, 31), "2025-03")
    assert parse_period("2024-02").end == date(2024, 2, 29)
    assert (parse_period("2025-Q1").start, parse_period("2025-Q1").end) == (date(2025, 1, 1), date(2025, 3, 31))
    assert (parse_period("2025-q4").start, parse_period("2025-q4").end) == (date(2025, 10, 1), date(2025, 12, 31))
    assert (parse_period("2025-H2").start, parse_period("2025-H2").end) == (date(2025, 7, 1), date(2025, 12, 31))
    assert (parse_period("2025").start, parse_period("2025").end) == (date(2025, 1, 1), date(2025, 12, 31))
    r = parse_period("2025-01-06..2025-02-14")
    assert (r.start, r.end) == (date(2025, 1, 6), date(2025, 2, 14))
    for bad in ("2025-13", "2025-Q5", "March", "2025-02-14..2025-01-06", "2025-02-30..2025-03-01", "2025-01..", "x..y"):
        with pytest.raises(UserError):
            parse_period(bad)


def test_a_range_runs_from_the_start_of_its_first_side_to_the_end_of_its_last() -> None:
    """Each side of A..B is a day (ISO or day/month/year, as every date option) or a month,
    quarter, half or year; the label is written in ISO, as a file name may hold it."""
    assert parse_period("2025-01..2025-06") == Period(date(2025, 1, 1), date(2025, 6, 30), "2025-01..2025-06")
    assert parse_period("05/03/2025..10/03/2025") == Period(
        date(2025, 3, 5), date(2025, 3, 10), "2025-03-05..2025-03-10"
    )
    assert parse_period("2025-q2..2025") == Period(date(2025, 4, 1), date(2025, 12, 31), "2025-Q2..2025")
    with pytest.raises(UserError, match="ends before it starts"):
        parse_period("2026..2025")


def test_a_month_may_be_written_month_first() -> None:
    """'03/2026', as a secretary writes 'tháng 03/2026': the month 2026-03, labelled in ISO."""
    assert parse_period("03/2026") == parse_period("3/2026") == parse_period("2026-03")
    assert parse_period("3/2026..6/2026") == Period(date(2026, 3, 1), date(2026, 6, 30), "2026-03..2026-06")
    for bad in ("13/2026", "0/2026", "003/2026", "3/26"):
        with pytest.raises(UserError):
            parse_period(bad)


def test_processed_on_time_and_late() -> None:
    # Received Mon 03/03, 5 working days: due Mon 10/03.
    found = statuses(
        [
            ticket("on-time", "2025-03-03 09:00", completed="2025-03-10 16:59", outcome="done"),
            ticket("late", "2025-03-03 09:00", completed="2025-03-11 07:30", outcome="done"),
        ]
    )
    assert found == {"on-time": "processed_on_time", "late": "processed_late"}


def test_returned_and_withdrawn_are_not_processed() -> None:
    found = statuses(
        [
            ticket("r", "2025-03-03 09:00", completed="2025-03-20 10:00", outcome="returned"),
            ticket("w", "2025-03-03 09:00", completed="2025-03-04 10:00", outcome="withdrawn"),
        ]
    )
    assert found == {"r": "not_processed", "w": "not_processed"}


def test_in_progress_on_time_when_the_due_is_not_before_the_end_of_the_period() -> None:
    found = statuses(
        [
            # Received Mon 24/03: due Mon 31/03, the last day: still on time at 24:00.
            ticket("due-last-day", "2025-03-24 09:00"),
            # Received Fri 21/03: due Fri 28/03: overdue (quá hạn) at the end of March.
            ticket("overdue", "2025-03-21 09:00"),
            # Completed in April: not finished by the end of March.
            ticket("done-later", "2025-03-28 09:00", completed="2025-04-02 10:00", outcome="done"),
        ]
    )
    assert found == {
        "due-last-day": "in_progress_on_time",
        "overdue": "in_progress_late",
        "done-later": "in_progress_on_time",
    }


def test_in_progress_with_a_due_moment_on_the_last_day_is_overdue_at_midnight() -> None:
    # 4 working hours from Mon 31/03 10:00: due 31/03 16:00, before 24:00 of 31/03.
    found = statuses([ticket("h", "2025-03-31 10:00", procedure="QT.HCTC.01")])
    assert found == {"h": "in_progress_late"}
    # From 31/03 15:00 the due is Tue 01/04 09:00: still on time at the end of March.
    found = statuses([ticket("h2", "2025-03-31 15:00", procedure="QT.HCTC.01")])
    assert found == {"h2": "in_progress_on_time"}


def test_finished_on_the_first_day_of_the_period_is_in_it() -> None:
    t = ticket("first", "2025-02-25 09:00", completed="2025-03-01 08:00", outcome="done")
    assert statuses([t]) == {"first": "processed_on_time"}
    assert statuses([t], parse_period("2025-02")) == {"first": "in_progress_on_time"}


def test_carried_in_from_the_previous_year() -> None:
    # Received Mon 29/12/2025: 30/12, 31/12, 02/01, 05/01, 06/01 (01/01 is a holiday): due Tue 06/01/2026.
    # Finished 07/01/2026: late, counted in January 2026.
    t = ticket("carried", "2025-12-29 09:00", completed="2026-01-07 10:00", outcome="done")
    figures = compute_figures([t], PROCEDURES, parse_period("2026-01"), CAL, LATER)
    assert figures.total.received == 1 and figures.total.processed_late == 1
    assert (figures.total.carried_over, figures.total.new) == (1, 0)  # kỳ trước chuyển sang
    december = compute_figures([t], PROCEDURES, parse_period("2025-12"), CAL, LATER).total
    assert december.in_progress_on_time == 1 and (december.carried_over, december.new) == (0, 1)


def test_out_of_scope() -> None:
    found = statuses(
        [
            ticket("before", "2025-02-03 09:00", completed="2025-02-28 17:00", outcome="done"),
            ticket("after", "2025-04-01 08:00"),
        ]
    )
    assert found == {}


def test_json_is_spec_section_4() -> None:
    tickets = [
        ticket("a", "2025-03-03 09:00", completed="2025-03-05 10:00", outcome="done"),
        ticket("b", "2025-03-03 09:00", completed="2025-03-12 10:00", outcome="done"),
        ticket("c", "2025-03-03 09:00", completed="2025-03-04 10:00", outcome="returned"),
        ticket("d", "2025-03-28 09:00"),
    ]
    data = compute_figures(tickets, PROCEDURES, MARCH, CAL, LATER).as_json()
    assert data == {
        "period": {"start": "2025-03-01", "end": "2025-03-31"},
        "as_of": "2025-04-01T00:00",  # a past period: 00:00 of the day after its end
        "complete": True,
        "rows": [
            {
                "procedure": "QT.NC.01",
                "group": "lien-thong",
                "unit": "NC",
                "received": 4,
                "carried_over": 0,
                "new": 4,
                "processed": {"total": 2, "on_time": 1, "late": 1},
                "not_processed": 1,
                "in_progress": {"total": 1, "on_time": 1, "late": 0},
            }
        ],
        "groups": {
            "lien-thong": {
                "received": 4,
                "carried_over": 0,
                "new": 4,
                "processed": {"total": 2, "on_time": 1, "late": 1},
                "not_processed": 1,
                "in_progress": {"total": 1, "on_time": 1, "late": 0},
            },
            "noi-bo": {
                "received": 0,
                "carried_over": 0,
                "new": 0,
                "processed": {"total": 0, "on_time": 0, "late": 0},
                "not_processed": 0,
                "in_progress": {"total": 0, "on_time": 0, "late": 0},
            },
        },
        "total": {
            "received": 4,
            "carried_over": 0,
            "new": 4,
            "processed": {"total": 2, "on_time": 1, "late": 1},
            "not_processed": 1,
            "in_progress": {"total": 1, "on_time": 1, "late": 0},
        },
        "rates": {"lien-thong": 0.5, "noi-bo": None, "all": 0.5},
    }


def test_rows_sorted_by_group_then_code_and_all_procedures() -> None:
    tickets = [
        ticket("x", "2025-03-03 09:00", procedure="QT.HCTC.01"),
        ticket("y", "2025-03-03 09:00"),
    ]
    rows = compute_figures(tickets, PROCEDURES, MARCH, CAL, LATER).as_json()["rows"]
    assert [r["procedure"] for r in rows] == ["QT.NC.01", "QT.HCTC.01"]
    assert compute_figures([], PROCEDURES, MARCH, CAL, LATER).rows == []
    assert len(compute_figures([], PROCEDURES, MARCH, CAL, LATER, all_procedures=True).rows) == 2


def test_filters_and_other_groupings() -> None:
    tickets = [
        ticket("x", "2025-02-20 09:00", procedure="QT.HCTC.01"),
        ticket("y", "2025-03-03 09:00", unit="HCTC"),
        ticket("z", "2025-03-04 09:00"),
    ]
    assert compute_figures(tickets, PROCEDURES, MARCH, CAL, LATER, scope=Scope(group="noi-bo")).total.received == 1
    assert compute_figures(tickets, PROCEDURES, MARCH, CAL, LATER, scope=Scope(unit="HCTC")).total.received == 2
    by_unit = compute_figures(tickets, PROCEDURES, MARCH, CAL, LATER, by="unit").as_json()["rows"]
    assert [(r["unit"], r["received"]) for r in by_unit] == [("HCTC", 2), ("NC", 1)]
    by_month = compute_figures(tickets, PROCEDURES, parse_period("2025-Q1"), CAL, LATER, by="month").as_json()["rows"]
    # A month row is that month as its own period: x, open, is carried from February into March.
    assert [(r["month"], r["received"]) for r in by_month] == [("2025-01", 0), ("2025-02", 1), ("2025-03", 3)]


moments = st.datetimes(min_value=datetime(2024, 11, 1), max_value=datetime(2026, 2, 28)).map(
    lambda m: m.replace(second=0, microsecond=0)
)


@st.composite
def tickets_strategy(draw: st.DrawFn) -> Ticket:
    received = draw(moments)
    data: dict[str, Any] = {
        "id": str(draw(st.integers(0, 10**9))),
        "procedure": draw(st.sampled_from(sorted(PROCEDURES))),
        "received": received.isoformat(" ", "minutes"),
    }
    if draw(st.booleans()):
        pause_start = received + timedelta(hours=draw(st.integers(1, 100)))
        data["pauses"] = [{"from": pause_start.isoformat(" ", "minutes")}]
        if draw(st.booleans()):
            data["pauses"][0]["to"] = (pause_start + timedelta(hours=draw(st.integers(1, 200)))).isoformat(
                " ", "minutes"
            )
    if draw(st.booleans()):
        completed = received + timedelta(minutes=draw(st.integers(1, 60 * 24 * 60)))
        data["completed"] = completed.isoformat(" ", "minutes")
        data["outcome"] = draw(st.sampled_from(["done", "done", "returned", "withdrawn"]))
    if draw(st.booleans()):
        data["due"] = (received + timedelta(days=draw(st.integers(0, 20)))).date().isoformat()
    return Ticket.model_validate(data)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(st.dates(min_value=date(2024, 12, 1), max_value=date(2026, 1, 31)))
    end = start + timedelta(days=draw(st.integers(0, 120)))
    return parse_period(f"{start}..{end}")


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(tickets_strategy(), max_size=30), periods())
def test_received_is_always_processed_plus_not_processed_plus_in_progress(
    tickets: list[Ticket], period: Period
) -> None:
    figures = compute_figures(tickets, PROCEDURES, period, CAL, LATER)
    for counts in [figures.total, *figures.groups.values(), *(row.counts for row in figures.rows)]:
        assert counts.received == counts.processed + counts.not_processed + counts.in_progress
    for rate in figures.rates.values():
        assert rate is None or 0 <= rate <= 1
    assert (figures.rates["all"] is None) == (figures.total.processed == 0)
    assert figures.total.received == sum(row.counts.received for row in figures.rows)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(tickets_strategy(), max_size=30), periods(), st.sampled_from([LATER, Cut(datetime(2025, 6, 15, 10, 0))])
)
def test_received_is_carried_over_plus_new_and_the_months_add_up_by_new(
    tickets: list[Ticket], period: Period, cut: Cut
) -> None:
    """docs/rules.md section 4: received = carried_over + new in every count, a ticket is new in the
    one month it was received in, and carried over exactly when received before the period."""
    assume(cut.as_of > period.begins)
    figures = compute_figures(tickets, PROCEDURES, period, CAL, cut, by="month")
    for counts in [figures.total, *figures.groups.values(), *(row.counts for row in figures.rows)]:
        assert counts.received == counts.carried_over + counts.new
        assert counts.carried_over >= 0 and counts.new >= 0
    assert figures.total.new == sum(row.counts.new for row in figures.rows)
    # An independent count: the tickets received in the period before the cut are the new ones.
    moment = cut.of(period)
    in_scope = {id(p.ticket) for p in figures.placed}
    assert figures.total.new == sum(1 for t in tickets if period.begins <= t.received < moment and id(t) in in_scope)
    assert figures.total.carried_over == sum(1 for t in tickets if t.received < period.begins and id(t) in in_scope)
