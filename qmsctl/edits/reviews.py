"""Management reviews (ISO 9001 9.3, QT.CTCL 5.8) as commands: a new review with its inputs
filled from the records, its decisions grouped as QT.CTCL 5.8.1.2 groups them, and each
decision marked done (until then the agenda lists it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from qmsctl.edits import Editor, add_to_list, numbered, refuse, set_in_order
from qmsctl.i18n import _
from qmsctl.records.roundtrip import block, flow, sequence

KEY_ORDER = [
    "id", "date", "start", "end", "place", "form", "period", "chair", "secretary", "attendees", "inputs", "decisions",
]  # fmt: skip
# The inputs of QT.CTCL 5.8.1.1 for the secretary to write where the records tell nothing
# (customer feedback and risks come from surveys/ and risks/ when the folder keeps them).
TO_COMPLETE = ("context", "customer_feedback", "suppliers", "resources", "risks", "improvement")
DECISION_ORDER = ["what", "who", "due", "about", "done"]


def review_id(item: Any) -> str:
    from qmsctl.records.kinds import file_stem

    return str(item.model.id or file_stem(item.file))


def _review(editor: Editor, ident: str) -> Any:
    found = next((s for s in editor.records.reviews if review_id(s) == ident or s.model.on.isoformat() == ident), None)
    if found is None:
        known = ", ".join(sorted(review_id(s) for s in editor.records.reviews)) or "—"
        raise refuse(_("There is no management review {id}").format(id=ident), _("Known: {ids}").format(ids=known))
    return found


def new(editor: Editor, on: date, period: str, facts: dict[str, list[str]]) -> str:
    """reviews/<date>.yaml: the meeting's day and period, chair and secretary from qms.yaml, the
    inputs the records tell (filled) and those only people can tell (left empty to write)."""
    from qmsctl.figures import parse_period

    parse_period(period)  # a wrong period is named before anything is written
    taken = {review_id(s) for s in editor.records.reviews}
    ident = f"XXLD-{on.year}"
    n = 1
    while ident in taken:
        n += 1
        ident = f"XXLD-{on.year}-{n}"
    profile = editor.records.profile.model if editor.records.profile else None
    from ruamel.yaml.scalarstring import LiteralScalarString

    inputs: dict[str, Any] = {
        key: LiteralScalarString("\n".join(lines) + "\n") if len(lines) > 1 else lines[0]
        for key, lines in facts.items()
    }
    inputs |= {key: "" for key in TO_COMPLETE if key not in inputs}
    data = block(
        {
            k: v
            for k, v in (
                ("id", ident),
                ("date", on),
                ("form", "meeting"),
                ("period", period),
                ("chair", flow(profile.head.model_dump(exclude_none=True)) if profile and profile.head else None),
                (
                    "secretary",
                    flow(profile.iso_secretary.model_dump(exclude_none=True))
                    if profile and profile.iso_secretary
                    else None,
                ),
                ("inputs", block(inputs)),
                ("decisions", sequence([])),
            )
            if v is not None
        }
    )
    editor.create(f"reviews/{on.isoformat()}.yaml", data, "review")
    return ident


def decide(editor: Editor, ident: str, what: str, who: str | None, due: date | None, about: str) -> str:
    """A decision of the review (QT.CTCL 5.8.1.2): an improvement, a change of the system, or resources."""
    item = _review(editor, ident)
    values = (("what", what), ("who", who), ("due", due), ("about", about))
    add_to_list(editor.node(item), "decisions", flow({k: v for k, v in values if v is not None}), KEY_ORDER)
    return _("decision {n} recorded").format(n=len(item.model.decisions) + 1)


def done(editor: Editor, ident: str, number: int, on: date) -> str:
    item = _review(editor, ident)
    numbered(item.model.decisions, number, _("Review {id} has no decision {n}").format(id=ident, n=number), item.file)
    set_in_order(editor.node(item)["decisions"][number - 1], "done", on, DECISION_ORDER)
    return _("decision {n} done").format(n=number)
