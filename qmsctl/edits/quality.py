"""Risks and opportunities (6.1, HD.VP.02) and satisfaction surveys (9.1.2, HD.VP.06) as
commands: a register a year with its items assessed, answered and reviewed; a survey with its
questions and the responses imported into it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from qmsctl.edits import Editor, add_to_list, refuse, set_in_order
from qmsctl.i18n import _
from qmsctl.records.load import Sourced
from qmsctl.records.roundtrip import block, flow, sequence
from qmsctl.risks import RESPONSES_OF
from qmsctl.surveys import survey_named

REGISTER_ORDER = ["year", "scale", "reviewed", "items"]
RISK_ORDER = [
    "id", "type", "unit", "process", "description", "cause", "likelihood", "impact", "assessed", "response", "review",
]  # fmt: skip
RESPONSE_ORDER = ["kind", "what", "owner", "due", "reference"]
SURVEY_ORDER = ["id", "title", "period", "scale", "questions", "imports", "responses"]
_RISK_ID = re.compile(r"^(RR|CH)-(\d{4})-(\d+)$")


def _register(editor: Editor, year: int) -> Sourced[Any] | None:
    return next((s for s in editor.records.risks if s.model.year == year), None)


def find_risk(editor: Editor, ident: str) -> tuple[Sourced[Any], int]:
    """The register holding risk `ident`, and its place in the items."""
    for s in editor.records.risks:
        for index, risk in enumerate(s.model.items):
            if risk.id == ident:
                return s, index
    known = ", ".join(r.id for s in editor.records.risks for r in s.model.items) or "—"
    raise refuse(_("There is no risk or opportunity {id}").format(id=ident), _("Known: {ids}").format(ids=known))


@dataclass
class NewRisk:
    year: int
    type: str
    unit: str
    description: str
    likelihood: int
    impact: int
    on: date
    process: str | None = None
    cause: str | None = None


def add_risk(editor: Editor, new: NewRisk) -> str:
    """A risk (RR-YYYY-NN) or an opportunity (CH-YYYY-NN) in the year's register, made if
    there is none."""
    prefix = "CH" if new.type == "opportunity" else "RR"
    numbers = [
        int(m.group(3))
        for s in editor.records.risks
        for r in s.model.items
        if (m := _RISK_ID.match(r.id)) and m.group(1) == prefix and int(m.group(2)) == new.year
    ]
    ident = f"{prefix}-{new.year}-{max(numbers, default=0) + 1:02d}"
    values = (
        ("id", ident),
        ("type", new.type),
        ("unit", new.unit),
        ("process", new.process),
        ("description", new.description),
        ("cause", new.cause),
        ("likelihood", new.likelihood),
        ("impact", new.impact),
        ("assessed", new.on),
    )
    item = block({k: v for k, v in values if v is not None})
    register = _register(editor, new.year)
    if register is None:
        editor.create(f"risks/{new.year}.yaml", block({"year": new.year, "items": sequence([item])}), "risks")
    else:
        add_to_list(editor.node(register), "items", item, REGISTER_ORDER)
    return ident


def assess(editor: Editor, ident: str, likelihood: int, impact: int, on: date) -> str:
    register, index = find_risk(editor, ident)
    node = editor.node(register)["items"][index]
    node["likelihood"], node["impact"] = likelihood, impact
    set_in_order(node, "assessed", on, RISK_ORDER)
    return _("assessed: {likelihood} × {impact} = {score}").format(
        likelihood=likelihood, impact=impact, score=likelihood * impact
    )


@dataclass
class Response:
    kind: str
    what: str
    owner: str | None = None
    due: date | None = None
    reference: str | None = None


def respond(editor: Editor, ident: str, response: Response) -> str:
    register, index = find_risk(editor, ident)
    risk = register.model.items[index]
    if response.kind not in RESPONSES_OF[risk.type]:
        raise refuse(
            _("A response '{kind}' does not answer a {type}").format(kind=response.kind, type=risk.type),
            _("Responses to a {type}: {kinds}").format(type=risk.type, kinds=", ".join(RESPONSES_OF[risk.type])),
            register.file,
        )
    if response.reference and response.reference not in editor.records.names("action"):
        raise refuse(
            _("There is no action {id}").format(id=response.reference),
            _("Open it first with qmsctl action open."),
        )
    values = (
        ("kind", response.kind),
        ("what", response.what),
        ("owner", response.owner),
        ("due", response.due),
        ("reference", response.reference),
    )
    node = editor.node(register)["items"][index]
    set_in_order(node, "response", block({k: v for k, v in values if v is not None}), RISK_ORDER)
    return _("response recorded")


@dataclass
class EffectReview:
    on: date
    by: str
    effective: bool
    note: str | None = None
    likelihood: int | None = None
    impact: int | None = None


def review_risk(editor: Editor, ident: str, review: EffectReview) -> str:
    register, index = find_risk(editor, ident)
    risk = register.model.items[index]
    if risk.response is None:
        raise refuse(
            _("{id} has no response to review").format(id=ident),
            _("Record it first: qmsctl risk respond {id}").format(id=ident),
            register.file,
        )
    values = (
        ("date", review.on),
        ("by", review.by),
        ("effective", review.effective),
        ("note", review.note),
        ("likelihood", review.likelihood),
        ("impact", review.impact),
    )
    node = editor.node(register)["items"][index]
    set_in_order(node, "review", flow({k: v for k, v in values if v is not None}), RISK_ORDER)
    return _("review of its effect recorded")


def review_register(editor: Editor, year: int, by: str, on: date, note: str | None) -> str:
    register = _register(editor, year)
    if register is None:
        raise refuse(
            _("There is no register of risks and opportunities for {year}").format(year=year),
            _("Add its first item: qmsctl risk add {year}").format(year=year),
        )
    values = (("date", on), ("by", by), ("note", note))
    set_in_order(editor.node(register), "reviewed", flow({k: v for k, v in values if v}), REGISTER_ORDER)
    return _("register {year} reviewed").format(year=year)


# --- surveys ---------------------------------------------------------------


def new_survey(editor: Editor, ident: str, title: str, period: str) -> str:
    """surveys/<id>.yaml with the manual's three themes (time, attitude, accuracy) on a 1-5 scale."""
    from qmsctl.edits import file_code
    from qmsctl.figures import parse_period
    from qmsctl.surveys import DEFAULT_LABELS, DEFAULT_QUESTIONS

    parse_period(period)
    file_code(ident)
    if ident in editor.records.names("survey"):  # one whose file failed to read counts too
        raise refuse(_("Survey {id} exists already").format(id=ident))
    labels = sequence(list(DEFAULT_LABELS))
    labels.fa.set_flow_style()
    scale = block({"min": 1, "max": 5, "satisfied": 4, "labels": labels})
    questions = sequence([flow({"code": c, "theme": t, "text": text}) for c, t, text in DEFAULT_QUESTIONS])
    data = block(
        {
            "id": ident,
            "title": title,
            "period": period,
            "scale": scale,
            "questions": questions,
            "responses": sequence([]),
        }
    )
    editor.create(f"surveys/{ident}.yaml", data, "survey")
    return ident


