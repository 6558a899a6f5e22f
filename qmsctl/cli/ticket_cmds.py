"""`qmsctl ticket ...`: dossiers and incoming letters, step by step."""

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from qmsctl.cli.app import command, command_group
from qmsctl.cli.completion import offer
from qmsctl.cli.editing import At, By, DryRun, ask, choose, day, moment, procedure_names, run, unit_names
from qmsctl.i18n import _

if TYPE_CHECKING:
    from qmsctl.edits import Editor

ticket_app = command_group("ticket", "Dossiers and incoming letters: add, log steps, pause, resume, finish.")

TicketId = Annotated[str, typer.Argument(help="The ticket's id.", autocompletion=offer("ticket"))]


class Kind(str, Enum):
    dossier = "dossier"
    letter = "letter"


class Finish(str, Enum):
    done = "done"
    withdrawn = "withdrawn"


@command("add", group=ticket_app)
def add(
    procedure: Annotated[
        Optional[str], typer.Option(help="The procedure's code (QT.NC.01).", autocompletion=offer("procedure"))
    ] = None,
    received: Annotated[Optional[str], typer.Option(help="Received at, YYYY-MM-DD HH:MM (default: now).")] = None,
    ticket_id: Annotated[
        Optional[str], typer.Option("--id", help="The one-stop system's number (default: the next one).")
    ] = None,
    kind: Annotated[Kind, typer.Option(help="dossier (hồ sơ TTHC) or letter (văn bản đến).")] = Kind.dossier,
    unit: Annotated[
        Optional[str], typer.Option(help="The unit, if not the procedure's.", autocompletion=offer("unit"))
    ] = None,
    due: Annotated[Optional[str], typer.Option(help="The appointment date given to the applicant.")] = None,
    subject: Annotated[Optional[str], typer.Option(help="Trích yếu.")] = None,
    sender: Annotated[Optional[str], typer.Option(help="Đơn vị gửi / người nộp (no ID numbers).")] = None,
    dry_run: DryRun = False,
) -> None:
    """A new dossier or incoming letter."""
    from qmsctl.edits import tickets

    new = tickets.NewTicket(
        procedure=choose(procedure, "--procedure", _("Procedure"), procedure_names),
        received=moment(received, "--received"),
        kind=kind.value,
        id=ticket_id,
        unit=unit if unit is None else choose(unit, "--unit", _("Unit"), unit_names),
        due=due,
        subject=subject,
        sender=sender,
    )

    def edit(editor: "Editor") -> str:
        return _("ticket {id} added").format(id=tickets.add(editor, new))

    run(edit, new.procedure, dry_run, facts=True)


@command("step", group=ticket_app)
def step(
    ticket_id: TicketId,
    action: Annotated[Optional[str], typer.Option(help="What was done (nhập công văn, ký văn bản ...).")] = None,
    by: By = None,
    at: At = None,
    role: Annotated[Optional[str], typer.Option(help="van-thu, lanh-dao, chuyen-vien ...")] = None,
    error: Annotated[Optional[str], typer.Option(help="A fault found at this step (BM.ST.VP.06).")] = None,
    dry_run: DryRun = False,
) -> None:
    """A line of the ticket's process log (BM.ST.VP.06)."""
    from qmsctl.edits import tickets

    what, who, when = ask(action, "--action", _("Action")), ask(by, "--by", _("By")), moment(at)
    run(lambda e: tickets.step(e, ticket_id, when, who, what, role, error), ticket_id, dry_run, facts=True)


@command("pause", group=ticket_app)
def pause(
    ticket_id: TicketId,
    reason: Annotated[Optional[str], typer.Option(help="Why (yêu cầu bổ sung giấy tờ ...).")] = None,
    at: At = None,
    dry_run: DryRun = False,
) -> None:
    """The ticket waits for supplements: the clock stops (or restarts, as its procedure says)."""
    from qmsctl.edits import tickets

    why, when = ask(reason, "--reason", _("Reason")), moment(at)
    run(lambda e: tickets.pause(e, ticket_id, when, why), ticket_id, dry_run, facts=True)


