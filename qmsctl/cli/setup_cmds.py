"""A new agency's first day: init, and its set-up as commands (unit, procedure, calendar, policy)."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from qmsctl.cli.app import command, command_group, console, err_console
from qmsctl.cli.completion import offer
from qmsctl.cli.editing import DryRun, choose, day, interactive, run, unit_names
from qmsctl.findings import UserError
from qmsctl.i18n import _

if TYPE_CHECKING:
    from qmsctl.edits import Editor
    from qmsctl.edits.organisation import ProcedureFields

BLOCKS = {"tham-muu": "Khối tham mưu", "hanh-chinh": "Khối hành chính", "su-nghiep": "Đơn vị sự nghiệp"}
GROUPS = {"lien-thong": "Liên thông", "noi-bo": "Nội bộ"}
ROMAN = {"I": "lien-thong", "II": "noi-bo"}  # BM.ST.VP.04's groups I and II
SUPPLEMENT = {"extend": "Cộng thêm thời gian chờ bổ sung", "restart": "Tính lại từ đầu"}

unit_app = command_group("unit", _("The agency's units (units.yaml): add, rename."))
procedure_app = command_group("procedure", _("Procedures and their legal time limits: add, edit."))
calendar_app = command_group("calendar", _("A year's calendar file: add."))
policy_app = command_group("policy", _("The quality policy (BM.ST.VP.01): set."))


def _prompt(
    label: str, default: str | None = None, check: Callable[[str], object] | None = None, optional: bool = False
) -> str:
    """An answer typed in the terminal, asked again (saying what is allowed) until `check` takes
    it; nothing typed before is lost. `optional`: an empty answer is kept as none."""
    from rich.prompt import Prompt

    while True:
        answer = (Prompt.ask(label, console=console, default=default, show_default=default is not None) or "").strip()
        if not answer:
            if optional:
                return ""
            continue
        if check is None:
            return answer
        try:
            check(answer)
        except (ValueError, UserError) as error:
            err_console.print(str(error).splitlines()[0], style="red")
            continue
        return answer


def _check_hours(text: str) -> None:
    from qmsctl.records.models import CalendarSettings

    try:
        CalendarSettings.model_validate({"hours": [h.strip() for h in text.split(",")]})
    except ValueError:
        raise ValueError(_("Write the windows of working hours like 07:00-11:30,13:30-17:00")) from None


def _check_clock(text: str) -> None:
    from qmsctl.records.values import parse_clock

    try:
        parse_clock(text)
    except ValueError:
        raise ValueError(_("Write a time of day like 16:00")) from None


def _unit_option(text: str) -> dict[str, str]:
    """`CODE=Name[=block[=head]]`."""
    parts = [p.strip() for p in text.split("=")]
    if len(parts) < 2 or not all(parts[:2]):
        raise UserError("U041", _("--unit {value}: write CODE=Name, e.g. HCTC=Phòng Hành chính").format(value=text))
    unit = {"code": parts[0], "name": parts[1], "block": parts[2] if len(parts) > 2 and parts[2] else "tham-muu"}
    if len(parts) > 3 and parts[3]:
        unit["head"] = parts[3]
    return unit


# The option of `init` that sets each answer (a wrong or missing one names it).
OPTION_OF = {
    "agency.name": "--name",
    "agency.parent": "--parent",
    "agency.short": "--short",
    "agency.place": "--place",
    "head.name": "--head",
    "head.title": "--head-title",
    "iso_secretary.name": "--secretary",
    "iso_secretary.title": "--secretary-title",
    "units": "--unit",
    "hours": "--hours",
    "cutoff": "--cutoff",
    "year": "--year",
}


@command("init")
def init(
    folder: Annotated[Path, typer.Argument(help="The new records folder (default: here).")] = Path("."),
    answers_file: Annotated[
        Optional[Path], typer.Option("--from", help="The answers in a YAML file (the options win over it).")
    ] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="The agency's full name.")] = None,
    parent: Annotated[Optional[str], typer.Option("--parent", help="The body above it (cơ quan chủ quản).")] = None,
    short: Annotated[Optional[str], typer.Option("--short", help="Its short name (VPUB, UBND-P1).")] = None,
    place: Annotated[Optional[str], typer.Option("--place", help="Where its documents are signed (Cần Thơ).")] = None,
    head: Annotated[Optional[str], typer.Option("--head", help="The head's name.")] = None,
    head_title: Annotated[Optional[str], typer.Option("--head-title", help="The head's title.")] = None,
    secretary: Annotated[Optional[str], typer.Option("--secretary", help="The ISO secretary's name.")] = None,
    secretary_title: Annotated[
        Optional[str], typer.Option("--secretary-title", help="The ISO secretary's title.")
    ] = None,
    units: Annotated[
        Optional[list[str]], typer.Option("--unit", help="A unit: CODE=Name[=block[=head]] (repeat it).")
    ] = None,
    hours: Annotated[
        Optional[str], typer.Option("--hours", help="Working hours, e.g. 07:00-11:30,13:30-17:00.")
    ] = None,
    cutoff: Annotated[
        Optional[str], typer.Option("--cutoff", help="Receipts after this time count from the next working day.")
    ] = None,
    year: Annotated[
        Optional[int], typer.Option("--year", help="The calendar year to write (default: this year).")
    ] = None,
    no_git: Annotated[bool, typer.Option("--no-git", help="Do not run git init and the first commit.")] = False,
) -> None:
    """Start a new agency's records folder: profile, units, this year's calendar, schemas, git."""
    from qmsctl import options
    from qmsctl.founding import answers_from_file, create_folder, holds_records, others_files, validated_answers

    if folder.exists() and folder.is_dir() and holds_records(folder):
        raise UserError(
            "U040",
            _("{path} already holds records: init writes only into a new or empty folder").format(path=folder),
            hint=_("Change the records with the other commands (unit add, procedure add, policy set ...)."),
        )
    if folder.is_dir() and (found := others_files(folder)):  # told before any question is asked
        raise UserError(
            "U040",
            _("{path} is not empty ({names}): init writes only into a new or empty folder").format(
                path=folder, names=", ".join(found[:5]) + (" …" if len(found) > 5 else "")
            ),
            hint=_("Give a new folder's name (it is made), or move those files elsewhere first."),
        )
    data, text = answers_from_file(answers_file) if answers_file else ({}, None)
    agency = dict(data.get("agency") or {})
    for key, value in (("name", name), ("parent", parent), ("short", short), ("place", place)):
        if value:
            agency[key] = value
    data["agency"] = agency
    for key, person, title in (("head", head, head_title), ("iso_secretary", secretary, secretary_title)):
        given = dict(data.get(key) or {})
        if person:
            given["name"] = person
        if title:
            given["title"] = title
        data[key] = given
    if units:
        data["units"] = [_unit_option(u) for u in units]
    if hours:
        data["hours"] = [h.strip() for h in hours.split(",") if h.strip()]
    if cutoff:
        data["cutoff"] = cutoff
    if year:
        data["year"] = year
    if interactive():
        _ask_missing(data)
    source = str(answers_file) if answers_file else "init"
    answers = validated_answers(data, source, text, OPTION_OF)
    if interactive():
        from rich.prompt import Confirm

        console.print("\n".join(_summary(answers)))
        if not Confirm.ask(_("Write these records?"), console=console, default=True):
            err_console.print(_("Nothing was written."))
            raise typer.Exit(1)
    from qmsctl.founding import repository_top

    top = None if no_git else repository_top(folder)
    written = create_folder(folder, answers, options.today(), git=not no_git)
    for file in written:
        console.print(_("wrote {path}").format(path=folder / file))
    if top is not None and top != folder.resolve():
        inner = folder.resolve().relative_to(top).as_posix()
        console.print(
            _(
                "The folder is inside the git repository {top}: pre-commit reads its configuration there "
                "only. Add qmsctl's hooks to {top}/.pre-commit-config.yaml with files: ^{inner}/ (docs/ci.md)."
            ).format(top=top, inner=inner)
        )
    console.print(
        _("The records of {agency} are ready. Next: qmsctl procedure add, then qmsctl check.").format(
            agency=answers.agency.name
        )
    )


def _ask_missing(data: dict[str, Any]) -> None:
    """Ask, in the terminal, for what neither the options nor the file gave."""
    agency = data["agency"]
    for key, label in (
        ("name", _("Agency's full name")),
        ("parent", _("The body above it")),
        ("short", _("Short name")),
        ("place", _("Place (where documents are signed)")),
    ):
        if not agency.get(key):
            agency[key] = _prompt(label)
    for key, label in (("head", _("Head")), ("iso_secretary", _("ISO secretary"))):
        if not data[key].get("name"):
            data[key]["name"] = _prompt(_("{who}: name").format(who=label))
            data[key]["title"] = _prompt(_("{who}: title").format(who=label))
    if not data.get("units"):
        data["units"] = []
        console.print(_("Units: the code and name of each; an empty code ends the list."))
        while True:
            from rich.prompt import Prompt

            code = (
                Prompt.ask(_("Unit code (empty to finish)"), console=console, default="", show_default=False) or ""
            ).strip()
            if not code:
                if data["units"]:
                    break
                continue
            unit_name = _prompt(_("Unit name"))
            block = _match_or_ask(None, "--block", _("Block"), BLOCKS)
            unit = {"code": code, "name": unit_name, "block": block}
            if head := _prompt(_("Head of the unit (may be left empty)"), optional=True):
                unit["head"] = head
            data["units"].append(unit)
    if not data.get("hours"):
        typed = _prompt(_("Working hours"), "07:00-11:30,13:30-17:00", check=_check_hours)
        data["hours"] = [h.strip() for h in typed.split(",")]
    if not data.get("cutoff"):
        cutoff = _prompt(_("Cutoff: a dossier received after it counts from the next working day (may be left empty)"),
                         optional=True, check=_check_clock)  # fmt: skip
        if cutoff:
            data["cutoff"] = cutoff


def _summary(answers: Any) -> list[str]:
    """What init is about to write, for the person at the terminal to confirm."""
    lines = [
        f"{answers.agency.name} ({answers.agency.short}), {answers.agency.place}",
        _("Head: {name}").format(name=answers.head.name if answers.head else "—"),
        _("ISO secretary: {name}").format(name=answers.iso_secretary.name if answers.iso_secretary else "—"),
        _("Working hours: {hours}; cutoff: {cutoff}").format(
            hours=", ".join(answers.hours), cutoff=answers.cutoff or "—"
        ),
    ]
    lines += [f"  {u.code}: {u.name} ({BLOCKS.get(u.block, u.block)})" for u in answers.units]
    return lines


def _match_or_ask(value: Optional[str], option: str, label: str, choices: dict[str, str]) -> str:
    return choose(value, option, label, lambda: choices)


# --- units ----------------------------------------------------------------------------------


@command("add", group=unit_app)
def unit_add(
    code: Annotated[str, typer.Argument(help="The unit's code (HCTC).")],
    name: Annotated[Optional[str], typer.Option("--name", help="Its name (Phòng Hành chính - Tổ chức).")] = None,
    block: Annotated[
        Optional[str], typer.Option("--block", help="tham-muu, hanh-chinh or su-nghiep (a name works too).")
    ] = None,
    head: Annotated[Optional[str], typer.Option("--head", help="Its head's name.")] = None,
    dry_run: DryRun = False,
) -> None:
    """Add a unit."""
    from qmsctl.cli.editing import ask
    from qmsctl.edits import organisation

    unit_name = ask(name, "--name", _("Unit name"))
    chosen = _match_or_ask(block or ("tham-muu" if not interactive() else None), "--block", _("Block"), BLOCKS)
    run(lambda e: organisation.add_unit(e, code, unit_name, chosen, head), code, dry_run, tickets=False)


@command("rename", group=unit_app)
def unit_rename(
    code: Annotated[str, typer.Argument(help="The unit's code.", autocompletion=offer("unit"))],
    name: Annotated[Optional[str], typer.Option("--name", help="Its new name.")] = None,
    head: Annotated[Optional[str], typer.Option("--head", help="Its new head.")] = None,
    dry_run: DryRun = False,
) -> None:
    """Give a unit a new name (or a new head); its code, which records cite, stays."""
    from qmsctl.edits import organisation

    if not name and not head:
        raise UserError("E807", _("Give --name or --head"))
    chosen = choose(code, "CODE", _("Unit"), unit_names)
    run(lambda e: organisation.rename_unit(e, chosen, name, head), chosen, dry_run, tickets=False)


# --- procedures -----------------------------------------------------------------------------

Name = Annotated[Optional[str], typer.Option("--name", help="The procedure's name.")]
Group = Annotated[Optional[str], typer.Option("--group", help="lien-thong (I) or noi-bo (II); a name works too.")]
UnitOption = Annotated[
    Optional[str], typer.Option("--unit", help="The unit in charge: its code or name.", autocompletion=offer("unit"))
]
WorkingDays = Annotated[Optional[int], typer.Option("--working-days", help="Time limit in working days.")]
WorkingHours = Annotated[Optional[float], typer.Option("--working-hours", help="Time limit in working hours.")]
CalendarDays = Annotated[Optional[int], typer.Option("--calendar-days", help="Time limit in calendar days.")]
OnSupplement = Annotated[
    Optional[str], typer.Option("--on-supplement", help="extend (the wait is added) or restart (counted again).")
]


def _fields(
    name: Optional[str],
    group: Optional[str],
    unit: Optional[str],
    days: Optional[int],
    hours: Optional[float],
    calendar_days: Optional[int],
    on_supplement: Optional[str],
) -> "ProcedureFields":
    from qmsctl.agency import match_choice
    from qmsctl.edits.organisation import ProcedureFields

    limits = {
        key: value
        for key, value in (("working_days", days), ("working_hours", hours), ("calendar_days", calendar_days))
        if value is not None
    }
    if len(limits) > 1:
        raise UserError("U041", _("Give one time limit: --working-days, --working-hours or --calendar-days"))
    return ProcedureFields(
        name=name,
        group=(ROMAN.get(group.strip().upper()) or match_choice(group, GROUPS, "--group")) if group else None,
        unit=choose(unit, "--unit", _("Unit"), unit_names) if unit else None,
        duration=limits or None,
        on_supplement=match_choice(on_supplement, SUPPLEMENT, "--on-supplement") if on_supplement else None,
    )


@command("add", group=procedure_app)
def procedure_add(
    code: Annotated[str, typer.Argument(help="The procedure's code (QT.HCTC.01).")],
    name: Name = None,
    group: Group = None,
    unit: UnitOption = None,
    working_days: WorkingDays = None,
    working_hours: WorkingHours = None,
    calendar_days: CalendarDays = None,
    on_supplement: OnSupplement = None,
    dry_run: DryRun = False,
) -> None:
    """Add a procedure with its legal time limit."""
    from qmsctl.cli.editing import ask
    from qmsctl.edits import organisation

    fields = _fields(name, group, unit, working_days, working_hours, calendar_days, on_supplement)
    fields.name = ask(fields.name, "--name", _("Procedure name"))
    fields.group = fields.group or choose(None, "--group", _("Group"), lambda: GROUPS)
    fields.unit = fields.unit or choose(None, "--unit", _("Unit"), unit_names)
    if fields.duration is None and interactive():
        limit = _prompt(_("Time limit (15 ngày làm việc, 8 giờ làm việc, 30 ngày)"), check=time_limit)
        fields.duration = time_limit(limit)
    if fields.duration is None:
        raise UserError("E807", _("Give the time limit: --working-days, --working-hours or --calendar-days"))
    run(lambda e: organisation.add_procedure(e, code, fields), code, dry_run, tickets=False)


def time_limit(text: str) -> dict[str, Any]:
    """'15 ngày làm việc', '8 giờ làm việc', '30 ngày' (calendar days), or a bare number of working days."""
    import re

    from unidecode import unidecode

    match = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*([a-z ]*)", " ".join(unidecode(text).casefold().split()))
    number = match.group(1).replace(",", ".") if match else ""
    words = match.group(2).strip() if match else ""
    if match and words in ("", "ngay lam viec", "working days") and number.isdigit():
        return {"working_days": int(number)}
    if match and words in ("gio lam viec", "gio", "working hours", "hours") and float(number) > 0:
        return {"working_hours": float(number)}
    if match and words in ("ngay", "calendar days", "days") and number.isdigit() and int(number) > 0:
        return {"calendar_days": int(number)}
    raise ValueError(_("Write the time limit like 15 ngày làm việc, 8 giờ làm việc or 30 ngày"))


@command("edit", group=procedure_app)
def procedure_edit(
    code: Annotated[str, typer.Argument(help="The procedure's code.", autocompletion=offer("procedure"))],
    name: Name = None,
    group: Group = None,
    unit: UnitOption = None,
    working_days: WorkingDays = None,
    working_hours: WorkingHours = None,
    calendar_days: CalendarDays = None,
    on_supplement: OnSupplement = None,
    in_force: Annotated[
        Optional[str],
        typer.Option(
            "--from", help="The day a new time limit takes effect (a decree's): earlier dossiers keep theirs."
        ),
    ] = None,
    correct: Annotated[
        bool, typer.Option("--correct", help="The time limit was mistyped: replace it, judging every dossier again.")
    ] = False,
    dry_run: DryRun = False,
) -> None:
    """Change a procedure: only what is given changes. A new time limit takes --from a day
    (a decree's), or --correct replaces a mistyped one."""
    from qmsctl.edits import organisation

    fields = _fields(name, group, unit, working_days, working_hours, calendar_days, on_supplement)
    fields.in_force = day(in_force, "--from") if in_force else None
    fields.correct = correct
    run(lambda e: organisation.edit_procedure(e, code, fields), code, dry_run)


# --- calendar, policy -----------------------------------------------------------------------


@command("add", group=calendar_app)
def calendar_add(
    year: Annotated[int, typer.Argument(help="The year (default: next year).")] = 0,
    dry_run: DryRun = False,
) -> None:
    """Write calendar/YEAR.yaml with the statutory days off listed, for the year's swaps to be added."""
    from qmsctl import options
    from qmsctl.edits import organisation
    from qmsctl.records.values import FIRST_YEAR, LAST_YEAR

    chosen = year or options.today().year + 1
    if not FIRST_YEAR <= chosen <= LAST_YEAR:
        raise UserError(
            "U041", _("The year must be between {first} and {last}").format(first=FIRST_YEAR, last=LAST_YEAR)
        )
    run(lambda e: organisation.add_calendar(e, chosen), str(chosen), dry_run)


@command("set", group=policy_app)
def policy_set(
    commitments: Annotated[
        Optional[list[str]], typer.Option("--commitment", help="A commitment of the policy (repeat it, in order).")
    ] = None,
    signer: Annotated[Optional[str], typer.Option("--signer", help="Who signs the policy.")] = None,
    signer_title: Annotated[Optional[str], typer.Option("--signer-title", help="The signer's title.")] = None,
    motto: Annotated[Optional[str], typer.Option("--motto", help="The quality motto (phương châm).")] = None,
    dry_run: DryRun = False,
) -> None:
    """Set the quality policy: its commitments (they replace the old ones), its signer, the motto."""
    from qmsctl.edits import organisation

    if not commitments and not signer and not motto:
        raise UserError("E807", _("Give --commitment, --signer or --motto"))

    def edit(editor: "Editor") -> str:
        return organisation.set_policy(editor, commitments or [], signer, signer_title, motto)

    run(edit, _("policy"), dry_run, tickets=False)
