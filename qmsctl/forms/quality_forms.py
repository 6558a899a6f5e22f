"""The register of risks and opportunities (RUI-RO), the questionnaire (PHIEU-KHAO-SAT), the
survey's results (KET-QUA-KHAO-SAT) and the yearly analysis (PHAN-TICH): contexts from risks/,
surveys/ and analyses/."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from qmsctl.agency import Agency
from qmsctl.findings import UserError
from qmsctl.forms.common import DOTS, day_text, letterhead, or_dots
from qmsctl.forms.vietnamese import percent, period_words
from qmsctl.i18n import _
from qmsctl.risks import LEVEL_WORDS, RESPONSE_WORDS, STATE_WORDS, TYPE_WORDS, level, score, state


def _head(agency: Agency) -> tuple[str, str]:
    profile = agency.profile
    head = profile.head if profile else None
    title = head.title.upper() if head and head.title else "THỦ TRƯỞNG CƠ QUAN"
    return title, or_dots(head.name if head else None)


def _secretary(agency: Agency) -> str:
    profile = agency.profile
    return or_dots(profile.iso_secretary.name if profile and profile.iso_secretary else None)


def risk_register_context(agency: Agency, year: int, on: date | None) -> dict[str, Any]:
    register = next((s.model for s in agency.records.risks if s.model.year == year), None)
    if register is None:
        _not_unread(agency, "risks")
        raise UserError(
            "U060",
            _("There is no register of risks and opportunities for {year}").format(year=year),
            hint=_("Add its first item: qmsctl risk add {year}").format(year=year),
        )
    today = on or date.today()
    scale = register.scale
    rows = []
    for number, risk in enumerate(register.items, start=1):
        response = risk.response
        where = agency.units[risk.unit].name if risk.unit in agency.units else risk.unit
        effect = risk.review
        rows.append(
            {
                "number": number,
                "id": risk.id,
                "type": TYPE_WORDS[risk.type],
                "where": where + (f"; {risk.process}" if risk.process else ""),
                "description": risk.description,
                "cause": risk.cause or "—",
                "level": f"{risk.likelihood} × {risk.impact} = {score(risk)} ({LEVEL_WORDS[level(risk, scale)]})",
                "response": f"{RESPONSE_WORDS[response.kind].capitalize()}: {response.what}"
                + (f" (phiếu {response.reference})" if response.reference else "")
                if response
                else DOTS,
                "owner": (or_dots(response.owner) + (f", hạn {day_text(response.due)}" if response.due else ""))
                if response
                else DOTS,
                "effect": (
                    ("Có hiệu lực" if effect.effective else "Chưa có hiệu lực")
                    + f" ({day_text(effect.on)})"
                    + (f": {effect.note}" if effect.note else "")
                )
                if effect
                else STATE_WORDS[state(risk, today)].capitalize(),
            }
        )
    reviewed = register.reviewed
    title, name = _head(agency)
    return {
        **letterhead(agency.profile, "", on, "RUI-RO"),
        "year": year,
        "scale": f"Khả năng xảy ra và mức độ tác động chấm từ 1 đến {scale.max}; mức = khả năng × tác động: "
        f"cao từ {scale.high}, trung bình từ {scale.medium}, thấp dưới {scale.medium}.",
        "rows": rows
        or [
            {
                k: DOTS
                for k in (
                    "number",
                    "id",
                    "type",
                    "where",
                    "description",
                    "cause",
                    "level",
                    "response",
                    "owner",
                    "effect",
                )
            }
        ],  # fmt: skip
        "reviewed": f"Lãnh đạo đã xem xét sổ đăng ký ngày {day_text(reviewed.on)} ({reviewed.by})"
        + (f": {reviewed.note}" if reviewed.note else ".")
        if reviewed
        else "Lãnh đạo xem xét sổ đăng ký ngày ……/……/…… .",
        "signer_title": title,
        "signer_name": name,
    }


def _not_unread(agency: Agency, kind: str) -> None:
    """A record not found may be one whose file could not be read: said so (U055), not "none"."""
    from qmsctl.findings import IncompleteRecords

    lost = agency.lost(kind)
    if lost:
        raise IncompleteRecords(
            "U055",
            _("Records of {files} could not be read: the one asked for may be there").format(files=", ".join(lost)),
            lost[0],
            hint=_("Run `qmsctl check` to see why and correct it."),
        )


def _survey(agency: Agency, ident: str | None) -> Any:
    from qmsctl.surveys import survey_named

    return survey_named(agency.records, ident).model


def questionnaire_context(agency: Agency, ident: str | None, on: date | None) -> dict[str, Any]:
    from qmsctl.figures import parse_period
    from qmsctl.surveys import DEFAULT_LABELS

    survey = _survey(agency, ident)
    scale = survey.scale
    labels = list(scale.labels) or (
        list(DEFAULT_LABELS) if (scale.min, scale.max) == (1, 5) else [str(v) for v in range(scale.min, scale.max + 1)]
    )
    return {
        **letterhead(agency.profile, "", on, "PHIEU-KHAO-SAT"),
        "title": survey.title,
        "year": parse_period(survey.period).end.year,
        "questions": [
            {"number": n, "text": q.text, "choices": labels} for n, q in enumerate(survey.questions, start=1)
        ],
    }


def survey_report_context(agency: Agency, ident: str | None, on: date | None) -> dict[str, Any]:
    from qmsctl.figures import parse_period
    from qmsctl.surveys import comments_of, grouped, tally, threshold_text

    survey = _survey(agency, ident)
    whole = tally(survey, survey.responses)
    questions = [
        {"number": n, "text": q.text, "answered": q.answered, "satisfied": q.satisfied, "share": percent(q.share)}
        for n, q in enumerate(whole.questions, start=1)
    ]
    questions.append(
        {
            "number": "",
            "text": "Chung (mọi câu hỏi của mọi phiếu)",
            "answered": whole.asked,
            "satisfied": whole.satisfied,
            "share": percent(whole.share),
        }
    )
    units = [
        {
            "number": n,
            "name": agency.units[g.key].name if g.key in agency.units else "Không ghi đơn vị",
            "responses": g.responses,
            "share": percent(g.share),
        }
        for n, g in enumerate(grouped(survey, "unit"), start=1)
    ]
    profile = agency.profile
    return {
        **letterhead(profile, "BC", on, "KET-QUA-KHAO-SAT"),
        "period_phrase": period_words(parse_period(survey.period)),
        "intro": f"Trong {period_words(parse_period(survey.period))}, {whole.responses} phiếu thăm dò ý kiến "
        f"được thu về. Tỷ lệ hài lòng chung là {percent(whole.share)}%.",
        "rule": f"Câu trả lời hài lòng là câu ở {threshold_text(survey)}. Theo Sổ tay chất lượng (9.1.2), "
        "không có ý kiến không đồng nghĩa với hài lòng: câu không được trả lời tính là chưa hài lòng, nên tỷ lệ "
        "tính trên tổng số phiếu thu về.",
        "questions": questions,
        "units": units or [{"number": 1, "name": DOTS, "responses": 0, "share": "—"}],
        "comments": comments_of(survey) or ["Không có ý kiến góp ý."],
        "signer_title": "THƯ KÝ ISO",
        "signer_name": _secretary(agency),
    }


def analysis_context(
    agency: Agency, year: int, on: date | None, written: tuple[str | None, str] | None = None
) -> tuple[dict[str, Any], str]:
    """The letterhead and the body of analyses/YEAR.md (its own title left to the form's);
    `written` (who, the Markdown) when the analysis was just made from this very agency."""
    if written is None:
        found = next((s for s in agency.records.analyses if s.model.year == year), None)
        if found is None:
            _not_unread(agency, "analysis")
            raise UserError(
                "U062",
                _("There is no analysis of {year}").format(year=year),
                hint=_("Write it: qmsctl analysis --year {year}").format(year=year),
            )
        written, on = (found.model.by, found.body or ""), on or found.model.on
    by, markdown = written
    return (
        {
            **letterhead(agency.profile, "BC", on, "PHAN-TICH"),
            "year": year,
            "signer_name": by or _secretary(agency),
        },
        re.sub(r"\A\s*# [^\n]*\n", "", markdown),
    )
