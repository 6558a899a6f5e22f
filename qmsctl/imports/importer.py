"""An export's rows into the records: new tickets where their siblings are, changed ones
edited in place, the same export twice changing nothing; then the export's own on-time
verdicts reconciled with the figures qmsctl computes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from qmsctl.agency import work_calendar
from qmsctl.deadlines import due_of
from qmsctl.edits import Editor, moment_text, set_in_order
from qmsctl.edits.tickets import KEY_ORDER
from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.imports.convert import Converter, Imported, Reject, RowProblem
from qmsctl.imports.mapping import Mapping
from qmsctl.imports.sources import Row
from qmsctl.records.models import Ticket
from qmsctl.records.roundtrip import flow
from qmsctl.records.ticket_text import dump_ticket, ticket_text

# The ticket fields an import manages, by the mapping's column that gives them.
MANAGED = {
    "kind": None,
    "procedure": "procedure",
    "unit": "unit",
    "received": "received",
    "due": "due",
    "completed": "completed",
    "outcome": "completed",
    "subject": "subject",
    "sender": "sender",
    "pauses": "pause_from",
}
# A row whose id is a ticket of another procedure or received another day is another dossier.
IDENTITY = ("procedure", "received")


@dataclass
class Disagreement:
    ticket: str
    export_on_time: bool
    due: str
    completed: str


@dataclass
class Conflict:
    """A row not written: its id is another dossier's, or it would undo a correction."""

    ticket: str
    fields: list[str]
    ours: dict[str, Any]  # the values in the records
    theirs: dict[str, Any]  # the values in the export
    why: str
    another: bool  # another dossier under the same id (replaced whole with --replace)


@dataclass
class ImportReport:
    rows: int = 0
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> fields changed
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    rejected: list[Reject] = field(default_factory=list)
    redacted: int = 0
    verdicts: int = 0  # rows whose export says on time or late, for finished dossiers
    disagreements: list[Disagreement] = field(default_factory=list)


def _text(value: Any) -> Any:
    if isinstance(value, datetime):
        return moment_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):  # pauses
        return [_pause_text(p) for p in value]
    return value


def _pause_text(pause: Any) -> dict[str, Any]:
    """A pause, from the records or an export, as the records write it."""
    if isinstance(pause, dict):
        items = {"from": pause.get("from"), "to": pause.get("to"), "reason": pause.get("reason")}
    else:
        items = {"from": pause.start, "to": pause.end, "reason": pause.reason}
    return {k: _text(v) for k, v in items.items() if v is not None}


