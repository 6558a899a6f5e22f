"""How one one-stop system's export maps to tickets: records/imports/NAME.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.personal import label, personal_header
from qmsctl.records.positions import position
from qmsctl.records.text import RecordLoader, TextProblem, decode, parse_yaml
from qmsctl.records.validation import findings_from_validation

# Ticket fields a column may fill, and the export's own verdict for reconciliation.
ColumnField = Literal[
    "id", "kind", "procedure", "unit", "received", "due", "completed", "status", "subject", "sender", "on_time",
    # A pause for supplements (yêu cầu bổ sung): its start, end and reason.
    "pause_from", "pause_to", "pause_reason",
    # The day the status was set: the result date of a dossier returned or withdrawn without one.
    "status_date",
]  # fmt: skip
# `paused`: waiting for the applicant's supplement (the pause starts at `pause_from`).
Outcome = Literal["done", "returned", "withdrawn", "in-progress", "paused"]


class StatusMeaning(BaseModel):
    """A status word that says both the outcome and the verdict ("Trễ hạn": done, late)."""

    model_config = ConfigDict(extra="forbid")
    outcome: Outcome
    on_time: bool | None = None


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1)]
    sheet: str | None = None  # XLSX: the sheet's name; default the first
    header_row: int | None = Field(default=None, ge=1)  # default: the first row naming the id column
    delimiter: str | None = None  # CSV: default guessed
    encoding: str | None = None  # CSV: default UTF-8; cp1258 or utf-16 for older Excel "CSV" saves
    kind: Literal["dossier", "letter"] = "dossier"
    columns: dict[ColumnField, str]  # field -> column header, or column letter (A, B, … AA)
    statuses: dict[str, Outcome | StatusMeaning] = {}
    on_time_words: dict[str, bool] = {}
    # Names an export gives procedures, each to the code of the procedure it means.
    aliases: dict[str, str] = {}
    date_formats: list[str] = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


def mapping_path(root: Path, name: str) -> Path:
    return root / "imports" / f"{name}.yaml"


def load_mapping(root: Path, name: str) -> Mapping:
    """The mapping, or a UserError naming its file, line and field."""
    path = mapping_path(root, name)
    file = f"imports/{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in (root / "imports").glob("*.yaml"))
        raise UserError(
            "I901",
            _("There is no import mapping {name}").format(name=name),
            file,
            hint=_("Mappings: {names}").format(names=", ".join(known) or "—"),
        )
    try:
        text = decode(path.read_bytes())
        data, _duplicates = parse_yaml(text)
    except TextProblem as problem:
        raise UserError(problem.code, problem.message, file, problem.line, problem.column, problem.hint) from None
    try:
        mapping = Mapping.model_validate(data)
    except ValidationError as error:
        first = findings_from_validation(error, Mapping, file, ())[0]
        line, column = position(yaml.compose(text, Loader=RecordLoader), first.loc)
        raise UserError(first.code, first.message, file, line, column, first.hint) from None
    for field, column in mapping.columns.items():
        what = personal_header(column)
        if what:
            raise UserError(
                "I902",
                _("Column '{column}' holds personal data ({what}) and is never imported").format(
                    column=column, what=label(what)
                ),
                file,
                position(yaml.compose(text, Loader=RecordLoader), ("columns", field))[0],
                hint=_("Nghị định 13/2023/NĐ-CP: remove '{field}: {column}' from the mapping.").format(
                    field=field, column=column
                ),
            )
    for required in ("id", "procedure", "received"):
        if required not in mapping.columns:
            raise UserError(
                "I903",
                _("The mapping has no column for '{field}'").format(field=required),
                file,
                hint=_("Every ticket needs id, procedure and received."),
            )
    return mapping
