"""Risks and opportunities (6.1), satisfaction surveys (9.1.2) and the yearly analysis (9.1.3)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from qmsctl.cli.app import command, command_group, console, records_root
from qmsctl.cli.editing import By, DryRun, OnDay, ask, choose, day, optional_day, people, run, unit_names
from qmsctl.cli.figures_cmds import AllowIncomplete
from qmsctl.findings import UserError
from qmsctl.i18n import _

if TYPE_CHECKING:
    from qmsctl.figures import Period

risk_app = command_group("risk", _("Risks and opportunities (ISO 9001 6.1): add, assess, respond, review, list."))
survey_app = command_group("survey", _("Satisfaction surveys (ISO 9001 9.1.2): new, import, stats."))


class ListFormat(str, Enum):
    text = "text"
    json = "json"


RiskId = Annotated[str, typer.Argument(help="The risk's or opportunity's id (RR-2026-01, CH-2026-01).")]
SurveyId = Annotated[str, typer.Argument(help="The survey's id (KS-2025).")]
Likelihood = Annotated[Optional[int], typer.Option("--likelihood", min=1, max=10, help="1 (rare) to 5.")]
Impact = Annotated[Optional[int], typer.Option("--impact", min=1, max=10, help="1 (slight) to 5.")]
TYPES = {"risk": "Rủi ro", "opportunity": "Cơ hội"}
RESPONSES = {
    "accept": "Chấp nhận",
    "reduce": "Giảm thiểu",
    "avoid": "Né tránh",
    "share": "Chia sẻ",
    "pursue": "Tận dụng (cơ hội)",
}


def _score(value: Optional[int], option: str, label: str) -> int:
    if value is not None:
        return value
    text = ask(None, option, label)
    if not text.isdigit():
        raise UserError("E807", _("{option} takes a whole number").format(option=option))
    return int(text)


def _yes_no(value: str, option: str) -> bool:
    from qmsctl.agency import fold

    word = fold(value)
    if word in ("yes", "y", "co", "true", "1", "dat"):
        return True
    if word in ("no", "n", "khong", "false", "0", "chua dat"):
        return False
    raise UserError("E807", _("{option} takes yes or no (có or không)").format(option=option))


@command("add", group=risk_app)
def risk_add(
    year: Annotated[int, typer.Argument(help="The year of the register.")],
    kind: Annotated[Optional[str], typer.Option("--type", help="risk or opportunity.")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="The unit: its code or name.")] = None,
    process: Annotated[Optional[str], typer.Option("--process", help="The procedure it concerns (QT.TP.05).")] = None,
    description: Annotated[Optional[str], typer.Option("--description", help="The risk or opportunity.")] = None,
    cause: Annotated[Optional[str], typer.Option("--cause", help="Where it comes from.")] = None,
    likelihood: Likelihood = None,
    impact: Impact = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """Add a risk or an opportunity to the year's register (risks/YEAR.yaml), assessed."""
    from qmsctl.edits import quality

    new = quality.NewRisk(
        year=year,
        type=choose(kind or "risk", "--type", _("Type"), lambda: TYPES),
        unit=choose(unit, "--unit", _("Unit"), unit_names),
        description=ask(description, "--description", _("Description"), exact=True),
        likelihood=_score(likelihood, "--likelihood", _("Likelihood (1-5)")),
        impact=_score(impact, "--impact", _("Impact (1-5)")),
        on=day(on),
        process=process,
        cause=cause,
    )
    run(lambda e: _("{id} added").format(id=quality.add_risk(e, new)), str(year), dry_run, tickets=False)


