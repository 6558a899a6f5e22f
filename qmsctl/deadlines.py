"""The due of a ticket and whether it was met (docs/rules.md section 3, rules 1-13)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from qmsctl.calendar import WorkCalendar
from qmsctl.records.models import Duration, PauseView, Procedure, Step, TicketView

_MIDNIGHT = time(0, 0)

# The line of the process log that `ticket reschedule` writes (rule 6: the new appointment
# never makes the dossier on time); the apology and the report read its reason back.
RESCHEDULED_STEP = "Gửi phiếu xin lỗi và hẹn lại ngày trả kết quả {day}: {reason}"


def reschedule_note(steps: Sequence[Step]) -> tuple[datetime, str | None] | None:
    """When the last new appointment was written in the process log, and its reason (None if
    the line gives none); None when the log holds no such line."""
    prefix = RESCHEDULED_STEP.split("{", 1)[0]
    for step in reversed(steps):
        if step.action.startswith(prefix):
            _day, found, reason = step.action[len(prefix) :].partition(": ")
            return step.at, reason if found and reason else None
    return None


@dataclass(frozen=True)
class Due:
    """A date (on time through the end of that day) or a moment (rule 5)."""

    at: date | datetime

    @property
    def is_moment(self) -> bool:
        return isinstance(self.at, datetime)

    @property
    def day(self) -> date:
        return self.at.date() if isinstance(self.at, datetime) else self.at

    @property
    def deadline(self) -> datetime:
        """The first moment that is too late for a date, the moment itself otherwise."""
        if isinstance(self.at, datetime):
            return self.at
        return datetime.combine(self.at + timedelta(days=1), _MIDNIGHT)

    def met_by(self, completed: datetime) -> bool:
        if isinstance(self.at, datetime):
            return completed <= self.at
        return completed.date() <= self.at


@dataclass
class DueReasoning:
    """How a due was reached, for `qmsctl due` and the late-dossier sheet."""

    received: datetime
    effective: datetime  # effective receipt (rule 1), or the restart (rule 4)
    due: Due | None
    explicit: bool = False
    computed: Due | None = None  # the rule's due, also when an explicit due wins
    appointment: Due | None = None  # the explicit due, moved by the pauses (rule 12)
    pause_lines: list[tuple[PauseView, datetime, str]] = field(default_factory=list)  # pause, its end, what it did
    open_pause: bool = False


def _known_pauses(ticket: TicketView, cut: datetime | None) -> list[tuple[PauseView, datetime | None]]:
    """The pauses known at the cut, each with its end: a pause that began at or after the cut
    is not yet known; one still open at the cut ends at it (docs/rules.md section 4); on a finished
    ticket an open pause ends at the completion. No cut and no end: still paused."""
    completed = ticket.completed
    if completed is not None and (cut is None or completed < cut):
        cut = completed
    known = []
    for pause in sorted(ticket.pauses, key=lambda p: p.start):
        if cut is not None and pause.start >= cut:
            continue
        end = pause.end
        if cut is not None and (end is None or end > cut):
            # The end of a day (00:00 of the next) still belongs to that day.
            end = cut - timedelta(microseconds=1) if cut.time() == _MIDNIGHT else cut
        known.append((pause, end))
    return known


def rules_calendar(procedure: Procedure, calendar: WorkCalendar) -> WorkCalendar:
    """The calendar a procedure's tickets are judged on: its own cutoff and hours over the
    agency's (rule 8)."""
    return calendar.with_rules_of(procedure.cutoff, procedure.hours)


def counted_from(ticket: TicketView, procedure: Procedure) -> datetime | None:
    """The moment the procedure counts from: the receipt, or the acceptance (thụ lý) for one
    that `counts_from: accepted` (rule 10); None when that is not recorded (a finding)."""
    if procedure.counts_from == "accepted":
        return ticket.accepted
    return ticket.received


