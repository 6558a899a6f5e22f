"""Many agencies at once: export an agency's facts, roll up a province."""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from qmsctl.cli.app import command, console
from qmsctl.cli.figures_cmds import AsOf, open_reporting
from qmsctl.i18n import _
from qmsctl.labels import rate_text


class RollupBy(str, Enum):
    agency = "agency"
    procedure = "procedure"
    unit = "unit"
    month = "month"


class RollupEngine(str, Enum):
    duckdb = "duckdb"
    spark = "spark"


class RollupFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


@command()
def export(
    period: Annotated[str, typer.Option("--period", "-p", help="2025-03, 2025-Q1, 2025-H1, 2025 or A..B.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder of the Parquet dataset.")],
    output_format: Annotated[str, typer.Option("--format", help="parquet (the only one).")] = "parquet",
    as_of: AsOf = None,
) -> None:
    """The agency's facts of a period as a Parquet dataset partitioned by agency and year, for a roll-up."""
    from qmsctl.figures import parse_period
    from qmsctl.findings import UserError
    from qmsctl.rollup import export_facts, refuse_incomplete

    if output_format != "parquet":
        raise UserError("U050", _("--format: only parquet is written"))
    from qmsctl.extras import require

    require("rollup", "duckdb")  # Parquet is written by DuckDB, an extra of its own
    agency = open_reporting(as_of, counting=True)
    refuse_incomplete(agency)
    n = export_facts(agency, parse_period(period), output)
    console.print(_("{n} tickets exported to {path}").format(n=n, path=output))


@command()
def rollup(
    sources: Annotated[list[Path], typer.Argument(help="Records folders, exports, or folders of them.")],
    period: Annotated[str, typer.Option("--period", "-p", help="2025-03, 2025-Q1, 2025-H1, 2025 or A..B.")],
    output_format: Annotated[
        RollupFormat, typer.Option("--format", help="text, json, csv or xlsx (the province's workbook, with -o).")
    ] = RollupFormat.text,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="The workbook to write (xlsx).")] = None,
    by: Annotated[
        RollupBy, typer.Option("--by", help="agency, or each agency's rows by procedure, unit or month (json).")
    ] = RollupBy.agency,
    as_of: AsOf = None,
    engine: Annotated[
        RollupEngine,
        typer.Option("--engine", help="duckdb (embedded), or spark (pip install 'qmsctl[spark]')."),
    ] = RollupEngine.duckdb,
) -> None:
    """Each agency's on-time figures and the province's, from their records or their exports (DuckDB or Spark)."""
    import csv
    import json

    from rich.table import Table

    from qmsctl.extras import require
    from qmsctl.figures import parse_period
    from qmsctl.findings import UserError
    from qmsctl.options import option_cut
    from qmsctl.rollup import rollup as roll_up

    require("rollup", "duckdb")  # (the Spark engine reads what DuckDB exports from a records folder)
    rows = None if by is RollupBy.agency else by.value
    result = roll_up(sources, parse_period(period), option_cut(as_of) if as_of else None, engine=engine.value, by=rows)
    data = result.as_json(rows)
    if output_format is RollupFormat.xlsx:
        from qmsctl.forms.province import write_province_workbook
        from qmsctl.store import write_output

        if output is None:
            raise UserError("U050", _("--format xlsx needs -o FILE.xlsx"))

        def write(path: Path) -> None:
            write_province_workbook(data, period, path)

        write_output(output, write)
        console.print(_("wrote {path}").format(path=output))
        return
    if output_format is RollupFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    rows = [(a["agency"], a["name"], a["total"], a["rates"]) for a in data["agencies"]]
    rows.sort(key=lambda r: -(r[3]["all"] if r[3]["all"] is not None else -1))
    if output_format is RollupFormat.csv:
        from qmsctl.formulas import csv_cell

        writer = csv.writer(sys.stdout)
        writer.writerow(["rank", "agency", "name", "received", "processed", "on_time", "late", "overdue", "rate"])
        for rank, (short, name, total, rates) in enumerate(rows, start=1):
            processed = total["processed"]
            writer.writerow([csv_cell(v) for v in (
                rank, short, name, total["received"], processed["total"], processed["on_time"],
                processed["late"], total["in_progress"]["late"], rates["all"],
            )])  # fmt: skip
        return
    table = Table(title=_("On-time figures of the agencies, {period}").format(period=period), title_justify="left")
    for header in ("#", _("agency"), _("received"), _("processed"), _("on time"), _("late"), _("on-time rate")):
        table.add_column(header)
    for rank, (short, name, total, rates) in enumerate(rows, start=1):
        processed = total["processed"]
        table.add_row(
            str(rank), f"{short} — {name}", str(total["received"]), str(processed["total"]),
            str(processed["on_time"]), str(processed["late"]), rate_text(rates["all"]),
        )  # fmt: skip
    total = data["total"]
    table.add_section()
    table.add_row(
        "", _("Province"), str(total["received"]), str(total["processed"]["total"]),
        str(total["processed"]["on_time"]), str(total["processed"]["late"]), rate_text(data["rates"]["all"]),
    )  # fmt: skip
    console.print(table)
