"""A semantic diff of the records: what a change means for a reviewer, not which lines moved.

"QT.CTCL: revision 1 → 2, body changed in 5.3", "CAR-2026-003: planned → verified",
"tickets 2026-03: 47 added, 2 completed changed", "objective 1 of 2026: target 95% → 97%".
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from qmsctl.checks.history import changed_fields
from qmsctl.i18n import _
from qmsctl.records.compare import Pair
from qmsctl.records.kinds import KINDS, action_id

_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\b")


@dataclass
class Entry:
    kind: str
    subject: str
    details: list[str]
    change: str = "changed"  # added, removed, changed
    ids: list[str] = field(default_factory=list)  # the tickets behind an aggregated line

    def text(self) -> str:
        return f"{self.subject}: {', '.join(self.details)}"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "subject": self.subject, "change": self.change}
        data["details"] = self.details
        if self.ids:
            data["ids"] = self.ids
        return data


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_show(v)}" for k, v in value.items() if v not in (None, [], {}))
    if isinstance(value, list):
        return "[" + "; ".join(_show(v) for v in value) + "]"
    return str(value)


def _field_details(old: Any, new: Any, skip: frozenset[str] = frozenset()) -> list[str]:
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    details = []
    for name in changed_fields(old, new):
        if name in skip:
            continue
        before, after = a.get(name), b.get(name)
        if (
            isinstance(before, list)
            and isinstance(after, list)
            and all(not isinstance(v, dict) for v in before + after)
        ):
            added = [v for v in after if v not in before]
            removed = [v for v in before if v not in after]
            parts = [_("{items} added").format(items=", ".join(map(str, added)))] if added else []
            parts += [_("{items} removed").format(items=", ".join(map(str, removed)))] if removed else []
            details.append(f"{name}: {'; '.join(parts) or _('reordered')}")
        elif isinstance(before, (list, dict)) or isinstance(after, (list, dict)):
            shown_before, shown_after = _show(before), _show(after)
            if len(shown_before) + len(shown_after) <= 80:
                details.append(f"{name} {shown_before} → {shown_after}")
            else:
                details.append(_("{field} changed").format(field=name))
        else:
            details.append(f"{name} {_show(before)} → {_show(after)}")
    return details


def body_sections(old: str, new: str) -> list[str]:
    """The sections of a Markdown body a change touched: their numbers (5.3) or headings."""
    old_lines, new_lines = old.splitlines(), new.splitlines()

    def section_of(lines: list[str], index: int) -> str:
        for line in reversed(lines[: index + 1]):
            heading = _HEADING.match(line)
            if heading:
                title = heading.group(1).strip()
                number = _NUMBERED.match(title)
                return number.group(1) if number else title
        return _("the opening")

    touched: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        lines, start, end = (new_lines, b1, b2) if b2 > b1 else (old_lines, a1, a2)
        for index in range(start, end):
            where = section_of(lines, index)
            if lines[index].strip() and where not in touched:
                touched.append(where)
    return touched


def _document(pair: Pair) -> Entry:
    old, new = pair.old, pair.new
    if new is None:
        assert old is not None
        return Entry("document", old.model.code, [_("deleted")], "removed")
    if old is None:
        d = new.model
        return Entry(
            "document",
            d.code,
            [_("new document, revision {n}, {status}").format(n=d.revision, status=d.status)],
            "added",
        )
    details = _field_details(old.model, new.model, skip=frozenset({"history"}))
    added_history = new.model.history[len(old.model.history) :]
    details += [_("history: “{change}”").format(change=h.change) for h in added_history]
    if old.body != new.body:
        details.append(_("body changed in {sections}").format(sections=", ".join(body_sections(old.body, new.body))))
    return Entry("document", new.model.code, details)


def _action(pair: Pair) -> Entry:
    old, new = pair.old, pair.new
    if new is None:
        assert old is not None
        return Entry("action", action_id(old), [_("deleted")], "removed")
    if old is None:
        return Entry("action", action_id(new), [_("opened ({state})").format(state=new.model.state.value)], "added")
    details = []
    if old.model.state != new.model.state:
        details.append(f"{old.model.state.value} → {new.model.state.value}")
    sections = [
        f for f in changed_fields(old.model, new.model) if getattr(old.model, f) is not None and f != "progress"
    ]
    if old.model.state == new.model.state or sections:
        details += [_("{field} changed").format(field=f) for f in sections]
    added_progress = len(new.model.progress) - len(old.model.progress)
    if added_progress > 0:
        details.append(_("{n} progress notes added").format(n=added_progress))
    return Entry("action", action_id(new), details or [_("changed")])


def _objectives(pair: Pair, agency: str) -> list[Entry]:
    old, new = pair.old, pair.new
    year, owner = pair.key[1], pair.key[2]
    suffix = "" if owner == agency else f" ({owner})"
    before = old.model.objectives if old else []
    after = new.model.objectives if new else []
    entries = []
    for index in range(max(len(before), len(after))):
        subject = _("objective {n} of {year}").format(n=index + 1, year=year) + suffix
        if index >= len(before):
            added = _("added: {text}, target {target}").format(text=after[index].text, target=after[index].target)
            entries.append(Entry("objectives", subject, [added], "added"))
        elif index >= len(after):
            entries.append(Entry("objectives", subject, [_("removed")], "removed"))
        elif before[index] != after[index]:
            details = _field_details(before[index], after[index], skip=frozenset({"reports"}))
            known = {r.period for r in before[index].reports}
            details += [
                _("report {period} added").format(period=r.period)
                for r in after[index].reports
                if r.period not in known
            ]
            entries.append(Entry("objectives", subject, details or [_("reports changed")]))
    if old is not None and new is not None and old.model.approved != new.model.approved:
        details = _field_details(old.model, new.model, skip=frozenset({"objectives"}))
        entries.append(Entry("objectives", _("objectives of {year}").format(year=year) + suffix, details))
    return entries


TICKET_FIELDS = ["received", "completed", "outcome", "due", "pauses", "procedure", "unit", "rescheduled", "steps"]


def _tickets(pairs: list[Pair]) -> list[Entry]:
    """One line a month of receipt: how many tickets were added, removed, and which fields changed."""
    months: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"added": [], "removed": [], "fields": Counter(), "ids": []}
    )
    for pair in pairs:
        ticket = (pair.new or pair.old).model  # type: ignore[union-attr]
        month = months[ticket.received.strftime("%Y-%m")]
        month["ids"].append(ticket.id)
        if pair.old is None:
            month["added"].append(ticket.id)
        elif pair.new is None:
            month["removed"].append(ticket.id)
        else:
            for name in changed_fields(pair.old.model, pair.new.model):
                month["fields"][name] += 1
    entries = []
    for month, found in sorted(months.items()):
        details = []
        if found["added"]:
            details.append(_("{n} added").format(n=len(found["added"])))
        if found["removed"]:
            details.append(_("{n} removed").format(n=len(found["removed"])))
        order = {name: i for i, name in enumerate(TICKET_FIELDS)}
        for name, count in sorted(found["fields"].items(), key=lambda item: order.get(item[0], 99)):
            details.append(_("{n} {field} changed").format(n=count, field=name))
        entries.append(Entry("ticket", _("tickets {month}").format(month=month), details, ids=found["ids"]))
    return entries


def _generic(pair: Pair) -> Entry:
    subject = " ".join(pair.key[1:]) or pair.kind
    if pair.new is None:
        return Entry(pair.kind, subject, [_("deleted")], "removed")
    if pair.old is None:
        return Entry(pair.kind, subject, [_("added")], "added")
    return Entry(pair.kind, subject, _field_details(pair.old.model, pair.new.model) or [_("changed")])


def describe(pairs: list[Pair], agency: str = "") -> list[Entry]:
    """The entries of a change, the folder's settings first and the tickets last."""
    entries: list[Entry] = []
    by_kind: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        by_kind[pair.kind].append(pair)
    for kind in (k.name for k in KINDS):
        items = sorted(by_kind.get(kind, []), key=lambda p: p.key)
        if kind == "ticket":
            entries += _tickets(items)
        elif kind == "document":
            entries += [_document(p) for p in items]
        elif kind == "action":
            entries += [_action(p) for p in items]
        elif kind == "objectives":
            entries += [e for p in items for e in _objectives(p, agency)]
        else:
            entries += [_generic(p) for p in items]
    return entries