def reason_due(
    ticket: TicketView, procedure: Procedure, calendar: WorkCalendar, cut: datetime | None = None
) -> DueReasoning:
    """The ticket's due with the steps that led to it, as known at `cut` (the moment E
    figures are judged at): a pause open at the cut ends at it; without a cut, a ticket
    paused now has no computed due yet. A ticket counted from an acceptance not recorded has
    no due (rule 10: never counted from its receipt instead)."""
    calendar = rules_calendar(procedure, calendar)
    start = counted_from(ticket, procedure)
    if start is None:
        return DueReasoning(ticket.received, ticket.received, None)
    effective = calendar.effective_receipt(start)
    # Rule 9: the duration in force on the effective day of receipt.
    duration = procedure.duration_on(effective.date())
    reasoning = DueReasoning(start, effective, None)
    extra_days = 0
    extra_seconds = 0
    for pause, end in _known_pauses(ticket, cut):
        if end is None:
            reasoning.open_pause = True
            continue
        if procedure.on_supplement == "restart":
            reasoning.pause_lines.append((pause, end, "restart"))
            continue
        if duration.working_days is not None:
            added = calendar.working_days_between(pause.start.date(), end.date())
            extra_days += added
            reasoning.pause_lines.append((pause, end, f"+{added}d"))
        elif duration.calendar_days is not None:
            added = max((end.date() - pause.start.date()).days, 0)
            extra_days += added
            reasoning.pause_lines.append((pause, end, f"+{added}d"))
        else:
            added_seconds = max(calendar.working_seconds(end) - calendar.working_seconds(pause.start), 0)
            extra_seconds += added_seconds
            reasoning.pause_lines.append((pause, end, f"+{added_seconds / 3600:g}h"))
    if procedure.on_supplement == "restart":
        ends = [end for _pause, end, _what in reasoning.pause_lines]
        if ends:
            # Rule 4, restart: N counts again from the pause's end, taken as a new receipt.
            reasoning.effective = calendar.effective_receipt(max(ends))
    if not reasoning.open_pause:
        reasoning.computed = _rule_due(duration, calendar, reasoning.effective, extra_days, extra_seconds)
    if ticket.due is not None:
        # Rule 6: an explicit due (the appointment) wins over the computed one; rule 12: it
        # moves with the clock, as the computed due does.
        reasoning.appointment = _moved_appointment(ticket, procedure, duration, calendar, reasoning)
        reasoning.due, reasoning.explicit = reasoning.appointment, True
    else:
        reasoning.due = reasoning.computed
    extended = ticket.extended
    if extended is not None and reasoning.due is not None and extended.on <= reasoning.due.day:
        # Rule 11: a lawful extension decided by the due moves it; one decided later does not.
        reasoning.due = Due(max(extended.to, reasoning.due.day))
    return reasoning


def _moved_appointment(
    ticket: TicketView, procedure: Procedure, duration: Duration, calendar: WorkCalendar, reasoning: DueReasoning
) -> Due:
    """The appointment given on the receipt slip, moved by the pauses as the law's due is
    (rule 12): pushed by the paused time (extend); counted again from the resume, unless the
    appointment is later still (restart)."""
    assert ticket.due is not None
    given = Due(ticket.due)
    if not reasoning.pause_lines:
        return given
    if procedure.on_supplement == "restart":
        if reasoning.computed is None or given.deadline >= reasoning.computed.deadline:
            return given
        return reasoning.computed
    added = [what for _pause, _end, what in reasoning.pause_lines]
    if duration.working_hours is not None:
        seconds = sum(round(float(what[1:-1]) * 3600) for what in added)
        at = given.at if isinstance(given.at, datetime) else datetime.combine(given.at, calendar.day_start)
        return Due(calendar.moment_at(calendar.working_seconds(at) + seconds))
    days = sum(int(what[1:-1]) for what in added)
    if duration.calendar_days is not None:
        moved = given.day + timedelta(days=days)
        day = calendar.next_working_day(moved)
    else:
        day = calendar.add_working_days(given.day, days) if days else given.day
    return Due(datetime.combine(day, given.at.time()) if isinstance(given.at, datetime) else day)


