"""Quality objectives evaluated over a period against their targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from qmsctl.calendar import WorkCalendar
from qmsctl.catalog import METRIC_KINDS
from qmsctl.figures import Counts, Cut, Period, PeriodCounter
from qmsctl.records.models import Metric, Objective, ObjectivesYear, Procedure, TicketView
from qmsctl.targets import Target, parse_target

MET, NOT_MET, NO_DATA, NOT_MEASURED = "met", "not-met", "no-data", "not-measured"


@dataclass
class ObjectiveResult:
    year: ObjectivesYear
    number: int  # 1-based, as the forms number them
    objective: Objective
    target: Target | None
    actual: float | None
    status: str  # met, not-met, no-data (nothing to measure in the period), not-measured (no metric or target)
    # For an objective judged `per` month or quarter: each part's label, value and status (the
    # actual is then the part furthest from the target).
    parts: list[tuple[str, float | None, str]] = field(default_factory=list)

    @property
    def is_rate(self) -> bool:
        return self.objective.metric is not None and self.objective.metric.kind.endswith("_rate")


def metric_value(kind: str, counts: Counts) -> float | None:
    if kind == "on_time_rate":
        return counts.on_time_rate
    if kind == "late_rate":
        return counts.processed_late / counts.processed if counts.processed else None
    values = {
        "late_count": counts.processed_late,
        "overdue_count": counts.in_progress_late,
        "received_count": counts.received,
        "processed_count": counts.processed,
    }
    return float(values[kind]) if kind in values else None


def evaluate(
    objective_years: list[ObjectivesYear],
    tickets: Sequence[TicketView],
    procedures: dict[str, Procedure],
    units: set[str],
    period: Period,
    calendar: WorkCalendar,
    cut: Cut,
) -> list[ObjectiveResult]:
    """Every objective of the years the period touches, measured where it has a metric, with the
    period judged at the cut."""
    results = []
    counter = PeriodCounter(tickets, procedures, calendar, cut)  # each period placed once for every objective
    years = range(period.start.year, period.end.year + 1)
    for year in sorted((y for y in objective_years if y.year in years), key=lambda y: (y.year, y.owner)):
        for number, objective in enumerate(year.objectives, start=1):
            target = parse_target(objective.target)
            metric = objective.metric
            if metric is None or target is None or metric.kind not in METRIC_KINDS:
                results.append(ObjectiveResult(year, number, objective, target, None, NOT_MEASURED))
                continue
            # A unit's objective measures that unit's tickets unless its metric says otherwise.
            unit = metric.unit or (year.owner if year.owner in units else None)

            def holds(procedure: Procedure, counted_for: str, unit: str | None = unit, metric: Metric = metric) -> bool:
                return (
                    (metric.group == "all" or procedure.group == metric.group)
                    and (metric.procedure is None or procedure.code == metric.procedure)
                    and (unit is None or counted_for == unit)
                )

            if metric.per is not None:
                parts = []
                for part in _parts(period, metric.per, cut):
                    value = metric_value(metric.kind, counter.where(part, holds))
                    state = NO_DATA if value is None else (MET if target.met(value) else NOT_MET)
                    parts.append((part.label, value, state))
                measured = [(value, state) for _label, value, state in parts if value is not None]
                # The part furthest from the target stands for the period: a failing one if any.
                worst = max if target.op.startswith("<") else min
                actual = worst((value for value, _state in measured), default=None)
                status = NO_DATA if not measured else (NOT_MET if any(s == NOT_MET for _v, s in measured) else MET)
                results.append(ObjectiveResult(year, number, objective, target, actual, status, parts))
                continue
            counts = counter.where(period, holds)
            actual = metric_value(metric.kind, counts)
            status = NO_DATA if actual is None else (MET if target.met(actual) else NOT_MET)
            results.append(ObjectiveResult(year, number, objective, target, actual, status))
    return results


def _parts(period: Period, per: str, cut: Cut) -> list[Period]:
    """The months (or quarters) of the period begun by the cut, each clipped to the period."""
    months = [month for month in period.months() if cut.as_of > month.begins]
    if per == "month":
        return months
    quarters: dict[str, list[Period]] = {}
    for month in months:
        quarters.setdefault(f"{month.start.year}-Q{(month.start.month - 1) // 3 + 1}", []).append(month)
    return [Period(parts[0].start, parts[-1].end, label) for label, parts in quarters.items()]
