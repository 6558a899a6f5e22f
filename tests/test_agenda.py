"""`qmsctl agenda`: one test per kind of item, on the small folder with today fixed, and the
.ics file read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

import qmsctl
from qmsctl.agenda import Item, agenda
from qmsctl.cli.main import app
from qmsctl.figures import Cut

runner = CliRunner()


def items(root: Path, today: str, days: int = 3, unit: str | None = None) -> dict[str, Item]:
    """The agenda at the end of `today`, by kind and subject."""
    from datetime import date

    agency = qmsctl.open(root, as_of=Cut.end_of_day(date.fromisoformat(today)))
    return {f"{i.kind} {i.subject}": i for i in agenda(agency, days, unit)}


def write(root: Path, file: str, text: str) -> None:
    path = root / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


TICKETS = """\
- {id: T-LATE, procedure: QT.NC.01, received: "2025-12-01 09:00"}
- {id: T-SOON, procedure: QT.NC.01, received: "2025-12-08 09:00"}
- {id: T-FAR, procedure: QT.NC.01, received: "2025-12-10 09:00"}
- {id: T-DONE, procedure: QT.NC.01, received: "2025-12-01 09:00", completed: "2025-12-05 10:00", outcome: done}
- {id: T-PAUSED, procedure: QT.NC.01, received: "2025-12-01 09:00", pauses: [{from: "2025-12-02 09:00"}]}
"""


def test_tickets_overdue_and_due_within_the_window(base_records: Path) -> None:
    write(base_records, "tickets/2025/2025-12.yaml", TICKETS)
    found = items(base_records, "2025-12-10")
    # 5 working days from 01/12 (the day of receipt not counted): due 08/12; at the end of
    # 10/12 it is late by two working days (09 and 10).
    late = found["ticket-overdue T-LATE"]
    assert late.late and late.left == "late by 2 working days" and late.when.isoformat() == "2025-12-08"
    assert late.command == "qmsctl ticket complete T-LATE" and late.unit == "NC" and late.procedure == "QT.NC.01"
    soon = found["ticket-due T-SOON"]  # due 15/12: three working days after 10/12 (11, 12, 15)
    assert not soon.late and soon.left == "3 working days left"
    assert "ticket-due T-FAR" not in found  # due 17/12, beyond three working days
    assert not any("T-DONE" in key for key in found)
    assert not any("T-PAUSED" in key for key in found)  # its clock stopped on 02/12
    # The window widens with --days; the order is the most urgent first.
    wider = items(base_records, "2025-12-10", days=5)
    assert "ticket-due T-FAR" in wider
    order = [key for key in wider if key.startswith("ticket")]
    assert order == ["ticket-overdue T-LATE", "ticket-due T-SOON", "ticket-due T-FAR"]


def test_a_ticket_due_tomorrow_is_not_overdue_today(base_records: Path) -> None:
    write(base_records, "tickets/2025/2025-12.yaml", TICKETS)
    found = items(base_records, "2025-12-05")  # T-LATE is due 08/12
    assert found["ticket-due T-LATE"].left == "1 working day left"
    assert not found["ticket-due T-LATE"].late
    assert found["ticket-due T-LATE"].uid == items(base_records, "2025-12-10")["ticket-overdue T-LATE"].uid


ACTIONS = {
    "actions/CAR-2025-010.yaml": """\
request: {date: 2025-11-03, by: Lê Thị Thu Hà, unit: NC, source: other, description: Chậm cập nhật.}
need: {date: 2025-11-04, by: Lý Quốc Hưng, required: true}
assignment: {date: 2025-11-05, by: Trần Văn Bình, to: NC}
plan:
  cause: Chưa theo dõi.
  actions:
    - {what: Nhắc hạn, who: Phòng Nội chính, due: 2025-11-28}
  approved_by: Trần Văn Bình
  approved_on: 2025-11-06
""",
    "actions/CAR-2025-011.yaml": """\
request: {date: 2025-11-20, by: Lê Thị Thu Hà, unit: HCTC, source: other, description: Thiếu sổ theo dõi.}
""",
    "actions/CAR-2025-012.yaml": """\