def _rule_due(
    duration: Duration, calendar: WorkCalendar, effective: datetime, extra_days: int, extra_seconds: int
) -> Due:
    if duration.working_days is not None:
        # Rule 2 (Bộ luật Dân sự 2015, Điều 147): the receipt day is not counted; rule 7: 0 is
        # the day of the effective receipt itself ("trong ngày"), to its end.
        day = calendar.add_working_days(effective.date(), duration.working_days + extra_days)
        if calendar.settings.deadline == "same-time" and duration.working_days + extra_days > 0:
            return Due(datetime.combine(day, effective.time()))
        return Due(day)
    if duration.calendar_days is not None:
        # Rule 3 (Điều 148): a due falling on a day off moves to the next working day.
        return Due(calendar.next_working_day(effective.date() + timedelta(days=duration.calendar_days + extra_days)))
    hours = duration.working_hours or 0
    seconds = calendar.working_seconds(effective) + round(hours * 3600) + extra_seconds
    return Due(calendar.moment_at(seconds))


def plain_due(ticket: TicketView, procedure: Procedure, calendar: WorkCalendar) -> Due | None:
    """The due of a ticket without pauses, the same at every cut: what `reason_due` finds for
    it, without the steps. A due counted in days depends only on the day of receipt and on
    whether it came after the cutoff (rule 1): it is worked out once per such day and duration."""
    if ticket.extended is not None or procedure.counts_from != "received":
        return reason_due(ticket, procedure, calendar).due
    if ticket.due is not None:
        return Due(ticket.due)
    if procedure.cutoff is not None or procedure.hours is not None:
        calendar = rules_calendar(procedure, calendar)
    received, settings = ticket.received, calendar.settings
    effective = None
    if isinstance(procedure.duration, list):  # rule 9: the entry in force on the effective day
        effective = calendar.effective_receipt(received)
        duration = procedure.duration_on(effective.date())
    else:
        duration = procedure.duration
    if duration.working_hours is not None or (duration.working_days is not None and settings.deadline == "same-time"):
        return _rule_due(duration, calendar, effective or calendar.effective_receipt(received), 0, 0)
    late = settings.cutoff is not None and received.time() > settings.cutoff
    key = ("days", duration.working_days, duration.calendar_days, received.date(), late)
    due: Due | None = calendar.worked_out.get(key)
    if due is None:  # the receipt's day and its side of the cutoff decide the due: worked out once
        effective = effective or calendar.effective_receipt(received)
        due = calendar.worked_out[key] = _rule_due(duration, calendar, effective, 0, 0)
    return due


def due_of(ticket: TicketView, procedure: Procedure, calendar: WorkCalendar, cut: datetime | None = None) -> Due | None:
    """The ticket's due as known at `cut` (see `reason_due`). Worked out once on a calendar for
    a ticket's facts (immutable) with a procedure and a cut: a page of figures places the same
    tickets many times (a period, its units, its months, its objectives)."""
    if not isinstance(ticket, tuple):  # a model may still be edited: worked out each time
        return reason_due(ticket, procedure, calendar, cut).due
    if not ticket.pauses:
        cut = None  # the cut only tells which pauses are known: without any, every cut's due is one
    key = (id(ticket), id(procedure), cut)
    known = calendar.worked_out.get(key)
    # The entry holds the very objects, so no other object can have their ids meanwhile.
    if known is not None and known[0] is ticket and known[1] is procedure:
        return known[2]  # type: ignore[no-any-return]
    due = reason_due(ticket, procedure, calendar, cut).due if ticket.pauses else plain_due(ticket, procedure, calendar)
    calendar.worked_out[key] = (ticket, procedure, due)
    return due


def working_days_late(due: Due, finished: datetime | date, calendar: WorkCalendar) -> int:
    """Working days after the due day up to the day finished (0 when late within the due day)."""
    day = finished.date() if isinstance(finished, datetime) else finished
    return calendar.working_days_between(due.day, day)
