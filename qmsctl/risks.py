"""Risks and opportunities (TCVN ISO 9001:2015 6.1, HD.VP.02): their level on the register's
scale, their state, and what a year's registers add up to (the review's and the analysis's
figures)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from qmsctl.records.models import Risk, RiskRegister, RiskScale

HIGH, MEDIUM, LOW = "high", "medium", "low"
LEVEL_WORDS = {HIGH: "cao", MEDIUM: "trung bình", LOW: "thấp"}
RESPONSE_WORDS = {
    "accept": "chấp nhận",
    "reduce": "giảm thiểu",
    "avoid": "né tránh",
    "share": "chia sẻ",
    "pursue": "tận dụng",
}
TYPE_WORDS = {"risk": "Rủi ro", "opportunity": "Cơ hội"}
# What answers each type: a risk is never "pursued", an opportunity never avoided, reduced or shared.
RESPONSES_OF = {"risk": ("accept", "reduce", "avoid", "share"), "opportunity": ("pursue", "accept")}


def score(risk: Risk) -> int:
    return risk.likelihood * risk.impact


def level(risk: Risk, scale: RiskScale) -> str:
    """high from `scale.high` on, medium from `scale.medium` on, else low."""
    value = score(risk)
    return HIGH if value >= scale.high else MEDIUM if value >= scale.medium else LOW


def state(risk: Risk, today: date) -> str:
    """open (no response yet), responding, overdue (its due passed, not reviewed), effective,
    not-effective (reviewed)."""
    if risk.review is not None:
        return "effective" if risk.review.effective else "not-effective"
    if risk.response is None:
        return "open"
    if risk.response.due is not None and risk.response.due < today:
        return "overdue"
    return "responding"


STATE_WORDS = {
    "open": "chưa có biện pháp",
    "responding": "đang xử lý",
    "overdue": "quá hạn xử lý",
    "effective": "đã xử lý, có hiệu lực",
    "not-effective": "đã xử lý, chưa hiệu lực",
}


def needs_response(risk: Risk, scale: RiskScale) -> bool:
    """A high risk must have a response (accepting it is one, written down)."""
    return risk.type == "risk" and level(risk, scale) == HIGH and risk.response is None


@dataclass
class RiskSummary:
    """A year's registers added up."""

    years: list[int] = field(default_factory=list)
    risks: int = 0
    opportunities: int = 0
    by_level: Counter[str] = field(default_factory=Counter)  # risks only
    by_state: Counter[str] = field(default_factory=Counter)
    high_without_response: list[str] = field(default_factory=list)
    reviewed: list[int] = field(default_factory=list)  # years whose register the leaders reviewed

    @property
    def reviewed_effect(self) -> tuple[int, int]:
        """(effective, reviewed) responses."""
        done = self.by_state["effective"] + self.by_state["not-effective"]
        return self.by_state["effective"], done

    def as_json(self) -> dict[str, Any]:
        effective, done = self.reviewed_effect
        return {
            "years": self.years,
            "risks": self.risks,
            "opportunities": self.opportunities,
            "by_level": dict(self.by_level),
            "by_state": dict(self.by_state),
            "high_without_response": self.high_without_response,
            "responses_reviewed": done,
            "responses_effective": effective,
            "registers_reviewed": self.reviewed,
        }

    def lines(self) -> list[str]:
        """In Vietnamese, as the review and the analysis print it."""
        if not self.years:
            return ["Chưa lập sổ đăng ký rủi ro và cơ hội cho kỳ này."]
        effective, done = self.reviewed_effect
        levels = ", ".join(f"{LEVEL_WORDS[k]} {self.by_level[k]}" for k in (HIGH, MEDIUM, LOW) if self.by_level[k])
        states = ", ".join(f"{STATE_WORDS[k]} {v}" for k, v in sorted(self.by_state.items()) if v)
        lines = [
            f"{self.risks} rủi ro ({levels or 'không có'}) và {self.opportunities} cơ hội được nhận diện; "
            f"theo tình trạng: {states or 'không có'}.",
            f"Hiệu lực của biện pháp: {effective}/{done} biện pháp đã xem xét có hiệu lực.",
        ]
        if self.high_without_response:
            lines.append("Rủi ro cao chưa có biện pháp: " + ", ".join(self.high_without_response) + ".")
        not_reviewed = [y for y in self.years if y not in self.reviewed]
        if not_reviewed:
            lines.append("Sổ đăng ký chưa được lãnh đạo xem xét: năm " + ", ".join(map(str, not_reviewed)) + ".")
        return lines


def summarise(registers: list[RiskRegister], years: set[int], today: date) -> RiskSummary:
    result = RiskSummary()
    for register in sorted(registers, key=lambda r: r.year):
        if register.year not in years:
            continue
        result.years.append(register.year)
        if register.reviewed is not None and register.reviewed.on <= today:
            result.reviewed.append(register.year)
        for risk in register.items:
            if risk.type == "opportunity":
                result.opportunities += 1
            else:
                result.risks += 1
                result.by_level[level(risk, register.scale)] += 1
            result.by_state[state(risk, today)] += 1
            if needs_response(risk, register.scale):
                result.high_without_response.append(risk.id)
    return result