request: {date: 2025-12-08, by: Lê Thị Thu Hà, unit: NC, source: other, description: Mới mở.}
""",
}


def test_actions_past_their_measures_without_progress_or_waiting(base_records: Path) -> None:
    for file, text in ACTIONS.items():
        write(base_records, file, text)
    found = items(base_records, "2025-12-10")
    measures = found["action-measures CAR-2025-010"]
    assert measures.late and measures.command == "qmsctl action verify CAR-2025-010"
    progress = found["action-progress CAR-2025-010-2025-12"]  # planned in November, nothing noted in December
    assert progress.when.isoformat() == "2025-12-31" and "progress" in progress.command
    waiting = found["action-waiting CAR-2025-011"]  # open since 20/11: 20 days
    assert waiting.left == "waiting 20 days" and waiting.command == "qmsctl action accept CAR-2025-011"
    assert "action-waiting CAR-2025-012" not in found  # two days is not waiting
    assert "action-waiting CAR-2025-001" not in found  # closed
    # A progress note this month takes the reminder away.
    path = base_records / "actions/CAR-2025-010.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "progress:\n  - {date: 2025-12-03, note: Đã nhắc.}\n", "utf-8")
    assert "action-progress CAR-2025-010-2025-12" not in items(base_records, "2025-12-10")


def test_only_one_units_items(base_records: Path) -> None:
    write(base_records, "tickets/2025/2025-12.yaml", TICKETS)
    for file, text in ACTIONS.items():
        write(base_records, file, text)
    found = items(base_records, "2025-12-10", unit="HCTC")
    assert list(found) == ["action-waiting CAR-2025-011"]
    result = runner.invoke(
        app, ["--records", str(base_records), "agenda", "--unit", "hanh chinh - to chuc", "--as-of", "2025-12-10"]
    )
    assert result.exit_code == 0 and "CAR-2025-011" in result.output and "T-LATE" not in result.output
    result = runner.invoke(app, ["--records", str(base_records), "agenda", "--unit", "XYZ"])
    assert result.exit_code == 2 and "HCTC" in result.output


def test_december_asks_for_next_years_objectives_and_calendar(base_records: Path) -> None:
    found = items(base_records, "2025-12-10")
    assert found["objectives-approve 2026"].when.isoformat() == "2025-12-31"
    assert found["calendar 2026"].command == "qmsctl calendar add 2026"
    november = items(base_records, "2025-11-28")
    assert "objectives-approve 2026" not in november and "calendar 2026" not in november
    write(base_records, "calendar/2026.yaml", "year: 2026\n")
    assert "calendar 2026" not in items(base_records, "2025-12-10")


def test_january_asks_for_last_years_objectives_report(base_records: Path) -> None:
    write(base_records, "calendar/2026.yaml", "year: 2026\n")
    found = items(base_records, "2026-01-12")
    assert found["objectives-report 2025"].when.isoformat() == "2026-01-30"
    assert "objectives-report 2025" not in items(base_records, "2026-02-02")


def test_a_management_review_older_than_twelve_months(base_records: Path) -> None:
    assert items(base_records, "2025-12-10")["review management-review"].when is None  # none on record
    write(base_records, "reviews/XXLD-2024.yaml", "id: XXLD-2024\ndate: 2024-11-20\n")
    review = items(base_records, "2025-12-10")["review management-review"]
    assert review.late and review.when.isoformat() == "2025-11-20"
    write(base_records, "reviews/XXLD-2025.yaml", "id: XXLD-2025\ndate: 2025-06-20\n")
    assert "review management-review" not in items(base_records, "2025-12-10")


def test_an_internal_audit_in_the_window_and_a_draft_document(base_records: Path) -> None:
    write(base_records, "audits/DGNB-2025.yaml", "id: DGNB-2025\ndate: 2025-12-12\nunits: [NC]\n")
    write(
        base_records,
        "documents/HD.TEST.md",
        "---\ncode: HD.TEST\ntitle: Hướng dẫn thử\ntype: instruction\nstatus: draft\n---\nNội dung.\n",
    )
    found = items(base_records, "2025-12-10")
    assert found["audit DGNB-2025"].when.isoformat() == "2025-12-12"
    assert found["document-draft HD.TEST"].command == "qmsctl doc submit HD.TEST"
    assert "audit DGNB-2025" not in items(base_records, "2025-12-01")  # beyond three working days


def test_the_formats_and_the_ics_file_read_back(base_records: Path, tmp_path: Path) -> None:
    write(base_records, "tickets/2025/2025-12.yaml", TICKETS)
    base = ["--records", str(base_records), "agenda", "--as-of", "2025-12-10"]
    data = json.loads(runner.invoke(app, [*base, "--format", "json"]).output)
    assert data["as_of"] == "2025-12-11T00:00"
    assert data["items"][0]["subject"] == "T-LATE" and data["items"][0]["late"] is True
    markdown = runner.invoke(app, [*base, "--format", "markdown"]).output
    assert "- [ ] **08/12/2025** dossier T-LATE (QT.NC.01) (late by 2 working days)" in markdown
    text = runner.invoke(app, base).output
    assert "T-LATE" in text and "late by 2 working days" in text
    ics = tmp_path / "agenda.ics"
    assert runner.invoke(app, [*base, "--format", "ics", "--output", str(ics)]).exit_code == 0
    calendar = Calendar.from_ical(ics.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    late = events["ticket-T-LATE@qmsctl"]
    assert late.decoded("dtstart").isoformat() == "2025-12-08"
    assert "qmsctl ticket complete T-LATE" in str(late["description"])
    assert str(late["summary"]) == "dossier T-LATE (QT.NC.01)"
    # An item without a date (no management review on record) is a to-do.
    assert [str(t["uid"]) for t in calendar.walk("VTODO")] == ["review-management-review@qmsctl"]
    again = tmp_path / "again.ics"
    runner.invoke(app, [*base, "--format", "ics", "--output", str(again)])
    assert sorted(events) == sorted(str(e["uid"]) for e in Calendar.from_ical(again.read_bytes()).walk("VEVENT"))


@pytest.mark.parametrize("today", ["2026-11-23", "2026-12-02"])
def test_nothing_is_overdue_before_its_due_on_the_demo(demo: Path, today: str) -> None:
    from datetime import date

    from qmsctl.deadlines import due_of

    agency = qmsctl.open(demo, as_of=Cut.end_of_day(date.fromisoformat(today)))
    overdue = [item for item in agenda(agency, 3) if item.kind == "ticket-overdue"]
    # None yet on 23/11; on 02/12 the twelve dossiers and letters `stats` counts overdue (quá hạn).
    assert len(overdue) == (0 if today == "2026-11-23" else 12)
    for item in overdue:
        ticket, procedure = agency.ticket_with_procedure(item.subject)
        due = due_of(ticket, procedure, agency.calendar, agency.cut.as_of)
        assert due is not None and due.deadline < agency.cut.as_of
    # The same dossiers and letters the figures count overdue (a due of today is not yet late).
    from qmsctl.figures import parse_period

    counted = agency.figures(parse_period("2025-01..2026-12")).placed
    assert {i.subject for i in overdue} == {p.ticket.id for p in counted if p.status == "in_progress_late"}


@pytest.mark.parametrize("today", ["2026-11-23", "2026-12-20"])
def test_every_command_the_agenda_suggests_is_one_qmsctl_has(demo: Path, today: str) -> None:
    """Each item's command names a command of qmsctl, with options it takes and as many
    arguments as it has (the agenda suggested `ticket finish`, which never existed)."""
    import shlex

    import typer

    found = items(demo, today, days=60)
    assert len({item.kind for item in found.values()}) >= 4
    for item in found.values():
        words = shlex.split(item.command)
        assert words[0] == "qmsctl"
        command = typer.main.get_command(app)
        given = words[1:]
        while hasattr(command, "commands"):  # a group: the next word names its command
            command = command.commands.get(given[0])
            given = given[1:]
            assert command is not None, item.command
        options = {name for param in command.params for name in getattr(param, "opts", [])}
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        positional = [
            w for i, w in enumerate(given) if not w.startswith("--") and not (i and given[i - 1].startswith("--"))
        ]
        assert all(w in options for w in given if w.startswith("--")), item.command
        assert len([p for p in arguments if p.required]) <= len(positional) <= len(arguments), item.command


def test_a_dated_item_says_how_late_or_how_near_in_calendar_days(base_records: Path) -> None:
    """A review's decision, the review itself or an audit: its date is a calendar date, so what is
    left is said in days (a decision six months late once showed nothing in that column)."""
    write(base_records, "reviews/XXLD-2024.yaml", "id: XXLD-2024\ndate: 2024-11-20\n")
    write(base_records, "audits/DGNB-2025.yaml", "id: DGNB-2025\ndate: 2025-12-12\nunits: [NC]\n")
    found = items(base_records, "2025-12-10")
    assert found["review management-review"].left == "late by 20 days"
    assert found["audit DGNB-2025"].left == "2 days left"
    assert items(base_records, "2025-12-12")["audit DGNB-2025"].left == "due today"


def test_a_long_agenda_shows_the_most_urgent_and_says_how_many_more(base_records: Path) -> None:
    """A backlog of thousands took rich 9 s to draw as a table: the table stops at --limit, the
    rest is counted; the other formats list every item."""
    write(base_records, "tickets/2025/2025-12.yaml", TICKETS)
    base = ["--records", str(base_records), "agenda", "--as-of", "2025-12-10"]
    every = json.loads(runner.invoke(app, [*base, "--format", "json"]).output)["items"]
    assert len(every) > 2
    text = runner.invoke(app, [*base, "--limit", "1"]).output
    assert every[0]["subject"] in text and every[1]["subject"] not in text
    assert f"… and {len(every) - 1} more: --limit 0 shows them all" in text
    whole = runner.invoke(app, [*base, "--limit", "0"]).output
    assert all(item["subject"] in whole for item in every if item["kind"].startswith("ticket")) and "more:" not in whole


@pytest.mark.parametrize(
    ("now", "late", "english", "vietnamese"),
    [
        # within the due's working day: hours, with the decimal the language writes
        ("2026-11-23 15:30", True, "late by 1.5 working hours", "trễ 1,5 giờ làm việc"),
        ("2026-11-26 09:00", True, "late by 2 working days", "trễ 2 ngày làm việc"),  # days later: days, as dates
        ("2026-11-20 09:00", False, "1 working day left", None),
    ],
)
def test_a_due_moment_is_said_in_one_unit_per_item(now: str, late: bool, english: str, vietnamese: str | None) -> None:
    """The agenda mixed "trễ 194 ngày làm việc" with "trễ 1632 giờ làm việc" and "1623.5"."""
    from datetime import datetime

    from qmsctl.agenda import _time_left
    from qmsctl.deadlines import Due
    from qmsctl.i18n import language, set_language

    agency = qmsctl.open(Path(__file__).parent.parent / "records")
    due = Due(datetime(2026, 11, 23, 14, 0))  # a Monday, 14:00
    moment = datetime.fromisoformat(now)
    before = language()
    try:
        set_language("en")
        assert _time_left(due, moment, moment.date(), agency.calendar) == (late, english)
        if vietnamese:
            set_language("vi")
            assert _time_left(due, moment, moment.date(), agency.calendar) == (late, vietnamese)
    finally:
        set_language(before)


def test_the_agenda_suggests_commands_that_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It suggested `render pack` for a missing management review, and said next year's
    objectives were not approved with no command that approves them."""
    import shutil

    root = tmp_path / "records"
    shutil.copytree(Path(__file__).parent.parent / "records", root)
    (root / "objectives/2027.yaml").write_text(
        "year: 2027\nowner: VPUB\nobjectives:\n  - text: Hồ sơ đúng hạn\n    target: '>= 97%'\n", encoding="utf-8"
    )
    monkeypatch.setenv("QMSCTL_TODAY", "2026-12-10")
    result = CliRunner().invoke(app, ["--records", str(root), "--lang", "en", "agenda", "--format", "json"])
    assert result.exit_code == 0, result.output
    items = {item["kind"]: item for item in json.loads(result.output)["items"]}
    assert items["objectives-approve"]["command"].startswith("qmsctl objective approve --year 2027")
    approve = ["--records", str(root), "objective", "approve", "--year", "2027", "--by", "Trần Văn Bình"]
    assert CliRunner().invoke(app, approve).exit_code == 0
    again = json.loads(CliRunner().invoke(app, ["--records", str(root), "agenda", "--format", "json"]).output)
    assert "objectives-approve" not in {item["kind"] for item in again["items"]}
