"""Internal audits (ISO 9001 9.2): plan, record, finding-to-action."""

from typing import Annotated, Optional

import typer

from qmsctl.cli.app import command, command_group
from qmsctl.cli.editing import By, DryRun, OnDay, ask, choose, day, people, run, unit_names
from qmsctl.findings import UserError
from qmsctl.i18n import _

audit_app = command_group("audit", _("Internal audits (ISO 9001 9.2): plan, record, finding-to-action."))
AuditId = Annotated[str, typer.Argument(help="The audit's id (DGNB-2026).")]
KINDS = {
    "conformity": "Phù hợp",
    "nonconformity": "Không phù hợp",
    "observation": "Khuyến nghị",
    "opportunity": "Cơ hội cải tiến",
}


def _auditor(text: str) -> tuple[str, str | None]:
    """`Name` or `Name=UNIT`."""
    name, _sep, unit = text.partition("=")
    return name.strip(), unit.strip() or None


@command("plan", group=audit_app)
def plan(
    year: Annotated[int, typer.Argument(help="The year of the programme.")],
    on: Annotated[Optional[str], typer.Option("--date", help="The day of the audit, YYYY-MM-DD.")] = None,
    units: Annotated[Optional[list[str]], typer.Option("--unit", help="A unit audited (repeat it).")] = None,
    processes: Annotated[
        Optional[list[str]], typer.Option("--process", help="A procedure audited, QT.NC.01 (repeat it).")
    ] = None,
    auditors: Annotated[
        Optional[list[str]],
        typer.Option("--auditor", help="An auditor: Name, or Name=UNIT with their unit (repeat it)."),
    ] = None,
    scope: Annotated[Optional[str], typer.Option("--scope", help="What the audit covers.")] = None,
    dry_run: DryRun = False,
) -> None:
    """Add an audit to the year's programme: when, which units and processes, by whom."""
    from qmsctl.edits import audits

    when = day(ask(on, "--date", _("Date")), "--date")
    if when.year != year:
        raise UserError("U041", _("The audit's date {day} is not in {year}").format(day=when.isoformat(), year=year))
    if not units:
        raise UserError("E807", _("--unit is missing"), hint=_("Give --unit for each unit audited."))
    if not auditors:
        raise UserError("E807", _("--auditor is missing"), hint=_("Give --auditor for each auditor."))
    programme = audits.Plan(
        on=when,
        units=[choose(u, "--unit", _("Unit"), unit_names) for u in units],
        auditors=[_auditor(a) for a in auditors],
        processes=list(processes or []),
        scope=scope,
    )
    run(lambda e: _("audit {id} planned").format(id=audits.plan(e, programme)), str(year), dry_run, tickets=False)


@command("record", group=audit_app)
def record(
    audit_id: AuditId,
    unit: Annotated[Optional[str], typer.Option("--unit", help="The unit audited: its code or name.")] = None,
    clause: Annotated[Optional[str], typer.Option("--clause", help="The ISO 9001:2015 clause (7.5.3).")] = None,
    kind: Annotated[
        Optional[str], typer.Option("--kind", help="conformity, nonconformity, observation or opportunity.")
    ] = None,
    description: Annotated[Optional[str], typer.Option("--description", help="What was found.")] = None,
    evidence: Annotated[Optional[str], typer.Option("--evidence", help="What shows it (records seen).")] = None,
    by: Annotated[Optional[str], typer.Option("--by", help="The auditor who found it.")] = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """A finding of the audit: conformity, nonconformity, observation or opportunity. A
    nonconformity opens its corrective action request at once (QT.CTCL 5.2.1)."""
    from qmsctl.agency import match_choice
    from qmsctl.edits import audits

    who, when = ask(by, "--by", _("By"), people), day(on)
    finding = audits.Observation(
        unit=choose(unit, "--unit", _("Unit"), unit_names),
        clause=ask(clause, "--clause", _("Clause")),
        kind=match_choice(ask(kind, "--kind", _("Kind")), KINDS, "--kind"),
        description=ask(description, "--description", _("Description"), exact=True),
        evidence=evidence,
        by=who,
    )
    run(lambda e: audits.record(e, audit_id, finding, who, when), audit_id, dry_run, tickets=False)


@command("finding-to-action", group=audit_app)
def finding_to_action(
    audit_id: AuditId,
    number: Annotated[int, typer.Argument(help="The finding's number in the audit (1, 2 ...).")],
    by: By = None,
    on: OnDay = None,
    dry_run: DryRun = False,
) -> None:
    """Open the corrective action of a finding (QT.CTCL 5.2), linked both ways."""
    from qmsctl.edits import audits

    who, when = ask(by, "--by", _("By"), people), day(on)
    run(lambda e: audits.finding_to_action(e, audit_id, number, who, when), audit_id, dry_run, tickets=False)
