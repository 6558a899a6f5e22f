"""The agency's set-up as commands: units, procedures, next year's calendar, the quality
policy. Each goes through the same safe write path as every edit (`apply_edit`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from qmsctl.edits import Editor, file_code, refuse, set_in_order
from qmsctl.i18n import _
from qmsctl.records.models import Procedure
from qmsctl.records.roundtrip import block, flow, new_text, sequence
from qmsctl.records.values import FIRST_YEAR

UNITS_FILE = "units.yaml"
UNIT_ORDER = ["code", "name", "block", "head"]
PROCEDURE_ORDER = ["code", "name", "group", "unit", "duration", "on_supplement", "document"]
POLICY_ORDER = ["commitments", "signer"]
PROFILE_ORDER = ["agency", "head", "iso_secretary", "standard", "motto", "policy", "exclusions", "calendar"]


def add_unit(editor: Editor, code: str, name: str, unit_block: str, head: str | None) -> str:
    file_code(code)  # a unit's objectives are objectives/YYYY-CODE.yaml
    if code in editor.agency.units:
        raise refuse(_("Unit {code} already exists").format(code=code), _("Rename it with qmsctl unit rename."))
    unit = flow({k: v for k, v in (("code", code), ("name", name), ("block", unit_block), ("head", head)) if v})
    if (editor.root / UNITS_FILE).exists():
        units = editor.yaml(UNITS_FILE).data
        if units is None:
            editor.create_text(UNITS_FILE, new_text(sequence([unit])))
        else:
            from qmsctl.records.roundtrip import append

            append(units, unit)
    else:
        editor.create(UNITS_FILE, sequence([unit]), "unit")
    return _("unit {code} added").format(code=code)


def rename_unit(editor: Editor, code: str, name: str | None, head: str | None) -> str:
    found = next((s for s in editor.records.units if s.model.code == code), None)
    if found is None:
        raise refuse(
            _("There is no unit {code}").format(code=code),
            _("Known: {codes}").format(codes=", ".join(sorted(editor.agency.units)) or "—"),
        )
    node = editor.node(found)
    for key, value in (("name", name), ("head", head)):
        if value:
            set_in_order(node, key, value, UNIT_ORDER)
    return _("unit {code} changed").format(code=code)


@dataclass
class ProcedureFields:
    name: str | None = None
    group: str | None = None
    unit: str | None = None
    duration: dict[str, Any] | None = None  # exactly one of working_days, working_hours, calendar_days
    on_supplement: str | None = None
    in_force: date | None = None  # the day a new duration takes effect (a decree's)
    correct: bool = False  # the duration was mistyped: replaced, every dossier judged again


def procedure_file(code: str) -> str:
    return f"procedures/{file_code(code)}.yaml"


def add_procedure(editor: Editor, code: str, fields: ProcedureFields) -> str:
    if code in editor.agency.procedures:
        raise refuse(_("Procedure {code} already exists").format(code=code), _("Change it with qmsctl procedure edit."))
    data = block(
        {
            k: v
            for k, v in (
                ("code", code),
                ("name", fields.name),
                ("group", fields.group),
                ("unit", fields.unit),
                ("duration", flow(fields.duration) if fields.duration else None),
                ("on_supplement", fields.on_supplement or "extend"),
            )
            if v is not None
        }
    )
    editor.create(procedure_file(code), data, "procedure")
    return _("procedure {code} added").format(code=code)


def edit_procedure(editor: Editor, code: str, fields: ProcedureFields) -> str:
    found = next((s for s in editor.records.procedures if s.model.code == code), None)
    if found is None:
        raise refuse(
            _("There is no procedure {code}").format(code=code),
            _("Add it with qmsctl procedure add."),
        )
    node = editor.node(found)
    for key, value in (
        ("name", fields.name),
        ("group", fields.group),
        ("unit", fields.unit),
        ("duration", _new_duration(editor, found.model, fields) if fields.duration else None),
        ("on_supplement", fields.on_supplement),
    ):
        if value is not None:
            set_in_order(node, key, value, PROCEDURE_ORDER)
    return _("procedure {code} changed").format(code=code)


def _new_duration(editor: Editor, procedure: Procedure, fields: ProcedureFields) -> Any:
    """The procedure's duration after the change (docs/rules.md 3.9): a new entry in force from
    the day given, the dossiers received before it judged as they were; or, to correct a typing
    error, the duration replaced. Neither said, for a procedure with dossiers: refused, since
    every one would be judged again (a procedure without any is set as it is)."""
    assert fields.duration is not None
    judged = any(t.procedure == procedure.code for t in editor.agency.tickets)
    if fields.correct or (fields.in_force is None and not judged):
        return flow(fields.duration)
    if fields.in_force is None:
        raise refuse(
            _("A new duration would judge every dossier of {code} again").format(code=procedure.code),
            _("Give --from DATE, the day the new duration takes effect (a decree's), or --correct for a typing error."),
        )
    current = procedure.duration
    if isinstance(current, list):
        entries = [{"from": e.in_force, **e.model_dump(exclude={"in_force"}, exclude_none=True)} for e in current]
    else:  # the one duration so far: in force from the first day the records know
        entries = [{"from": date(FIRST_YEAR, 1, 1), **current.model_dump(exclude_none=True)}]
    if any(entry["from"] == fields.in_force for entry in entries):
        raise refuse(
            _("{code} already has a duration in force from {day}").format(
                code=procedure.code, day=fields.in_force.strftime("%d/%m/%Y")
            ),
            _("Give another day, or --correct to replace the duration."),
        )
    entries.append({"from": fields.in_force, **fields.duration})
    return sequence([flow(entry) for entry in sorted(entries, key=lambda e: e["from"])])


def add_calendar(editor: Editor, year: int) -> str:
    from qmsctl.founding import calendar_text

    editor.create_text(f"calendar/{year}.yaml", calendar_text(year))
    return _("calendar {year} added: confirm its days off and add the year's swaps").format(year=year)


def set_policy(
    editor: Editor, commitments: list[str], signer: str | None, signer_title: str | None, motto: str | None
) -> str:
    if editor.records.profile is None:
        raise refuse(_("The folder has no qms.yaml (the agency profile)"), _("Create it with qmsctl init."))
    profile = editor.node(editor.records.profile)
    if motto:
        set_in_order(profile, "motto", motto, PROFILE_ORDER)
    if commitments or signer:
        if profile.get("policy") is None:
            set_in_order(profile, "policy", block({}), PROFILE_ORDER)
        policy = profile["policy"]
        if commitments:
            set_in_order(policy, "commitments", sequence(commitments), POLICY_ORDER)
        if signer:
            person = {"name": signer, **({"title": signer_title} if signer_title else {})}
            set_in_order(policy, "signer", flow(person), POLICY_ORDER)
    return _("quality policy set")
