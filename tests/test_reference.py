"""qmsctl's dues and period figures against the independent reference of tests/reference.py
(written from docs/rules.md, importing nothing of qmsctl): on every ticket of the demo, read
with PyYAML rather than qmsctl's reader, and on generated tickets and calendars."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

import qmsctl
from qmsctl.calendar import WorkCalendar
from qmsctl.deadlines import due_of
from qmsctl.figures import Cut, compute_figures, parse_period
from qmsctl.records.models import CalendarSettings, CalendarYear, Procedure, Ticket
from tests import reference
from tests.conftest import DEMO

AS_OF = datetime(2026, 11, 24)  # the demo judged as of 23/11/2026, as the README is


def plain_yaml(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def demo_as_plain_data() -> tuple[reference.Calendar, dict[str, dict], list[dict]]:
    """The demo's calendar, procedures and tickets, read by PyYAML alone."""
    settings = plain_yaml(DEMO / "qms.yaml")["calendar"]
    days_off: set[date] = set()
    work_days: set[date] = set()
    for path in (DEMO / "calendar").glob("*.yaml"):
        year = plain_yaml(path)
        days_off |= set(year.get("days_off") or [])
        work_days |= set(year.get("work_days") or [])
    calendar = reference.Calendar(
        settings["workweek"], settings["hours"], settings.get("cutoff"), settings["deadline"], days_off, work_days
    )
    procedures = {p["code"]: p for p in map(plain_yaml, sorted((DEMO / "procedures").glob("*.yaml")))}
    tickets = [t for path in sorted((DEMO / "tickets").rglob("*.yaml")) for t in plain_yaml(path)]
    return calendar, procedures, tickets


def test_the_demo_is_read_alike() -> None:
    _calendar, procedures, tickets = demo_as_plain_data()
    agency = qmsctl.open(DEMO)
    assert len(tickets) == len(agency.tickets) > 1500
    assert set(procedures) == set(agency.procedures)


def test_every_due_of_the_demo_equals_the_reference() -> None:
    calendar, procedures, tickets = demo_as_plain_data()
    agency = qmsctl.open(DEMO)
    ours = {t.id: t for t in agency.tickets}
    compared = paused = 0
    for plain in tickets:
        ticket = ours[plain["id"]]
        procedure = agency.procedures[ticket.procedure]
        cut = None if ticket.completed is not None else AS_OF
        expected = reference.due(plain, procedures[plain["procedure"]], calendar, cut)
        found = due_of(ticket, procedure, agency.calendar, cut=cut)
        assert expected is not None and found is not None
        assert found.deadline == expected.at, (plain["id"], found, expected)
        compared += 1
        paused += bool(plain.get("pauses"))
    assert compared == len(tickets) and paused > 20  # pauses are among what is compared


def test_every_status_of_the_demo_in_every_month_equals_the_reference() -> None:
    calendar, procedures, tickets = demo_as_plain_data()
    agency = qmsctl.open(DEMO)
    cut = Cut(AS_OF)
    seen: set[str] = set()
    periods = [f"{year}-{month:02d}" for year in (2025, 2026) for month in range(1, 13)][:23]
    periods += ["2025", "2026-Q3", "2026-11"]
    for label in periods:
        period = parse_period(label)
        figures = compute_figures(agency.tickets, agency.procedures, period, agency.calendar, cut)
        ours = {p.ticket.id: p.status for p in figures.placed}
        theirs = {
            t["id"]: s
            for t in tickets
            if (s := reference.status(t, procedures[t["procedure"]], calendar, period.start, period.end, AS_OF))
        }
        assert ours == theirs, label
        expected = reference.counts(list(theirs.values()))
        total = figures.total
        assert (total.received, total.processed_late, total.in_progress_late) == (
            expected["received"],
            expected["processed_late"],
            expected["in_progress_late"],
        )
        seen |= set(theirs.values())
    # Every status is among those compared, overdue open dossiers included.
    assert seen == {"processed_on_time", "processed_late", "not_processed", "in_progress_on_time", "in_progress_late"}


# --- generated tickets and calendars -----------------------------------------------------

PROCEDURES = {
    "D5": {"code": "D5", "duration": {"working_days": 5}},
    "D1": {"code": "D1", "duration": {"working_days": 1}},
    "R3": {"code": "R3", "duration": {"working_days": 3}, "on_supplement": "restart"},
    "H4": {"code": "H4", "duration": {"working_hours": 4}},
    "H12": {"code": "H12", "duration": {"working_hours": 12.5}},
    "C30": {"code": "C30", "duration": {"calendar_days": 30}},
    "C7R": {"code": "C7R", "duration": {"calendar_days": 7}, "on_supplement": "restart"},
}
START, END = datetime(2025, 12, 1), datetime(2026, 3, 31)


def minutes(draw: st.DrawFn, low: datetime, high_days: int) -> datetime:
    return low + timedelta(minutes=draw(st.integers(0, high_days * 24 * 60)))


