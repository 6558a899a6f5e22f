"""`qmsctl render`: the official forms, one or a period's whole pack."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from qmsctl.cli.app import command, console
from qmsctl.cli.completion import offer
from qmsctl.cli.figures_cmds import AllowIncomplete, AsOf
from qmsctl.findings import UserError
from qmsctl.i18n import _


def _git_revisions(root: Path, form: str, code: str | None) -> list[dict[str, str]]:
    from qmsctl.cli.git_cmds import open_git
    from qmsctl.dochistory import document_file, document_history, revision_rows

    file = document_file(root, code or "")
    if form != "TAI-LIEU" or file is None:
        raise UserError("U029", _("--git-history is for a controlled document (qmsctl render QT.CTCL --git-history)"))
    return revision_rows(document_history(open_git(root), file))


def render_one(form: str, ident: str, out: Optional[Path]) -> Path:
    """Render one form of one record, from the folder as it is now (after an edit)."""
    from qmsctl.cli.figures_cmds import open_reporting
    from qmsctl.forms import render as forms

    agency = open_reporting()
    spec, ident_ = forms.resolve(agency, form, ident)
    target = out or Path(forms.default_name(spec, ident_, None, ".docx"))
    forms.render(agency, spec, target, ident=ident_)
    console.print(_("wrote {path}").format(path=target))
    return target


@command()
def render(
    form: Annotated[
        str,
        typer.Argument(
            help="The form: BM.ST.VP.01-06, BM.CTCL.01-02, PL3, DANH-MUC, PHIEU-BO-SUNG, PHIEU-XIN-LOI, "
            "a document's code, or 'pack'.",
            autocompletion=offer("form"),
        ),
    ],
    ident: Annotated[Optional[str], typer.Argument(help="The ticket, action, review or document it is for.")] = None,
    period: Annotated[
        Optional[str], typer.Option("--period", "-p", help="2025-03, 2025-Q1, 2025-H1, 2025 or A..B.")
    ] = None,
    out: Annotated[
        Optional[Path], typer.Option("-o", "--out", help="The file to write (for pack: the folder).")
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also convert it to PDF with LibreOffice.")] = False,
    signed_on: Annotated[
        Optional[str], typer.Option("--date", help="The date printed on the form (default: left to fill in).")
    ] = None,
    owner: Annotated[
        Optional[str], typer.Option("--owner", help="Objectives of this unit instead of the agency.")
    ] = None,
    as_of: AsOf = None,
    git_history: Annotated[
        bool, typer.Option("--git-history", help="A document's Sửa đổi tài liệu table from git, not its front matter.")
    ] = False,
    allow_incomplete: AllowIncomplete = False,
) -> None:
    """Render an official form from the records (DOCX, or XLSX for BM.ST.VP.04)."""
    from rich.progress import Progress

    from qmsctl.cli.figures_cmds import insist_complete, open_reporting
    from qmsctl.figures import parse_period
    from qmsctl.forms import render as forms
    from qmsctl.forms.output import to_pdf
    from qmsctl.options import option_day

    agency = open_reporting(as_of)
    chosen = parse_period(period) if period else None
    if chosen is not None:
        agency.cut.check_begun(chosen)
    on = option_day(signed_on, "--date") if signed_on else None
    if form.lower() == "pack":
        if chosen is None:
            raise UserError("U007", _("{form} needs --period").format(form="pack"))
        folder = out or Path(f"bao-cao_{chosen.label.replace('..', '_')}")
        insist_complete(agency, allow_incomplete)
        plan = forms.pack_plan(agency, chosen)
        written = []
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(_("Rendering {n} forms").format(n=len(plan)), total=len(plan))
            for spec, ident in plan:
                target = forms.pack_target(folder, spec, ident, chosen)
                written.append(forms.render(agency, spec, target, ident=ident, period=chosen, on=on, owner=owner))
                if pdf:
                    to_pdf(target)
                progress.advance(task)
        console.print(_("wrote {n} forms in {folder}").format(n=len(written), folder=folder))
        return
    spec, ident = forms.resolve(agency, form, ident)
    if spec.code in forms.WITH_FIGURES:
        insist_complete(agency, allow_incomplete)
    suffix = ".xlsx" if spec.template is None else ".docx"
    target = out or Path(forms.default_name(spec, ident, chosen, suffix))
    revisions = _git_revisions(agency.records.root, spec.code, ident) if git_history else None
    forms.render(agency, spec, target, ident=ident, period=chosen, on=on, owner=owner, revisions=revisions)
    console.print(_("wrote {path}").format(path=target))
    if pdf:
        console.print(_("wrote {path}").format(path=to_pdf(target)))
