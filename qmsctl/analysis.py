"""The yearly data analysis (TCVN ISO 9001:2015 9.1.3): the survey results and the results of the
administrative procedures, by unit and procedure against the year before, the objectives, the
risks and opportunities, and the actions opened with their effect. The management review takes
the same lines as its inputs (QT.CTCL 5.8.1.1), so the two never disagree."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from qmsctl.forms.vietnamese import percent
from qmsctl.risks import RiskSummary, summarise
from qmsctl.surveys import comments_of, grouped, tally, threshold_text

# The records the yearly analysis and the review's inputs are made of, besides the tickets'.
ANALYSED = ("survey", "risks", "action", "objectives", "review", "audit")

if TYPE_CHECKING:
    from qmsctl.agency import Agency
    from qmsctl.figures import Period
    from qmsctl.records.models import Survey


def surveys_in(agency: Agency, period: Period) -> list[Survey]:
    """The surveys whose period ends within `period`, by their period's end."""
    from qmsctl.figures import parse_period

    found = []
    for s in agency.records.surveys:
        end = parse_period(s.model.period).end
        if period.start <= end <= period.end:
            found.append((end, s.model))
    return [survey for _end, survey in sorted(found, key=lambda pair: pair[0])]


def satisfaction_lines(agency: Agency, period: Period) -> list[str]:
    """Each survey of the period: its responses and the share satisfied, overall and per question."""
    lines = []
    for survey in surveys_in(agency, period):
        whole = tally(survey, survey.responses)
        questions = "; ".join(f"{q.text.rstrip('?')}: {rate_text(q.share)}" for q in whole.questions)
        lines.append(
            f"{survey.title}: {whole.responses} phiếu thu về; tỷ lệ hài lòng chung {rate_text(whole.share)} "
            f"(hài lòng là câu trả lời ở {threshold_text(survey)}; câu không trả lời tính là chưa hài lòng). "
            f"{questions}."
        )
    return lines or ["Không có cuộc khảo sát sự hài lòng nào trong kỳ."]


def risk_summary(agency: Agency, period: Period, today: date) -> RiskSummary:
    years = set(range(period.start.year, period.end.year + 1))
    return summarise([s.model for s in agency.records.risks], years, today)


@dataclass
class ActionEffect:
    opened: int
    closed: int
    effective: int
    not_effective: int
    by_source: Counter[str]

    def line(self) -> str:
        from qmsctl.forms.action_form import SOURCES

        sources = ", ".join(f"{SOURCES[k].lower()} {v}" for k, v in sorted(self.by_source.items()))
        return (
            f"{self.opened} phiếu hành động khắc phục/cải tiến mở trong kỳ ({sources or 'không có'}); "
            f"{self.closed} đã đóng; hiệu lực đã kiểm tra: {self.effective} có hiệu lực, "
            f"{self.not_effective} chưa có hiệu lực."
        )


def action_effect(agency: Agency, period: Period, known: date) -> ActionEffect:
    """The actions requested in the period and, as of `known`, their verification."""
    from qmsctl.records.action_states import ActionState, state_on

    last = min(period.end, known)
    actions = [s.model for s in agency.records.actions if period.start <= s.model.request.on <= last]
    verified = [a.verification for a in actions if a.verification and a.verification.on <= known]
    return ActionEffect(
        opened=len(actions),
        closed=len([a for a in actions if state_on(a, known) is ActionState.CLOSED]),  # by reopening too (5.7)
        effective=len([v for v in verified if v and v.effective]),
        not_effective=len([v for v in verified if v and not v.effective]),
        by_source=Counter(a.request.source for a in actions),
    )


def _rate_row(name: str, now: float | None, before: float | None, processed: int) -> str:
    def change() -> str:
        if now is None or before is None:
            return "—"
        points = (now - before) * 100
        return ("+" if points > 0 else "") + f"{points:.2f}".replace(".", ",")

    return f"| {name} | {processed} | {rate_text(now)} | {rate_text(before)} | {change()} |"


def rate_text(rate: float | None) -> str:
    """'94,92%', or '—' with nothing to measure."""
    return "—" if rate is None else f"{percent(rate)}%"


