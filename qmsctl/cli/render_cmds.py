"""`qmsctl render`: the official forms."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from qmsctl.cli.app import command, console
from qmsctl.findings import UserError
from qmsctl.i18n import _

FORMS = ("BM.ST.VP.04",)


@command()
def render(
    form: Annotated[str, typer.Argument(help="The form's code, e.g. BM.ST.VP.04.")],
    period: Annotated[
        Optional[str], typer.Option("--period", "-p", help="2025-03, 2025-Q1, 2025-H1, 2025 or A..B.")
    ] = None,
    out: Annotated[Optional[Path], typer.Option("-o", "--out", help="The file to write.")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also convert it to PDF with LibreOffice.")] = False,
) -> None:
    """Render an official form from the records."""
    from qmsctl.cli.figures_cmds import open_reporting
    from qmsctl.figures import parse_period
    from qmsctl.forms import bm_st_vp_04
    from qmsctl.forms.output import to_pdf, write_atomically

    if form.upper() != "BM.ST.VP.04":
        raise UserError(
            "U006",
            _("Unknown form {form}").format(form=form),
            hint=_("Forms: {forms}").format(forms=", ".join(FORMS)),
        )
    if not period:
        raise UserError("U007", _("{form} needs --period").format(form="BM.ST.VP.04"))
    chosen = parse_period(period)
    target = out or Path(f"BM.ST.VP.04_{chosen.label}.xlsx")
    content = bm_st_vp_04.build(open_reporting(), chosen)
    write_atomically(target, lambda path: bm_st_vp_04.write_workbook(content, path))
    console.print(_("wrote {path}").format(path=target))
    if pdf:
        console.print(_("wrote {path}").format(path=to_pdf(target)))
