"""What a change does to the figures: for each period it touches (the months of the dossiers it
changed, their quarters and years), the counts and rates before and after, and every dossier
whose verdict changes, with its due computed both ways. Both sides are judged as of the same
moment (docs/rules.md section 4), by the same figures core as `stats`.

The records after the change are read whole; the records before are the same with each changed
record put back as it was (the change's pairs), so only one folder is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qmsctl.agency import Agency
from qmsctl.figures import Counts, Cut, Period, Status, parse_period
from qmsctl.records.compare import Pair, identity
from qmsctl.records.kinds import KINDS
from qmsctl.records.load import Records

# What makes a dossier count for the agency, in the order a reviewer weighs it.
LATE = {Status.PROCESSED_LATE, Status.IN_PROGRESS_LATE}
ON_TIME = {Status.PROCESSED_ON_TIME, Status.IN_PROGRESS_ON_TIME}
FIGURE_KINDS = {"ticket", "procedure", "calendar", "profile"}


@dataclass
class PeriodEffect:
    period: Period
    before: Counts
    after: Counts

    def as_json(self) -> dict[str, Any]:
        def side(counts: Counts) -> dict[str, Any]:
            return {
                "received": counts.received,
                "processed_on_time": counts.processed_on_time,
                "processed_late": counts.processed_late,
                "in_progress_on_time": counts.in_progress_on_time,
                "in_progress_late": counts.in_progress_late,
                "on_time_rate": counts.on_time_rate,
            }

        return {"period": self.period.label, "before": side(self.before), "after": side(self.after)}


@dataclass
class Flip:
    """A dossier whose verdict changes: on time ↔ late, in progress ↔ finished, in ↔ out."""

    ticket: str
    period: str
    before: str | None  # a Status, or None: not counted
    after: str | None
    due_before: date | None
    due_after: date | None

    @property
    def late_to_on_time(self) -> bool:
        return self.before in LATE and self.after in ON_TIME

    def as_json(self) -> dict[str, Any]:
        return {
            "ticket": self.ticket,
            "period": self.period,
            "before": self.before,
            "after": self.after,
            "due_before": self.due_before.isoformat() if self.due_before else None,
            "due_after": self.due_after.isoformat() if self.due_after else None,
        }


@dataclass
class Effect:
    periods: list[PeriodEffect] = field(default_factory=list)
    flips: list[Flip] = field(default_factory=list)

    @property
    def turned_on_time(self) -> list[Flip]:
        return [f for f in self.flips if f.late_to_on_time]

    def as_json(self) -> dict[str, Any]:
        return {"periods": [p.as_json() for p in self.periods], "dossiers": [f.as_json() for f in self.flips]}


def as_before(records: Records, pairs: list[Pair]) -> Records:
    """The folder as it was before the change: each changed record put back as it was."""
    keys = {(p.kind, p.key) for p in pairs}
    before = Records(records.root)
    before.files, before.findings = records.files, records.findings
    profile_pair = next((p for p in pairs if p.kind == "profile"), None)
    before.profile = profile_pair.old if profile_pair else records.profile
    for kind in KINDS:
        if kind.name == "profile":
            continue
        kept = [s for s in records.of_kind(kind.name) if (kind.name, identity(kind.name, s)) not in keys]
        setattr(before, kind.attribute, kept + [p.old for p in pairs if p.kind == kind.name and p.old is not None])
    return before


def touched_periods(pairs: list[Pair], after: Records) -> list[Period]:
    """The months of the changed dossiers (received and completed, before and after), of the
    dossiers of a changed procedure, every month of a changed calendar's year (every month
    with dossiers when the profile changed); then their quarters and years."""
    months: set[tuple[int, int]] = set()
    procedures = {p.key[1] for p in pairs if p.kind == "procedure"}
    years = {int(p.key[1]) for p in pairs if p.kind == "calendar"}
    profile = any(p.kind == "profile" for p in pairs)
    for pair in pairs:
        if pair.kind != "ticket":
            continue
        for side in (pair.old, pair.new):
            if side is not None:
                for moment in (side.model.received, side.model.completed):
                    if moment is not None:
                        months.add((moment.year, moment.month))
    if procedures or years or profile:
        for s in after.tickets:
            t = s.model
            if profile or t.procedure in procedures or t.received.year in years:
                months.add((t.received.year, t.received.month))
    labels = sorted({f"{y}-{m:02d}" for y, m in months})
    labels += sorted({f"{y}-Q{(m - 1) // 3 + 1}" for y, m in months})
    labels += sorted({str(y) for y, _m in months})
    return [parse_period(label) for label in labels]


def effect_of(after_records: Records, pairs: list[Pair], cut: Cut | None = None) -> Effect:
    """The effect of the change `pairs` that made `after_records`, judged at `cut` (default now)."""
    result = Effect()
    if not any(p.kind in FIGURE_KINDS for p in pairs):
        return result
    cut = cut or Cut.now()
    after = Agency(after_records, cut)
    before = Agency(as_before(after_records, pairs), cut)
    for period in touched_periods(pairs, after_records):
        if cut.as_of <= period.begins:
            continue
        old, new = before.figures(period), after.figures(period)
        if old.total != new.total:
            result.periods.append(PeriodEffect(period, old.total, new.total))
        if period.kind != "month":
            continue
        was = {p.ticket.id: p for p in old.placed}
        now = {p.ticket.id: p for p in new.placed}
        for ident in sorted(set(was) | set(now)):
            a, b = was.get(ident), now.get(ident)
            status_a, status_b = (a.status if a else None), (b.status if b else None)
            if status_a != status_b:
                result.flips.append(
                    Flip(
                        ident,
                        period.label,
                        status_a,
                        status_b,
                        _due_day(a),
                        _due_day(b),
                    )
                )
    return result


def _due_day(placed: Any) -> Any:
    return placed.due.at if placed is not None and placed.due is not None else None
