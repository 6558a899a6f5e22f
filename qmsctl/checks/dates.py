"""Impossible dates: a ticket finished before it came, pauses outside its life,
action sections out of order, steps before the receipt, times still to come (D401-D410, D412)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from qmsctl.findings import Finding, Loc, Severity
from qmsctl.i18n import _
from qmsctl.records.kinds import action_id
from qmsctl.records.load import Records
from qmsctl.records.models import Action


def _show(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return moment.strftime("%d/%m/%Y %H:%M")
    return moment.strftime("%d/%m/%Y")


def check_ticket_dates(records: Records) -> Iterator[Finding]:
    for s in records.tickets:
        t = s.model
        if t.completed is not None and t.completed < t.received:
            yield Finding(
                "D401",
                Severity.ERROR,
                s.file,
                _("Ticket {id}: completed {completed} is before received {received}").format(
                    id=t.id, completed=_show(t.completed), received=_show(t.received)
                ),
                _("Check both times; one of them was mistyped."),
                s.loc + ("completed",),
            )
        if t.outcome is not None and t.completed is None:
            yield Finding(
                "D405",
                Severity.ERROR,
                s.file,
                _("Ticket {id}: outcome {outcome} without a completed time").format(id=t.id, outcome=t.outcome),
                _("Add 'completed:' with the time the result was given, or remove the outcome."),
                s.loc + ("outcome",),
            )
        if t.completed is not None and t.outcome is None:
            yield Finding(
                "D406",
                Severity.WARNING,
                s.file,
                _("Ticket {id}: completed without an outcome; it is counted as done").format(id=t.id),
                _("Add 'outcome: done', 'returned' or 'withdrawn'."),
                s.loc + ("completed",),
            )
        previous_end: datetime | None = None
        for index, pause in enumerate(sorted(t.pauses, key=lambda p: p.start)):
            loc: Loc = s.loc + ("pauses", t.pauses.index(pause))
            if pause.end is not None and pause.end < pause.start:
                yield Finding(
                    "D403",
                    Severity.ERROR,
                    s.file,
                    _("Ticket {id}: a pause ends ({end}) before it starts ({start})").format(
                        id=t.id, end=_show(pause.end), start=_show(pause.start)
                    ),
                    _("Swap or correct 'from' and 'to'."),
                    loc + ("to",),
                )
            outside_start = pause.start < t.received
            # Rule 13: a ticket withdrawn or returned while paused (the supplement never came)
            # ends its pause at its completion; a dossier done ends its pause first.
            ended_by_completion = pause.end is None and t.outcome in ("returned", "withdrawn")
            outside_end = t.completed is not None and (
                pause.start > t.completed
                or (pause.end is None and not ended_by_completion)
                or (pause.end is not None and pause.end > t.completed)
            )
            if outside_start or outside_end:
                yield Finding(
                    "D402",
                    Severity.ERROR,
                    s.file,
                    _("Ticket {id}: a pause lies outside the ticket's life ({received} to {completed})").format(
                        id=t.id,
                        received=_show(t.received),
                        completed=_show(t.completed) if t.completed else _("now"),
                    ),
                    _("A pause starts after the receipt and ends before the completion."),
                    loc + ("from" if outside_start else "to",),
                )
            if previous_end is not None and pause.start < previous_end and index:
                yield Finding(
                    "D407",
                    Severity.ERROR,
                    s.file,
                    _("Ticket {id}: two pauses overlap").format(id=t.id),
                    _("Merge them into one pause."),
                    loc + ("from",),
                )
            if pause.end is not None:
                previous_end = max(previous_end, pause.end) if previous_end else pause.end


def check_future_times(records: Records, today: date) -> Iterator[Finding]:
    """D409: a receipt, step, pause or completion after the end of `today` has not happened yet
    (a mistyped year or month, most often); the figures would leave it out until then."""
    end = datetime.combine(today + timedelta(days=1), time())
    for s in records.tickets:
        t = s.model
        times: list[tuple[Loc, str, datetime]] = [(("received",), _("received"), t.received)]
        if t.completed is not None:
            times.append((("completed",), _("completed"), t.completed))
        for index, pause in enumerate(t.pauses):
            times.append((("pauses", index, "from"), _("a pause starts"), pause.start))
            if pause.end is not None:
                times.append((("pauses", index, "to"), _("a pause ends"), pause.end))
        for index, step in enumerate(t.steps):
            times.append((("steps", index, "at"), _("a step"), step.at))
        for loc, what, moment in times:
            if moment >= end:
                yield Finding(
                    "D409",
                    Severity.ERROR,
                    s.file,
                    _("Ticket {id}: {what} {moment}, a time still to come (today is {today})").format(
                        id=t.id, what=what, moment=_show(moment), today=_show(today)
                    ),
                    _("Records say what has happened; correct the date (the year or the month, most often)."),
                    s.loc + loc,
                )


def check_step_times(records: Records) -> Iterator[Finding]:
    """D410: a step of the processing logged before the ticket was received; D412: after it
    was completed (the completion is the last thing that happens to it)."""
    for s in records.tickets:
        t = s.model
        for index, step in enumerate(t.steps):
            if t.completed is not None and step.at > t.completed:
                yield Finding(
                    "D412",
                    Severity.ERROR,
                    s.file,
                    _("Ticket {id}: a step at {at} is after the completion {completed}").format(
                        id=t.id, at=_show(step.at), completed=_show(t.completed)
                    ),
                    _("Nothing is done to a ticket after it is completed; correct the step's time or the completion."),
                    s.loc + ("steps", index, "at"),
                )
            if step.at < t.received:
                yield Finding(
                    "D410",
                    Severity.ERROR,
                    s.file,
                    _("Ticket {id}: a step at {at} is before the receipt {received}").format(
                        id=t.id, at=_show(step.at), received=_show(t.received)
                    ),
                    _("A ticket is worked on after it is received; correct the step's time or the receipt."),
                    s.loc + ("steps", index, "at"),
                )


def _action_sections(a: Action) -> list[tuple[Loc, str, date]]:
    """The dated sections of an action (QT.CTCL 5.2-5.7) in their order: where, what, when."""
    sections: list[tuple[Loc, str, date]] = [(("request", "date"), _("the request"), a.request.on)]
    if a.need:
        sections.append((("need", "date"), _("the decision on the need"), a.need.on))
    if a.assignment:
        sections.append((("assignment", "date"), _("the assignment"), a.assignment.on))
    if a.plan:
        sections.append((("plan", "approved_on"), _("the plan's approval"), a.plan.approved_on))
    for index, progress in enumerate(a.progress):
        sections.append((("progress", index, "date"), _("a progress report"), progress.on))
    if a.verification:
        sections.append((("verification", "date"), _("the verification"), a.verification.on))
    if a.closure:
        sections.append((("closure", "date"), _("the closure"), a.closure.on))
    return sections


def check_future_action_dates(records: Records, today: date) -> Iterator[Finding]:
    """D409 of an action: a section dated after `today` records what has not happened yet (the
    report and the agenda would not see the action until then)."""
    for s in records.actions:
        for loc, what, day in _action_sections(s.model):
            if day > today:
                yield Finding(
                    "D409",
                    Severity.ERROR,
                    s.file,
                    _("Action {id}: {what} is dated {day}, a day still to come (today is {today})").format(
                        id=action_id(s), what=what, day=_show(day), today=_show(today)
                    ),
                    _("Records say what has happened; correct the date (the year or the month, most often)."),
                    s.loc + loc,
                )


def check_action_dates(records: Records) -> Iterator[Finding]:
    for s in records.actions:
        sections = _action_sections(s.model)
        latest = sections[0]
        for section in sections[1:]:
            if section[2] < latest[2]:
                yield Finding(
                    "D404",
                    Severity.ERROR,
                    s.file,
                    _("Action {id}: {this} ({this_date}) is dated before {that} ({that_date})").format(
                        id=action_id(s),
                        this=section[1],
                        this_date=_show(section[2]),
                        that=latest[1],
                        that_date=_show(latest[2]),
                    ),
                    _("The steps of QT.CTCL 5.2-5.7 happen in order; correct the date."),
                    section[0],
                )
            else:
                latest = section


def check_document_reviews(records: Records, today: date) -> Iterator[Finding]:
    """D411: an effective document not reviewed (nor issued) for longer than the agency sets."""
    months = records.profile.model.document_review_months if records.profile else 12
    for s in records.documents:
        d = s.model
        last = d.reviewed or d.issued
        if d.status != "effective" or last is None:
            continue
        elapsed = (today.year - last.year) * 12 + today.month - last.month - (today.day < last.day)
        if elapsed > months:
            yield Finding(
                "D411",
                Severity.WARNING,
                s.file,
                _("Document {code} was last reviewed on {day}, {n} months ago (every {every} months)").format(
                    code=d.code, day=last.strftime("%d/%m/%Y"), n=elapsed, every=months
                ),
                _(
                    "Review it: qmsctl doc review {code} --by NAME records that it still holds; doc revise changes it."
                ).replace("{code}", d.code),
                s.loc + ("issued",),
            )
