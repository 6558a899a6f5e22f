"""The leaders' report (`qmsctl report`): one self-contained HTML page with the period's
headline, five charts and two tables, in Vietnamese, printable on A4 and readable on a phone.

Every number comes from the figures core that `stats` uses (`Agency.figures`), judged at the
same cut. Charts are Vega-Lite specifications built with altair and rendered to inline SVG by
vl-convert: the page holds no script, no style sheet, no font and no image from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from qmsctl.agency import Agency
from qmsctl.charts import COLOURS, FONT, Charts, bar_chart, stacked_chart, trend_chart
from qmsctl.figures import INCOMPLETE, Counts, Period, Status, cut_note, moment_label, parse_period
from qmsctl.forms.vietnamese import percent as form_percent
from qmsctl.targets import parse_target, target_text

SHOWN_ROWS = 100  # the longest late first; the full list is BM.ST.VP.04's second sheet
STATE_NAMES = {
    "open": "Mới mở",
    "accepted": "Đã xem xét",
    "assigned": "Đã giao",
    "planned": "Đã có kế hoạch",
    "verified": "Đã kiểm tra",
}
OBJECTIVE_STATUS = {"met": "Đạt", "not-met": "Không đạt", "no-data": "Chưa có số liệu", "not-measured": "Không đo"}


def percent(rate: float | None) -> str:
    """'84,97 %', as the forms write the number, its sign kept on the number's line (a no-break
    space: a phone's narrow column)."""
    return "—" if rate is None else form_percent(rate) + "\u00a0%"


def previous_period(period: Period) -> Period | None:
    """The period just before: the month, quarter, half or year before."""
    label = period.label
    kind = period.kind
    year = period.start.year
    if kind == "month":
        before = period.start - timedelta(days=1)
        return parse_period(f"{before.year}-{before.month:02d}")
    if kind == "quarter":
        quarter = int(label[-1])
        return parse_period(f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}")
    if kind == "half":
        return parse_period(f"{year - 1}-H2" if label.endswith("1") else f"{year}-H1")
    if kind == "year":
        return parse_period(str(year - 1))
    return None


