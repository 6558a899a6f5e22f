"""A semantic diff of the records: what a change means for a reviewer, not which lines moved.

"QT.CTCL: revision 1 → 2, body changed in 5.3", "CAR-2026-003: planned → verified",
"tickets 2026-03: 47 added, 2 completed changed", "objective 1 of 2026: target 95% → 97%".
"""

from __future__ import annotations

import difflib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from qmsctl.checks.history import changed_fields
from qmsctl.figures import Counts
from qmsctl.i18n import _, ngettext
from qmsctl.labels import N_, label, rate_text
from qmsctl.records.compare import Pair
from qmsctl.records.kinds import KINDS, action_id

if TYPE_CHECKING:
    from qmsctl.effect import Effect

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
            details.append(_value_change(name, before, after))
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
        return Entry(
            "action", action_id(new), [_("opened ({state})").format(state=label(new.model.state.value))], "added"
        )
    details = []
    if old.model.state != new.model.state:
        details.append(f"{label(old.model.state.value)} → {label(new.model.state.value)}")
    sections = [
        f for f in changed_fields(old.model, new.model) if getattr(old.model, f) is not None and f != "progress"
    ]
    if old.model.state == new.model.state or sections:
        for name in sections:
            before, after = getattr(old.model, name), getattr(new.model, name)
            if isinstance(before, BaseModel) and isinstance(after, BaseModel):
                details += [f"{name}.{detail}" for detail in _field_details(before, after)]
            else:
                details.append(_value_change(name, _show(before), _show(after)))
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


TICKET_FIELDS = [
    "received", "completed", "outcome", "due", "pauses", "procedure", "unit", "rescheduled", "correction", "steps",
]  # fmt: skip
LONG = 60  # characters: a longer text is shown as a word diff


def word_diff(before: str, after: str, context: int = 3) -> str:
    """What changed in a long text, word by word: `… words [-old-]{+new+} words …`."""
    a, b = before.split(), after.split()
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            words = a[a1:a2]
            first, last = index == 0, index == len(opcodes) - 1
            if len(words) > 2 * context or (first and len(words) > context) or (last and len(words) > context):
                head = [] if first else words[:context]
                tail = [] if last else words[-context:]
                parts += [*head, "…", *tail]
            else:
                parts += words
            continue
        if a2 > a1:
            parts.append("[-" + " ".join(a[a1:a2]) + "-]")
        if b2 > b1:
            parts.append("{+" + " ".join(b[b1:b2]) + "+}")
    return " ".join(parts)


def _value_change(name: str, before: Any, after: Any) -> str:
    shown_before, shown_after = _show(before), _show(after)
    if isinstance(before, (date, datetime)) or isinstance(after, (date, datetime)):
        shown_before, shown_after = _day(before), _day(after)
    if isinstance(before, str) and isinstance(after, str) and len(before) + len(after) > LONG:
        return f"{name}: {word_diff(before, after)}"
    return f"{name} {shown_before} → {shown_after}"


def _ticket_details(old: Any, new: Any) -> list[str]:
    a, b = old.model_dump(), new.model_dump()
    order = {name: i for i, name in enumerate(TICKET_FIELDS)}
    details = []
    for name in sorted(changed_fields(old, new), key=lambda n: order.get(n, 99)):
        before, after = a.get(name), b.get(name)
        if isinstance(before, list) and isinstance(after, list):
            added, removed = len([v for v in after if v not in before]), len([v for v in before if v not in after])
            parts = [_("{n} added").format(n=added)] if added else []
            parts += [_("{n} removed").format(n=removed)] if removed else []
            details.append(f"{name}: {', '.join(parts) or _('reordered')}")
        else:
            details.append(_value_change(name, before, after))
    return details


def _tickets(pairs: list[Pair]) -> list[Entry]:
    """New tickets counted by month of receipt (an import adds hundreds); every changed or
    deleted ticket by its id, each changed field old → new."""
    added: dict[str, list[str]] = defaultdict(list)
    entries = []
    for pair in pairs:
        ticket = (pair.new or pair.old).model  # type: ignore[union-attr]
        if pair.old is None:
            added[ticket.received.strftime("%Y-%m")].append(ticket.id)
        elif pair.new is None:
            entries.append(Entry("ticket", ticket.id, [_("deleted")], "removed", ids=[ticket.id]))
        else:
            entries.append(Entry("ticket", ticket.id, _ticket_details(pair.old.model, pair.new.model), ids=[ticket.id]))
    for month, ids in sorted(added.items()):
        details = [_("{n} added").format(n=len(ids))]
        entries.append(Entry("ticket", _("tickets {month}").format(month=month), details, "added", ids=ids))
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


