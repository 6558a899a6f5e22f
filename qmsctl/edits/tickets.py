"""Dossiers and incoming letters: a new one, a line of its process log, a pause for
supplements and its end, the result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from qmsctl.deadlines import RESCHEDULED_STEP
from qmsctl.edits import Editor, add_to_list, moment_text, refuse, set_in_order, written_record
from qmsctl.i18n import _
from qmsctl.labels import label
from qmsctl.records.layout import next_ticket_id
from qmsctl.records.roundtrip import flow, new_text, sequence

# Record data is Vietnamese whatever the language of the messages.
RETURNED_STEP = "Trả lại hồ sơ: {reason}"

# The order of a ticket's keys, as docs/records.md writes them: a new key goes in its place.
KEY_ORDER = [
    "id",
    "kind",
    "procedure",
    "unit",
    "received",
    "accepted",
    "due",
    "pauses",
    "extended",
    "completed",
    "outcome",
    "rescheduled",
    "subject",
    "sender",
    "steps",
    "correction",
]


@dataclass
class NewTicket:
    procedure: str
    received: datetime
    kind: str = "dossier"
    id: str | None = None
    unit: str | None = None
    due: str | None = None
    subject: str | None = None
    sender: str | None = None


def add(editor: Editor, ticket: NewTicket) -> str:
    profile = editor.records.profile
    own = profile.model.agency.short if profile else None
    ident = ticket.id or next_ticket_id(editor.ticket_ids(), ticket.kind, ticket.received, own)
    if ident is None:  # a new folder: the agency's short name starts the numbering
        ident = first_ticket_id(editor, ticket.kind, ticket.received)
    record = {
        key: value
        for key, value in (
            ("id", ident),
            ("kind", ticket.kind),
            ("procedure", ticket.procedure),
            ("unit", ticket.unit),
            ("received", ticket.received),
            ("due", ticket.due),
            ("subject", ticket.subject),
            ("sender", ticket.sender),
        )
        if value is not None
    }
    layout = editor.ticket_layout()
    file = layout.file_for(ident, ticket.received)
    written = written_record(record)
    if not layout.month_lists:
        editor.create(file, written, "ticket")
    elif (editor.root / file).exists():
        editor.append_item(file, record)
    else:
        editor.create_text(file, _schema_header(file) + new_text(sequence([written])))
    return ident


def first_ticket_id(editor: Editor, kind: str, received: datetime) -> str:
    """The first id of a folder with no numbering yet: <short name>-YYMMDD-0001 for a dossier
    (the one-stop system's shape), VBD-YYYY-00001 for a letter (văn bản đến)."""
    if kind != "dossier":
        return f"VBD-{received.year:04d}-00001"
    profile = editor.records.profile
    short = profile.model.agency.short if profile else "HS"
    return f"{short}-{received:%y%m%d}-0001"


def _schema_header(file: str) -> str:
    return f"# yaml-language-server: $schema={'../' * file.count('/')}.schemas/ticket.schema.json\n"


def _open(editor: Editor, ident: str, finished_ok: bool = False) -> tuple[Any, Any]:
    item = editor.ticket(ident)
    if item.model.completed is not None and not finished_ok:
        raise refuse(
            _("Ticket {id} is already finished ({outcome} on {at})").format(
                id=ident, outcome=label(item.model.outcome or "done"), at=moment_text(item.model.completed)
            ),
            _("Correct a finished ticket by editing its file, with a correction note."),
            item.file,
        )
    return item, editor.node(item)


def _set(node: Any, key: str, value: Any) -> None:
    set_in_order(node, key, value, KEY_ORDER)


def _refuse_if_paused(item: Any, message: str, hint: str) -> None:
    """Refuse, with the message and hint given (both naming {id}), a ticket with an open pause."""
    if any(p.end is None for p in item.model.pauses):
        raise refuse(message.format(id=item.model.id), hint.format(id=item.model.id), item.file)


def step(editor: Editor, ident: str, at: datetime, by: str, action: str, role: str | None, error: str | None) -> str:
    """A line of the process log (BM.ST.VP.06)."""
    _item, node = _open(editor, ident, finished_ok=True)
    entry = flow(
        {
            k: v
            for k, v in (("at", moment_text(at)), ("by", by), ("role", role), ("action", action), ("error", error))
            if v
        }
    )
    add_to_list(node, "steps", entry, KEY_ORDER)
    return _("step logged")


def pause(editor: Editor, ident: str, start: datetime, reason: str) -> str:
    """A request for supplements (yêu cầu bổ sung): the clock stops or restarts (docs/rules.md section 3.4)."""
    item, node = _open(editor, ident)
    _refuse_if_paused(item, _("Ticket {id} is already paused"), _("End the pause first: qmsctl ticket resume {id}"))
    add_to_list(node, "pauses", flow({"from": moment_text(start), "reason": reason}), KEY_ORDER)
    return _("paused")


def resume(editor: Editor, ident: str, end: datetime) -> str:
    item, node = _open(editor, ident)
    open_pauses = [i for i, p in enumerate(item.model.pauses) if p.end is None]
    if not open_pauses:
        raise refuse(_("Ticket {id} is not paused").format(id=ident), file=item.file)
    entry = node["pauses"][open_pauses[-1]]
    # `to` goes right after `from`, as the records write a pause.
    entry.insert(list(entry.keys()).index("from") + 1, "to", moment_text(end))
    return _("resumed")


def reschedule(editor: Editor, ident: str, to: date, reason: str, at: datetime, by: str) -> str:
    """A dossier that will be late: the apology and the new appointment (Phiếu xin lỗi và hẹn
    lại ngày trả kết quả). `rescheduled` is recorded; it never makes the dossier on time (docs/rules.md
    3.6). The new date must be after the due it replaces."""
    from qmsctl.deadlines import due_of

    item, node = _open(editor, ident)
    agency = editor.agency
    due = due_of(item.model, agency.procedure(item.model.procedure), agency.calendar, at)
    if due is not None and to <= due.day:
        raise refuse(
            _("Ticket {id} is due {due}: a new appointment comes after it").format(
                id=ident, due=due.day.strftime("%d/%m/%Y")
            ),
            _("Give --to a later day."),
            item.file,
        )
    _set(node, "rescheduled", flow({"date": to, "apology": True}))
    step(editor, ident, at, by, RESCHEDULED_STEP.format(day=to.strftime("%d/%m/%Y"), reason=reason), None, None)
    return _("rescheduled to {day}").format(day=to.strftime("%d/%m/%Y"))


def finish(editor: Editor, ident: str, at: datetime, outcome: str) -> str:
    """The result: done (trả kết quả), returned (trả lại) or withdrawn (rút hồ sơ)."""
    item, node = _open(editor, ident)
    if outcome == "done":  # the result needs the supplement: the pause ends first
        _refuse_if_paused(
            item, _("Ticket {id} is paused: end the pause before finishing it"), _("qmsctl ticket resume {id} --at ...")
        )
    else:  # rule 13: withdrawn, or returned for lack of the supplement: the pause ends with it
        for index, pause in enumerate(item.model.pauses):
            if pause.end is None:
                node["pauses"][index]["to"] = moment_text(at)
    _set(node, "completed", moment_text(at))
    _set(node, "outcome", outcome)
    return label(outcome)  # said in the user's language: "đã trả kết quả", "trả lại", "rút hồ sơ"


def accept(editor: Editor, ident: str, at: datetime) -> str:
    """The dossier is accepted for processing (thụ lý): a procedure that counts from the
    acceptance counts from it (docs/rules.md 3.10)."""
    item, node = _open(editor, ident)
    if at < item.model.received:
        raise refuse(
            _("Ticket {id} was received {received}: it is accepted after that").format(
                id=ident, received=item.model.received.strftime("%d/%m/%Y %H:%M")
            ),
            _("Give --at a moment after the receipt."),
            item.file,
        )
    _set(node, "accepted", moment_text(at))
    return _("accepted")


def extend(editor: Editor, ident: str, to: date, basis: str, on: date) -> str:
    """A lawful extension (gia hạn, docs/rules.md 3.11), decided by the due it extends: refused
    after it (a late dossier is rescheduled with an apology instead)."""
    from qmsctl.deadlines import reason_due

    item, node = _open(editor, ident)
    agency = editor.agency
    found = reason_due(item.model, agency.procedure(item.model.procedure), agency.calendar).due
    if found is not None and on > found.day:
        raise refuse(
            _("Ticket {id} was due {due}: an extension is decided by the due, not after it").format(
                id=ident, due=found.day.strftime("%d/%m/%Y")
            ),
            _("A dossier already late is rescheduled with an apology: qmsctl ticket reschedule {id}").format(id=ident),
            item.file,
        )
    if found is not None and to <= found.day:
        raise refuse(
            _("Ticket {id} is due {due}: an extension goes past it").format(
                id=ident, due=found.day.strftime("%d/%m/%Y")
            ),
            _("Give --to a later day."),
            item.file,
        )
    _set(node, "extended", flow({"to": to, "basis": basis, "on": on}))
    return _("extended to {day}").format(day=to.strftime("%d/%m/%Y"))