def analysis_markdown(agency: Agency, year: int, today: date) -> str:
    """The body of analyses/YYYY.md: Markdown, in Vietnamese, with the figures as of the cut and
    the risks and actions as they stood on `today`, the day it is written (as a review held that
    day reads them)."""
    from qmsctl.figures import parse_period
    from qmsctl.forms.objective_forms import _actual_text, _owner_name, verdict_text
    from qmsctl.markdown_text import md_text
    from qmsctl.targets import target_text

    period, before = parse_period(str(year)), parse_period(str(year - 1))
    known = today
    out: list[str] = [f"# Phân tích dữ liệu năm {year}", ""]
    out += [
        "Theo mục 9.1.3 Sổ tay chất lượng: phân tích kết quả khảo sát ý kiến của cá nhân, tổ chức và kết quả "
        "thực hiện các thủ tục hành chính, gửi Ban Chỉ đạo ISO và Lãnh đạo.",
        "",
        "## 1. Kết quả khảo sát ý kiến của cá nhân, tổ chức",
        "",
    ]
    surveys = surveys_in(agency, period)
    if not surveys:
        out += ["Không có cuộc khảo sát nào trong năm.", ""]
    for survey in surveys:
        whole = tally(survey, survey.responses)
        out += [
            f"**{md_text(survey.title)}** ({whole.responses} phiếu; hài lòng là {threshold_text(survey)}; "
            "câu không trả lời tính là chưa hài lòng).",
            "",
            "| Câu hỏi | Trả lời | Hài lòng | Tỷ lệ hài lòng |",
            "| --- | ---: | ---: | ---: |",
        ]
        out += [f"| {md_text(q.text)} | {q.answered} | {q.satisfied} | {rate_text(q.share)} |" for q in whole.questions]
        out += [f"| **Chung** | {whole.asked} | {whole.satisfied} | **{rate_text(whole.share)}** |", ""]
        out += [_against_last_year(agency, before, whole.share), ""]
        units = grouped(survey, "unit")
        if len(units) > 1 or (units and units[0].key != "—"):
            out += ["| Đơn vị | Số phiếu | Tỷ lệ hài lòng |", "| --- | ---: | ---: |"]
            out += [f"| {md_text(_unit_name(agency, g.key))} | {g.responses} | {rate_text(g.share)} |" for g in units]
            out.append("")
        comments = comments_of(survey)
        if comments:
            out += ["Ý kiến góp ý:", "", *(f"- {md_text(c)}" for c in comments), ""]
    out += ["## 2. Kết quả giải quyết thủ tục hành chính", ""]
    for by, heading in (("unit", "Đơn vị"), ("procedure", "Thủ tục")):
        now, then = agency.figures(period, by=by), agency.figures(before, by=by)
        earlier = {row.key: row.counts.on_time_rate for row in then.rows}
        out += [
            f"| {heading} | Đã xử lý | Đúng hạn {year} | Đúng hạn {year - 1} | Thay đổi (điểm %) |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for row in now.rows:
            name = _unit_name(agency, row.key) if by == "unit" else _procedure_name(agency, row.key)
            out.append(_rate_row(md_text(name), row.counts.on_time_rate, earlier.get(row.key), row.counts.processed))
        out.append(_rate_row("**Tổng**", now.total.on_time_rate, then.total.on_time_rate, now.total.processed))
        out.append("")
    out += ["## 3. Kết quả thực hiện mục tiêu chất lượng", ""]
    results = [r for r in agency.objective_results(period) if r.year.year == year]
    early = agency.cut.is_early(period)
    out += [
        f"- {md_text(_owner_name(agency, r.year.owner)[0])}: {md_text(r.objective.text)}: chỉ tiêu "
        f"{md_text(target_text(r.objective.target))}, thực tế {md_text(_actual_text(r))}"
        + (f" — {verdict.lower()}" if (verdict := verdict_text(r.status, early)) else "")
        for r in results
    ] or ["- Không có mục tiêu chất lượng của năm."]
    out += ["", "## 4. Rủi ro và cơ hội", ""]
    out += [f"- {line}" for line in risk_summary(agency, period, known).lines()]
    out += ["", "## 5. Hành động khắc phục, cải tiến và hiệu lực", ""]
    out += [f"- {action_effect(agency, period, known).line()}", ""]
    out += [
        "## 6. Đề xuất",
        "",
        "- Hành động khắc phục, phòng ngừa rủi ro đề xuất từ kết quả phân tích: ……………",
        "",
    ]
    return "\n".join(out)


def _against_last_year(agency: Agency, before: Period, share: float | None) -> str:
    """The overall share set beside the last survey of the year before (its trend)."""
    earlier = surveys_in(agency, before)
    if not earlier:
        return f"Năm {before.start.year} không có khảo sát để so sánh."
    last = earlier[-1]
    then = tally(last, last.responses).share
    said = f"Năm {before.start.year} ({last.title}): tỷ lệ hài lòng chung {rate_text(then)}"
    if share is None or then is None:
        return said + "."
    points = f"{(share - then) * 100:+.2f}".replace(".", ",")
    return said + f"; thay đổi {points} điểm %."


def _unit_name(agency: Agency, code: str) -> str:
    unit = agency.units.get(code)
    return unit.name if unit else code


def _procedure_name(agency: Agency, code: str) -> str:
    procedure = agency.procedures.get(code)
    return f"{code} — {procedure.name}" if procedure else code
