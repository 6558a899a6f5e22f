"""The values records are written in: dates, local times, clock times (their fields' types,
for the models, are in `records/models.py`; this module imports no pydantic, so a command's
date option is read without it).

Dates and times stay text in the files (YAML 1.2 core reads no timestamps) and are parsed
here, so a date that does not exist (30/02) is a finding on its field, not a crash.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from qmsctl.i18n import _

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$")


# The years a record may name: the working calendar is computed over them (holidays, make-up
# days), so a typing error such as 0025 or 9999 is refused at its field, not met by the figures.
FIRST_YEAR, LAST_YEAR = 1990, 2199


def _in_range(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DateProblem(
            _("{day} is outside the years records may name ({first}-{last})").format(
                day=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return day


class DateProblem(ValueError):
    """A date or time that is written right but does not exist (30 February, 25:00)."""


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError(_("a date without a time is expected here"))
    if isinstance(value, date):
        return _in_range(value)
    if isinstance(value, str) and _DATE.match(value.strip()):
        year, month, day = (int(part) for part in value.strip().split("-"))
        try:
            parsed = date(year, month, day)
        except ValueError:
            raise DateProblem(_("{value} is not a real date").format(value=value)) from None
        return _in_range(parsed)
    _refuse_day_month_year(value)
    raise ValueError(_("a date like 2025-03-04 is expected"))


def _refuse_day_month_year(value: Any) -> None:
    """A date written day/month/year, as a person writes it (23/11/2026): say how the records
    write it, the year first."""
    from qmsctl.options import iso_text

    if isinstance(value, str) and (written := iso_text(value)) != value.strip():
        year, month, day = (int(part) for part in written[:10].split("-"))
        try:
            date(year, month, day)
        except ValueError:  # 31/02/2026: no date to suggest, written either way
            raise DateProblem(_("{value} is not a real date").format(value=value.strip())) from None
        raise ValueError(_("dates are written year first in the records: {value}").format(value=written))


def _parse_moment(value: Any) -> datetime:
    """A local time without a time zone; a bare date is that day at 00:00."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ValueError(_("times are local agency time: remove the time zone"))
        _in_range(value.date())
        return value
    if isinstance(value, date):
        return datetime.combine(_in_range(value), time())
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 16 and text[10] in " T" and text[13] == ":" and text.isascii():
            try:  # the usual `2026-03-05 09:15`, read fast; anything odd takes the long way
                moment = datetime.fromisoformat(text)
            except ValueError:
                pass
            else:
                _in_range(moment.date())
                return moment
        if _DATE.match(text):
            return datetime.combine(_parse_date(text), time())
        match = _MOMENT.match(text)
        if match:
            day = _parse_date(match.group(1))
            hour, minute, second = int(match.group(2)), int(match.group(3)), int(match.group(4) or 0)
            if hour > 23 or minute > 59 or second > 59:
                raise DateProblem(_("{value} is not a real time of day").format(value=value))
            return datetime.combine(day, time(hour, minute, second))
        if re.search(r"[+-]\d{2}:?\d{2}$|Z$", text):
            raise ValueError(_("times are local agency time: remove the time zone"))
    _refuse_day_month_year(value)
    raise ValueError(_("a date and time like 2025-03-04 09:15 is expected"))


def _parse_date_or_moment(value: Any) -> date | datetime:
    if isinstance(value, datetime) or (isinstance(value, str) and _MOMENT.match(value.strip())):
        return _parse_moment(value)
    return _parse_date(value)


def _parse_clock(value: Any) -> time:
    if isinstance(value, str):
        match = re.match(r"^(\d{1,2}):(\d{2})$", value.strip())
        if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
            return time(int(match.group(1)), int(match.group(2)))
    raise ValueError(_("a time of day like 16:00 is expected"))


# The parsers under the names the commands and the models (`records/models.py`) use.
parse_day = _parse_date
parse_moment = _parse_moment
parse_day_or_moment = _parse_date_or_moment
parse_clock = _parse_clock
