"""Commands over figures: due, stats, objectives."""

import csv
import json
import sys
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from qmsctl.cli.app import command, console, err_console, records_root
from qmsctl.cli.completion import offer
from qmsctl.i18n import _
from qmsctl.labels import label, rate_text

if TYPE_CHECKING:
    from qmsctl.agency import Agency
    from qmsctl.deadlines import Due
    from qmsctl.figures import Counts, Cut, Period
    from qmsctl.records.models import Duration


class StatsFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


class GroupBy(str, Enum):
    procedure = "procedure"
    unit = "unit"
    month = "month"


AsOf = Annotated[
    Optional[str],
    typer.Option(
        "--as-of",
        help="Judge the figures as of this moment: 2026-11-23 (the end of that day) or 2026-11-23T10:00 "
        "(default: now, Asia/Ho_Chi_Minh; QMSCTL_TODAY sets it).",
    ),
]


AllowIncomplete = Annotated[
    bool,
    typer.Option(
        "--allow-incomplete",
        help="Print the figures even when record files could not be read; every output then says SỐ LIỆU CHƯA ĐẦY ĐỦ.",
    ),
]


def open_reporting(
    as_of: str | None = None, ticket: str | None = None, counting: bool = False, allow_incomplete: bool | None = None
) -> "Agency":
    """The agency's folder, read once, with figures judged as of `as_of` (else now); `counting`
    for a command that only counts (its tickets read as facts, `Agency.open`). A command that
    prints figures passes `allow_incomplete`: with records left unread it is refused, unless
    allowed, and then its cut says the figures are incomplete."""
    from qmsctl.agency import Agency
    from qmsctl.figures import Cut
    from qmsctl.options import option_cut

    cut = Cut(option_cut(as_of)) if as_of else None
    agency = Agency.open(records_root(), as_of=cut, ticket=ticket, counting=counting)
    warn_unread(agency.unread)
    if allow_incomplete is not None:
        insist_complete(agency, allow_incomplete)
    return agency


def insist_complete(agency: "Agency", allow: bool) -> None:
    """Refuse figures of a folder with records left unread, unless `allow`: then the agency's
    cut says its figures are incomplete, and every output built on it says so."""
    from dataclasses import replace

    if not vouch_complete(agency.incomplete, allow):
        agency.as_of = replace(agency.cut, incomplete=True)
        agency.__dict__.pop("cut", None)


def vouch_complete(unread_files: list[str], allow: bool) -> bool:
    """True when no record file the figures need was left unread; else, unless `allow`, the
    command is refused (exit 1) naming the files; allowed, it is said once on stderr."""
    from qmsctl.figures import INCOMPLETE
    from qmsctl.findings import IncompleteRecords

    if not unread_files:
        return True
    shown = ", ".join(unread_files[:10]) + (
        _(" and {n} more").format(n=len(unread_files) - 10) if len(unread_files) > 10 else ""
    )
    if not allow:
        raise IncompleteRecords(
            "U055",
            _("The figures would be incomplete: records of {files} could not be read").format(files=shown),
            hint=_(
                "Run `qmsctl check` to see why and correct them, or add --allow-incomplete to print "
                "the figures marked {mark}."
            ).format(mark=INCOMPLETE),
        )
    err_console.print(
        f"{INCOMPLETE}: " + _("records of {files} could not be read").format(files=shown), style="bold red"
    )
    return False


def warn_unread(unread: int) -> None:
    if unread:
        err_console.print(
            _("{n} errors in the records: what they touch is left out. Run `qmsctl check`.").format(n=unread),
            style="yellow",
        )


def _show_day(value: date | datetime) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else value.strftime("%d/%m/%Y")


def _show_due(due: "Due") -> str:
    if due.is_moment:
        return _show_day(due.at)
    return _("{day} (through the end of the day)").format(day=_show_day(due.at))


def _cut_caption(period: "Period", cut: "Cut") -> str | None:
    """Said under every table judged before its period's end or with records unread (docs/rules.md section 4)."""
    from qmsctl.figures import INCOMPLETE, moment_label

    parts = [INCOMPLETE] if cut.incomplete else []
    if cut.is_early(period):
        parts.append(_("Figures as of {moment}").format(moment=moment_label(cut.of(period))))
    return "; ".join(parts) or None


