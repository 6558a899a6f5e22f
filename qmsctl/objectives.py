"""Quality objectives evaluated over a period against their targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qmsctl.calendar import WorkCalendar
from qmsctl.catalog import METRIC_KINDS
from qmsctl.figures import Counts, Cut, Period, count_where
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

            counts = count_where(tickets, procedures, period, calendar, cut, holds)
            actual = metric_value(metric.kind, counts)
            status = NO_DATA if actual is None else (MET if target.met(actual) else NOT_MET)
            results.append(ObjectiveResult(year, number, objective, target, actual, status))
    return results
