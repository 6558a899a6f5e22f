"""The cut (docs/rules.md section 4): a period judged "as of" a moment, with hand-computed cases, and
the month rows equal to the months' own figures for any records and cut."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qmsctl.cli.main import app
from qmsctl.figures import Cut, Period, compute_figures, parse_period
from qmsctl.findings import UserError
from qmsctl.records.models import Ticket
from tests.conftest import examples
from tests.test_figures import CAL, MARCH, PROCEDURES, moments, periods, ticket, tickets_strategy

# QT.NC.01 is 5 working days: received Monday 03/03/2025 09:00, due Monday 10/03/2025.
RECEIVED = "2025-03-03 09:00"


def status(t: Ticket, as_of: datetime, period: Period = MARCH) -> dict[str, int]:
    total = compute_figures([t], PROCEDURES, period, CAL, Cut(as_of)).total
    return {k: v for k, v in vars(total).items() if v}


def test_a_dossier_due_tomorrow_is_not_overdue_today() -> None:
    assert status(ticket("a", RECEIVED), datetime(2025, 3, 10, 0, 0)) == {"received": 1, "in_progress_on_time": 1}
    assert status(ticket("a", RECEIVED), datetime(2025, 3, 10, 16, 0)) == {"received": 1, "in_progress_on_time": 1}
    # Due 10/03 means on time through 24:00 of 10/03: overdue from then on.
    assert status(ticket("a", RECEIVED), datetime(2025, 3, 11, 0, 0)) == {"received": 1, "in_progress_on_time": 1}
    assert status(ticket("a", RECEIVED), datetime(2025, 3, 11, 0, 1)) == {"received": 1, "in_progress_late": 1}


def test_a_ticket_received_after_the_cut_is_not_yet_known() -> None:
    assert status(ticket("a", "2025-03-20 09:00"), datetime(2025, 3, 15)) == {}


def test_a_completion_after_the_cut_is_counted_as_open() -> None:
    done_late = ticket("a", RECEIVED, completed="2025-03-12 10:00", outcome="done")
    assert status(done_late, datetime(2025, 3, 8)) == {"received": 1, "in_progress_on_time": 1}
    assert status(done_late, datetime(2025, 3, 12, 10, 0)) == {"received": 1, "in_progress_late": 1}
    assert status(done_late, datetime(2025, 3, 12, 10, 1)) == {"received": 1, "processed_late": 1}


def test_a_pause_open_at_the_cut_ends_at_the_cut() -> None:
    # Paused from Wednesday 05/03 10:00, never resumed: at the end of Friday 07/03 the
    # extend rule adds Thursday and Friday, so the due moves from 10/03 to 12/03.
    paused = ticket("a", RECEIVED, pauses=[{"from": "2025-03-05 10:00"}])
    figures = compute_figures([paused], PROCEDURES, MARCH, CAL, Cut.end_of_day(date(2025, 3, 7)))
    assert figures.placed[0].due is not None and figures.placed[0].due.at == date(2025, 3, 12)
    # A pause that begins after the cut is not yet known.
    later = ticket("b", RECEIVED, pauses=[{"from": "2025-03-10 10:00", "to": "2025-03-14 10:00"}])
    figures = compute_figures([later], PROCEDURES, MARCH, CAL, Cut.end_of_day(date(2025, 3, 7)))
    assert figures.placed[0].due is not None and figures.placed[0].due.at == date(2025, 3, 10)


def test_a_period_half_over() -> None:
    tickets = [
        ticket("done", RECEIVED, completed="2025-03-07 10:00", outcome="done"),
        ticket("open", RECEIVED),
        ticket("future", "2025-03-20 09:00"),
        ticket("old-late", "2025-02-03 09:00"),
    ]
    figures = compute_figures(tickets, PROCEDURES, MARCH, CAL, Cut(datetime(2025, 3, 14, 10, 0)))
    assert figures.total.as_json() == {
        "received": 3,
        "carried_over": 1,  # old-late, received in February
        "new": 2,
        "processed": {"total": 1, "on_time": 1, "late": 0},
        "not_processed": 0,
        "in_progress": {"total": 2, "on_time": 0, "late": 2},
    }
    assert figures.as_json()["as_of"] == "2025-03-14T10:00"
    assert figures.note == "Số liệu tính đến 10:00 ngày 14/03/2025"


def test_a_past_period_is_judged_at_its_end() -> None:
    figures = compute_figures([], PROCEDURES, MARCH, CAL, Cut(datetime(2026, 1, 1)))
    assert figures.as_json()["as_of"] == "2025-04-01T00:00"
    assert figures.note == ""


def test_a_period_not_begun_is_a_usage_error() -> None:
    with pytest.raises(UserError) as caught:
        compute_figures([], PROCEDURES, MARCH, CAL, Cut(datetime(2025, 3, 1)))
    assert caught.value.code == "U012"


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(tickets_strategy(), max_size=25), periods(), moments)
def test_month_rows_equal_the_months_own_figures(tickets: list[Ticket], period: Period, as_of: datetime) -> None:
    cut = Cut(as_of)
    assume(as_of > period.begins)
    figures = compute_figures(tickets, PROCEDURES, period, CAL, cut, by="month")
    for row in figures.rows:
        month = next(m for m in period.months() if m.label == row.key)
        own = compute_figures(tickets, PROCEDURES, month, CAL, cut).total
        assert row.counts == own
    for counts in [figures.total, *(row.counts for row in figures.rows)]:
        assert counts.received == counts.processed + counts.not_processed + counts.in_progress


def test_stats_as_of_through_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the demo folder on 23/11/2026, nothing is overdue before its due has passed."""
    from tests.conftest import DEMO

    monkeypatch.setenv("QMSCTL_TODAY", "2026-11-23")
    result = CliRunner().invoke(app, ["--records", str(DEMO), "stats", "-p", "2026-11", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-11-24T00:00"
    from qmsctl import open as open_folder

    # As of 02/12/2026 the demo holds overdue dossiers (none yet on 23/11): each is past its due.
    agency = open_folder(DEMO)
    agency.as_of = Cut.end_of_day(date(2026, 12, 2))
    overdue = [p for p in agency.figures(parse_period("2026")).placed if p.status == "in_progress_late"]
    assert len(overdue) >= 5
    for placed in overdue:
        assert placed.due is not None and placed.due.deadline < datetime(2026, 12, 3)
    earlier = CliRunner().invoke(
        app, ["--records", str(DEMO), "stats", "-p", "2026-11", "--as-of", "2026-11-20T10:00", "--format", "json"]
    )
    assert json.loads(earlier.stdout)["as_of"] == "2026-11-20T10:00"


def test_filters_accept_names_and_refuse_typos(tmp_path: Path) -> None:
    from tests.conftest import DEMO

    runner = CliRunner()
    by_code = runner.invoke(app, ["--records", str(DEMO), "stats", "-p", "2026-03", "--unit", "nc", "--format", "json"])
    by_name = runner.invoke(
        app, ["--records", str(DEMO), "stats", "-p", "2026-03", "--unit", "noi chinh", "--format", "json"]
    )
    assert by_code.exit_code == by_name.exit_code == 0
    assert json.loads(by_code.stdout)["total"] == json.loads(by_name.stdout)["total"]
    assert json.loads(by_code.stdout)["total"]["received"] > 0
    typo = runner.invoke(app, ["--records", str(DEMO), "stats", "-p", "2026-03", "--unit", "XYZ"])
    assert typo.exit_code == 2
    assert "NC (Phòng Nội chính)" in typo.output


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(tickets_strategy(), max_size=25), st.lists(st.tuples(periods(), moments), min_size=1, max_size=4))
def test_facts_are_placed_as_the_tickets_are(tickets: list[Ticket], asked: list[tuple[Period, datetime]]) -> None:
    """Tickets read as facts are placed once per period, with their dues and scopes remembered
    across the periods a page asks for; the figures are those of the tickets read whole."""
    from qmsctl.figures import Scope, count_where
    from qmsctl.records.facts import facts_of, kept_facts
    from qmsctl.records.load import FileResult, Sourced

    result = FileResult("t.yaml", "ticket", [Sourced(t, "t.yaml", (i, "id")) for i, t in enumerate(tickets)])
    facts = facts_of(kept_facts(result)[1])
    for period, as_of in asked:
        if as_of <= period.begins:
            continue
        cut = Cut(as_of)
        for by, scope in (
            ("procedure", Scope()),
            ("unit", Scope()),
            ("month", Scope()),
            ("procedure", Scope("noi-bo")),
        ):
            mine = compute_figures(facts, PROCEDURES, period, CAL, cut, by=by, scope=scope)
            theirs = compute_figures(tickets, PROCEDURES, period, CAL, cut, by=by, scope=scope)
            assert mine.as_json() == theirs.as_json()
            assert [(p.ticket.id, p.due, p.status) for p in mine.placed] == [
                (p.ticket.id, p.due, p.status) for p in theirs.placed
            ]
        some = count_where(facts, PROCEDURES, period, CAL, cut, lambda procedure, unit: procedure.group == "lien-thong")
        assert some == compute_figures(tickets, PROCEDURES, period, CAL, cut, scope=Scope("lien-thong")).total
