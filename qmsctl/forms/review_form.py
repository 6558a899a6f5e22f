"""BM.CTCL.02 — Biên bản họp xem xét của lãnh đạo: every input of QT.CTCL 5.8.1.1, the
figures in it (objective results, actions by state and source, the on-time trend, audit
findings) computed from the records, never typed."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from qmsctl.agency import Agency
from qmsctl.figures import Period, cut_note, note_inside, parse_period
from qmsctl.findings import UserError
from qmsctl.forms.action_form import SOURCES, STATES
from qmsctl.forms.common import DOTS, day_text, letterhead, or_dots
from qmsctl.forms.objective_forms import _actual_text, _owner_name, verdict_text
from qmsctl.forms.vietnamese import percent, period_words
from qmsctl.i18n import _
from qmsctl.records.action_states import state_on
from qmsctl.records.models import Review
from qmsctl.targets import target_text

FINDING_KINDS = {
    "conformity": "phù hợp",
    "nonconformity": "không phù hợp",
    "observation": "khuyến nghị",
    "opportunity": "cơ hội cải tiến",
}


def _review(agency: Agency, ident: str | None) -> Review:
    reviews = [s.model for s in agency.records.reviews]
    if not reviews:
        raise UserError("U027", _("There is no management review in reviews/"))
    if ident is None:
        return max(reviews, key=lambda r: r.on)
    found = next((r for r in reviews if r.id == ident or r.on.isoformat() == ident), None)
    if found is None:
        raise UserError("U027", _("There is no management review {id}").format(id=ident))
    return found


ABOUT = {
    "improvement": "Cơ hội cải tiến",
    "change": "Nhu cầu thay đổi HTQLCL",
    "resources": "Nhu cầu về nguồn lực",
    None: "Khác",
}


def as_of_the_meeting(agency: Agency, on: date, start: time | None = None) -> Agency:
    """The folder judged as of a meeting (its start, or the beginning of its day), or as of the
    agency's own moment when that is earlier: minutes state what was known when they were held."""
    from qmsctl.figures import Cut

    moment = datetime.combine(on, start or time(0, 0))
    if agency.cut.as_of <= moment:
        return agency
    return Agency(agency.records, Cut(moment, agency.cut.incomplete), agency.facts)


def review_facts(agency: Agency, on: date, period: Period, start: time | None = None) -> dict[str, list[str]]:
    """What the records say for a review held on `on` over `period` (QT.CTCL 5.8.1.1), as known
    when the meeting began (`as_of_the_meeting`): the previous review's decisions and whether
    they were done by then, the objectives' results, the actions requested by then and the
    state they were in, the dossiers' figures and the audits held. `review new` writes them
    into the record for the secretary to complete; BM.CTCL.02 prints them."""
    agency = as_of_the_meeting(agency, on, start)
    known = (agency.cut.as_of - timedelta(microseconds=1)).date()  # the last day the facts may come from
    earlier = [s.model for s in agency.records.reviews if s.model.on < on]
    previous = max(earlier, key=lambda r: r.on) if earlier else None
    previous_lines = (
        [
            f"- {d.what} ({or_dots(d.who)}, hạn {day_text(d.due)})"
            + (f": đã thực hiện {day_text(d.done)}" if d.done and d.done <= known else "")
            for d in previous.decisions
        ]
        or [f"- Cuộc họp ngày {day_text(previous.on)} không có quyết định nào."]
        if previous
        else ["- Không có cuộc họp xem xét trước trong hồ sơ."]
    )
    results = agency.objective_results(period)
    early = agency.cut.is_early(period)
    objective_lines = [
        f"- {_owner_name(agency, r.year.owner)[0]}: {r.objective.text}: chỉ tiêu {target_text(r.objective.target)}, "
        f"thực tế {_actual_text(r)}{' — ' + verdict.lower() if (verdict := verdict_text(r.status, early)) else ''}"
        for r in results
    ] or ["- " + DOTS]
    last = min(period.end, known)
    actions = [s.model for s in agency.records.actions if period.start <= s.model.request.on <= last]
    by_state = Counter(STATES[state_on(a, known).value] for a in actions)
    by_source = Counter(SOURCES[a.request.source] for a in actions)
    audits = [s.model for s in agency.records.audits if period.start <= s.model.on <= last]
    audit_kinds = Counter(FINDING_KINDS[f.kind] for a in audits for f in a.findings)
    total = agency.figures(period, by="month").total
    from qmsctl.analysis import action_effect, risk_summary, satisfaction_lines

    return {
        "previous": previous_lines,
        "objectives": objective_lines,
        "actions": [
            f"{len(actions)} phiếu trong kỳ"
            + (
                "; theo tình trạng: "
                + ", ".join(f"{k} {v}" for k, v in sorted(by_state.items()))
                + "; theo nguồn: "
                + ", ".join(f"{k} {v}" for k, v in sorted(by_source.items()))
                if actions
                else ""
            )
        ],
        "figures": [
            f"{total.processed} hồ sơ đã xử lý, {total.processed_on_time} đúng hạn, {total.processed_late} trễ hạn; "
            f"tỷ lệ đúng hạn {percent(total.on_time_rate)}%"
        ],
        "audits": [
            f"{len(audits)} cuộc đánh giá nội bộ, "
            + (", ".join(f"{v} {k}" for k, v in sorted(audit_kinds.items())) or "không có phát hiện")
        ],
        # The same lines as the yearly analysis (9.1.3) prints: the surveys, the risks, the actions' effect.
        "customer_feedback": satisfaction_lines(agency, period),
        "risks": risk_summary(agency, period, known).lines(),
        "effect": [action_effect(agency, period, known).line()],
    }