def _added(effect: str, duration: "Duration") -> str:
    """`+4d` / `+2.5h` as the procedure counts them, in the user's language."""
    amount, unit = effect[1:-1], effect[-1]
    if unit == "h":
        return _("{n} working hours added").format(n=amount)
    if duration.working_days is not None:
        return _("{n} working days added").format(n=amount)
    return _("{n} days added").format(n=amount)


WEEKLY_SHOWN = 8  # weekly days off listed one by one by `due` (two weeks' worth); beyond, counted


@command()
def due(
    ticket_id: Annotated[str, typer.Argument(help="The ticket's id.", autocompletion=offer("ticket"))],
    as_of: AsOf = None,
    full: Annotated[
        bool, typer.Option("--full", help="List every weekly day off too (by default counted in one line).")
    ] = False,
) -> None:
    """The due of one ticket, with the days skipped and the pauses added, as known at --as-of."""
    from qmsctl.deadlines import Due, reason_due, rules_calendar, working_days_late
    from qmsctl.figures import moment_label

    agency = open_reporting(as_of, ticket_id)
    ticket, procedure = agency.ticket_with_procedure(ticket_id)
    moment = agency.cut.as_of
    calendar = rules_calendar(procedure, agency.calendar)
    reasoning = reason_due(ticket, procedure, agency.calendar, moment)
    duration = procedure.duration_on(reasoning.effective.date())
    if duration.working_days == 0:
        rule = _("the same working day (trong ngày), to its end")
    elif duration.working_days is not None:
        rule = _("{n} working days; the day of receipt is not counted").format(n=duration.working_days)
    elif duration.calendar_days is not None:
        rule = _("{n} calendar days; a due on a day off moves to the next working day").format(n=duration.calendar_days)
    else:
        rule = _("{n} working hours within {hours}").format(
            n=f"{duration.working_hours:g}", hours=", ".join(str(w) for w in calendar.settings.hours)
        )
    table = Table(show_header=False, box=None, title=f"{ticket.id} — {procedure.code} {procedure.name}")
    table.add_column(style="bold")
    table.add_column()
    table.add_row(_("Rule"), f"{rule} ({label(procedure.on_supplement)}, {label(calendar.settings.deadline)})")
    if isinstance(procedure.duration, list):  # rule 9
        table.add_row(
            _("In force"),
            _("the duration in force from {day} (changed by decree)").format(day=_show_day(duration.in_force)),  # type: ignore[attr-defined]
        )
    if procedure.cutoff is not None:  # rule 8
        table.add_row(_("Cutoff"), _("{time}, the procedure's own").format(time=procedure.cutoff.strftime("%H:%M")))
    if procedure.counts_from == "accepted":  # rule 10
        if ticket.accepted is None:
            table.add_row(_("Accepted"), Text(_("not recorded: the due cannot be counted"), style="bold red"))
        else:
            table.add_row(_("Accepted"), _show_day(ticket.accepted) + " " + _("(counted from the acceptance)"))
    table.add_row(_("Received"), _show_day(ticket.received))
    if reasoning.effective != reasoning.received:
        table.add_row(_("Counted from"), _show_day(reasoning.effective))
    for pause, end, effect in reasoning.pause_lines:
        what = (
            _("the count starts again")
            if effect == "restart"
            else _("the clock stops: {added}").format(added=_added(effect, duration))
        )
        table.add_row(_("Pause"), f"{_show_day(pause.start)} → {_show_day(end)} {pause.reason or ''}: {what}")
    if reasoning.open_pause:
        table.add_row(_("Pause"), _("still paused: the due is not running"))
    if reasoning.computed is not None:
        skipped = calendar.days_off_between(reasoning.received.date(), reasoning.computed.day)
        weekly = [day for day, _reason in skipped if calendar.notes.get(day) is None]  # the work week's own
        if full or len(weekly) <= WEEKLY_SHOWN:
            lines = [f"{_show_day(day)}: {reason}" for day, reason in skipped]
        else:  # a calendar-day procedure of months: its weekends counted, the holidays and swaps listed
            lines = [f"{_show_day(day)}: {reason}" for day, reason in skipped if day not in set(weekly)]
            lines.append(_("and {n} weekly days off (--full lists them)").format(n=len(weekly)))
        if lines:
            table.add_row(_("Off and make-up days"), "\n".join(lines))
        table.add_row(_("Due by the rule"), _show_due(reasoning.computed))
    if reasoning.explicit and reasoning.due is not None and ticket.due is not None:
        table.add_row(_("Due given"), _show_due(Due(ticket.due)) + " " + _("(the ticket's due wins)"))
        if reasoning.pause_lines and reasoning.due.at != ticket.due:  # rule 12
            table.add_row(_("Moved by the pauses"), _show_due(reasoning.due))
    if ticket.extended is not None:  # rule 11
        honoured = reasoning.due is not None and reasoning.due.day == ticket.extended.to
        text = _("to {day}, decided {on} ({basis})").format(
            day=_show_day(ticket.extended.to), on=_show_day(ticket.extended.on), basis=ticket.extended.basis
        )
        table.add_row(_("Extended"), text if honoured else text + " — " + _("decided after the due: not counted"))
    if ticket.rescheduled is not None:
        table.add_row(_("Rescheduled"), _show_day(ticket.rescheduled.due) + " " + _("(still counted late)"))
    if ticket.completed is not None and ticket.completed >= moment:
        table.add_row(_("Completed"), _("not yet at {moment}").format(moment=moment_label(moment)))
    elif ticket.completed is not None and reasoning.due is not None:
        if reasoning.due.met_by(ticket.completed):
            verdict = Text(_("on time"), style="green")
        else:
            late = working_days_late(reasoning.due, ticket.completed, calendar)
            said = (
                _("late by {n} working days").format(n=late)
                if late
                else _("late, by less than a working day")  # done on the day off after its due
            )
            verdict = Text(said, style="bold red")
        table.add_row(_("Completed"), Text(_show_day(ticket.completed) + " — ") + verdict)
    elif ticket.completed is None and reasoning.due is not None:
        if reasoning.due.deadline >= moment:
            state = Text(_("in progress, on time at {moment}").format(moment=moment_label(moment)), style="green")
        else:
            late = working_days_late(reasoning.due, moment, calendar)
            state = Text(_("overdue by {n} working days").format(n=late), style="bold red")
        table.add_row(_("Status"), state)
    console.print(table)