@command("assess", group=risk_app)
def risk_assess(
    risk_id: RiskId,
    likelihood: Likelihood = None,
    impact: Impact = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """Assess a risk again: its likelihood and impact, and so its level."""
    from qmsctl.edits import quality

    scores = _score(likelihood, "--likelihood", _("Likelihood (1-5)")), _score(impact, "--impact", _("Impact (1-5)"))
    when = day(on)
    run(lambda e: quality.assess(e, risk_id, *scores, when), risk_id, dry_run, tickets=False)


@command("respond", group=risk_app)
def risk_respond(
    risk_id: RiskId,
    kind: Annotated[
        Optional[str], typer.Option("--kind", help="accept, reduce, avoid, share; pursue for an opportunity.")
    ] = None,
    what: Annotated[Optional[str], typer.Option("--what", help="What will be done.")] = None,
    owner: Annotated[Optional[str], typer.Option("--owner", help="Who carries it out.")] = None,
    due: Annotated[Optional[str], typer.Option("--due", help="By when, YYYY-MM-DD.")] = None,
    action: Annotated[
        Optional[str], typer.Option("--action", help="The corrective action that carries it (CAR-2026-004).")
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """The response decided for a risk or an opportunity, with its owner and due date."""
    from qmsctl.edits import quality

    response = quality.Response(
        kind=choose(kind, "--kind", _("Response"), lambda: RESPONSES),
        what=ask(what, "--what", _("What"), exact=True),
        owner=owner,
        due=optional_day(due, "--due"),
        reference=action,
    )
    run(lambda e: quality.respond(e, risk_id, response), risk_id, dry_run, tickets=False)


@command("review", group=risk_app)
def risk_review(
    subject: Annotated[str, typer.Argument(help="A risk's id, or a year to record the register's yearly review.")],
    effective: Annotated[
        Optional[str], typer.Option("--effective", help="yes or no: did the response work (for a risk).")
    ] = None,
    by: By = None,
    note: Annotated[Optional[str], typer.Option("--note", help="What the review found.")] = None,
    likelihood: Annotated[Optional[int], typer.Option("--likelihood", min=1, max=10, help="Reassessed.")] = None,
    impact: Annotated[Optional[int], typer.Option("--impact", min=1, max=10, help="Reassessed.")] = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """Review a response's effect (RR-2026-01 --effective yes), or the year's register (2026)."""
    from qmsctl.edits import quality

    who, when = ask(by, "--by", _("By"), people), day(on)
    if subject.isdigit():
        year = int(subject)
        run(lambda e: quality.review_register(e, year, who, when, note), subject, dry_run, tickets=False)
        return
    review = quality.EffectReview(
        on=when,
        by=who,
        effective=_yes_no(ask(effective, "--effective", _("Effective (yes/no)")), "--effective"),
        note=note,
        likelihood=likelihood,
        impact=impact,
    )
    run(lambda e: quality.review_risk(e, subject, review), subject, dry_run, tickets=False)


@command("list", group=risk_app)
def risk_list(
    year: Annotated[Optional[int], typer.Option("--year", help="Only this year's register.")] = None,
    level: Annotated[Optional[str], typer.Option("--level", help="Only this level: high, medium or low.")] = None,
    output_format: Annotated[ListFormat, typer.Option("--format", help="text or json.")] = ListFormat.text,
) -> None:
    """The registers' risks and opportunities with their level, response and state."""
    from rich.table import Table

    from qmsctl.options import today
    from qmsctl.records.load import load_records
    from qmsctl.risks import LEVEL_WORDS, RESPONSE_WORDS, STATE_WORDS, TYPE_WORDS, score, state
    from qmsctl.risks import level as level_of

    records = load_records(records_root(), without_tickets=True)
    lost = sorted(f for f in records.lost_files if records.files.get(f) == "risks")
    if lost:  # listed without them, and said so
        from qmsctl.cli.app import err_console

        err_console.print(
            _("Not listed: {files} could not be read (qmsctl check says why)").format(files=", ".join(lost)),
            style="bold red",
        )
    now = today()
    rows = []
    for s in sorted(records.risks, key=lambda s: s.model.year):
        register = s.model
        if year is not None and register.year != year:
            continue
        for risk in register.items:
            grade = level_of(risk, register.scale)
            if level and grade != level:
                continue
            rows.append((register.year, risk, grade, state(risk, now)))
    if output_format is ListFormat.json:
        listed = [
            {
                "year": y,
                "id": r.id,
                "type": r.type,
                "unit": r.unit,
                "process": r.process,
                "description": r.description,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "score": score(r),
                "level": grade,
                "response": r.response.kind if r.response else None,
                "due": r.response.due.isoformat() if r.response and r.response.due else None,
                "state": st,
            }
            for y, r, grade, st in rows
        ]
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        console.print(_("No risk or opportunity recorded."))
        return
    table = Table(_("Id"), _("Type"), _("Unit"), _("Description"), _("Level"), _("Response"), _("Due"), _("State"))
    for _year, risk, grade, st in rows:
        response = risk.response
        table.add_row(
            risk.id,
            TYPE_WORDS[risk.type],
            risk.unit,
            risk.description,
            f"{LEVEL_WORDS[grade]} ({score(risk)})",
            RESPONSE_WORDS[response.kind] if response else "—",
            response.due.strftime("%d/%m/%Y") if response and response.due else "—",
            STATE_WORDS[st],
        )
    console.print(table)


@command("new", group=survey_app)
def survey_new(
    survey_id: SurveyId,
    period: Annotated[Optional[str], typer.Option("--period", help="What it covers: 2025, 2025-H1, 2025-Q3.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Its title.")] = None,
    dry_run: DryRun = False,
) -> None:
    """A new survey with the manual's three questions (time taken, attitude, accuracy) on a 1-5 scale."""
    from qmsctl.edits import quality

    chosen = ask(period, "--period", _("Period"))
    named = title or f"Khảo sát sự hài lòng của tổ chức, cá nhân {chosen}"
    created = lambda e: _("survey {id} created").format(id=quality.new_survey(e, survey_id, named, chosen))  # noqa: E731
    run(created, survey_id, dry_run, tickets=False)


@command("import", group=survey_app)
def survey_import(
    survey_id: SurveyId,
    source: Annotated[Path, typer.Argument(help="The responses: a CSV or XLSX export, a column a question.")],
    unit: Annotated[
        Optional[str], typer.Option("--unit", help="The unit of responses that name none: its code or name.")
    ] = None,
    again: Annotated[
        bool, typer.Option("--again", help="Add an export whose responses were added before (a new batch).")
    ] = False,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """Add the responses of a paper tally or an online form's export; columns of personal data are not read."""
    from qmsctl.cli.app import err_console
    from qmsctl.cli.editing import folder_records
    from qmsctl.edits import quality
    from qmsctl.imports.survey import read_responses
    from qmsctl.surveys import survey_named

    records = folder_records()
    survey = survey_named(records, survey_id).model
    units = {s.model.code: s.model.name for s in records.units}
    procedures = {s.model.code: s.model for s in records.procedures}
    chosen_unit = choose(unit, "--unit", _("Unit"), unit_names) if unit else None
    read = read_responses(source, survey, units, procedures, chosen_unit)
    for column in read.left_out:
        err_console.print(_("column left out: {column}").format(column=column))
    if read.redacted:
        err_console.print(_("{n} comments had personal data replaced by […]").format(n=read.redacted))
    if not read.responses:
        raise UserError("I913", _("The export has no response"), str(source))
    import hashlib

    digest = hashlib.blake2b(source.read_bytes(), digest_size=16).hexdigest()
    export = quality.Export(source.name, digest, day(on), again)
    run(lambda e: quality.add_responses(e, survey_id, read.responses, export), survey_id, dry_run, tickets=False)


@command("stats", group=survey_app)
def survey_stats(
    survey_id: SurveyId,
    by: Annotated[Optional[str], typer.Option("--by", help="Also by unit or by procedure.")] = None,
    period: Annotated[
        Optional[str], typer.Option("--period", help="Only the responses of this period (2025-H1, 2025-Q3).")
    ] = None,
    output_format: Annotated[ListFormat, typer.Option("--format", help="text or json.")] = ListFormat.text,
) -> None:
    """The share satisfied per question and overall; not answering counts as not satisfied."""
    from rich.table import Table

    from qmsctl.forms.vietnamese import percent
    from qmsctl.records.load import load_records
    from qmsctl.surveys import grouped, survey_named, tally, threshold_text

    if by not in (None, "unit", "procedure"):
        raise UserError("E807", _("--by takes unit or procedure"))
    survey = survey_named(load_records(records_root(), without_tickets=True), survey_id).model
    responses = survey.responses
    if period:
        from qmsctl.figures import parse_period

        chosen = parse_period(period)
        responses = [r for r in responses if chosen.start <= r.on <= chosen.end]
    whole = tally(survey, responses)
    groups = grouped(survey, by, responses) if by else []
    if output_format is ListFormat.json:
        data = {
            "survey": survey_id,
            "period": period or survey.period,
            "complete": True,  # a survey whose file could not be read is refused (U055), never counted short
            "satisfied_from": survey.scale.satisfied,
            "scale": [survey.scale.min, survey.scale.max],
            **whole.as_json(),
            "groups": {by: [g.as_json() for g in groups]} if by else {},
        }
        data.pop("key")
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    console.print(
        _("{title} — {n} responses; satisfied: {rule}").format(
            title=survey.title, n=whole.responses, rule=threshold_text(survey)
        )
    )
    table = Table(_("Question"), _("Answered"), _("Satisfied"), _("Share satisfied"), _("Mean"))
    for q in whole.questions:
        mean = "—" if q.mean is None else f"{q.mean:.2f}".replace(".", ",")
        table.add_row(q.text, str(q.answered), str(q.satisfied), f"{percent(q.share)}%", mean)
    table.add_row(_("Overall"), str(whole.asked), str(whole.satisfied), f"{percent(whole.share)}%", "")
    console.print(table)
    if groups:
        table = Table(_("Unit") if by == "unit" else _("Procedure"), _("Responses"), _("Share satisfied"))
        for g in groups:
            table.add_row(g.key, str(g.responses), f"{percent(g.share)}%")
        console.print(table)


@command("analysis")
def analysis(
    year: Annotated[int, typer.Option("--year", help="The year analysed.")],
    by: By = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Also write the report as DOCX (PHAN-TICH).")
    ] = None,
    on: OnDay = None,
    allow_incomplete: AllowIncomplete = False,
    dry_run: DryRun = False,
) -> None:
    """The yearly data analysis (ISO 9001 9.1.3) into analyses/YEAR.md: surveys, on-time figures by
    unit and procedure against last year, objectives, risks, actions and their effect."""
    from qmsctl.agency import Agency
    from qmsctl.analysis import ANALYSED, analysis_markdown
    from qmsctl.cli.figures_cmds import vouch_complete
    from qmsctl.edits import quality
    from qmsctl.figures import INCOMPLETE, Cut

    when = day(on)
    agency = Agency.open(records_root(), as_of=Cut.end_of_day(when), counting=True)  # tickets as facts
    missing = agency.incomplete_for(*ANALYSED)
    complete = vouch_complete(missing, allow_incomplete)  # refused (U055) unless allowed, then marked
    body = analysis_markdown(agency, year, when)
    if not complete:
        body = (
            f"**{INCOMPLETE}**: "
            + _("records of {files} could not be read").format(files=", ".join(missing))
            + "\n\n"
            + body
        )
    who = by or (agency.profile.iso_secretary.name if agency.profile and agency.profile.iso_secretary else None)
    run(lambda e: quality.write_analysis(e, year, when, who, body), str(year), dry_run, tickets=False)
    if output is not None and not dry_run:
        from qmsctl.forms.render import FORMS, render

        made = (who, body)  # printed from this reading of the folder, not read again
        written = render(agency, FORMS["PHAN-TICH"], output, period=_period(year), on=when, analysis=made)
        console.print(_("wrote {path}").format(path=written))


def _period(year: int) -> Period:
    from qmsctl.figures import parse_period

    return parse_period(str(year))