def _who(agency: Agency, who: str | None) -> str:
    """Who carries a decision out: a unit's name for its code (TTTT), the agency's for its own."""
    if who in agency.units or (agency.profile is not None and who == agency.profile.agency.short):
        return _owner_name(agency, who)[0]
    return or_dots(who)


def review_context(agency: Agency, ident: str | None) -> dict[str, Any]:
    review = _review(agency, ident)
    period = parse_period(review.period or str(review.on.year))
    inputs = review.inputs
    agency = as_of_the_meeting(agency, review.on, review.start)  # once: review_facts finds it cut already
    facts = review_facts(agency, review.on, period, review.start)
    figures = agency.figures(period, by="month")
    trend = [
        {
            "month": f"{row.key[5:]}/{row.key[:4]}",
            "processed": row.counts.processed,
            "on_time": row.counts.processed_on_time,
            "late": row.counts.processed_late,
            "rate": percent(row.counts.on_time_rate),
        }
        for row in figures.rows
    ]
    sections = [
        ("1. Tình trạng của các hành động từ các cuộc họp xem xét trước đó", facts["previous"]),
        (
            "2. Bối cảnh hoạt động, những thay đổi về các vấn đề nội bộ và bên ngoài ảnh hưởng tới HTQLCL",
            [or_dots(inputs.get("context"))],
        ),
        (
            "3. Thông tin về kết quả thực hiện và hiệu lực của HTQLCL",
            [
                "a) Sự thỏa mãn của khách hàng và thông tin phản hồi của các bên liên quan: "
                + (inputs.get("customer_feedback") or " ".join(facts["customer_feedback"])),
                "b) Mức độ thực hiện các mục tiêu chất lượng:",
                *facts["objectives"],
                "c) Sự không phù hợp và hành động khắc phục: " + facts["actions"][0],
                "Hiệu lực của hành động: " + facts["effect"][0],
                "d) Kết quả xử lý hồ sơ: " + facts["figures"][0] + " (xu hướng theo tháng ở bảng dưới)",
                "đ) Kết quả các cuộc đánh giá: " + facts["audits"][0],
                "e) Kết quả thực hiện của các nhà cung cấp bên ngoài: " + or_dots(inputs.get("suppliers")),
            ],
        ),
        ("4. Sự đầy đủ của nguồn lực", [or_dots(inputs.get("resources"))]),
        (
            "5. Hiệu lực của các hành động giải quyết rủi ro và cơ hội",
            [inputs["risks"]] if inputs.get("risks") else facts["risks"],
        ),
        ("6. Các cơ hội cải tiến", [or_dots(inputs.get("improvement"))]),
    ]
    # QT.CTCL 5.8.1.2: the decisions grouped by what they are about, in the procedure's order.
    ordered = sorted(review.decisions, key=lambda d: list(ABOUT).index(d.about))
    decisions = [
        {"number": n, "about": ABOUT[d.about], "what": d.what, "who": _who(agency, d.who), "due": day_text(d.due)}
        for n, d in enumerate(ordered, start=1)
    ] or [{"number": 1, "about": DOTS, "what": DOTS, "who": DOTS, "due": DOTS}]
    clock = "{:%H:%M}".format
    note = cut_note(period, agency.cut)
    return {
        **letterhead(agency.profile, "BB", review.on, "BM.CTCL.02"),
        "period_phrase": period_words(period) + (f" ({note_inside(note)})" if note else ""),  # mid-title
        "date": day_text(review.on),
        "time": (f"từ {clock(review.start)} " if review.start else "từ …… ")
        + (f"đến {clock(review.end)} " if review.end else "đến …… ")
        + f"ngày {day_text(review.on)}",
        "end": clock(review.end) if review.end else DOTS,
        "place": or_dots(review.place),
        "chair": or_dots(
            f"{review.chair.name} — {review.chair.title}"
            if review.chair and review.chair.title
            else review.chair and review.chair.name
        ),
        "secretary": or_dots(review.secretary.name if review.secretary else None),
        "chair_name": or_dots(review.chair.name if review.chair else None),
        "secretary_name": or_dots(review.secretary.name if review.secretary else None),
        "attendees": ", ".join(review.attendees) or DOTS,
        "inputs": [{"title": title, "lines": lines} for title, lines in sections],
        "trend": trend or [{"month": DOTS, "processed": "", "on_time": "", "late": "", "rate": "—"}],
        "decisions": decisions,
    }