_COLUMNS = (
    "received",
    "carried_over",
    "new",
    "processed",
    "processed_on_time",
    "processed_late",
    "not_processed",
    "in_progress",
    "in_progress_on_time",
    "in_progress_late",
)


# The CSV's headers for a person opening it in Excel under --lang vi (BM.ST.VP.04's words); the
# English names, which programs read, otherwise (and always in --format json).
_VI_HEADERS = (
    "nhóm", "tên", "tiếp nhận", "kỳ trước chuyển sang", "mới tiếp nhận", "đã xử lý", "đúng hạn", "trễ hạn",
    "không giải quyết", "đang giải quyết", "đang giải quyết trong hạn", "quá hạn", "tỷ lệ đúng hạn",
)  # fmt: skip


def _csv_headers(by: str) -> list[str]:
    from qmsctl.i18n import language

    if language() == "vi":
        return [label(by), *_VI_HEADERS]
    return [by, "group", "name", *_COLUMNS, "on_time_rate"]


def _cells(counts: "Counts") -> list[int]:
    return [getattr(counts, name) for name in _COLUMNS]


def _late(value: int) -> Text:
    return Text(str(value), style="bold red" if value else "")


def _table_row(table: Table, label: str, name: str, counts: "Counts", style: str = "") -> None:
    values = _cells(counts)
    cells: list[Text | str] = [label, name]
    for column, value in zip(_COLUMNS, values, strict=True):
        cells.append(_late(value) if column.endswith("_late") else str(value))
    cells.append(rate_text(counts.on_time_rate))
    table.add_row(*cells, style=style)


