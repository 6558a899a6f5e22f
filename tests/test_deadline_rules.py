"""docs/rules.md section 3, rules 7 to 13, each computed by hand from the law's text.

The calendar is 2026's: Monday to Friday; Tết from Monday 16/02 to Friday 20/02 (so the first
working day after Friday 13/02 is Monday 23/02). Dates below are checked against a wall calendar.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from qmsctl.calendar import WorkCalendar
from qmsctl.deadlines import Due, due_of, reason_due
from qmsctl.figures import Cut, compute_figures, parse_period
from qmsctl.records.models import CalendarSettings, Procedure, Ticket

CAL = WorkCalendar(CalendarSettings(), [], 2025, 2027)  # the agency: no cutoff of its own


def procedure(code: str = "P", **fields: object) -> Procedure:
    data = {"code": code, "name": code, "group": "lien-thong", "unit": "U", "duration": {"working_days": 5}}
    return Procedure.model_validate({**data, **fields})


def ticket(received: str, **fields: object) -> Ticket:
    return Ticket.model_validate({"id": "T", "procedure": "P", "received": received, **fields})


def due(t: Ticket, p: Procedure, cut: datetime | None = None) -> date | datetime | None:
    found = due_of(t, p, CAL, cut)
    return None if found is None else found.at


# Rules 7 and 8: chứng thực, "trong ngày", and the next working day when received after 15:00
# (Nghị định 23/2015/NĐ-CP, Điều 7), the 15:00 the procedure's own.
SAME_DAY = procedure("CT", duration={"working_days": 0}, cutoff="15:00")


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ("2026-03-09 10:00", date(2026, 3, 9)),  # Monday morning: that Monday
        ("2026-03-09 15:00", date(2026, 3, 9)),  # at 15:00, not after it: that Monday
        ("2026-03-09 15:30", date(2026, 3, 10)),  # after 15:00: Tuesday, never Wednesday
        ("2026-03-13 16:00", date(2026, 3, 16)),  # Friday afternoon: Monday
        ("2026-03-14 09:00", date(2026, 3, 16)),  # a Saturday: Monday
        ("2026-02-13 15:30", date(2026, 2, 23)),  # the Friday before Tết: the Monday after it
    ],
)
def test_a_same_day_procedure_is_due_the_day_it_counts_from(received: str, expected: date) -> None:
    assert due(ticket(received), SAME_DAY) == expected


def test_same_day_late_and_on_time() -> None:
    on_time = ticket("2026-03-09 10:00", completed="2026-03-09 16:30", outcome="done")
    late = ticket("2026-03-09 10:00", completed="2026-03-10 08:00", outcome="done")
    found = Due(date(2026, 3, 9))
    assert due_of(on_time, SAME_DAY, CAL) == found and found.met_by(on_time.completed)  # type: ignore[arg-type]
    assert not found.met_by(late.completed)  # type: ignore[arg-type]


def test_a_true_one_working_day_procedure_with_the_cutoff() -> None:
    """Rule 2 holds for one working day: received Monday 15:30, counted from Tuesday, due Wednesday."""
    one_day = procedure("M1", duration={"working_days": 1}, cutoff="15:00")
    assert due(ticket("2026-03-09 15:30"), one_day) == date(2026, 3, 11)
    assert due(ticket("2026-03-09 14:00"), one_day) == date(2026, 3, 10)


def test_the_procedures_cutoff_is_its_own() -> None:
    """The agency has none: another procedure received at 15:30 counts from that day."""
    assert due(ticket("2026-03-09 15:30"), procedure()) == date(2026, 3, 16)  # 10, 11, 12, 13, 16


def test_the_procedures_own_hours() -> None:
    """Four working hours within 08:00-12:00 only: received 10:00, due 10:00 the next day."""
    morning = procedure("H", duration={"working_hours": 4}, hours=["08:00-12:00"])
    assert due(ticket("2026-03-09 10:00"), morning) == datetime(2026, 3, 10, 10, 0)


# Rule 9: a duration changed by decree, from Monday 16/03/2026.
CHANGED = procedure(
    "D", duration=[{"from": "2026-01-01", "working_days": 5}, {"from": "2026-03-16", "working_days": 3}]
)


def test_each_dossier_is_judged_by_the_duration_in_force_when_it_counts_from() -> None:
    assert due(ticket("2026-03-13 09:00"), CHANGED) == date(2026, 3, 20)  # 5: 16, 17, 18, 19, 20
    assert due(ticket("2026-03-16 09:00"), CHANGED) == date(2026, 3, 19)  # 3: 17, 18, 19
    assert due(ticket("2026-03-15 09:00"), CHANGED) == date(2026, 3, 19)  # a Sunday: counts from Monday 16


def test_a_duration_list_out_of_order_is_refused() -> None:
    with pytest.raises(ValueError, match="order"):
        procedure(duration=[{"from": "2026-03-16", "working_days": 3}, {"from": "2026-01-01", "working_days": 5}])


def test_a_month_of_two_durations_counts_each_by_its_own() -> None:
    tickets = [
        ticket("2026-03-13 09:00", completed="2026-03-20 10:00", outcome="done"),  # due 20/03: on time
        ticket("2026-03-17 09:00", completed="2026-03-23 10:00", outcome="done"),  # due 20/03 (3): late
    ]
    for number, t in enumerate(tickets):
        t.id, t.procedure = f"T{number}", "D"
    figures = compute_figures(tickets, {"D": CHANGED}, parse_period("2026-03"), CAL, Cut(datetime(2026, 4, 1)))
    assert (figures.total.processed_on_time, figures.total.processed_late) == (1, 1)


# Rules 10 and 11: a complaint, 30 days from its acceptance (Luật Khiếu nại 2011, Điều 28),
# extended to 45 by decision.
COMPLAINT = procedure("KN", duration={"calendar_days": 30}, counts_from="accepted")


def test_a_complaint_counts_from_its_acceptance() -> None:
    # Accepted Thursday 05/03: 30 days is Saturday 04/04, moved to Monday 06/04 (Điều 148).
    t = ticket("2026-03-02 09:00", accepted="2026-03-05 10:00")
    assert due(t, COMPLAINT) == date(2026, 4, 6)


def test_a_complaint_without_its_acceptance_has_no_due_counted_from_receipt() -> None:
    assert due(ticket("2026-03-02 09:00"), COMPLAINT) is None


def test_a_lawful_extension_moves_the_due() -> None:
    extended = {"to": "2026-04-20", "basis": "Điều 28 Luật Khiếu nại 2011", "on": "2026-04-03"}
    t = ticket("2026-03-02 09:00", accepted="2026-03-05 10:00", extended=extended)
    assert due(t, COMPLAINT) == date(2026, 4, 20)
    assert Due(date(2026, 4, 20)).met_by(datetime(2026, 4, 15, 10, 0))


def test_an_extension_decided_after_the_due_does_not_move_it() -> None:
    extended = {"to": "2026-04-20", "basis": "Điều 28 Luật Khiếu nại 2011", "on": "2026-04-08"}
    t = ticket("2026-03-02 09:00", accepted="2026-03-05 10:00", extended=extended)
    assert due(t, COMPLAINT) == date(2026, 4, 6)


# Rule 12: an appointment moves with the clock.
def test_an_appointment_moves_with_a_pause_under_extend() -> None:
    # Received Monday 02/03, appointment Monday 09/03 (the law's: 3, 4, 5, 6, 9); paused from
    # Wednesday 04/03 10:00 to Friday 06/03 08:00: Thursday 05 and Friday 06 added: Wednesday 11/03.
    pause = [{"from": "2026-03-04 10:00", "to": "2026-03-06 08:00"}]
    t = ticket("2026-03-02 09:00", due="2026-03-09", pauses=pause)
    assert due(t, procedure()) == date(2026, 3, 11)


def test_an_appointment_counts_again_from_the_resume_under_restart() -> None:
    restart = procedure(on_supplement="restart")
    pause = [{"from": "2026-03-04 10:00", "to": "2026-03-06 08:00"}]
    # Counted again from Friday 06/03: 9, 10, 11, 12, 13: Friday 13/03, after the appointment.
    assert due(ticket("2026-03-02 09:00", due="2026-03-09", pauses=pause), restart) == date(2026, 3, 13)
    # A later appointment given after the resume holds.
    assert due(ticket("2026-03-02 09:00", due="2026-03-16", pauses=pause), restart) == date(2026, 3, 16)


# Rule 13: a ticket finished while paused ends its pause at its completion.
def test_a_withdrawal_while_paused_ends_the_pause() -> None:
    t = ticket(
        "2026-03-02 09:00",
        pauses=[{"from": "2026-03-04 10:00"}],
        completed="2026-03-20 09:00",
        outcome="withdrawn",
    )
    reasoning = reason_due(t, procedure(), CAL)
    assert [end for _pause, end, _what in reasoning.pause_lines] == [datetime(2026, 3, 20, 9, 0)]
    figures = compute_figures([t], {"P": procedure()}, parse_period("2026-03"), CAL, Cut(datetime(2026, 4, 1)))
    assert figures.total.not_processed == 1


# --- the commands and the findings of these rules, on a folder ---------------------------------


def _folder(base: object) -> object:
    from pathlib import Path

    root = Path(str(base))
    (root / "calendar/2026.yaml").write_text("year: 2026\n", encoding="utf-8")
    (root / "procedures/QT.KN.01.yaml").write_text(
        "code: QT.KN.01\nname: Giải quyết khiếu nại lần đầu\ngroup: noi-bo\nunit: NC\n"
        "duration: {calendar_days: 30}\ncounts_from: accepted\n",
        encoding="utf-8",
    )
    return root


def test_a_complaint_accepted_then_extended_through_the_commands(base_records: object) -> None:
    import json
    from pathlib import Path

    from typer.testing import CliRunner

    from qmsctl.cli.main import app

    root = Path(str(_folder(base_records)))
    runner = CliRunner()

    def qmsctl(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["--records", str(root), *args])
        return result.exit_code, result.output

    code, output = qmsctl("ticket", "add", "--procedure", "QT.KN.01", "--received", "2026-03-02 09:00",
                          "--id", "KN-1", "--subject", "Khiếu nại")  # fmt: skip
    assert code == 0, output
    code, output = qmsctl("check")
    assert "D415" in output  # waiting for its acceptance: a warning
    assert qmsctl("ticket", "accept", "KN-1", "--at", "2026-03-05 10:00")[0] == 0
    code, output = qmsctl("due", "KN-1", "--as-of", "2026-03-20")
    assert "06/04/2026" in output
    code, output = qmsctl(
        "ticket", "extend", "KN-1", "--to", "2026-04-08", "--basis", "Điều 28", "--at", "2026-04-07 09:00"
    )
    assert code == 1 and "decided by the due" in output  # after the due of 06/04: refused
    code, output = qmsctl(
        "ticket",
        "extend",
        "KN-1",
        "--to",
        "2026-04-20",
        "--basis",
        "Điều 28 Luật Khiếu nại 2011",
        "--at",
        "2026-04-03 09:00",
    )
    assert code == 0, output
    assert qmsctl("ticket", "complete", "KN-1", "--at", "2026-04-15 10:00")[0] == 0
    code, output = qmsctl("stats", "-p", "2026-04", "--format", "json")
    assert json.loads(output)["total"]["processed"] == {"total": 1, "on_time": 1, "late": 0}


def test_an_appointment_later_or_earlier_than_the_law_is_flagged_like_with_like(base_records: object) -> None:
    from pathlib import Path

    from qmsctl.check import check_folder

    root = Path(str(_folder(base_records)))
    # QT.NC.01: 5 working days; received Monday 02/03/2026: the law's due is Monday 09/03.
    (root / "tickets/2026").mkdir()
    (root / "tickets/2026/2026-03.yaml").write_text(
        "- {id: A, procedure: QT.NC.01, received: 2026-03-02 09:00, due: 2026-03-09 17:00}\n"  # the same due
        "- {id: B, procedure: QT.NC.01, received: 2026-03-02 09:00, due: 2026-03-10}\n"  # later: D413
        "- {id: C, procedure: QT.NC.01, received: 2026-03-02 09:00, due: 2026-03-06}\n",  # earlier: D408
        encoding="utf-8",
    )
    found = {(f.code, f.line) for f in check_folder(root).findings if f.code in ("D408", "D413")}
    assert found == {("D413", 2), ("D408", 3)}


def test_a_withdrawal_while_paused_through_the_command(base_records: object) -> None:
    """Rule 13: the applicant never brought the supplement and withdrew: the pause ends at the
    withdrawal, written so, and the folder stays clean."""
    from pathlib import Path

    from typer.testing import CliRunner

    from qmsctl.cli.main import app

    root = Path(str(base_records))
    month = root / "tickets/2025/2025-03.yaml"
    text = month.read_text(encoding="utf-8").replace("  completed: 2025-03-07 16:00\n  outcome: done\n", "")
    text = text.replace("{from: 2025-03-04 10:00, to: 2025-03-06 08:00,", "{from: 2025-03-04 10:00,")
    month.write_text(text, encoding="utf-8")
    records = ["--records", str(root)]
    args = ["ticket", "complete", "000.00.19.H13-250303-0001", "--outcome", "withdrawn", "--at", "2025-03-20 09:00"]
    result = CliRunner().invoke(app, [*records, *args])
    assert result.exit_code == 0, result.output
    written = month.read_text(encoding="utf-8")
    assert "{from: 2025-03-04 10:00, reason: Bổ sung giấy tờ, to: 2025-03-20 09:00}" in written
    assert "outcome: withdrawn" in written
    assert CliRunner().invoke(app, [*records, "check"]).exit_code == 0


def test_a_duration_changed_by_decree_keeps_the_earlier_dossiers_judged_as_they_were(base_records: object) -> None:
    from pathlib import Path

    from typer.testing import CliRunner

    import qmsctl
    from qmsctl.cli.main import app

    root = Path(str(base_records))
    runner = CliRunner()
    records = ["--records", str(root)]
    before = qmsctl.open(root)
    dues = {t.id: due_of(t, before.procedures[t.procedure], before.calendar) for t in before.tickets}
    result = runner.invoke(app, [*records, "procedure", "edit", "QT.NC.01", "--working-days", "3"])
    assert result.exit_code == 1 and "--from" in result.output  # every dossier would be judged again
    result = runner.invoke(
        app, [*records, "procedure", "edit", "QT.NC.01", "--working-days", "3", "--from", "2025-03-10"]
    )
    assert result.exit_code == 0, result.output
    text = (root / "procedures/QT.NC.01.yaml").read_text(encoding="utf-8")
    assert "- {from: 1990-01-01, working_days: 5}" in text and "- {from: 2025-03-10, working_days: 3}" in text
    after = qmsctl.open(root)
    assert {t.id: due_of(t, after.procedures[t.procedure], after.calendar) for t in after.tickets} == dues
    # A dossier received after the decree is judged by it: Tuesday 11/03, 3 working days: Friday 14/03.
    procedure = after.procedures["QT.NC.01"]
    assert due_of(ticket("2025-03-11 09:00"), procedure, after.calendar) == Due(date(2025, 3, 14))
    result = runner.invoke(app, [*records, "procedure", "edit", "QT.NC.01", "--working-days", "4", "--correct"])
    assert result.exit_code == 0, result.output
    assert "duration: {working_days: 4}" in (root / "procedures/QT.NC.01.yaml").read_text(encoding="utf-8")


def test_an_objective_per_month_is_judged_month_by_month() -> None:
    """'Không quá 2 hồ sơ trễ hạn mỗi tháng' over the first quarter of 2026: 1, 2 and 2 late
    dossiers are each within the target, though they add up to 5."""
    from qmsctl.objectives import MET, NOT_MET, evaluate
    from qmsctl.records.models import ObjectivesYear

    late_by_month = {1: 1, 2: 2, 3: 2}
    tickets = []
    for month, late in late_by_month.items():
        for number in range(late):  # received the 5th, due 5 working days later, done a month later
            t = ticket(f"2026-{month:02d}-05 09:00", completed=f"2026-{month:02d}-27 09:00", outcome="done")
            t.id = f"L{month}-{number}"
            tickets.append(t)
    year = ObjectivesYear.model_validate(
        {
            "year": 2026,
            "owner": "VPUB",
            "objectives": [
                {"text": "Không quá 2 hồ sơ trễ hạn mỗi tháng", "target": "<= 2",
                 "metric": {"kind": "late_count", "per": "month"}},
                {"text": "Không quá 2 hồ sơ trễ hạn", "target": "<= 2", "metric": {"kind": "late_count"}},
            ],
        }
    )  # fmt: skip
    per_month, summed = evaluate(
        [year], tickets, {"P": procedure()}, set(), parse_period("2026-Q1"), CAL, Cut(datetime(2026, 4, 1))
    )
    assert per_month.status == MET and per_month.actual == 2
    assert per_month.parts == [("2026-01", 1.0, MET), ("2026-02", 2.0, MET), ("2026-03", 2.0, MET)]
    assert summed.status == NOT_MET and summed.actual == 5
    from qmsctl.forms.objective_forms import _actual_text

    assert _actual_text(per_month) == "01/2026: 1; 02/2026: 2; 03/2026: 2"  # the forms list the months
