"""The record kinds of the records folder (docs/records.md), one table: where each kind lives,
its model, how its file holds it, what names a record and in which order kinds are shown.

Loading, the JSON schemas, the pairing of two versions, the semantic diff and the checks read
this table; nothing else lists the kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from qmsctl.records import models


class Shape(Enum):
    """How a file holds the records of its kind."""

    ONE = "one"  # a mapping: one record a file
    LIST = "list"  # a list of records (units.yaml)
    EITHER = "either"  # one record or a list of them (a ticket file, or a month's list)


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[models.Record]
    place: str  # a folder of the records folder ("tickets"), or a top-level file ("qms.yaml")
    shape: Shape
    attribute: str  # the attribute of `Records` that holds them
    key: tuple[str, ...]  # the fields that name a record; empty: the folder has one
    suffixes: tuple[str, ...] = (".yaml", ".yml")
    # One a file, named by its file: a file that cannot be read still names its record, and an
    # absent id defaults to the file's stem.
    named_by_file: bool = False

    @property
    def is_file(self) -> bool:
        return self.place.endswith(".yaml")

    def name_of(self, item: Any) -> str | None:
        """The id or code of a record (a `Sourced`): its first key field, else its file's stem."""
        value = getattr(item.model, self.key[0], None) if self.key else None
        if value is None and self.named_by_file:
            return file_stem(item.file)
        return None if value is None else str(value)

    def identity(self, item: Any) -> tuple[str, ...]:
        """What names a record across files and versions of the folder."""
        if not self.key:
            return (self.name,)
        values = [getattr(item.model, k, None) for k in self.key]
        if values[0] is None:
            return (self.name, self.name_of(item) or item.file)
        return (self.name, *(str(v) for v in values))


def file_stem(file: str) -> str:
    """`actions/CAR-2026-001.yaml` -> `CAR-2026-001`."""
    return file.rsplit("/", 1)[-1].rsplit(".", 1)[0]


# In the order a reader meets them: the agency, its organisation and calendar, what it
# does, and then what happens (the diff and the summary list kinds in this order).
KINDS: tuple[Kind, ...] = (
    Kind("profile", models.Profile, "qms.yaml", Shape.ONE, "profile", ()),
    Kind("unit", models.Unit, "units.yaml", Shape.LIST, "units", ("code",)),
    Kind("calendar", models.CalendarYear, "calendar", Shape.ONE, "calendars", ("year",)),
    Kind("procedure", models.Procedure, "procedures", Shape.ONE, "procedures", ("code",), named_by_file=True),
    Kind("document", models.Document, "documents", Shape.ONE, "documents", ("code",), (".md",), named_by_file=True),
    Kind("objectives", models.ObjectivesYear, "objectives", Shape.ONE, "objectives", ("year", "owner")),
    Kind("action", models.Action, "actions", Shape.ONE, "actions", ("id",), named_by_file=True),
    Kind("review", models.Review, "reviews", Shape.ONE, "reviews", ("id",), named_by_file=True),
    Kind("audit", models.Audit, "audits", Shape.ONE, "audits", ("id",), named_by_file=True),
    Kind("risks", models.RiskRegister, "risks", Shape.ONE, "risks", ("year",)),
    Kind("survey", models.Survey, "surveys", Shape.ONE, "surveys", ("id",), named_by_file=True),
    Kind("analysis", models.Analysis, "analyses", Shape.ONE, "analyses", ("year",), (".md",)),
    Kind("ticket", models.Ticket, "tickets", Shape.EITHER, "tickets", ("id",)),
)
# Kinds written as Markdown with the record in its front matter.
MARKDOWN_KINDS = frozenset(kind.name for kind in KINDS if ".md" in kind.suffixes)
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
_BY_PLACE: dict[str, Kind] = {kind.place: kind for kind in KINDS}
# Folders that hold no records: schemas, templates, import mappings.
IGNORED_FOLDERS = {"templates", "imports"}


def kind_of_folder(folder: str) -> Kind | None:
    """The record kind of the files in a folder (not the top), by its place, whatever their names."""
    kind = _BY_PLACE.get(folder.split("/", 1)[0])
    return kind if kind is not None and not kind.is_file else None


def kind_of_file(rel: str) -> Kind | None:
    """The record kind of a file by its place in the folder, or None for a non-record file."""
    folder, _slash, _name = rel.rpartition("/")
    if folder:
        kind = kind_of_folder(folder)
    else:
        kind = _BY_PLACE.get(rel)
        kind = kind if kind is not None and kind.is_file else None
    return kind if kind is not None and rel.endswith(kind.suffixes) else None


def record_name(kind: str, item: Any) -> str | None:
    """The id or code of a record of `kind`."""
    return BY_NAME[kind].name_of(item)


def action_id(item: Any) -> str:
    """An action's id: its `id`, else its file's stem."""
    return BY_NAME["action"].name_of(item) or file_stem(item.file)