def last_months(period: Period, count: int = 12) -> list[Period]:
    """The `count` months up to the period's last month."""
    months = []
    year, month = period.end.year, period.end.month
    for _step in range(count):
        months.append(parse_period(f"{year}-{month:02d}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


@dataclass
class Headline:
    label: str
    rate: float | None
    previous: float | None
    target: str | None
    met: bool | None


def _target_for(agency: Agency, results: list[Any], group: str) -> tuple[str | None, bool | None]:
    """The objective of the period's year measuring the on-time rate of `group` (the agency's own)."""
    agency_short = agency.profile.agency.short if agency.profile else None
    for result in results:
        metric = result.objective.metric
        if (
            metric is not None
            and metric.kind == "on_time_rate"
            and metric.group == group
            and metric.unit is None
            and metric.procedure is None
            and result.year.owner == agency_short
            and result.target is not None
        ):
            met = result.status == "met" if result.status in ("met", "not-met") else None
            return target_text(result.objective.target), met
    return None, None


def _counts_row(name: str, counts: Counts, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "on_time": counts.processed_on_time,
        "late": counts.processed_late,
        "overdue": counts.in_progress_late,
        "processed": counts.processed,
        "rate": counts.on_time_rate,
        **(extra or {}),
    }


def late_reason(ticket: Any) -> str:
    """Why a dossier is late, as its process log records it: the apology's reason, else the
    last fault found at a step (BM.ST.VP.06)."""
    from qmsctl.deadlines import reschedule_note

    note = reschedule_note(ticket.steps)
    if note is not None and note[1] is not None:
        return note[1]
    return next((str(step.error) for step in reversed(ticket.steps) if step.error), "—")


def report_context(agency: Agency, period: Period, charts: Charts | None = None) -> dict[str, Any]:
    """Everything the page shows, computed once from the figures core."""
    from qmsctl.deadlines import working_days_late

    draw = (charts or Charts()).draw
    agency.cut.check_begun(period)
    cut = agency.cut
    moment = cut.of(period)
    figures = agency.figures(period)
    by_unit = agency.figures(period, by="unit")
    units = sorted(
        (_counts_row(f"{r.key} — {r.name}", r.counts, {"unit": r.key}) for r in by_unit.rows if r.counts.received),
        key=lambda r: (-(r["rate"] if r["rate"] is not None else -1), r["name"]),
    )
    procedures = sorted(
        (_counts_row(f"{r.key}", r.counts, {"title": r.name}) for r in figures.rows if r.counts.received),
        key=lambda r: (-(r["rate"] if r["rate"] is not None else -1), r["name"]),
    )
    # Drawn on the renderer's side while the rest is counted.
    by_unit_drawing = draw(stacked_chart, units, "Theo đơn vị", "name")
    by_procedure_drawing = draw(stacked_chart, procedures, "Theo quy trình", "name")
    results = agency.objective_results(period)
    all_target = _target_for(agency, results, "all")[0]
    parsed = parse_target(all_target) if all_target else None
    begun = [m for m in last_months(period) if cut.as_of > m.begins]
    # One computation for the twelve months: a month's row is that month judged as its own period.
    trend = agency.figures(parse_period(f"{begun[0].start}..{begun[-1].end}"), by="month").rows if begun else []
    months: list[dict[str, Any]] = [
        {
            "month": f"{row.key[5:7]}/{row.key[:4]}",
            "rate": None if row.counts.on_time_rate is None else round(row.counts.on_time_rate * 100, 2),
        }
        for row in trend
    ]
    today = moment.date() if moment.time() != datetime.min.time() else (moment - timedelta(days=1)).date()
    open_actions: list[dict[str, Any]] = []
    for s in agency.records.actions:
        a = s.model
        if a.state.value in ("closed",) or a.request.on > today:
            continue
        dues = [m.due for m in (a.plan.actions if a.plan else []) if m.due] + (
            [a.assignment.due] if a.assignment and a.assignment.due else []
        )
        open_actions.append(
            {
                "id": s.model.id or s.file,
                "state": STATE_NAMES.get(a.state.value, a.state.value),
                "unit": a.request.unit,
                "age": (today - a.request.on).days,
                "due": max(dues) if dues else None,
                "description": a.request.description,
            }
        )
    past_due = [a for a in open_actions if a["due"] is not None and a["due"] < today]
    age_by_state: dict[str, list[int]] = {}
    for a in open_actions:
        age_by_state.setdefault(a["state"], []).append(a["age"])
    ages = [
        {"state": state, "days": round(sum(v) / len(v)), "count": len(v)} for state, v in sorted(age_by_state.items())
    ]
    objective_counts: dict[str, int] = {}
    for result in results:
        name = OBJECTIVE_STATUS.get(result.status, result.status)
        objective_counts[name] = objective_counts.get(name, 0) + 1
    objectives = [{"status": k, "count": v} for k, v in objective_counts.items()]
    drawn = [
        (
            "Tỷ lệ đúng hạn theo tháng, 12 tháng gần nhất, so với chỉ tiêu",
            draw(trend_chart, months, parsed.value if parsed and parsed.percent else None),
            "; ".join(f"{m['month']}: {percent(m['rate'] / 100) if m['rate'] is not None else '—'}" for m in months)
            + (f"; chỉ tiêu {all_target}" if all_target else ""),
        ),
        (
            "Hồ sơ đã giải quyết đúng hạn, trễ hạn và quá hạn theo đơn vị (xếp theo tỷ lệ đúng hạn)",
            by_unit_drawing,
            "; ".join(
                f"{u['name']}: {u['on_time']} đúng hạn, {u['late']} trễ hạn, {u['overdue']} quá hạn" for u in units
            ),
        ),
        (
            "Hồ sơ theo quy trình",
            by_procedure_drawing,
            "; ".join(
                f"{p['name']}: {p['on_time']} đúng hạn, {p['late']} trễ hạn, {p['overdue']} quá hạn" for p in procedures
            ),
        ),
        (
            "Tuổi trung bình (ngày) của hành động khắc phục đang mở, theo tình trạng",
            draw(bar_chart, ages, "days", "state", "Hành động đang mở", COLOURS["neutral"], "Số ngày"),
            "; ".join(f"{a['state']}: {a['count']} phiếu, trung bình {a['days']} ngày" for a in ages)
            or "Không có hành động đang mở",
        ),
        (
            "Mục tiêu chất lượng đạt và không đạt",
            draw(bar_chart, objectives, "count", "status", "Mục tiêu chất lượng", COLOURS["target"], "Số mục tiêu"),
            "; ".join(f"{o['status']}: {o['count']}" for o in objectives) or "Không có mục tiêu",
        ),
    ]
    # Counted while the charts are drawn: the previous period, the late dossiers.
    before = previous_period(period)
    previous = agency.figures(before) if before and cut.as_of > before.begins else None
    headlines = []
    for label, group, counts, old in (
        ("Nhóm I — Liên thông", "lien-thong", figures.groups["lien-thong"], previous and previous.groups["lien-thong"]),
        ("Nhóm II — Nội bộ", "noi-bo", figures.groups["noi-bo"], previous and previous.groups["noi-bo"]),
        ("Toàn cơ quan (I + II)", "all", figures.total, previous and previous.total),
    ):
        target, met = _target_for(agency, results, group)
        headlines.append(Headline(label, counts.on_time_rate, old.on_time_rate if old else None, target, met))
    late_rows: list[dict[str, Any]] = []
    for placed in figures.placed:
        if placed.status not in (Status.PROCESSED_LATE, Status.IN_PROGRESS_LATE) or placed.due is None:
            continue
        finished = placed.ticket.completed if placed.status == Status.PROCESSED_LATE else moment
        assert finished is not None
        late_rows.append(
            {
                "id": placed.ticket.id,
                "status": "Trễ hạn" if placed.status == Status.PROCESSED_LATE else "Quá hạn",
                "unit": placed.unit,
                "procedure": placed.procedure.code,
                "days": working_days_late(placed.due, finished, agency.calendar),
                "ticket": placed.ticket,
            }
        )
    late_rows.sort(key=lambda r: (-r["days"], r["id"]))
    late_count = len(late_rows)
    late_rows = late_rows[:SHOWN_ROWS]
    for row in late_rows:  # the process log read only for the dossiers shown
        whole = agency.whole(row.pop("ticket"))
        row["reason"] = late_reason(whole) if whole else "—"
    pictures = [(title, drawing.svg(), text) for title, drawing, text in drawn]
    profile = agency.profile
    satisfaction = latest_satisfaction(agency, period)
    return {
        "agency": profile.agency.name if profile else "",
        "parent": profile.agency.parent if profile and profile.agency.parent else "",
        "period": period,
        "period_text": f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}",
        "as_of": moment_label(moment),
        "early": cut_note(period, replace(cut, incomplete=False)),
        "incomplete": INCOMPLETE if cut.incomplete else "",
        "incomplete_text": INCOMPLETE,
        "previous_label": before.label if before else None,
        "headlines": headlines,
        "satisfaction": satisfaction,
        "total": figures.total,
        "charts": pictures,
        "late_rows": late_rows,
        "late_count": late_count,
        "past_due": past_due,
        "colours": COLOURS,
        "font": FONT,
        "percent": percent,
        "made": date.today(),
    }


def latest_satisfaction(agency: Agency, period: Period) -> dict[str, Any] | None:
    """The satisfaction figure beside the on-time rate: the last survey ended by the period's
    end (a yearly survey stands for the months after it until the next one)."""
    from qmsctl.figures import parse_period
    from qmsctl.surveys import tally, threshold_text

    ended = [(parse_period(s.model.period), s.model) for s in agency.records.surveys]
    ended = [(p, survey) for p, survey in ended if p.end <= period.end]
    if not ended:
        unread = {"incomplete": True, "title": "", "period": "", "share": None, "responses": 0, "rule": ""}
        return unread if agency.lost("survey") else None
    covered, survey = max(ended, key=lambda pair: pair[0].end)
    whole = tally(survey, survey.responses)
    return {
        "incomplete": bool(agency.lost("survey")),  # a survey left unread may be a later one
        "title": survey.title,
        "period": covered.label,
        "share": whole.share,
        "responses": whole.responses,
        "rule": threshold_text(survey),
    }


def render_report(agency: Agency, period: Period, charts: Charts | None = None) -> str:
    """The page, as one HTML string."""
    from importlib import resources

    from jinja2 import Environment, select_autoescape

    template = resources.files("qmsctl").joinpath("templates/report.html").read_text(encoding="utf-8")
    environment = Environment(autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    return environment.from_string(template).render(**report_context(agency, period, charts))
