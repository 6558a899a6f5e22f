"""BM.ST.VP.02 (the year's objectives), BM.ST.VP.03 (their report over a period) and
Phụ lục 3 (plan and report of the year): contexts from objectives/ and the figures."""

from __future__ import annotations

from datetime import date
from typing import Any

from qmsctl.agency import Agency
from qmsctl.figures import Period, cut_note, note_inside, parse_period
from qmsctl.findings import UserError
from qmsctl.forms.common import DOTS, letterhead, or_dots
from qmsctl.forms.vietnamese import percent, period_words
from qmsctl.i18n import _
from qmsctl.objectives import MET, NO_DATA, NOT_MET, ObjectiveResult, evaluate
from qmsctl.records.models import ObjectivesYear
from qmsctl.targets import target_text


def objectives_year(agency: Agency, year: int, owner: str | None) -> ObjectivesYear:
    owner = owner or (agency.profile.agency.short if agency.profile else None)
    for s in agency.records.objectives:
        if s.model.year == year and s.model.owner == owner:
            return s.model
    raise UserError(
        "U024",
        _("There are no objectives of {owner} for {year}").format(owner=owner, year=year),
        hint=_("Add objectives/{year}.yaml with owner: {owner}.").format(year=year, owner=owner),
    )


def _owner_name(agency: Agency, owner: str) -> tuple[str, str, str]:
    """(name, signer, signer's title in capitals) of the agency or unit owning the objectives:
    the head of the agency with the title `qms.yaml` gives, or the head of the unit."""
    if owner in agency.units:
        unit = agency.units[owner]
        title = "TRƯỞNG " + unit.name.split()[0].upper() if unit.name.split()[0] in ("Phòng", "Ban") else None
        return unit.name, or_dots(unit.head), title or "THỦ TRƯỞNG ĐƠN VỊ"
    profile = agency.profile
    head = profile.head if profile else None
    title = head.title.upper() if head and head.title else "THỦ TRƯỞNG CƠ QUAN"
    return (profile.agency.name if profile else owner), or_dots(head.name if head else None), title


def _letterhead(agency: Agency, owner: str, kind: str, on: date | None, form: str) -> dict[str, Any]:
    """The letterhead of whoever owns the objectives: a unit's under its agency (the agency's
    name above the unit's, the unit's code in the number), else the agency's."""
    head = letterhead(agency.profile, kind, on, form)
    if owner in agency.units:
        unit = agency.units[owner]
        head.update({"parent": head["agency"], "agency": unit.name.upper(), "short": unit.code})
    return head


def _recipient(agency: Agency, owner: str) -> str:
    profile = agency.profile
    if owner in agency.units:
        return profile.agency.name if profile else DOTS
    return or_dots(profile.agency.parent if profile else None)


def _value_text(result: ObjectiveResult, value: float) -> str:
    return f"{percent(value)}%" if result.is_rate else f"{value:g}"


def _actual_text(result: ObjectiveResult) -> str:
    if result.parts:  # judged month by month: each month's value ("03/2026: 1; …")
        return "; ".join(
            f"{_part_label(label)}: {'—' if value is None else _value_text(result, value)}"
            for label, value, _status in result.parts
        )
    if result.actual is None:
        return "—" if result.status == NO_DATA else DOTS
    return _value_text(result, result.actual)


def _part_label(label: str) -> str:
    """2026-03 as 03/2026, 2026-Q1 as Quý I/2026."""
    year, _sep, rest = label.partition("-")
    if rest.startswith("Q"):
        return f"Quý {'I' * int(rest[1:]) if rest[1:] != '4' else 'IV'}/{year}"
    return f"{rest}/{year}"


def _evaluate(agency: Agency, year: ObjectivesYear, period: Period) -> list[ObjectiveResult]:
    results = evaluate(
        [year], agency.tickets, agency.procedures, set(agency.units), period, agency.calendar, agency.cut
    )
    return [r for r in results if r.year is year]