@command("resume", group=ticket_app)
def resume(ticket_id: TicketId, at: At = None, dry_run: DryRun = False) -> None:
    """The supplements came: the pause ends."""
    from qmsctl.edits import tickets

    when = moment(at)
    run(lambda e: tickets.resume(e, ticket_id, when), ticket_id, dry_run, facts=True)


@command("complete", group=ticket_app)
def complete(
    ticket_id: TicketId,
    at: At = None,
    outcome: Annotated[Finish, typer.Option(help="done (trả kết quả) or withdrawn (rút hồ sơ).")] = Finish.done,
    dry_run: DryRun = False,
) -> None:
    """The result is given (or the applicant withdrew the dossier)."""
    from qmsctl.edits import tickets

    when = moment(at)
    run(lambda e: tickets.finish(e, ticket_id, when, outcome.value), ticket_id, dry_run, facts=True)


@command("reschedule", group=ticket_app)
def reschedule(
    ticket_id: TicketId,
    to: Annotated[Optional[str], typer.Option("--to", help="The new day the result will be given.")] = None,
    reason: Annotated[Optional[str], typer.Option(help="Why it is late (printed on the apology).")] = None,
    by: By = None,
    at: At = None,
    notice: Annotated[
        Optional[Path], typer.Option("--notice", help="Where to write the apology (default: PHIEU-XIN-LOI_ID.docx).")
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """A dossier that will be late: record the new appointment and print the apology
    (Phiếu xin lỗi và hẹn lại ngày trả kết quả). It still counts as late."""
    from qmsctl.edits import tickets

    new_day = day(ask(to, "--to", _("New day")), "--to")
    why, who, when = ask(reason, "--reason", _("Reason")), ask(by, "--by", _("By")), moment(at)
    run(lambda e: tickets.reschedule(e, ticket_id, new_day, why, when, who), ticket_id, dry_run, facts=True)
    if not dry_run:
        from qmsctl.cli.render_cmds import render_one

        render_one("PHIEU-XIN-LOI", ticket_id, notice)


@command("return", group=ticket_app)
def return_(
    ticket_id: TicketId,
    reason: Annotated[Optional[str], typer.Option(help="Why it is returned unprocessed.")] = None,
    by: By = None,
    at: At = None,
    dry_run: DryRun = False,
) -> None:
    """The dossier is returned unprocessed (trả lại); the reason goes in its process log."""
    from qmsctl.edits import tickets

    why, who, when = ask(reason, "--reason", _("Reason")), ask(by, "--by", _("By")), moment(at)

    def edit(editor: "Editor") -> str:
        tickets.step(editor, ticket_id, when, who, tickets.RETURNED_STEP.format(reason=why), None, None)
        return tickets.finish(editor, ticket_id, when, "returned")

    run(edit, ticket_id, dry_run, facts=True)


@command("accept", group=ticket_app)
def accept(ticket_id: TicketId, at: At = None, dry_run: DryRun = False) -> None:
    """The dossier is accepted for processing (thụ lý): a complaint counts its days from here."""
    from qmsctl.edits import tickets

    when = moment(at)
    run(lambda e: tickets.accept(e, ticket_id, when), ticket_id, dry_run, facts=True)


@command("extend", group=ticket_app)
def extend(
    ticket_id: TicketId,
    to: Annotated[Optional[str], typer.Option("--to", help="The day the extension runs to.")] = None,
    basis: Annotated[
        Optional[str], typer.Option("--basis", help="What allows it: 'Điều 28 Luật Khiếu nại 2011'.")
    ] = None,
    at: At = None,
    dry_run: DryRun = False,
) -> None:
    """A lawful extension (gia hạn) decided by the due: on time when done by --to. Refused
    after the due: a late dossier is rescheduled with an apology."""
    from qmsctl.edits import tickets

    new_day = day(ask(to, "--to", _("Extended to")), "--to")
    why, when = ask(basis, "--basis", _("Legal basis")), moment(at)
    run(lambda e: tickets.extend(e, ticket_id, new_day, why, when.date()), ticket_id, dry_run, facts=True)