@st.composite
def calendars(draw: st.DrawFn) -> reference.Calendar:
    return reference.Calendar(
        workweek=draw(
            st.sampled_from([["mon", "tue", "wed", "thu", "fri"], ["mon", "tue", "wed", "thu", "fri", "sat"]])
        ),
        hours=draw(st.sampled_from([["07:00-11:30", "13:30-17:00"], ["07:30-11:30", "13:00-16:30"], ["08:00-17:00"]])),
        cutoff=draw(st.sampled_from([None, "15:00", "16:30"])),
        days_off={date(2026, 1, 2)} if draw(st.booleans()) else set(),
        work_days={date(2026, 1, 10)} if draw(st.booleans()) else set(),
    )


@st.composite
def plain_tickets(draw: st.DrawFn) -> dict:
    code = draw(st.sampled_from(sorted(PROCEDURES)))
    received = minutes(draw, START, 100)
    ticket: dict = {"id": "T", "procedure": code, "received": received.strftime("%Y-%m-%d %H:%M")}
    last = received
    if draw(st.booleans()):
        pauses = []
        for _ in range(draw(st.integers(1, 2))):
            start = last + timedelta(minutes=draw(st.integers(30, 10 * 24 * 60)))
            end = start + timedelta(minutes=draw(st.integers(30, 12 * 24 * 60)))
            pauses.append({"from": start.strftime("%Y-%m-%d %H:%M"), "to": end.strftime("%Y-%m-%d %H:%M")})
            last = end
        ticket["pauses"] = pauses
    elif draw(st.booleans()):  # an appointment (rule 6), never with pauses (rule 12 moves it)
        day = (received + timedelta(days=draw(st.integers(0, 20)))).date()
        ticket["due"] = day.isoformat() if draw(st.booleans()) else f"{day} 16:00"
    if draw(st.booleans()):
        ticket["completed"] = (last + timedelta(minutes=draw(st.integers(1, 40 * 24 * 60)))).strftime("%Y-%m-%d %H:%M")
        ticket["outcome"] = draw(st.sampled_from(["done", "done", "done", "returned", "withdrawn"]))
    return ticket


def ours(calendar: reference.Calendar) -> WorkCalendar:
    settings = CalendarSettings.model_validate(
        {
            "workweek": calendar.workweek,
            "hours": calendar.hours,
            "cutoff": calendar.cutoff,
            "deadline": calendar.deadline,
        }
    )
    years = [
        CalendarYear.model_validate(
            {
                "year": year,
                "days_off": [d.isoformat() for d in calendar.days_off if d.year == year],
                "work_days": [d.isoformat() for d in calendar.work_days if d.year == year],
            }
        )
        for year in (2025, 2026)
    ]
    return WorkCalendar(settings, years, 2024, 2028)


def model(plain: dict) -> tuple[Ticket, Procedure]:
    found = PROCEDURES[plain["procedure"]]
    procedure = Procedure.model_validate({"name": "x", "group": "noi-bo", "unit": "U", **found})
    return Ticket.model_validate(plain), procedure


@given(calendars(), plain_tickets(), st.integers(0, 150))
def test_a_due_equals_the_reference(calendar: reference.Calendar, plain: dict, cut_days: int) -> None:
    ticket, procedure = model(plain)
    cut = START + timedelta(days=cut_days)
    assume(ticket.received < cut)
    expected = reference.due(plain, PROCEDURES[plain["procedure"]], calendar, cut)
    found = due_of(ticket, procedure, ours(calendar), cut=cut)
    assert expected is not None and found is not None
    assert found.deadline == expected.at


@given(
    calendars(), st.lists(plain_tickets(), min_size=1, max_size=12), st.sampled_from(["2026-01", "2026-Q1", "2026-02"])
)
def test_a_periods_figures_equal_the_reference(calendar: reference.Calendar, plains: list[dict], label: str) -> None:
    for number, plain in enumerate(plains):
        plain["id"] = f"T{number}"
    pairs = [model(p) for p in plains]
    procedures = {p.code: p for _t, p in pairs}
    period = parse_period(label)
    cut = Cut(datetime(2026, 2, 20, 10, 0))
    figures = compute_figures([t for t, _p in pairs], procedures, period, ours(calendar), cut)
    statuses = [
        reference.status(p, PROCEDURES[p["procedure"]], calendar, period.start, period.end, cut.as_of) for p in plains
    ]
    carried = [reference.moment(p["received"]) < period.begins for p in plains]
    assume(any(statuses))
    expected = reference.counts(statuses, carried)
    total = figures.total
    assert {p.ticket.id: p.status for p in figures.placed} == {
        plain["id"]: s for plain, s in zip(plains, statuses, strict=True) if s
    }
    assert total.received == expected["received"] and total.carried_over == expected["carried_over"]
    assert total.in_progress_late == expected["in_progress_late"]
    rate = total.on_time_rate
    processed = expected["processed_on_time"] + expected["processed_late"]
    assert rate == (expected["processed_on_time"] / processed if processed else None)


