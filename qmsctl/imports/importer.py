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
from qmsctl.i18n import _
from qmsctl.imports.convert import Converter, Imported, Reject, RowProblem
from qmsctl.imports.mapping import Mapping
from qmsctl.imports.sources import Row
from qmsctl.records.layout import TicketLayout
from qmsctl.records.models import Ticket
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
}


@dataclass
class Disagreement:
    ticket: str
    export_on_time: bool
    due: str
    completed: str


@dataclass
class ImportReport:
    rows: int = 0
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> fields changed
    unchanged: int = 0
    rejected: list[Reject] = field(default_factory=list)
    redacted: int = 0
    verdicts: int = 0  # rows whose export says on time or late, for finished dossiers
    disagreements: list[Disagreement] = field(default_factory=list)


def _text(value: Any) -> Any:
    if isinstance(value, datetime):
        return moment_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


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
) -> list[Imported]:
    """Add and change tickets in the editor; fill the report. Returns what was read."""
    records = editor.records
    converter = Converter(mapping, [s.model for s in records.procedures], [s.model for s in records.units])
    existing = {s.model.id: s for s in records.tickets}
    managed = _managed(mapping)
    seen: dict[str, int] = {}
    imported: list[Imported] = []
    new_by_file: dict[str, list[dict[str, Any]]] = {}
    layout = TicketLayout.of((s.file, s.loc, s.model.received) for s in records.tickets)
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
        current = existing.get(ident)
        if current is None:
            new_by_file.setdefault(layout.file_for(ident, item.ticket["received"]), []).append(item.ticket)
            report.added.append(ident)
            continue
        changed = _update(editor, current, item.ticket, managed)
        if changed:
            report.changed[ident] = changed
        else:
            report.unchanged += 1
    for file, tickets in new_by_file.items():
        if not layout.month_lists:
            editor.create_text(file, _header(file) + "\n".join(dump_ticket(tickets[0], "")) + "\n")
        elif (editor.root / file).exists():
            editor.append_text(file, "".join(ticket_text(t) for t in tickets))
        else:
            editor.create_text(file, _header(file) + "".join(ticket_text(t) for t in tickets))
    return imported


def _header(file: str) -> str:
    return f"# yaml-language-server: $schema={'../' * file.count('/')}.schemas/ticket.schema.json\n"


def _update(editor: Editor, current: Any, incoming: dict[str, Any], managed: list[str]) -> list[str]:
    """Bring an existing ticket to the export's values; the fields changed."""
    model: Ticket = current.model
    changed = []
    for name in managed:
        old = _text(getattr(model, name))
        new = _text(incoming.get(name))
        if old != new:
            changed.append(name)
    if not changed:
        return []
    node = editor.node(current)
    for name in changed:
        value = incoming.get(name)
        if value is None:
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
