"""Internal audits (clause 9.2) as commands: the year's programme, the findings, and the
corrective action a finding opens (QT.CTCL 5.2), linked both ways."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from qmsctl.edits import Editor, add_to_list, numbered, refuse, set_in_order
from qmsctl.edits.actions import Request, open_action
from qmsctl.i18n import _
from qmsctl.records.roundtrip import block, flow, sequence

KEY_ORDER = ["id", "date", "status", "scope", "auditors", "units", "processes", "findings"]
FINDING_ORDER = ["unit", "clause", "kind", "description", "evidence", "by", "action"]


def _audit(editor: Editor, ident: str) -> Any:
    from qmsctl.checks.audits import audit_id

    found = next((s for s in editor.records.audits if audit_id(s) == ident), None)
    if found is None:
        known = ", ".join(sorted(audit_id(s) for s in editor.records.audits)) or "—"
        raise refuse(_("There is no audit {id}").format(id=ident), _("Known: {ids}").format(ids=known))
    return found


def next_audit_id(editor: Editor, year: int) -> str:
    from qmsctl.checks.audits import audit_id

    taken = {audit_id(s) for s in editor.records.audits}
    ident, n = f"DGNB-{year}", 1
    while ident in taken:
        n += 1
        ident = f"DGNB-{year}-{n}"
    return ident


@dataclass
class Plan:
    on: date
    units: list[str]
    auditors: list[tuple[str, str | None]]  # name, unit
    processes: list[str]
    scope: str | None = None


def plan(editor: Editor, programme: Plan) -> str:
    """An audit of the year's programme: when, which units and processes, by whom."""
    ident = next_audit_id(editor, programme.on.year)
    auditors = [flow({"name": name, "unit": unit}) if unit else name for name, unit in programme.auditors]
    data = block(
        {
            k: v
            for k, v in (
                ("id", ident),
                ("date", programme.on),
                ("status", "planned"),
                ("scope", programme.scope),
                ("auditors", sequence(auditors)),
                ("units", _flow_list(programme.units)),
                ("processes", _flow_list(programme.processes) if programme.processes else None),
            )
            if v is not None
        }
    )
    editor.create(f"audits/{ident}.yaml", data, "audit")
    return ident


def _flow_list(items: list[str]) -> Any:
    result = sequence(items)
    result.fa.set_flow_style()
    return result


@dataclass
class Observation:
    unit: str
    clause: str
    kind: str
    description: str
    evidence: str | None = None
    by: str | None = None


def record(editor: Editor, ident: str, finding: Observation, by: str, on: date) -> str:
    """A finding of the audit; the audit is done once it has one. A nonconformity opens its
    corrective action request at once (QT.CTCL 5.2.1), named by the finding and naming it."""
    item = _audit(editor, ident)
    node = editor.node(item)
    number = len(item.model.findings) + 1
    set_in_order(node, "status", "done", KEY_ORDER)
    action = None
    if finding.kind == "nonconformity":
        request = Request(finding.unit, "internal-audit", finding.description, by, on, f"{ident} #{number}")
        action = open_action(editor, request)
    values = (
        ("unit", finding.unit),
        ("clause", finding.clause),
        ("kind", finding.kind),
        ("description", finding.description),
        ("evidence", finding.evidence),
        ("by", finding.by),
        ("action", action),
    )
    add_to_list(node, "findings", block({k: v for k, v in values if v}), KEY_ORDER)
    if action:
        return _("finding {n} recorded; action {action} opened").format(n=number, action=action)
    return _("finding {n} recorded").format(n=number)


def finding_to_action(editor: Editor, ident: str, number: int, by: str, on: date) -> str:
    """QT.CTCL 5.2: the finding opens a corrective action that names it, and it names the action."""
    item = _audit(editor, ident)
    missing = _("Audit {id} has no finding {n}").format(id=ident, n=number)
    finding = numbered(item.model.findings, number, missing, item.file)
    if finding.action:
        raise refuse(
            _("Finding {n} of audit {id} already opened action {action}").format(
                n=number, id=ident, action=finding.action
            ),
            _("Follow it with qmsctl action."),
            item.file,
        )
    request = Request(
        unit=finding.unit,
        source="internal-audit",
        description=finding.description,
        by=by,
        on=on,
        reference=f"{ident} #{number}",
    )
    action = open_action(editor, request)
    node = editor.node(item)["findings"][number - 1]
    set_in_order(node, "action", action, FINDING_ORDER)
    return _("action {action} opened for finding {n} of {id}").format(action=action, n=number, id=ident)