@dataclass
class Export:
    name: str
    digest: str
    on: date
    again: bool = False  # added again on purpose (a second batch of the same sheet, say)


def add_responses(editor: Editor, ident: str, responses: list[dict[str, Any]], export: Export) -> str:
    """Responses appended to the survey, one line each, and the export noted: the same file is
    refused a second time (its responses would count twice), unless asked again on purpose."""
    item = survey_named(editor.records, ident)
    earlier = next((i for i in item.model.imports if i.digest == export.digest), None)
    if earlier is not None and not export.again:
        raise refuse(
            _("These responses were added on {day} from {file}: adding them again would count them twice").format(
                day=earlier.on.strftime("%d/%m/%Y"), file=earlier.file
            ),
            _("Give --again if this is a new batch that happens to be the same."),
            item.file,
        )
    node = editor.node(item)
    note = {"file": export.name, "date": export.on, "rows": len(responses), "digest": export.digest}
    add_to_list(node, "imports", flow(note), SURVEY_ORDER)
    for response in responses:
        values = {k: response.get(k) for k in ("date", "unit", "procedure", "answers", "comment")}
        values["answers"] = flow(response["answers"])
        add_to_list(node, "responses", flow({k: v for k, v in values.items() if v is not None}), SURVEY_ORDER)
    return _("{n} responses added to {id}").format(n=len(responses), id=ident)


# --- analyses ----------------------------------------------------------------


def write_analysis(editor: Editor, year: int, on: date, by: str | None, body: str) -> str:
    """analyses/YEAR.md: the front matter (year, day, who, to whom) and the analysis; made
    again, it replaces the year's earlier text (git keeps that one)."""
    from qmsctl.records.roundtrip import new_text

    values = (
        ("year", year),
        ("date", on),
        ("by", by),
        ("sent_to", _flow(["Ban Chỉ đạo ISO", "Lãnh đạo"])),
    )
    front = new_text(block({k: v for k, v in values if v is not None}))
    text = f"---\n{front}---\n\n{body}"
    file = f"analyses/{year}.md"
    if any(s.model.year == year for s in editor.records.analyses):
        existing = next(s for s in editor.records.analyses if s.model.year == year)
        editor.replace_text(existing.file, text)
        return _("analysis of {year} made again").format(year=year)
    editor.create_text(file, text)
    return _("analysis of {year} written").format(year=year)


def _flow(items: list[str]) -> Any:
    result = sequence(items)
    result.fa.set_flow_style()
    return result
