"""What the commands that change records share: asking for missing values, reading
dates from options, running the edit and showing what it did."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.prompt import Prompt

from qmsctl import options
from qmsctl.cli.app import PER_COMMAND, console, err_console, records_root
from qmsctl.findings import UserError
from qmsctl.i18n import _

if TYPE_CHECKING:
    from qmsctl.edits import Editor
    from qmsctl.records.load import Records

DryRun = Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")]
OnDay = Annotated[Optional[str], typer.Option("--date", help="The day it was done, YYYY-MM-DD (default: today).")]
At = Annotated[Optional[str], typer.Option("--at", help="When, YYYY-MM-DD HH:MM (default: now).")]
By = Annotated[Optional[str], typer.Option("--by", help="Who did it (name).")]


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@cache
def folder_records() -> Records:
    """The folder as it is, but its tickets, for the choices offered when asking (read once,
    before the lock)."""
    from qmsctl.records.load import load_records

    return load_records(records_root(), without_tickets=True)


PER_COMMAND.append(folder_records.cache_clear)


def ask(
    value: Optional[str],
    option: str,
    label: str,
    choices: Callable[[], Sequence[str]] | None = None,
    *,
    exact: bool = False,
) -> str:
    """The option's value; in a terminal, asked for when missing (with the known values listed).
    A name or a code is trimmed; `exact` free text is kept as typed (only blank is missing)."""
    if value is not None and value.strip():
        return value if exact else value.strip()
    if not interactive():
        raise UserError(
            "E807", _("{option} is missing").format(option=option), hint=_("Give {option} VALUE.").format(option=option)
        )
    known = list(choices()) if choices else []
    if known:
        console.print(", ".join(known), style="dim")
    answer = Prompt.ask(label, console=console)
    if not answer.strip():
        raise UserError("E807", _("{option} is missing").format(option=option))
    return answer.strip()


def choose(value: Optional[str], option: str, label: str, choices: Callable[[], dict[str, str]]) -> str:
    """A code among `choices` (code -> name), typed as the code in any case or the name, whole
    or its end, with or without diacritics. In a terminal a missing or unknown value is asked
    for, the known ones shown with their names, and asked again until it names one."""
    from qmsctl.agency import match_choice

    if value is not None and value.strip():
        try:
            return match_choice(value.strip(), choices(), option)
        except UserError as error:
            if not interactive():
                raise
            err_console.print(str(error), style="red")
    elif not interactive():
        raise UserError(
            "E807", _("{option} is missing").format(option=option), hint=_("Give {option} VALUE.").format(option=option)
        )
    known = choices()
    if known:
        console.print("; ".join(f"{code} ({name})" for code, name in sorted(known.items())), style="dim")
    while True:
        answer = Prompt.ask(label, console=console).strip()
        if not answer:
            raise UserError("E807", _("{option} is missing").format(option=option))
        try:
            return match_choice(answer, known, option)
        except UserError as error:
            err_console.print(str(error), style="red")


def unit_names() -> dict[str, str]:
    return {s.model.code: s.model.name for s in folder_records().units}


def procedure_names() -> dict[str, str]:
    return {s.model.code: s.model.name for s in folder_records().procedures}


def units() -> list[str]:
    return sorted(unit_names())


def people() -> list[str]:
    """Names that appear in the records: unit heads, the head, the ISO secretary, action steps."""
    records = folder_records()
    names = {s.model.head for s in records.units if s.model.head}
    if records.profile:
        names |= {p.name for p in (records.profile.model.head, records.profile.model.iso_secretary) if p}
    for s in records.actions:
        a = s.model
        names |= {x.by for x in (a.request, a.need, a.assignment, a.verification, a.closure) if x}
    return sorted(names)


def day(value: Optional[str], option: str = "--date") -> date:
    """A date option; today (the agency's) when it is not given."""
    return options.today() if value is None else options.option_day(value, option)


def optional_day(value: Optional[str], option: str) -> date | None:
    return None if value is None else day(value, option)


def moment(value: Optional[str], option: str = "--at") -> datetime:
    """A time option; now (the agency's) when it is not given."""
    return options.clock_now() if value is None else options.option_moment(value, option)


def run(edit: Callable[[Editor], str], subject: str, dry_run: bool, tickets: bool = True, facts: bool = False) -> None:
    """Apply the edit under the folder's lock and say what it did (or would do); `tickets=False`
    for an edit that neither reads nor writes tickets, `facts` for one that changes tickets only
    (see `apply_edit`)."""
    from qmsctl.edits import apply_edit

    outcome = apply_edit(records_root(), edit, dry_run=dry_run, tickets=tickets, facts=facts)
    if dry_run:
        if outcome.diff:
            from rich.syntax import Syntax

            console.print(Syntax(outcome.diff, "diff", theme="ansi_dark", background_color="default"))
        err_console.print(
            _("{subject}: {what} (dry run, nothing written)").format(subject=subject, what=outcome.message)
        )
    else:
        console.print(
            _("{subject}: {what} — wrote {files}").format(
                subject=subject, what=outcome.message, files=", ".join(outcome.files) or _("nothing")
            )
        )
    for note in outcome.notes:
        err_console.print(note, markup=False)