@command()
def stats(
    period: Annotated[str, typer.Option("--period", "-p", help="2025-03, 2025-Q1, 2025-H1, 2025 or A..B.")],
    by: Annotated[GroupBy, typer.Option("--by", help="Rows by procedure, unit or month.")] = GroupBy.procedure,
    group: Annotated[
        Optional[str], typer.Option("--group", help="Only lien-thong (I) or noi-bo (II); a name works too.")
    ] = None,
    unit: Annotated[
        Optional[str],
        typer.Option(
            "--unit",
            help="Only this unit's tickets: its code or name, diacritics optional.",
            autocompletion=offer("unit"),
        ),
    ] = None,
    procedure: Annotated[
        Optional[str],
        typer.Option(
            "--procedure", help="Only this procedure's tickets: its code or name.", autocompletion=offer("procedure")
        ),
    ] = None,
    as_of: AsOf = None,
    output_format: Annotated[StatsFormat, typer.Option("--format", help="text, json or csv.")] = StatsFormat.text,
    all_procedures: Annotated[
        bool, typer.Option("--all-procedures", help="Also list procedures with no ticket in scope.")
    ] = False,
    allow_incomplete: AllowIncomplete = False,
) -> None:
    """On-time figures of a period (BM.ST.VP.04): received, processed on time and late, in progress."""
    from dataclasses import replace

    from qmsctl.agency import remembered_figures
    from qmsctl.figures import Cut, parse_period
    from qmsctl.options import option_cut

    chosen = parse_period(period)
    cut = Cut(option_cut(as_of)) if as_of else Cut.now()
    reported = remembered_figures(
        records_root(), chosen, cut, by.value, (group, unit, procedure), all_procedures=all_procedures
    )
    warn_unread(reported.unread)
    figures = reported.figures
    if not vouch_complete(reported.incomplete, allow_incomplete):
        cut = replace(cut, incomplete=True)
        figures = replace(figures, cut=replace(figures.cut, incomplete=True))
    if output_format is StatsFormat.json:
        sys.stdout.write(json.dumps(figures.as_json(), ensure_ascii=False, indent=2) + "\n")
        return
    if output_format is StatsFormat.csv:
        from qmsctl.formulas import csv_cell

        writer = csv.writer(sys.stdout)
        writer.writerow(_csv_headers(by.value))
        for row in figures.rows:
            rate = row.counts.on_time_rate
            cells = [row.key, row.group or "", row.name, *_cells(row.counts), "" if rate is None else rate]
            writer.writerow([csv_cell(cell) for cell in cells])
        for name, counts in [*figures.groups.items(), ("all", figures.total)]:
            rate = counts.on_time_rate
            writer.writerow([name, name, "", *_cells(counts), "" if rate is None else rate])
        return
    p = figures.period
    table = Table(
        title=_("On-time figures {start} – {end}").format(start=_show_day(p.start), end=_show_day(p.end)),
        title_justify="left",
        caption=_cut_caption(chosen, cut),
        caption_justify="left",
    )
    table.add_column(label(by.value), no_wrap=True)
    table.add_column(_("name"), max_width=34, overflow="ellipsis", no_wrap=True, ratio=1)
    for header in (
        _("received"),
        _("carried over"),
        _("new"),
        _("processed"),
        _("on time"),
        _("late"),
        _("not processed"),
        _("in progress"),
        _("on time"),
        _("overdue"),
        _("on-time rate"),
    ):
        table.add_column(header, justify="right", min_width=min(max(len(header), 4), 9))
    for row in figures.rows:
        _table_row(table, row.key, row.name, row.counts)
    table.add_section()
    if by is GroupBy.procedure:
        _table_row(table, "I", _("Liên thông"), figures.groups["lien-thong"], "bold")
        _table_row(table, "II", _("Nội bộ"), figures.groups["noi-bo"], "bold")
    total_label = _("Total of the period") if by is GroupBy.month else _("Total")
    _table_row(table, "I + II", total_label, figures.total, "bold")
    console.print(table)