# --- the roll-up of agencies whose rules differ --------------------------------------------

AGENCIES = {  # short name: (cutoff, working hours)
    "PHUONG-A": ("15:00", ["07:00-11:30", "13:30-17:00"]),
    "PHUONG-B": (None, ["07:30-11:30", "13:00-16:30"]),
}


def _agency(root: Path, short: str, cutoff: str | None, hours: list[str], seed: int) -> tuple[reference.Calendar, list]:
    """The base folder as another agency, with its own cutoff and hours and 80 dossiers received
    near the end of the day, where the cutoff decides."""
    import random
    import shutil

    from tests.conftest import DATA

    shutil.copytree(DATA / "base", root)
    profile = (root / "qms.yaml").read_text(encoding="utf-8")
    profile = profile.replace("short: VPUB", f"short: {short}").replace("cutoff: null", f"cutoff: {cutoff or 'null'}")
    profile = profile.replace('hours: ["07:00-11:30", "13:30-17:00"]', f"hours: {hours}")
    (root / "qms.yaml").write_text(profile, encoding="utf-8")
    (root / "calendar/2026.yaml").write_text("year: 2026\n", encoding="utf-8")
    pick = random.Random(seed)
    tickets = []
    for number in range(80):
        received = datetime(2026, 3, 2) + timedelta(
            days=pick.randrange(26), minutes=pick.randrange(14 * 60, 17 * 60 + 30)
        )
        ticket = {
            "id": f"{short}-{number:03d}",
            "procedure": pick.choice(["QT.NC.01", "QT.HCTC.01"]),
            "received": received.strftime("%Y-%m-%d %H:%M"),
        }
        if pick.random() < 0.7:
            done = received + timedelta(minutes=pick.randrange(60, 10 * 24 * 60))
            ticket |= {"completed": done.strftime("%Y-%m-%d %H:%M"), "outcome": "done"}
        tickets.append(ticket)
    (root / "tickets/2026").mkdir(parents=True)
    (root / "tickets/2026/2026-03.yaml").write_text(yaml.safe_dump(tickets, allow_unicode=True), encoding="utf-8")
    calendar = reference.Calendar(cutoff=cutoff, hours=hours, work_days={date(2025, 4, 26)})
    return calendar, tickets


def test_a_roll_up_of_agencies_with_their_own_rules_equals_the_reference(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from qmsctl.cli.main import app

    procedures = {
        "QT.NC.01": {"code": "QT.NC.01", "duration": {"working_days": 5}},
        "QT.HCTC.01": {"code": "QT.HCTC.01", "duration": {"working_hours": 4}},
    }
    expected = {}
    for seed, (short, (cutoff, hours)) in enumerate(AGENCIES.items()):
        calendar, tickets = _agency(tmp_path / short, short, cutoff, hours, seed)
        statuses = [
            reference.status(t, procedures[t["procedure"]], calendar, date(2026, 3, 1), date(2026, 3, 31))
            for t in tickets
        ]
        expected[short] = reference.counts(statuses)
    result = CliRunner().invoke(
        app, ["rollup", *(str(tmp_path / short) for short in AGENCIES), "-p", "2026-03", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rolled = {a["agency"]: a["total"] for a in json.loads(result.stdout)["agencies"]}
    assert sorted(rolled) == sorted(AGENCIES)
    for short, counts in expected.items():
        assert counts["processed_late"] > 0 and counts["processed_on_time"] > 0  # the rules decide something
        total = rolled[short]
        assert total["received"] == counts["received"] == 80
        assert (total["processed"]["on_time"], total["processed"]["late"]) == (
            counts["processed_on_time"],
            counts["processed_late"],
        ), short
        assert (total["in_progress"]["on_time"], total["in_progress"]["late"]) == (
            counts["in_progress_on_time"],
            counts["in_progress_late"],
        ), short


def test_a_completion_at_midnight_after_the_due_date_is_late() -> None:
    """docs/rules.md 3.2: on time when completed on or before the due date; 00:00 of the next
    day is the next day (hypothesis found the reference first reading it as 24:00 of the due)."""
    calendar = reference.Calendar()
    plain = {"id": "T", "procedure": "C30", "received": "2025-12-01 00:00", "completed": "2026-01-01 00:00"}
    plain["outcome"] = "done"
    assert reference.status(plain, PROCEDURES["C30"], calendar, date(2026, 1, 1), date(2026, 1, 31)) == "processed_late"
    ticket, procedure = model(plain)
    figures = compute_figures([ticket], {"C30": procedure}, parse_period("2026-01"), ours(calendar), Cut(AS_OF))
    assert figures.total.processed_late == 1
