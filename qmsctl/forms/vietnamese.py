"""Vietnamese wording shared by the forms (forms are always Vietnamese)."""

from __future__ import annotations

from qmsctl.figures import Period

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_phrase(period: Period) -> str:
    """'THÁNG 03 NĂM 2025', 'QUÝ I NĂM 2025', 'NĂM 2025', 'TỪ NGÀY 06/01/2025 ĐẾN NGÀY 14/02/2025'."""
    year = period.start.year
    kind = period.kind
    if kind == "month":
        return f"THÁNG {period.start.month:02d} NĂM {year}"
    if kind == "quarter":
        return f"QUÝ {_ROMAN[(period.start.month - 1) // 3 + 1]} NĂM {year}"
    if kind == "half":
        return f"6 THÁNG {'ĐẦU' if period.start.month == 1 else 'CUỐI'} NĂM {year}"
    if kind == "year":
        return f"NĂM {year}"
    return f"TỪ NGÀY {period.start:%d/%m/%Y} ĐẾN NGÀY {period.end:%d/%m/%Y}"


def period_words(period: Period) -> str:
    """The period inside a sentence: 'tháng 03 năm 2025', 'quý I năm 2025', 'năm 2025'."""
    return " ".join(word if word in _ROMAN.values() else word.lower() for word in period_phrase(period).split())


def percent(rate: float | None) -> str:
    """A rate as the forms print it: '97,50' (Vietnamese decimal comma), '—' with nothing to measure."""
    if rate is None:
        return "—"
    return f"{rate * 100:.2f}".replace(".", ",")
