"""`qmsctl action ...`: a corrective or improvement action through QT.CTCL 5.2-5.7."""

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from qmsctl.cli.app import command, command_group
from qmsctl.cli.completion import offer
from qmsctl.cli.editing import By, DryRun, OnDay, ask, choose, day, optional_day, people, run, unit_names
from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.records.choices import ACTION_SOURCES

if TYPE_CHECKING:
    from qmsctl.edits import Editor
    from qmsctl.edits import actions as steps

action_app = command_group(
    "action", "Corrective and improvement actions (BM.CTCL.01): open, accept, assign, plan, progress, verify, close."
)

ActionId = Annotated[str, typer.Argument(help="The action's id (CAR-2026-001).", autocompletion=offer("action"))]
SOURCES = list(ACTION_SOURCES)


def _source_names() -> dict[str, str]:
    """The sources with their Vietnamese names (BM.CTCL.01's words): either is typed."""
    from qmsctl.forms.action_form import SOURCES as NAMES

    return {code: NAMES.get(code, code) for code in SOURCES}


@command("open", group=action_app)
def open_(
    unit: Annotated[Optional[str], typer.Option(help="The unit concerned.", autocompletion=offer("unit"))] = None,
    source: Annotated[Optional[str], typer.Option(help="Where it comes from: " + ", ".join(SOURCES))] = None,
    description: Annotated[Optional[str], typer.Option(help="The nonconformity or the improvement asked for.")] = None,
    by: By = None,
    on: OnDay = None,
    action_id: Annotated[Optional[str], typer.Option("--id", help="Default: the next CAR-YYYY-NNN.")] = None,
    dry_run: DryRun = False,
) -> None:
    """5.2.1: open the request (box one of BM.CTCL.01)."""
    from qmsctl.edits import actions as steps

    request = steps.Request(
        unit=choose(unit, "--unit", _("Unit"), unit_names),
        source=choose(source, "--source", _("Source"), _source_names),
        description=ask(description, "--description", _("Description"), exact=True),
        by=ask(by, "--by", _("By"), people),
        on=day(on),
    )
    if request.source not in SOURCES:
        raise UserError(
            "E809",
            _("--source: {value} is not a source of actions").format(value=request.source),
            hint=", ".join(SOURCES),
        )

    def edit(editor: "Editor") -> str:
        return _("{id} opened").format(id=steps.open_action(editor, request, action_id))

    run(edit, _("action"), dry_run, tickets=False)


@command("accept", group=action_app)
def accept(
    action_id: ActionId,
    by: By = None,
    on: OnDay = None,
    not_required: Annotated[bool, typer.Option("--not-required", help="No action is needed.")] = False,
    reasons: Annotated[Optional[str], typer.Option(help="Why (or why not).")] = None,
    dry_run: DryRun = False,
) -> None:
    """5.2.2: the unit's head decides whether an action is needed."""
    from qmsctl.edits import actions as steps

    who, when = ask(by, "--by", _("By"), people), day(on)
    run(lambda e: steps.accept(e, action_id, who, when, not not_required, reasons), action_id, dry_run, tickets=False)


@command("assign", group=action_app)
def assign(
    action_id: ActionId,
    to: Annotated[Optional[str], typer.Option(help="The unit or person who carries it out.")] = None,
    by: By = None,
    due: Annotated[Optional[str], typer.Option(help="Deadline, YYYY-MM-DD.")] = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """5.3: Ban ISO assigns the action."""
    from qmsctl.edits import actions as steps

    target, who, when = choose(to, "--to", _("Assigned to"), unit_names), ask(by, "--by", _("By"), people), day(on)
    deadline = optional_day(due, "--due")
    run(lambda e: steps.assign(e, action_id, who, when, target, deadline), action_id, dry_run, tickets=False)


def _measure(text: str) -> "steps.Measure":
    from qmsctl.edits import actions as steps

    parts = [p.strip() for p in text.split("|")]
    if len(parts) not in (2, 3) or not all(parts[:2]):
        raise UserError(
            "E810",
            _("--measure: '{text}' is not 'what | who | due'").format(text=text),
            hint=_("For example: --measure 'Tập huấn lại văn thư | Phòng HCTC | 2026-12-15'"),
        )
    return steps.Measure(parts[0], parts[1], optional_day(parts[2], "--measure") if len(parts) == 3 else None)


@command("plan", group=action_app)
def plan(
    action_id: ActionId,
    cause: Annotated[Optional[str], typer.Option(help="The cause found (5.4).")] = None,
    measure: Annotated[Optional[list[str]], typer.Option(help="'what | who | due', once for each measure.")] = None,
    approved_by: Annotated[Optional[str], typer.Option(help="Who approved the plan (Ban ISO's head).")] = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """5.4: the cause and the measures, approved (box two of BM.CTCL.01)."""
    from qmsctl.edits import actions as steps

    why = ask(cause, "--cause", _("Cause"), exact=True)
    texts = list(measure or [])
    while not texts:
        texts.append(ask(None, "--measure", _("Measure (what | who | due)")))
    measures = [_measure(t) for t in texts]
    approver, when = ask(approved_by, "--approved-by", _("Approved by"), people), day(on)
    run(lambda e: steps.plan(e, action_id, why, measures, approver, when), action_id, dry_run, tickets=False)


@command("progress", group=action_app)
def progress(
    action_id: ActionId,
    note: Annotated[Optional[str], typer.Option(help="What was done this month.")] = None,
    by: By = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """5.5: the monthly progress report of a long action."""
    from qmsctl.edits import actions as steps

    text, when = ask(note, "--note", _("Note"), exact=True), day(on)
    run(lambda e: steps.progress(e, action_id, when, text, by), action_id, dry_run, tickets=False)


@command("verify", group=action_app)
def verify(
    action_id: ActionId,
    evidence: Annotated[Optional[str], typer.Option(help="The evidence of the result checked.")] = None,
    by: By = None,
    ineffective: Annotated[
        bool, typer.Option("--ineffective", help="Not effective: close it and open a new action (5.7).")
    ] = False,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """5.6: the agency's head checks the result against the evidence."""
    from qmsctl.edits import actions as steps

    proof, who, when = ask(evidence, "--evidence", _("Evidence"), exact=True), ask(by, "--by", _("By"), people), day(on)
    run(lambda e: steps.verify(e, action_id, who, when, proof, not ineffective), action_id, dry_run, tickets=False)


@command("close", group=action_app)
def close(action_id: ActionId, by: By = None, on: OnDay = None, dry_run: DryRun = False) -> None:
    """5.7: Ban ISO closes the verified action (box three of BM.CTCL.01)."""
    from qmsctl.edits import actions as steps

    who, when = ask(by, "--by", _("By"), people), day(on)
    run(lambda e: steps.close(e, action_id, who, when), action_id, dry_run, tickets=False)
