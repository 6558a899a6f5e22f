"""`qmsctl import tickets FILE --map NAME`: dossiers from a one-stop system's export."""

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from qmsctl.cli.app import command, command_group, console, records_root
from qmsctl.cli.editing import DryRun
from qmsctl.i18n import _

import_app = command_group("import", "Bring records in from other systems' exports.")
SHOWN = 20


@command("tickets", group=import_app)
def import_tickets(
    export: Annotated[Path, typer.Argument(help="The export: .xlsx or .csv.")],
    map_name: Annotated[str, typer.Option("--map", help="The mapping records/imports/NAME.yaml.")],
    dry_run: DryRun = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Write the rows listed as conflicts too: the export's dossier replaces the one of "
            "the same id, and a corrected field takes the export's value.",
        ),
    ] = False,
) -> None:
    """Dossiers from a one-stop system's export; the same export twice changes nothing. A row
    that is another dossier than the one of its id, or would undo a correction, is listed as a
    conflict and not written (--replace writes it); the command exits 1 when a row was not written."""
    from rich.progress import Progress

    from qmsctl.edits import Editor, apply_edit
    from qmsctl.imports.importer import ImportReport, import_rows, reconcile
    from qmsctl.imports.mapping import load_mapping
    from qmsctl.imports.sources import read_rows

    root = records_root()
    mapping = load_mapping(root, map_name)
    total, rows = read_rows(export, mapping)
    report = ImportReport()

    def edit(editor: Editor) -> str:
        with Progress(console=console, transient=True, disable=total < 2000) as progress:
            task = progress.add_task(_("Reading {n} rows").format(n=total), total=total)
            imported = import_rows(editor, rows, mapping, report, lambda: progress.advance(task), replace)
        reconcile(editor, imported, report)
        return ""

    outcome = apply_edit(root, edit, dry_run=dry_run, facts=True)
    _show(report, dry_run, outcome.files)
    if report.conflicts or report.rejected:
        raise typer.Exit(1)  # some rows were not written: each is listed above


def _show(report: object, dry_run: bool, files: list[str]) -> None:
    from qmsctl.imports.importer import ImportReport

    assert isinstance(report, ImportReport)
    verb = _("dry run, nothing written") if dry_run else _("written")
    console.print(
        _(
            "{rows} rows: {added} added, {changed} changed, {same} unchanged, {conflicts} conflicts, "
            "{rejected} rejected ({verb})"
        ).format(
            rows=report.rows,
            added=len(report.added),
            changed=len(report.changed),
            same=report.unchanged,
            conflicts=len(report.conflicts),
            rejected=len(report.rejected),
            verb=verb,
        )
    )
    if report.conflicts:
        table = Table(title=_("Conflicts, not written (--replace writes them)"), title_justify="left", show_lines=True)
        for column in (_("Ticket"), _("Why"), _("In the records"), _("In the export")):
            table.add_column(column, overflow="fold")
        for conflict in report.conflicts[:SHOWN]:
            table.add_row(
                conflict.ticket,
                conflict.why,
                "\n".join(f"{name}: {conflict.ours.get(name) or '—'}" for name in conflict.fields),
                "\n".join(f"{name}: {conflict.theirs.get(name) or '—'}" for name in conflict.fields),
            )
        console.print(table)
        if len(report.conflicts) > SHOWN:
            console.print(_("… and {n} more").format(n=len(report.conflicts) - SHOWN))
    for ident, fields in list(report.changed.items())[:SHOWN]:
        console.print(f"  ~ {ident}: {', '.join(fields)}")
    if report.redacted:
        console.print(
            _("{n} pieces of personal data (ID numbers, phones, e-mails) were left out of the text").format(
                n=report.redacted
            ),
            style="yellow",
        )
    if report.rejected:
        table = Table(title=_("Rejected rows"), title_justify="left")
        for column in (_("Sheet"), _("Row"), _("Column"), _("Why")):
            table.add_column(column)
        for reject in report.rejected[:SHOWN]:
            table.add_row(reject.sheet, str(reject.row), reject.column, reject.reason)
        console.print(table)
        if len(report.rejected) > SHOWN:
            console.print(_("… and {n} more").format(n=len(report.rejected) - SHOWN))
    if report.verdicts:
        agreed = report.verdicts - len(report.disagreements)
        console.print(
            _("On time or late: the export and qmsctl agree on {agreed} of {n} finished dossiers").format(
                agreed=agreed, n=report.verdicts
            )
        )
        if report.disagreements:
            table = Table(title=_("Disagreements (a sync error or a wrong due)"), title_justify="left")
            for column in (_("Ticket"), _("Export says"), _("Due (qmsctl)"), _("Completed")):
                table.add_column(column)
            for d in report.disagreements[:SHOWN]:
                said = _("on time") if d.export_on_time else _("late")
                table.add_row(d.ticket, said, d.due, d.completed)
            console.print(table)
    if not dry_run and files:
        console.print(_("wrote {files}").format(files=", ".join(files[:SHOWN]) + (" …" if len(files) > SHOWN else "")))
