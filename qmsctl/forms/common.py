"""What every DOCX form shares: the letterhead's values, dates as forms write them,
the dotted placeholder of the paper form, and required fields."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.records.models import Profile

DOTS = "……………"  # what the paper form shows where nothing is filled in


def or_dots(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return DOTS
    return str(value)


def day_text(value: date | datetime | None) -> str:
    if value is None:
        return DOTS
    return value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else value.strftime("%d/%m/%Y")


def date_line(on: date | None) -> str:
    """'ngày 05 tháng 02 năm 2026': a leading zero for days below 10 and for months 1 and 2
    (Nghị định 30/2020/NĐ-CP, Phụ lục I); dotted when the date is left to be written by hand."""
    if on is None:
        return "ngày …… tháng …… năm 20……"
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return f"ngày {on.day:02d} tháng {month} năm {on.year}"


def require(value: Any, record: str, field: str, form: str) -> Any:
    """A field the form cannot be printed without."""
    if value is None or (isinstance(value, (str, list)) and not value):
        raise UserError(
            "U021",
            _("{form} needs '{field}' in {record}").format(form=form, field=field, record=record),
            file=record,
            hint=_("Fill in '{field}' and render again.").format(field=field),
        )
    return value


def letterhead(
    profile: Profile | None, kind: str, on: date | None, form: str, number: str | None = None
) -> dict[str, Any]:
    """The values of the two-column header: agencies in capitals, "Số: …/BC-VPUB", place and date."""
    profile = require(profile, "qms.yaml", "agency", form)
    agency = profile.agency
    return {
        "parent": (agency.parent or "").upper(),
        "agency": agency.name.upper(),
        "agency_name": agency.name,
        "short": agency.short,
        "kind": kind,
        "number": number or "……",
        "place_date": f"{agency.place}, {date_line(on)}",
        "motto": or_dots(profile.motto),
    }
