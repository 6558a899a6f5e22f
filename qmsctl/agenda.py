"""What needs the ISO secretary now, most urgent first: dossiers and letters overdue or due
soon, corrective actions that wait (QT.CTCL 5.2-5.7), the yearly duties of QT.CTCL 5.9, and
the calendar of next year. Each item says what to do and the command that does it.

Everything is judged at the agency's cut (`Agency.cut`, docs/rules.md section 4): a ticket is overdue
only when its due, as known then, has passed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from qmsctl.i18n import _, language, ngettext
from qmsctl.labels import label
from qmsctl.records.action_states import ActionState, next_steps
from qmsctl.records.kinds import action_id

if TYPE_CHECKING:
    from qmsctl.agency import Agency
    from qmsctl.calendar import WorkCalendar
    from qmsctl.deadlines import Due

WAITING_DAYS = 7  # an action waiting longer than a week for its next step is an item


@dataclass(frozen=True)
class Item:
    kind: str  # ticket-overdue, ticket-due, action-measures, action-progress, action-waiting,
    # objectives-approve, objectives-report, review, review-decision, audit, document-draft, calendar,
    # risk-review, risk-register
    subject: str  # what it is about: a ticket id, an action id, a document code, a year
    when: date | datetime | None  # its deadline (or the day it happens); None: no date
    what: str
    todo: str
    command: str
    late: bool = False
    left: str = ""  # working days or hours left, or late
    unit: str | None = None
    procedure: str | None = None

    @property
    def shown_when(self) -> str:
        return _show(self.when) if self.when else ""

    @property
    def uid(self) -> str:
        """The same item has the same id on every run, and a ticket keeps it when it becomes
        overdue (a calendar app updates the event, it does not add one)."""
        family = "ticket" if self.kind.startswith("ticket") else self.kind
        return f"{family}-{self.subject}@qmsctl".replace(" ", "-")

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "when": self.when.isoformat(timespec="minutes")
            if isinstance(self.when, datetime)
            else (self.when.isoformat() if self.when else None),
            "late": self.late,
            "left": self.left,
            "what": self.what,
            "todo": self.todo,
            "command": self.command,
            "unit": self.unit,
            "procedure": self.procedure,
            "uid": self.uid,
        }


def _show(when: date | datetime) -> str:
    return when.strftime("%d/%m/%Y %H:%M") if isinstance(when, datetime) else when.strftime("%d/%m/%Y")


def _time_left(due: Due, now: datetime, today: date, calendar: WorkCalendar) -> tuple[bool, str]:
    """Whether the due has passed at `now`, and by how much (working days, or working hours for
    a due that is a moment)."""
    late = now > due.deadline  # docs/rules.md section 4: on time while the due moment is not before the cut
    apart = calendar.working_days_between(due.day, today) if late else calendar.working_days_between(today, due.day)
    if due.is_moment and apart == 0:  # within a working day: in hours, the decimal as the language writes it
        seconds = calendar.working_seconds(due.deadline) - calendar.working_seconds(now)
        hours = f"{abs(seconds) / 3600:.1f}".rstrip("0").rstrip(".")
        if language() == "vi":
            hours = hours.replace(".", ",")
        return late, (_("late by {n} working hours") if late else _("{n} working hours left")).format(n=hours)
    if late:  # a day or more: in working days, as every other item says it
        days = max(1, calendar.working_days_between(due.day, today))
        return True, ngettext("late by {n} working day", "late by {n} working days", days).format(n=days)
    days = calendar.working_days_between(today, due.day)
    if days == 0:
        return False, _("due today")
    return False, ngettext("{n} working day left", "{n} working days left", days).format(n=days)


def _with_days_left(item: Item, today: date) -> Item:
    """An item with a date and nothing said of its time (a review's decision, an audit, the
    objectives' report) told the days left, or late, in calendar days as its date is set."""
    if item.left or item.when is None:
        return item
    day = item.when.date() if isinstance(item.when, datetime) else item.when
    days = (day - today).days
    if days < 0:
        left = ngettext("late by {n} day", "late by {n} days", -days).format(n=-days)
    elif days == 0:
        left = _("due today")
    else:
        left = ngettext("{n} day left", "{n} days left", days).format(n=days)
    return replace(item, left=left)


def _tickets(agency: Agency, now: datetime, today: date, horizon: date, unit: str | None) -> list[Item]:
    from qmsctl.deadlines import due_of

    items = []
    calendar = agency.calendar
    for ticket in agency.tickets:
        procedure = agency.procedures.get(ticket.procedure)
        if procedure is None or ticket.received > now or (ticket.completed is not None and ticket.completed <= now):
            continue
        if any(p.start <= now and (p.end is None or p.end > now) for p in ticket.pauses):
            continue  # its clock is stopped, waiting for the applicant's supplement
        owner = ticket.unit or procedure.unit
        if unit is not None and owner != unit:
            continue
        due = due_of(ticket, procedure, calendar, now)
        if due is None or due.day > horizon:
            continue
        late, left = _time_left(due, now, today, calendar)
        kind = _("dossier") if ticket.kind == "dossier" else _("letter")
        items.append(
            Item(
                "ticket-overdue" if late else "ticket-due",
                ticket.id,
                due.at,
                _("{kind} {id} ({procedure})").format(kind=kind, id=ticket.id, procedure=procedure.code),
                (
                    _("Finish it, or give the applicant the apology and a new date")
                    if ticket.kind == "dossier"
                    else _("Finish it now: it is late")
                )
                if late
                else _("Finish it in time"),
                f"qmsctl ticket complete {ticket.id}",
                late,
                left,
                owner,
                procedure.code,
            )
        )
    return items


def _actions(agency: Agency, today: date, unit: str | None) -> list[Item]:
    items = []
    for s in agency.records.actions:
        a, ident = s.model, action_id(s)
        if unit is not None and a.request.unit != unit:
            continue
        state = a.state
        if state is ActionState.PLANNED and a.plan is not None:
            dues = [m.due for m in a.plan.actions if m.due]
            past = [d for d in dues if d < today]
            if past:
                items.append(
                    Item(
                        "action-measures",
                        ident,
                        max(past),
                        _("Action {id}: its planned measures were due on {due}").format(id=ident, due=_show(max(past))),
                        _("Verify the action's effect (QT.CTCL 5.6), or note why it is not done"),
                        f"qmsctl action verify {ident}",
                        True,
                        unit=a.request.unit,
                    )
                )
            planned_before = (a.plan.approved_on.year, a.plan.approved_on.month) < (today.year, today.month)
            reported = any((p.on.year, p.on.month) == (today.year, today.month) for p in a.progress)
            if planned_before and not reported:
                month_end = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
                items.append(
                    Item(
                        "action-progress",
                        f"{ident}-{today:%Y-%m}",
                        month_end,
                        _("Action {id}: no progress noted for {month}").format(id=ident, month=today.strftime("%m/%Y")),
                        _("Report this month's progress to Ban ISO (QT.CTCL 5.5)"),
                        f'qmsctl action progress {ident} --note "…"',
                        unit=a.request.unit,
                    )
                )
            continue
        steps = next_steps(state)
        if not steps or state is ActionState.CLOSED:
            continue
        dated = [a.request.on] + [x.on for x in (a.need, a.assignment, a.verification) if x is not None]
        since = max(dated)
        waiting = (today - since).days
        if waiting > WAITING_DAYS:
            items.append(
                Item(
                    "action-waiting",
                    ident,
                    since + timedelta(days=WAITING_DAYS),
                    _("Action {id} is {state} since {since}").format(
                        id=ident, state=label(state.value), since=_show(since)
                    ),
                    _("Take the next step: {steps}").format(steps=", ".join(label(step) for step in steps)),
                    f"qmsctl action {steps[0]} {ident}",
                    True,
                    ngettext("waiting {n} day", "waiting {n} days", waiting).format(n=waiting),
                    unit=a.request.unit,
                )
            )
    return items


def _risk_items(agency: Agency, today: date, horizon: date) -> list[Item]:
    """6.1: a response whose due comes by the horizon, its effect not reviewed; a year over whose
    register the leaders did not review."""
    items = []
    for s in agency.records.risks:
        register = s.model
        for risk in register.items:
            response = risk.response
            if response is None or response.due is None or risk.review is not None or response.due > horizon:
                continue
            items.append(
                Item(
                    "risk-review",
                    risk.id,
                    response.due,
                    _("The response to {id} ({description}) is due").format(id=risk.id, description=risk.description),
                    _("Review its effect (ISO 9001 6.1.2 b)"),
                    f"qmsctl risk review {risk.id} --effective … --by …",
                    response.due < today,
                    unit=risk.unit,
                )
            )
        if register.year < today.year and register.reviewed is None:
            items.append(
                Item(
                    "risk-register",
                    str(register.year),
                    date(register.year, 12, 31),
                    _("The register of risks and opportunities of {year} was not reviewed by the leaders").format(
                        year=register.year
                    ),
                    _("Have the leaders review the year's register (HD.VP.02)"),
                    f"qmsctl risk review {register.year} --by …",
                    True,
                )
            )
    return items


def _yearly(agency: Agency, today: date, horizon: date) -> list[Item]:
    """QT.CTCL 5.9, the management review, audits, drafts and next year's calendar."""
    records = agency.records
    items = []
    year = today.year
    objective_years = {s.model.year for s in records.objectives if s.model.approved}
    if today.month == 12 and year + 1 not in objective_years:
        written = any(s.model.year == year + 1 and s.model.objectives for s in records.objectives)
        items.append(
            Item(
                "objectives-approve",
                str(year + 1),
                date(year, 12, 31),
                _("The quality objectives of {year} are not approved yet").format(year=year + 1),
                _("Have the objectives of {year} approved by 31/12 (QT.CTCL 5.9)").format(year=year + 1),
                f"qmsctl objective approve --year {year + 1} --by …"
                if written
                else f"qmsctl objective add --year {year + 1}",
            )
        )
    if today.month == 1 and today.day <= 30 and any(s.model.year == year - 1 for s in records.objectives):
        items.append(
            Item(
                "objectives-report",
                str(year - 1),
                date(year, 1, 30),
                _("The report on the quality objectives of {year} is due by 30/01").format(year=year - 1),
                _("Report each objective's result, with causes and remedies where not met (QT.CTCL 5.9)"),
                f"qmsctl objectives --period {year - 1}",
            )
        )
    reviews = sorted(s.model.on for s in records.reviews)
    last = reviews[-1] if reviews else None
    due_review = _months_after(last, 12) if last else None
    if due_review is None or due_review <= horizon:
        items.append(
            Item(
                "review",
                "management-review",
                due_review,
                _("The last management review was on {day}").format(day=_show(last))
                if last
                else _("No management review is on record"),
                _("Hold the management review (QT.CTCL 5.8): at least once every 12 months"),
                "qmsctl review new --date …",
                due_review is not None and due_review < today,
            )
        )
    for s in records.audits:
        audit = s.model
        if today <= audit.on <= horizon:
            ident = audit.id or s.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            items.append(
                Item(
                    "audit",
                    ident,
                    audit.on,
                    _("Internal audit {id} on {day}: {units}").format(
                        id=ident, day=_show(audit.on), units=", ".join(audit.units) or _("all units")
                    ),
                    _("Send the audit plan to the units and the auditors"),
                    "qmsctl summary",
                )
            )
    items += _risk_items(agency, today, horizon)
    for s in records.reviews:
        ident = s.model.id or s.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        for number, decision in enumerate(s.model.decisions, start=1):
            if decision.done is None:
                items.append(
                    Item(
                        "review-decision",
                        f"{ident}-{number}",
                        decision.due,
                        _("Decision {n} of review {id}: {what}").format(n=number, id=ident, what=decision.what)
                        + (f" ({decision.who})" if decision.who else ""),
                        _("Carry it out, then record it done"),
                        f"qmsctl review done {ident} {number}",
                        decision.due is not None and decision.due < today,
                    )
                )
    for s in records.documents:
        if s.model.status == "draft":
            items.append(
                Item(
                    "document-draft",
                    s.model.code,
                    None,
                    _("Document {code} ({title}) is a draft awaiting approval").format(
                        code=s.model.code, title=s.model.title
                    ),
                    _("Have it reviewed and approved, then issued"),
                    f"qmsctl doc submit {s.model.code}",
                )
            )
        elif s.model.status == "review":
            items.append(
                Item(
                    "document-draft",
                    s.model.code,
                    None,
                    _("Document {code} ({title}) waits for its review").format(code=s.model.code, title=s.model.title),
                    _("Have it reviewed, then approved"),
                    f"qmsctl doc review {s.model.code}",
                )
            )
    if today.month == 12 and year + 1 not in {s.model.year for s in records.calendars}:
        items.append(
            Item(
                "calendar",
                str(year + 1),
                date(year, 12, 31),
                _("calendar/{year}.yaml is missing: the dues of January depend on it").format(year=year + 1),
                _("Write the days off and make-up days of {year} as announced by the Ministry of Home Affairs").format(
                    year=year + 1
                ),
                f"qmsctl calendar add {year + 1}",
            )
        )
    return items


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def agenda(agency: Agency, days: int = 3, unit: str | None = None) -> list[Item]:
    """The items at the agency's cut, most urgent first; tickets due within `days` working days.
    With `unit` (a code), only that unit's tickets and actions."""
    now = agency.cut.as_of
    today = (now - timedelta(microseconds=1)).date()
    horizon = agency.calendar.add_working_days(today, days)
    items = _tickets(agency, now, today, horizon, unit) + _actions(agency, today, unit)
    if unit is None:
        items += _yearly(agency, today, horizon)
    items = [_with_days_left(item, today) for item in items]

    def urgency(item: Item) -> tuple[int, datetime, str]:
        when = item.when
        moment = (
            datetime.max
            if when is None
            else when
            if isinstance(when, datetime)
            else datetime.combine(when, datetime.max.time())
        )
        return (0 if item.late else 1, moment, item.uid)

    return sorted(items, key=urgency)


def as_markdown(items: list[Item], heading: str) -> str:
    """A Markdown checklist, to paste into a report or an issue."""
    from qmsctl.markdown_text import md_code, md_text

    lines = [f"## {md_text(heading)}", ""]
    for item in items:  # what comes from the records is text, never markup
        when = f"**{md_text(item.shown_when)}** " if item.when else ""
        left = f" ({md_text(item.left)})" if item.left else ""
        lines.append(f"- [ ] {when}{md_text(item.what)}{left}: {md_text(item.todo)}. {md_code(item.command)}")
    if not items:
        lines.append(_("Nothing needs doing."))
    return "\n".join(lines) + "\n"


def as_ics(items: list[Item], stamp: datetime, agency_name: str) -> bytes:
    """An iCalendar file: an event on each item's deadline (all day for a date), a to-do for an
    item without one; the same item keeps its UID from run to run."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, Todo, vText

    from qmsctl.options import TIME_ZONE

    zone = ZoneInfo(TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//qmsctl//agenda//VI")
    calendar.add("version", "2.0")
    # A name written on two lines (as on a letterhead) is one line here; text, so ; and , escaped.
    calendar.add("x-wr-calname", vText(" ".join(f"qmsctl — {agency_name}".split())))
    for item in items:
        entry = Event() if item.when else Todo()
        entry.add("uid", item.uid)
        entry.add("dtstamp", stamp.replace(tzinfo=zone))
        entry.add("summary", item.what)
        entry.add("description", f"{item.todo}.\n{item.left}\n{item.command}".replace("\n\n", "\n"))
        if isinstance(item.when, datetime):
            entry.add("dtstart", item.when.replace(tzinfo=zone))
            entry.add("dtend", item.when.replace(tzinfo=zone) + timedelta(minutes=30))
        elif item.when is not None:
            entry.add("dtstart", item.when)
            entry.add("dtend", item.when + timedelta(days=1))
        entry.add("categories", [item.kind])
        calendar.add_component(entry)
    return calendar.to_ical()
