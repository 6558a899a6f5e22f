"""`qmsctl agenda`: what needs the secretary now, most urgent first."""

import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from qmsctl.cli.app import command, console
from qmsctl.cli.completion import offer
from qmsctl.cli.figures_cmds import AllowIncomplete, AsOf
from qmsctl.i18n import _


class AgendaFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    ics = "ics"


@command()
def agenda(
    days: Annotated[
        int,
        typer.Option("--days", min=0, max=366, help="Also list what falls due within N working days (at most 366)."),
    ] = 3,
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
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="The text table shows this many items, most urgent first (0: all).")
    ] = 100,
    allow_incomplete: AllowIncomplete = False,
) -> None:
    """What needs doing now, most urgent first: overdue and near dossiers and letters, actions
    that wait, the yearly duties of QT.CTCL 5.9; each with the command that does it."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from qmsctl.agenda import agenda as build
    from qmsctl.agenda import as_ics, as_markdown
    from qmsctl.cli.figures_cmds import open_reporting
    from qmsctl.figures import INCOMPLETE, cut_json, moment_label

    agency = open_reporting(as_of, counting=True, allow_incomplete=allow_incomplete)
    scope = agency.scope(unit=unit) if unit else None
    items = build(agency, days, scope.unit if scope else None)
    heading = _("Agenda as of {moment}").format(moment=moment_label(agency.cut.as_of))
    if agency.cut.incomplete:
        heading = f"{INCOMPLETE} — {heading}"
    if output_format is AgendaFormat.ics:
        name = agency.profile.agency.name if agency.profile else str(agency.root)
        _write(output or Path("agenda.ics"), as_ics(items, agency.cut.as_of, name), len(items))
        return
    if output_format is AgendaFormat.json:
        text = json.dumps(
            {
                "as_of": cut_json(agency.cut.as_of),
                "complete": not agency.cut.incomplete,
                "days": days,
                "items": [i.as_json() for i in items],
            },
            ensure_ascii=False,
            indent=2,
        )
    elif output_format is AgendaFormat.markdown:
        text = as_markdown(items, heading)
    else:
        table = Table(title=heading, title_justify="left", show_lines=True)
        for header in (_("when"), _("left"), _("what, and what to do")):
            table.add_column(header, overflow="fold")
        shown_items = items[:limit] if limit else items
        if len(shown_items) < len(items):  # a table of thousands is slow to draw and not read
            more = len(items) - len(shown_items)
            table.caption = _("… and {n} more: --limit 0 shows them all, --format markdown lists them").format(n=more)
            table.caption_justify = "left"
        for item in shown_items:
            table.add_row(
                item.shown_when,
                item.left,
                Text.assemble(f"{item.what}\n{item.todo}\n", (item.command, "dim")),
                style="red" if item.late else "",
            )
        shown = table if items else heading + ": " + _("nothing needs doing.")
        if output is None:
            console.print(shown)
            return
        buffer = io.StringIO()
        Console(file=buffer, width=120, color_system=None, markup=False, highlight=False).print(shown)
        text = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())
    if output:
        _write(output, (text + "\n").encode("utf-8"), len(items))
    else:
        sys.stdout.write(text + "\n")


def _write(target: Path, data: bytes, count: int) -> None:
    """The agenda in the file -o names, as every file a command writes: never a folder, a device
    or a link, a place that cannot be written a usage error."""
    from qmsctl.store import write_output

    def write(temporary: Path) -> None:
        temporary.write_bytes(data)

    write_output(target, write)
    console.print(_("{n} items written to {file}").format(n=count, file=target))