def plan_context(agency: Agency, year: int, owner: str | None, on: date | None) -> dict[str, Any]:
    chosen = objectives_year(agency, year, owner)
    name, signer, title = _owner_name(agency, chosen.owner)
    approved = chosen.approved.on if chosen.approved else None  # the plan's date, when no --date is given
    rows = [
        {
            "number": f"{n:02d}",
            "text": o.text,
            "target": target_text(o.target),
            "measures": "; ".join(x for x in (o.measures, o.responsible) if x) or DOTS,
            "evidence": or_dots(o.evidence),
        }
        for n, o in enumerate(chosen.objectives, start=1)
    ]
    return {
        **_letterhead(agency, chosen.owner, "KH", on or approved, "BM.ST.VP.02"),
        "year": year,
        "owner_name": name.upper(),
        "rows": rows,
        "signer_name": signer,
        "signer_title": title,
    }


def report_context(agency: Agency, period: Period, owner: str | None, on: date | None) -> dict[str, Any]:
    chosen = objectives_year(agency, period.start.year, owner)
    _name, signer, title = _owner_name(agency, chosen.owner)
    rows = []
    for result in _evaluate(agency, chosen, period):
        note = next((r for r in result.objective.reports if r.period == period.label), None)
        if result.status == MET:
            cause, remedy = "—", "Tiếp tục duy trì"
        elif result.status == NOT_MET:
            cause, remedy = or_dots(note.cause if note else None), or_dots(note.remedy if note else None)
        else:
            cause, remedy = or_dots(note.cause if note else None), or_dots(note.remedy if note else None)
        rows.append(
            {
                "number": f"{result.number:02d}",
                "text": result.objective.text,
                "target": target_text(result.objective.target),
                "actual": _actual_text(result),
                "cause": cause,
                "remedy": remedy,
            }
        )
    note = cut_note(period, agency.cut)  # judged before the period's end: the form says so
    return {
        **_letterhead(agency, chosen.owner, "BC", on, "BM.ST.VP.03"),
        # Sent to the agency above (its parent), or to the agency for a unit's report.
        "recipient": _recipient(agency, chosen.owner),
        "period_phrase": period_words(period) + (f" ({note_inside(note)})" if note else ""),
        "period_phrase_lower": ("trong " if period.kind != "range" else "") + period_words(period),
        "rows": rows,
        "signer_name": signer,
        "signer_title": title,
    }


def verdict_text(status: str, early: bool) -> str:
    """An objective's verdict as the forms print it; judged before its period is over, it is
    where the objective stands, not a verdict ("Không đạt" of a year under way is premature)."""
    if early:
        return {MET: "Đang đạt", NOT_MET: "Chưa đạt", NO_DATA: "Chưa có số liệu"}.get(status, "")
    return {MET: "Đạt", NOT_MET: "Không đạt", NO_DATA: "Chưa có số liệu"}.get(status, "")


def appendix_context(agency: Agency, year: int, owner: str | None, on: date | None) -> dict[str, Any]:
    chosen = objectives_year(agency, year, owner)
    name, signer, title = _owner_name(agency, chosen.owner)
    early = agency.cut.is_early(parse_period(str(year)))
    rows = [
        {
            "number": f"{r.number:02d}",
            "text": r.objective.text,
            "target": target_text(r.objective.target),
            "measures": or_dots(r.objective.measures),
            "responsible": or_dots(r.objective.responsible),
            "actual": _actual_text(r),
            "verdict": verdict_text(r.status, early) or DOTS,
        }
        for r in _evaluate(agency, chosen, parse_period(str(year)))
    ]
    note = cut_note(parse_period(str(year)), agency.cut)
    return {
        **_letterhead(agency, chosen.owner, "KH", on, "Phụ lục 3"),
        "year": f"{year} ({note_inside(note)})" if note else year,
        "owner_name": name.upper(),
        "rows": rows,
        "signer_name": signer,
        "signer_title": title,
    }
