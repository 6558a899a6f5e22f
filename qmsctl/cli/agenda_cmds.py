"""`qmsctl agenda`: what needs the secretary now, most urgent first."""

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from qmsctl.cli.app import command, console
from qmsctl.cli.completion import offer
from qmsctl.cli.figures_cmds import AsOf
from qmsctl.i18n import _


class AgendaFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    ics = "ics"


@command()
def agenda(
    days: Annotated[int, typer.Option("--days", min=0, help="Also list what falls due within N working days.")] = 3,
    as_of: AsOf = None,
    unit: Annotated[
        Optional[str],
        typer.Option("--unit", help="Only this unit's tickets and actions.", autocompletion=offer("unit")),
    ] = None,
    output_format: Annotated[
        AgendaFormat, typer.Option("--format", help="text, json, markdown or ics (iCalendar).")
    ] = AgendaFormat.text,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write to this file (ics: default agenda.ics).")
    ] = None,
) -> None:
    """What needs doing now, most urgent first: overdue and near dossiers and letters, actions
    that wait, the yearly duties of QT.CTCL 5.9; each with the command that does it."""
    from rich.table import Table
    from rich.text import Text

    from qmsctl.agenda import agenda as build
    from qmsctl.agenda import as_ics, as_markdown
    from qmsctl.cli.figures_cmds import open_reporting
    from qmsctl.figures import cut_json, moment_label

    agency = open_reporting(as_of, counting=True)
    scope = agency.scope(unit=unit) if unit else None
    items = build(agency, days, scope.unit if scope else None)
    heading = _("Agenda as of {moment}").format(moment=moment_label(agency.cut.as_of))
    if output_format is AgendaFormat.ics:
        name = agency.profile.agency.name if agency.profile else str(agency.root)
        target = output or Path("agenda.ics")
        target.write_bytes(as_ics(items, agency.cut.as_of, name))
        console.print(_("{n} items written to {file}").format(n=len(items), file=target))
        return
    if output_format is AgendaFormat.json:
        text = json.dumps(
            {"as_of": cut_json(agency.cut.as_of), "days": days, "items": [i.as_json() for i in items]},
            ensure_ascii=False,
            indent=2,
        )
    elif output_format is AgendaFormat.markdown:
        text = as_markdown(items, heading)
    else:
        table = Table(title=heading, title_justify="left", show_lines=True)
        for header in (_("when"), _("left"), _("what, and what to do")):
            table.add_column(header, overflow="fold")
        for item in items:
            table.add_row(
                item.shown_when,
                item.left,
                Text.assemble(f"{item.what}\n{item.todo}\n", (item.command, "dim")),
                style="red" if item.late else "",
            )
        if not items:
            console.print(heading + ": " + _("nothing needs doing."))
        else:
            console.print(table)
        return
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
