"""Controlled documents (clause 7.5): a new draft, a revision, the approval, withdrawal.

The front matter is edited round-trip; the Markdown body is kept as it is unless a
new body is given.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qmsctl.edits import Editor, add_to_list, file_code, refuse, set_in_order
from qmsctl.i18n import _
from qmsctl.records.roundtrip import block, flow, new_text, sequence

FIRST_ISSUE = "Ban hành lần đầu"
KEY_ORDER = [
    "code", "title", "type", "revision", "issued", "status", "drafted_by", "reviewed_by", "reviewed", "approved_by",
    "withdrawal",
]  # fmt: skip


def _file_name(code: str) -> str:
    return f"documents/{file_code(code)}.md"


def new(
    editor: Editor, code: str, title: str, kind: str, drafted_by: dict[str, str] | None, on: date, body: str
) -> str:
    """A draft of revision 1; its history line waits for the approval's date."""
    front = block(
        {
            "code": code,
            "title": title,
            "type": kind,
            "revision": 1,
            "status": "draft",
            **({"drafted_by": flow(drafted_by)} if drafted_by else {}),
            "history": sequence([flow({"revision": 1, "date": on, "change": FIRST_ISSUE})]),
        }
    )
    editor.create_text(_file_name(code), f"---\n{new_text(front)}---\n{body}")
    return "draft"


def _node(editor: Editor, code: str, allowed: set[str], step: str) -> tuple[Any, Any]:
    item = editor.document(code)
    status = item.model.status
    if status not in allowed:
        raise refuse(
            _("Document {code} is {status}: '{step}' is allowed only when it is {allowed}").format(
                code=code, status=status, step=step, allowed=", ".join(sorted(allowed))
            ),
            _("An obsolete document changes no more.")
            if status == "obsolete"
            else _("A draft is approved (qmsctl doc approve) before it is revised again."),
            item.file,
        )
    return item, editor.node(item)


def revise(editor: Editor, code: str, change: str, on: date, body: str | None) -> str:
    """A new revision (lần ban hành): revision + 1, a history line, back to draft. Who reviewed
    and approved the last revision did not review this one: they are cleared, never carried over."""
    item, node = _node(editor, code, {"effective"}, "revise")
    revision = item.model.revision + 1
    node["revision"] = revision
    node["status"] = "draft"
    for key in ("reviewed_by", "reviewed", "approved_by"):
        node.pop(key, None)
    add_to_list(node, "history", flow({"revision": revision, "date": on, "change": change}))
    if body is not None:
        editor.set_body(item.file, body)
    return _("revision {n}, draft").format(n=revision)


def submit(editor: Editor, code: str) -> str:
    """Soạn thảo → Xem xét: the draft goes to its reviewer."""
    _item, node = _node(editor, code, {"draft"}, "submit")
    node["status"] = "review"
    return _("submitted for review")


def review(editor: Editor, code: str, by: dict[str, str], on: date) -> str:
    """Xem xét: the reviewer of this revision, named (never the last revision's); on an effective
    document, the periodic review that finds it still holds (D411 counts from it)."""
    _item, node = _node(editor, code, {"review", "effective"}, "review")
    set_in_order(node, "reviewed_by", flow(by), KEY_ORDER)
    set_in_order(node, "reviewed", on, KEY_ORDER)
    return _("reviewed by {name}").format(name=by["name"])


def approve(editor: Editor, code: str, by: dict[str, str], on: date) -> str:
    """The approval (phê duyệt): approver, issue date, effective. The revision's history line
    takes the issue date."""
    item, node = _node(editor, code, {"draft", "review"}, "approve")
    set_in_order(node, "approved_by", flow(by), KEY_ORDER)
    set_in_order(node, "issued", on, KEY_ORDER)
    node["status"] = "effective"
    for line in node.get("history") or []:
        if line.get("revision") == item.model.revision:
            line["date"] = on
    return "effective"


def obsolete(editor: Editor, code: str, on: date, reason: str, replaced_by: str | None) -> str:
    """Withdrawn (hết hiệu lực) on a day, for a reason, and what replaces it; an effective
    document still citing it makes the change refused (R310), naming the replacement."""
    _item, node = _node(editor, code, {"draft", "review", "effective"}, "obsolete")
    if replaced_by is not None:
        editor.document(replaced_by)  # a replacement that does not exist is named at once
    node["status"] = "obsolete"
    withdrawal = {"date": on, "reason": reason, **({"replaced_by": replaced_by} if replaced_by else {})}
    set_in_order(node, "withdrawal", flow(withdrawal), KEY_ORDER)
    return _("obsolete since {day}").format(day=on.strftime("%d/%m/%Y"))
