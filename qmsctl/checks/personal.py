"""Personal data in the records (P801): citizen ID numbers, phone numbers, e-mail addresses.

Nghị định 13/2023/NĐ-CP: a dossier's tracking needs who sent it, never their identity
papers or contacts, which the one-stop system keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from qmsctl.findings import Finding, Loc, Severity
from qmsctl.i18n import _
from qmsctl.personal import label, personal_text
from qmsctl.records.load import Records, Sourced


def _ticket_texts(item: Sourced[Any]) -> Iterator[tuple[Loc, str]]:
    t = item.model
    for name in ("id", "subject", "sender", "correction"):
        value = getattr(t, name)
        if value:
            yield (name,), value
    for index, pause in enumerate(t.pauses):
        if pause.reason:
            yield ("pauses", index, "reason"), pause.reason
    for index, step in enumerate(t.steps):
        for name in ("by", "action", "error"):
            value = getattr(step, name)
            if value:
                yield ("steps", index, name), value


def _all_texts(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _all_texts(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _all_texts(value, (*loc, index))


def check_ticket_personal_data(records: Records) -> Iterator[Finding]:
    yield from _personal_data((s, _ticket_texts(s)) for s in records.tickets)


def check_personal_data(records: Records) -> Iterator[Finding]:
    """P801 in actions, reviews, audits, risks and surveys (free text anywhere in them)."""
    for group in (records.actions, records.reviews, records.audits, records.risks, records.surveys):
        yield from _personal_data((s, _all_texts(s.model.model_dump(mode="json", by_alias=True))) for s in group)


def _personal_data(sources: Iterable[tuple[Sourced[Any], Iterator[tuple[Loc, str]]]]) -> Iterator[Finding]:
    for item, texts in sources:
        for loc, text in texts:
            what = personal_text(text)
            if what:
                yield Finding(
                    "P801",
                    Severity.ERROR,
                    item.file,
                    _("This looks like personal data ({what}); it does not belong in the records").format(
                        what=label(what)
                    ),
                    _("Nghị định 13/2023/NĐ-CP: remove it; the one-stop system keeps the applicant's papers."),
                    item.loc + loc,
                )