def _merged_pauses(ours: list[Any], theirs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ticket's pauses with the export's: a pause the export gives replaces the one that
    began at the same moment, the others are kept (an export shows the last pause only)."""
    pauses = {p["from"]: p for p in map(_pause_text, ours)}
    for pause in map(_pause_text, theirs):
        pauses[pause["from"]] = {**pauses.get(pause["from"], {}), **pause}
    return [pauses[start] for start in sorted(pauses)]


def _managed(mapping: Mapping) -> list[str]:
    fields = [f for f, column in MANAGED.items() if column is None or column in mapping.columns]
    if "status" in mapping.columns and "completed" not in fields:
        fields += ["completed", "outcome"]
    return fields


def import_rows(
    editor: Editor,
    rows: Iterable[Row],
    mapping: Mapping,
    report: ImportReport,
    advance: Callable[[], None] = lambda: None,
    replace: bool = False,
) -> list[Imported]:
    """Add and change tickets in the editor; fill the report. Returns what was read. A row that
    is another dossier than the ticket of its id, or would undo a correction, is a conflict and
    not written, unless `replace`."""
    records = editor.records
    converter = Converter(mapping, [s.model for s in records.procedures], [s.model for s in records.units])
    if converter.unknown_aliases:
        raise UserError(
            "I910",
            _("The mapping's aliases name no procedure {codes}").format(codes=", ".join(converter.unknown_aliases)),
            hint=_("Each alias maps an export's name to the code of a procedure of the records."),
        )
    known = set(editor.ticket_ids())  # the ticket of an id the records hold is read when a row names it
    managed = _managed(mapping)
    seen: dict[str, int] = {}
    imported: list[Imported] = []
    new_by_file: dict[str, list[dict[str, Any]]] = {}
    layout = editor.ticket_layout()
    for row in rows:
        advance()
        report.rows += 1
        try:
            item = converter.convert(row)
        except RowProblem as problem:
            report.rejected.append(Reject(row.sheet, row.number, row.columns.get(problem.field, ""), str(problem)))
            continue
        ident = item.ticket["id"]
        if ident in seen:
            report.rejected.append(
                Reject(row.sheet, row.number, row.columns["id"], _("the same id as row {n}").format(n=seen[ident]))
            )
            continue
        seen[ident] = row.number
        imported.append(item)
        report.redacted += len(item.redacted)
        current = editor.ticket(ident) if ident in known else None
        if current is None:
            new_by_file.setdefault(layout.file_for(ident, item.ticket["received"]), []).append(item.ticket)
            report.added.append(ident)
            continue
        differing = _differing(current.model, item.ticket, managed)
        conflict = _conflict(current.model, item.ticket, differing) if differing else None
        if conflict is not None and not replace:
            report.conflicts.append(conflict)
            continue
        if conflict is not None and conflict.another:  # the export's dossier, whole, in its place
            _replace(editor, current, item.ticket)
            report.changed[ident] = [_("replaced: {fields}").format(fields=", ".join(conflict.fields))]
            continue
        changed = _update(editor, current, item.ticket, differing)
        if changed:
            report.changed[ident] = changed
        else:
            report.unchanged += 1
    for file, tickets in new_by_file.items():
        if not layout.month_lists:
            editor.create_text(file, _header(file) + "\n".join(dump_ticket(tickets[0], "")) + "\n")
        elif (editor.root / file).exists():
            items = editor.item_list(file)
            if items is not None:  # the rows added after the file's own changes, in its layout
                for ticket in tickets:
                    items.append(ticket)
            else:
                editor.append_text(file, "".join(ticket_text(t) for t in tickets))
        else:
            editor.create_text(file, _header(file) + "".join(ticket_text(t) for t in tickets))
    return imported


def _header(file: str) -> str:
    return f"# yaml-language-server: $schema={'../' * file.count('/')}.schemas/ticket.schema.json\n"


def _incoming(model: Ticket, incoming: dict[str, Any], name: str) -> Any:
    """The value the export would give the ticket's field, as the records write it."""
    if name == "pauses":
        return _merged_pauses(model.pauses, incoming.get("pauses", []))
    return _text(incoming.get(name))


def _differing(model: Ticket, incoming: dict[str, Any], managed: list[str]) -> list[str]:
    return [name for name in managed if _text(getattr(model, name)) != _incoming(model, incoming, name)]


def _conflict(model: Ticket, incoming: dict[str, Any], differing: list[str]) -> Conflict | None:
    """Why the row may not change the ticket of its id in the fields that differ: another
    procedure or day of receipt (another dossier under the same number), or fields the
    secretary corrected (a ticket with a `correction:` note); None when it may."""
    other = [name for name in IDENTITY if name in differing]
    if "received" in other and model.received.date() == incoming["received"].date():
        other.remove("received")  # the same day at another time: the same dossier
    if other:
        why = _("another dossier under the same id")
    elif model.correction:
        why = _("corrected since: {note}").format(note=model.correction)
    else:
        return None
    fields = other or differing
    return Conflict(
        model.id,
        fields,
        {name: _text(getattr(model, name)) for name in fields},
        {name: _incoming(model, incoming, name) for name in fields},
        why,
        bool(other),
    )


def _replace(editor: Editor, current: Any, incoming: dict[str, Any]) -> None:
    """The ticket's fields, process log and pauses replaced by the export's row."""
    node = editor.node(current)
    for key in list(node):
        del node[key]
    for name, value in incoming.items():
        if name == "pauses":
            value = [flow(p) for p in _merged_pauses([], value)]
        elif type(value) is not date:
            value = _text(value)
        set_in_order(node, name, value, KEY_ORDER)


def _update(editor: Editor, current: Any, incoming: dict[str, Any], changed: list[str]) -> list[str]:
    """Bring an existing ticket to the export's values in the fields that differ; those fields."""
    model: Ticket = current.model
    if not changed:
        return []
    node = editor.node(current)
    for name in changed:
        value = incoming.get(name)
        if name == "pauses":
            set_in_order(node, name, [flow(p) for p in _merged_pauses(model.pauses, value or [])], KEY_ORDER)
        elif value is None:
            node.pop(name, None)
        else:  # a date stays a date (written plain); a moment is written as the records write it
            set_in_order(node, name, value if type(value) is date else _text(value), KEY_ORDER)
    return changed


def reconcile(editor: Editor, imported: list[Imported], report: ImportReport) -> None:
    """Each finished dossier the export calls on time or late, against the due qmsctl computes
    (the one `qmsctl stats` counts): the disagreements reveal sync errors or wrong dues."""
    judged = [i for i in imported if i.on_time is not None and i.ticket.get("outcome") == "done"]
    if not judged:
        return
    records = editor.records
    procedures = {s.model.code: s.model for s in records.procedures}
    calendar = work_calendar(records, extra_years={i.ticket["received"].year for i in judged})
    for item in judged:
        ticket = Ticket.model_validate({k: _text(v) for k, v in item.ticket.items()})
        due = due_of(ticket, procedures[ticket.procedure], calendar)
        assert ticket.completed is not None
        ours = due is None or due.met_by(ticket.completed)
        report.verdicts += 1
        if ours != item.on_time:
            report.disagreements.append(
                Disagreement(
                    ticket.id, bool(item.on_time), _text(due.at) if due else "—", moment_text(ticket.completed)
                )
            )
