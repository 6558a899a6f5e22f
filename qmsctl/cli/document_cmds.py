"""`qmsctl doc ...` and `qmsctl objective ...`: controlled documents and quality objectives."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from qmsctl.cli.app import command, command_group
from qmsctl.cli.completion import offer
from qmsctl.cli.editing import (
    DryRun,
    OnDay,
    ask,
    choose,
    day,
    folder_records,
    people,
    procedure_names,
    run,
    units,
)
from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.records.choices import DOCUMENT_TYPES

doc_app = command_group("doc", "Controlled documents: new, revise, submit, review, approve, obsolete.")
objective_app = command_group("objective", "Quality objectives of the year (MTCL): add, approve, report.")

Code = Annotated[str, typer.Argument(help="The document's code (QT.CTCL).", autocompletion=offer("document"))]
BodyFile = Annotated[Optional[Path], typer.Option("--body-file", help="A Markdown file with the new body.")]


def _body(path: Optional[Path]) -> str | None:
    from qmsctl.records.text import TextProblem, decode, read_named_file

    if path is None:
        return None
    try:
        return decode(read_named_file(path))
    except OSError as error:
        raise UserError("E811", _("The file cannot be read: {error}").format(error=error.strerror), str(path)) from None
    except TextProblem as problem:
        raise UserError(problem.code, problem.message, str(path), problem.line, problem.column, problem.hint) from None


def _person(name: str, title: Optional[str]) -> dict[str, str]:
    return {"name": name, **({"title": title} if title else {})}


@command("new", group=doc_app)
def new(
    code: Code,
    title: Annotated[Optional[str], typer.Option(help="The document's title.")] = None,
    doc_type: Annotated[Optional[str], typer.Option("--type", help="One of: " + ", ".join(DOCUMENT_TYPES))] = None,
    drafted_by: Annotated[Optional[str], typer.Option(help="Who drafted it (Soạn thảo).")] = None,
    drafted_title: Annotated[Optional[str], typer.Option(help="The drafter's position.")] = None,
    body_file: BodyFile = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """A new controlled document, as a draft of revision 1."""
    from qmsctl.edits import documents

    name = ask(title, "--title", _("Title"))
    kind = ask(doc_type, "--type", _("Type"), lambda: DOCUMENT_TYPES)
    if kind not in DOCUMENT_TYPES:
        raise UserError(
            "E809",
            _("--type: {value} is not a document type").format(value=kind),
            hint=", ".join(DOCUMENT_TYPES),
        )
    drafter = _person(drafted_by, drafted_title) if drafted_by else None
    body, when = _body(body_file) or "", day(on)
    run(lambda e: documents.new(e, code, name, kind, drafter, when, body), code, dry_run, tickets=False)


@command("revise", group=doc_app)
def revise(
    code: Code,
    change: Annotated[Optional[str], typer.Option(help="What changed (a line of Sửa đổi tài liệu).")] = None,
    body_file: BodyFile = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """A new revision of an effective document: revision + 1, a history line, back to draft."""
    from qmsctl.edits import documents

    what, body, when = ask(change, "--change", _("Change"), exact=True), _body(body_file), day(on)
    run(lambda e: documents.revise(e, code, what, when, body), code, dry_run, tickets=False)


@command("submit", group=doc_app)
def submit(code: Code, dry_run: DryRun = False) -> None:
    """Send a draft to its reviewer (Soạn thảo → Xem xét)."""
    from qmsctl.edits import documents

    run(lambda e: documents.submit(e, code), code, dry_run, tickets=False)


@command("review", group=doc_app)
def review(
    code: Code,
    by: Annotated[Optional[str], typer.Option(help="Who reviewed it (Xem xét).")] = None,
    by_title: Annotated[Optional[str], typer.Option("--title", help="The reviewer's position.")] = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """Record the review of a submitted draft (or the periodic review of an effective document): who and when."""
    from qmsctl.edits import documents

    reviewer, when = _person(ask(by, "--by", _("Reviewed by"), people), by_title), day(on)
    run(lambda e: documents.review(e, code, reviewer, when), code, dry_run, tickets=False)


@command("approve", group=doc_app)
def approve(
    code: Code,
    by: Annotated[Optional[str], typer.Option(help="Who approves it (Phê duyệt).")] = None,
    by_title: Annotated[Optional[str], typer.Option("--title", help="The approver's position.")] = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """Approve a draft: the approver and the issue date; it becomes effective."""
    from qmsctl.edits import documents

    approver, when = _person(ask(by, "--by", _("Approved by"), people), by_title), day(on)
    run(lambda e: documents.approve(e, code, approver, when), code, dry_run, tickets=False)


@command("obsolete", group=doc_app)
def obsolete(
    code: Code,
    reason: Annotated[Optional[str], typer.Option(help="Why it is withdrawn.")] = None,
    replaced_by: Annotated[
        Optional[str],
        typer.Option("--replaced-by", help="The document that replaces it.", autocompletion=offer("document")),
    ] = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """Withdraw a document (hết hiệu lực): the day, the reason and what replaces it."""
    from qmsctl.edits import documents

    why, when = ask(reason, "--reason", _("Reason"), exact=True), day(on)
    run(lambda e: documents.obsolete(e, code, when, why, replaced_by), code, dry_run, tickets=False)


def _owner(owner: Optional[str]) -> str:
    if owner:
        return owner
    profile = folder_records().profile
    return profile.model.agency.short if profile else ask(None, "--owner", _("Owner"), units)


Year = Annotated[int, typer.Option(help="The year of the objectives.")]
Owner = Annotated[Optional[str], typer.Option(help="The agency's short name (default) or a unit's code.")]


@command("add", group=objective_app)
def add_objective(
    year: Year,
    text: Annotated[Optional[str], typer.Option(help="The objective, as BM.ST.VP.02 prints it.")] = None,
    target: Annotated[Optional[str], typer.Option(help="'>= 97%', '<= 2', '100%'.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="What measures it: on_time_rate, overdue_count ...")] = None,
    group: Annotated[str, typer.Option(help="all, lien-thong or noi-bo.")] = "all",
    procedure: Annotated[Optional[str], typer.Option(help="Only this procedure.")] = None,
    unit: Annotated[Optional[str], typer.Option(help="Only this unit's tickets.")] = None,
    measures: Annotated[Optional[str], typer.Option(help="How it is reached (Biện pháp).")] = None,
    responsible: Annotated[Optional[str], typer.Option(help="Who answers for it.")] = None,
    evidence: Annotated[Optional[str], typer.Option(help="Where the figures come from.")] = None,
    owner: Owner = None,
    dry_run: DryRun = False,
) -> None:
    """A quality objective of the year."""
    from qmsctl.edits import objectives

    objective = objectives.NewObjective(
        text=ask(text, "--text", _("Objective"), exact=True),
        target=ask(target, "--target", _("Target")),
        kind=kind,
        group="all" if group.strip().casefold() in ("all", "tat ca", "tất cả") else _group(group),
        procedure=procedure if procedure is None else choose(procedure, "--procedure", _("Procedure"), procedure_names),
        unit=unit,
        measures=measures,
        responsible=responsible,
        evidence=evidence,
    )
    who = _owner(owner)
    run(lambda e: objectives.add(e, year, who, objective), _("objectives"), dry_run, tickets=False)


def _group(group: str) -> str:
    """A group as `procedure add` reads it: its code, its name ("lien thong"), or I / II."""
    from qmsctl.agency import match_choice
    from qmsctl.cli.setup_cmds import GROUPS, ROMAN

    return ROMAN.get(group.strip().upper()) or match_choice(group, GROUPS, "--group")


@command("report", group=objective_app)
def report(
    year: Year,
    number: Annotated[int, typer.Option(help="The objective's number in the year (1, 2 ...).")],
    period: Annotated[Optional[str], typer.Option(help="2026-03, 2026-Q1, 2026-H1 or 2026.")] = None,
    cause: Annotated[Optional[str], typer.Option(help="Why the target was missed.")] = None,
    remedy: Annotated[Optional[str], typer.Option(help="What is done about it.")] = None,
    owner: Owner = None,
    dry_run: DryRun = False,
) -> None:
    """A report note (cause, remedy) of a month, quarter or year, printed by BM.ST.VP.03."""
    from qmsctl.edits import objectives

    when, who = ask(period, "--period", _("Period")), _owner(owner)
    run(lambda e: objectives.report(e, year, who, number, when, cause, remedy), _("objectives"), dry_run, tickets=False)


@command("approve", group=objective_app)
def approve_objectives(
    year: Year,
    by: Annotated[
        Optional[str], typer.Option("--by", help="Who approves them (the head of the agency or unit).")
    ] = None,
    on: Annotated[Optional[str], typer.Option("--date", help="The day of the approval (default: today).")] = None,
    owner: Owner = None,
    dry_run: DryRun = False,
) -> None:
    """The year's objectives approved (QT.CTCL 5.9), as BM.ST.VP.02 dates and signs them."""
    from qmsctl.edits import objectives
    from qmsctl.options import today

    who, when = ask(by, "--by", _("Approved by")), day(on, "--date") if on else today()
    owner_ = _owner(owner)
    run(lambda e: objectives.approve(e, year, owner_, who, when), _("objectives"), dry_run, tickets=False)
