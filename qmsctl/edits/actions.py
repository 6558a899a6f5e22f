"""Corrective and improvement actions through QT.CTCL 5.2-5.7, one step at a time.

Each step fills one section of BM.CTCL.01 and is allowed only from the state the
procedure puts before it; every section records who did it and on which day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from qmsctl.edits import Editor, add_to_list, refuse
from qmsctl.i18n import _
from qmsctl.labels import label
from qmsctl.records.action_states import ActionState, allowed_from, has_evidence, next_steps
from qmsctl.records.roundtrip import block, flow, sequence

S = ActionState

# Record data is Vietnamese whatever the language of the messages.
REOPENED = "Mở mới từ {id} (QT.CTCL 5.7): {description}"
KEY_ORDER = ["id", "request", "need", "assignment", "plan", "progress", "verification", "closure", "reopened_as"]
_ID = re.compile(r"^CAR-(\d{4})-(\d{3,})$")


def next_action_id(editor: Editor, year: int) -> str:
    """CAR-YYYY-NNN, one more than the highest number of the year (files that failed to
    read count too, so an id is never given twice)."""
    names = editor.records.names("action")
    names |= {p.stem for p in (editor.root / "actions").glob("*.y*ml")}
    numbers = [int(m.group(2)) for m in map(_ID.match, names) if m and int(m.group(1)) == year]
    return f"CAR-{year}-{max(numbers, default=0) + 1:03d}"


def _state_check(editor: Editor, ident: str, step: str) -> tuple[Any, Any]:
    item = editor.action(ident)
    state = item.model.state
    allowed_states = allowed_from(step)
    if state not in allowed_states:
        allowed = ", ".join(label(s.value) for s in allowed_states)
        following = ", ".join(label(step) for step in next_steps(state))
        raise refuse(
            _("Action {id} is {state}: '{step}' is allowed only when it is {allowed}").format(
                id=ident, state=label(state.value), step=step, allowed=allowed
            ),
            _("The next step for it is: {steps}").format(steps=following)
            if following
            else _("A closed action changes no more; open a new one."),
            item.file,
        )
    return item, editor.node(item)


@dataclass
class Request:
    unit: str
    source: str
    description: str
    by: str
    on: date
    reference: str | None = None  # what it comes from: an audit finding (DGNB-2026 #2)


def open_action(editor: Editor, request: Request, ident: str | None = None) -> str:
    """5.2.1: the request, box one of BM.CTCL.01, as a new file actions/CAR-YYYY-NNN.yaml."""
    ident = ident or next_action_id(editor, request.on.year)
    data = block(
        {
            "id": ident,
            "request": block(
                {
                    "date": request.on,
                    "by": request.by,
                    "unit": request.unit,
                    "source": request.source,
                    "description": request.description,
                    **({"reference": request.reference} if request.reference else {}),
                }
            ),
        }
    )
    editor.create(f"actions/{ident}.yaml", data, "action")
    return ident


def accept(editor: Editor, ident: str, by: str, on: date, required: bool, reasons: str | None) -> str:
    """5.2.2: the unit's head decides whether an action is needed."""
    _item, node = _state_check(editor, ident, "accept")
    need: dict[str, Any] = {"date": on, "by": by, "required": required}
    if reasons:
        need["reasons"] = reasons
    node["need"] = flow(need)
    return label(S.ACCEPTED.value)


def assign(editor: Editor, ident: str, by: str, on: date, to: str, due: date | None) -> str:
    """5.3: Ban ISO assigns the action."""
    item, node = _state_check(editor, ident, "assign")
    if item.model.need is not None and not item.model.need.required:
        raise refuse(
            _("Action {id}: the need was judged not required, so it is not assigned").format(id=ident),
            _("It stays accepted as not required; open a new request if things changed."),
            item.file,
        )
    assignment: dict[str, Any] = {"date": on, "by": by, "to": to}
    if due:
        assignment["due"] = due
    node["assignment"] = flow(assignment)
    return label(S.ASSIGNED.value)


@dataclass
class Measure:
    what: str
    who: str
    due: date | None = None


def plan(editor: Editor, ident: str, cause: str, measures: list[Measure], approved_by: str, approved_on: date) -> str:
    """5.4: the cause and the measures, approved by Ban ISO's head."""
    _item, node = _state_check(editor, ident, "plan")
    if not measures:
        raise refuse(_("A plan needs at least one measure (--measure 'what | who | due')"))
    rows = sequence([flow({"what": m.what, "who": m.who, **({"due": m.due} if m.due else {})}) for m in measures])
    node["plan"] = block({"cause": cause, "actions": rows, "approved_by": approved_by, "approved_on": approved_on})
    return label(S.PLANNED.value)


def progress(editor: Editor, ident: str, on: date, note: str, by: str | None) -> str:
    """5.5: the monthly report of a long action."""
    _item, node = _state_check(editor, ident, "progress")
    add_to_list(node, "progress", flow({"date": on, "note": note, **({"by": by} if by else {})}), KEY_ORDER)
    return _("progress noted")


def verify(
    editor: Editor,
    ident: str,
    by: str,
    on: date,
    evidence: str,
    effective: bool,
) -> str:
    """5.6-5.7: the check of the result. An ineffective action is closed by opening a new one,
    named in `reopened_as`."""
    item, node = _state_check(editor, ident, "verify")
    if not evidence.strip():
        raise refuse(_("A verification needs its evidence (--evidence)"), file=item.file)
    node["verification"] = flow({"date": on, "by": by, "evidence": evidence, "effective": effective})
    if effective:
        return label(S.VERIFIED.value)
    request = item.model.request
    new_id = open_action(
        editor,
        Request(
            request.unit,
            request.source,
            REOPENED.format(id=ident, description=request.description),
            by,
            on,
        ),
    )
    node["reopened_as"] = new_id
    return _("closed, reopened as {id}").format(id=new_id)


def close(editor: Editor, ident: str, by: str, on: date) -> str:
    """5.7: Ban ISO closes the request once the result is verified, with its evidence."""
    item, node = _state_check(editor, ident, "close")
    if not has_evidence(item.model):
        raise refuse(
            _("Action {id} cannot be closed without verification evidence").format(id=ident),
            _("QT.CTCL 5.7: record the evidence with qmsctl action verify."),
            item.file,
        )
    node["closure"] = flow({"date": on, "by": by})
    return label(S.CLOSED.value)
