"""What the records folder holds, in counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from qmsctl.records.load import Records


@dataclass
class Summary:
    agency: str
    units: int
    procedures: Counter[str] = field(default_factory=Counter)
    documents: Counter[str] = field(default_factory=Counter)
    tickets_by_year: Counter[int] = field(default_factory=Counter)
    tickets_by_outcome: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    objectives: dict[int, int] = field(default_factory=dict)
    calendars: list[int] = field(default_factory=list)
    reviews: int = 0
    audits: int = 0
    risks: dict[int, int] = field(default_factory=dict)  # year -> items of its register
    survey_responses: dict[str, int] = field(default_factory=dict)  # survey -> responses
    analyses: list[int] = field(default_factory=list)


def summarize(records: Records) -> Summary:
    profile = records.profile.model if records.profile else None
    result = Summary(agency=profile.agency.name if profile else "", units=len(records.units))
    result.procedures.update(s.model.group for s in records.procedures)
    result.documents.update(s.model.status for s in records.documents)
    for s in records.tickets:
        result.tickets_by_year[s.model.received.year] += 1
        result.tickets_by_outcome[s.model.outcome or ("done" if s.model.completed else "in-progress")] += 1
    result.actions.update(s.model.state.value for s in records.actions)
    for s in records.objectives:
        result.objectives[s.model.year] = result.objectives.get(s.model.year, 0) + len(s.model.objectives)
    result.calendars = sorted(s.model.year for s in records.calendars)
    result.reviews, result.audits = len(records.reviews), len(records.audits)
    result.risks = {s.model.year: len(s.model.items) for s in records.risks}
    result.survey_responses = {s.model.id or s.file: len(s.model.responses) for s in records.surveys}
    result.analyses = sorted(s.model.year for s in records.analyses)
    return result
