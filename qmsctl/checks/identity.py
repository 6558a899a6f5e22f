"""Duplicate ids and codes (R301)."""

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
    first: dict[object, Any] = {}
    for item in items:
        value = key(item)
        if value is None:
            continue
        if value in first:
            earlier = first[value]
            yield Finding(
                "R301",
                Severity.ERROR,
                item.file,
                _("{what} {value} is used twice").format(what=what, value=value),
                _("It is already used in {file}; give this one another value.").format(file=earlier.file),
                item.loc + ((field,) if field else ()),
            )
        else:
            first[value] = item


def check_ticket_ids(tickets: Iterable[TicketFacts]) -> Iterator[Finding]:
    """R301 across every ticket of the folder."""
    yield from _duplicates(tickets, lambda t: t.id, "id", _("Ticket id"))


def check_unique(records: Records) -> Iterator[Finding]:
    yield from _duplicates(records.units, lambda s: s.model.code, "code", _("Unit code"))
    yield from _duplicates(records.procedures, lambda s: s.model.code, "code", _("Procedure code"))
    yield from _duplicates(records.documents, lambda s: s.model.code, "code", _("Document code"))
    yield from _duplicates(records.actions, action_id, "id", _("Action id"))
    yield from _duplicates(records.calendars, lambda s: s.model.year, "year", _("Calendar year"))
    yield from _duplicates(
        records.objectives, lambda s: (s.model.year, s.model.owner), "year", _("Objectives of year and owner")
    )
