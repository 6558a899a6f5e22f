"""Duplicate ids and codes (R301), and ids, codes or files that differ only in case (R312): one
code to every reader (`--unit HCTC` finds one unit), and one file on Windows and macOS, whose
file systems cannot hold both."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from qmsctl.findings import Finding, Severity
from qmsctl.i18n import _
from qmsctl.records.facts import TicketFacts
from qmsctl.records.kinds import action_id
from qmsctl.records.load import Records


def _duplicates(items: Iterable[Any], key: Callable[[Any], object], field: str, what: str) -> Iterator[Finding]:
    """R301 for each item (a sourced record, or a ticket's facts) whose key an earlier one has."""
    first: dict[object, tuple[object, Any]] = {}
    for item in items:
        value = key(item)
        if value is None:
            continue
        folded = value.casefold() if isinstance(value, str) else value
        if folded not in first:
            first[folded] = (value, item)
            continue
        known, earlier = first[folded]
        if known == value:
            yield Finding(
                "R301",
                Severity.ERROR,
                item.file,
                _("{what} {value} is used twice").format(what=what, value=value),
                _("It is already used in {file}; give this one another value.").format(file=earlier.file),
                item.loc + ((field,) if field else ()),
            )
        else:
            yield Finding(
                "R312",
                Severity.ERROR,
                item.file,
                _("{what} {value} differs from {known} only in case: they are one code").format(
                    what=what, value=value, known=known
                ),
                _("{known} is in {file}: write it the same way, or give this one another value.").format(
                    known=known, file=earlier.file
                ),
                item.loc + ((field,) if field else ()),
            )


def check_ticket_ids(tickets: Iterable[TicketFacts]) -> Iterator[Finding]:
    """R301 across every ticket of the folder."""
    yield from _duplicates(tickets, lambda t: t.id, "id", _("Ticket id"))


def check_unique(records: Records) -> Iterator[Finding]:
    yield from _files_in_one_case(records)
    yield from _duplicates(records.units, lambda s: s.model.code, "code", _("Unit code"))
    yield from _duplicates(records.procedures, lambda s: s.model.code, "code", _("Procedure code"))
    yield from _duplicates(records.documents, lambda s: s.model.code, "code", _("Document code"))
    yield from _duplicates(records.actions, action_id, "id", _("Action id"))
    yield from _duplicates(records.calendars, lambda s: s.model.year, "year", _("Calendar year"))
    yield from _duplicates(
        records.objectives, lambda s: (s.model.year, s.model.owner), "year", _("Objectives of year and owner")
    )


def _files_in_one_case(records: Records) -> Iterator[Finding]:
    """R312 for a record file whose path differs from another's only in case."""
    first: dict[str, str] = {}
    for file in sorted(records.files):
        known = first.setdefault(file.casefold(), file)
        if known != file:
            yield Finding(
                "R312",
                Severity.ERROR,
                file,
                _("The file {file} differs from {known} only in case").format(file=file, known=known),
                _("Windows and macOS cannot hold both: merge them into one file, or rename one."),
                (),
                1,
                1,
            )