def as_text(entries: list[Entry]) -> str:
    return "\n".join(e.text() for e in entries) if entries else _("No change to the records.")


def kind_title(kind: str) -> str:
    return {
        "profile": "qms.yaml",
        "unit": _("Units"),
        "calendar": _("Calendars"),
        "procedure": _("Procedures"),
        "document": _("Documents"),
        "objectives": _("Objectives"),
        "action": _("Corrective actions"),
        "review": _("Management reviews"),
        "audit": _("Internal audits"),
        "ticket": _("Tickets"),
    }[kind]


def as_markdown(entries: list[Entry], title: str) -> str:
    """For a pull-request comment: a heading, then a list a kind."""
    lines = [f"### {title}", ""]
    if not entries:
        return "\n".join([*lines, _("No change to the records.")]) + "\n"
    current = None
    for entry in entries:
        if entry.kind != current:
            if current is not None:
                lines.append("")
            lines += [f"**{kind_title(entry.kind)}**", ""]
            current = entry.kind
        lines.append(f"- `{entry.subject}`: {', '.join(entry.details)}")
    return "\n".join(lines) + "\n"


def as_json(entries: list[Entry], base: str, head: str) -> str:
    return json.dumps(
        {"base": base, "head": head, "changes": [e.as_dict() for e in entries]}, ensure_ascii=False, indent=2
    )
