"""The year's quality objectives (MTCL, QT.CTCL 5.9) and their report notes (BM.ST.VP.03)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qmsctl.edits import Editor, add_to_list, refuse, set_in_order
from qmsctl.figures import parse_period
from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.records.roundtrip import block, flow, sequence


@dataclass
class NewObjective:
    text: str
    target: str
    kind: str | None = None
    group: str = "all"
    procedure: str | None = None
    unit: str | None = None
    measures: str | None = None
    responsible: str | None = None
    evidence: str | None = None


def _file(editor: Editor, year: int, owner: str) -> tuple[str, Any]:
    """The objectives file of a year and owner: the agency's is YYYY.yaml, a unit's YYYY-UNIT.yaml."""
    found = next((s for s in editor.records.objectives if s.model.year == year and s.model.owner == owner), None)
    if found is not None:
        return found.file, editor.node(found)
    agency = editor.records.profile.model.agency.short if editor.records.profile else owner
    file = f"objectives/{year}.yaml" if owner == agency else f"objectives/{year}-{owner}.yaml"
    return file, None


def add(editor: Editor, year: int, owner: str, objective: NewObjective) -> str:
    metric = None
    if objective.kind:
        metric = flow(
            {
                "kind": objective.kind,
                "group": objective.group,
                **({"procedure": objective.procedure} if objective.procedure else {}),
                **({"unit": objective.unit} if objective.unit else {}),
            }
        )
    entry = block(
        {
            key: value
            for key, value in (
                ("text", objective.text),
                ("target", objective.target),
                ("metric", metric),
                ("measures", objective.measures),
                ("responsible", objective.responsible),
                ("evidence", objective.evidence),
            )
            if value is not None
        }
    )
    file, node = _file(editor, year, owner)
    if node is None:
        editor.create(file, block({"year": year, "owner": owner, "objectives": sequence([entry])}), "objectives")
        return _("objective 1 of {year}").format(year=year)
    add_to_list(node, "objectives", entry)
    return _("objective {n} of {year}").format(n=len(node["objectives"]), year=year)


def report(
    editor: Editor, year: int, owner: str, number: int, period: str, cause: str | None, remedy: str | None
) -> str:
    """The note of a month, quarter or year for objective `number` (1-based): why it was
    missed and what is done about it. A second note for the same period replaces the first."""
    try:
        parse_period(period)
    except UserError as error:
        raise refuse(error.message, error.hint) from None
    file, node = _file(editor, year, owner)
    objectives = (node or {}).get("objectives") or []
    if not 1 <= number <= len(objectives):
        raise refuse(
            _("Objectives of {year} ({owner}) have no number {n}").format(year=year, owner=owner, n=number),
            _("They are numbered 1 to {count}, as BM.ST.VP.02 prints them.").format(count=len(objectives)),
            file,
        )
    objective = objectives[number - 1]
    entry = block({"period": period, **({"cause": cause} if cause else {}), **({"remedy": remedy} if remedy else {})})
    reports = objective.get("reports") or []
    same = next((i for i, r in enumerate(reports) if str(r.get("period")) == period), None)
    if same is None:
        add_to_list(objective, "reports", entry)
    else:
        reports[same] = entry
    return _("report for {period}").format(period=period)


def approve(editor: Editor, year: int, owner: str, by: str, on: Any) -> str:
    """The year's objectives approved (QT.CTCL 5.9: by 31/12 of the year before): who approved
    them and when, as BM.ST.VP.02 prints them. Approving again replaces the approval."""
    file, node = _file(editor, year, owner)
    if node is None or not node.get("objectives"):
        raise refuse(
            _("There are no objectives of {owner} for {year} to approve").format(owner=owner, year=year),
            _("Add them first: qmsctl objective add --year {year}").format(year=year),
            file,
        )
    set_in_order(node, "approved", flow({"by": by, "on": on}), ["year", "owner", "approved"])
    return _("objectives of {year} approved by {by}").format(year=year, by=by)