def summary_line(entries: list[Entry], effect: Effect | None) -> str:
    """One line saying how much changed, and, first, what a reviewer must not miss: dossiers
    that turned from late to on time."""
    line = ngettext("{n} record changed", "{n} records changed", len(entries)).format(n=len(entries))
    if effect is not None and effect.turned_on_time:
        n = len(effect.turned_on_time)
        warning = ngettext(
            "{n} dossier turns from late to on time", "{n} dossiers turn from late to on time", n
        ).format(n=n)
        line = f"⚠ {warning}. {line}"
    return line


def _rate(counts: Counts) -> str:
    return rate_text(counts.on_time_rate)


COUNT_NAMES = {
    "received": N_("received"),
    "processed_on_time": N_("processed on time"),
    "processed_late": N_("processed late"),
    "not_processed": N_("not processed"),
    "in_progress_on_time": N_("in progress, on time"),
    "in_progress_late": N_("overdue"),
}


def _count_changes(before: Counts, after: Counts) -> str:
    """The counts that differ: "received 91 → 90, processed late 10 → 9"."""
    return ", ".join(
        f"{_(name)} {getattr(before, key)} → {getattr(after, key)}"
        for key, name in COUNT_NAMES.items()
        if getattr(before, key) != getattr(after, key)
    )


def _status(status: str | None) -> str:
    return label(status) if status else _("not counted")


def _day(value: Any) -> str:
    if value is None:
        return "—"
    return value.strftime("%d/%m/%Y %H:%M") if hasattr(value, "hour") else value.strftime("%d/%m/%Y")


def effect_lines(effect: Effect) -> list[str]:
    """The effect on the figures, one line a period and one a dossier whose verdict changes."""
    lines = []
    for period in effect.periods:
        lines.append(
            _("{period}: on-time rate {before} → {after} ({changes})").format(
                period=period.period.label,
                before=_rate(period.before),
                after=_rate(period.after),
                changes=_count_changes(period.before, period.after),
            )
        )
    for flip in effect.flips:
        lines.append(
            _("dossier {id} ({period}): {before} → {after}, due {due_before} → {due_after}").format(
                id=flip.ticket,
                period=flip.period,
                before=_status(flip.before),
                after=_status(flip.after),
                due_before=_day(flip.due_before),
                due_after=_day(flip.due_after),
            )
        )
    return lines


def as_text(entries: list[Entry], effect: Effect | None = None) -> str:
    if not entries:
        return _("No change to the records.")
    lines = [summary_line(entries, effect), *(e.text() for e in entries)]
    if effect is not None and (effect.periods or effect.flips):
        lines += ["", _("Effect on the figures:"), *(f"  {line}" for line in effect_lines(effect))]
    return "\n".join(lines)


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
        "risks": _("Risks and opportunities"),
        "survey": _("Satisfaction surveys"),
        "analysis": _("Yearly analyses"),
        "ticket": _("Tickets"),
    }[kind]


def as_markdown(entries: list[Entry], title: str, effect: Effect | None = None) -> str:
    """For a pull-request comment: a heading, the summary line, a list a kind, the effect."""
    from qmsctl.markdown_text import md_code, md_text

    lines = [f"### {md_text(title)}", ""]
    if not entries:
        return "\n".join([*lines, _("No change to the records.")]) + "\n"
    lines += [f"**{md_text(summary_line(entries, effect))}**", ""]
    current = None
    for entry in entries:  # what comes from the records is text, never markup
        if entry.kind != current:
            if current is not None:
                lines.append("")
            lines += [f"**{md_text(kind_title(entry.kind))}**", ""]
            current = entry.kind
        lines.append(f"- {md_code(entry.subject)}: {md_text(', '.join(entry.details))}")
    if effect is not None and (effect.periods or effect.flips):
        heading = _("Effect on the figures")
        lines += ["", f"**{md_text(heading)}**", ""]
        lines += [f"- {md_text(line)}" for line in effect_lines(effect)]
    return "\n".join(lines) + "\n"


def as_json(entries: list[Entry], base: str, head: str, effect: Effect | None = None) -> str:
    data: dict[str, Any] = {"base": base, "head": head, "changes": [e.as_dict() for e in entries]}
    if effect is not None:
        data["effect"] = effect.as_json()
        data["turned_on_time"] = [f.ticket for f in effect.turned_on_time]
    return json.dumps(data, ensure_ascii=False, indent=2)