@command()
def objectives(
    period: Annotated[str, typer.Option("--period", "-p", help="2025-03, 2025-Q1, 2025-H1, 2025 or A..B.")],
    output_format: Annotated[StatsFormat, typer.Option("--format", help="text or json.")] = StatsFormat.text,
    as_of: AsOf = None,
    allow_incomplete: AllowIncomplete = False,
) -> None:
    """Quality objectives of the period: target, actual, met or not, per owner."""
    from qmsctl.catalog import METRIC_KINDS
    from qmsctl.figures import cut_json, parse_period
    from qmsctl.objectives import MET, NO_DATA, NOT_MET

    agency = open_reporting(as_of, counting=True, allow_incomplete=allow_incomplete)
    chosen = parse_period(period)
    agency.cut.check_begun(chosen)
    results = agency.objective_results(chosen)
    for result in results:
        metric = result.objective.metric
        if metric is not None and metric.kind not in METRIC_KINDS:
            err_console.print(
                _("Objective {n} of {owner} {year}: the metric kind {kind} is unknown").format(
                    n=result.number, owner=result.year.owner, year=result.year.year, kind=metric.kind
                ),
                style="yellow",
            )
        if result.target is None:
            err_console.print(
                _("Objective {n} of {owner} {year}: the target {target!r} cannot be read").format(
                    n=result.number, owner=result.year.owner, year=result.year.year, target=result.objective.target
                ),
                style="yellow",
            )
    if output_format is StatsFormat.json:
        data = [
            {
                "owner": r.year.owner,
                "year": r.year.year,
                "number": r.number,
                "text": r.objective.text,
                "target": r.objective.target,
                "metric": r.objective.metric.model_dump() if r.objective.metric else None,
                "actual": r.actual,
                "status": r.status,
                **({"parts": [{"period": p, "actual": v, "status": st} for p, v, st in r.parts]} if r.parts else {}),
            }
            for r in results
        ]
        sys.stdout.write(
            json.dumps(
                {
                    "period": chosen.as_json(),
                    "as_of": cut_json(agency.cut.of(chosen)),
                    "complete": not agency.cut.incomplete,
                    "objectives": data,
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
        return
    from qmsctl.targets import target_text

    table = Table(
        title=_("Quality objectives {period}").format(period=chosen.label),
        title_justify="left",
        caption=_cut_caption(chosen, agency.cut),
        caption_justify="left",
    )
    for header in (_("owner"), "#", _("objective"), _("target"), _("actual"), _("result")):
        table.add_column(header)
    labels = {
        MET: Text(_("met"), style="green"),
        NOT_MET: Text(_("not met"), style="bold red"),
        NO_DATA: Text(_("no data"), style="yellow"),
    }
    for r in results:
        if r.actual is None:
            actual = "—"
        elif r.is_rate:
            actual = rate_text(r.actual)
        else:
            actual = f"{r.actual:g}"
        table.add_row(
            r.year.owner,
            str(r.number),
            r.objective.text,
            target_text(r.objective.target),
            actual,
            labels.get(r.status, Text(_("not measured"), style="dim")),
        )
    console.print(table)


@command()
def report(
    period: Annotated[str, typer.Option("--period", "-p", help="2025-03, 2025-Q1, 2025-H1, 2025 or A..B.")],
    output: Annotated[str, typer.Option("-o", "--output", help="The HTML file to write (bao-cao.html).")],
    as_of: AsOf = None,
    allow_incomplete: AllowIncomplete = False,
) -> None:
    """The leaders' report: one self-contained HTML page with the headline rates, charts and the
    late dossiers, in Vietnamese, for the briefing, A4 print or a phone."""
    from pathlib import Path

    from qmsctl.charts import Charts
    from qmsctl.figures import parse_period
    from qmsctl.options import option_cut
    from qmsctl.report import render_report
    from qmsctl.store import write_output

    # Wrong input is told at once, before the renderer's process is started (and waited for).
    chosen = parse_period(period)
    if as_of:
        option_cut(as_of)
    records_root()
    from qmsctl.extras import require

    require("report", "altair", "vl_convert")  # the charts' engines, an extra of their own
    with Charts(early=True) as charts:  # the renderer starts on the other processor
        agency = open_reporting(as_of, counting=True, allow_incomplete=allow_incomplete)
        page = render_report(agency, chosen, charts)

    def write(path: Path) -> None:
        path.write_text(page, encoding="utf-8")

    write_output(Path(output), write)
    console.print(_("wrote {path}").format(path=output))
