"""The one reading of the dates, times and moments that commands take as options
(`--date`, `--at`, `--as-of`, `--today`), and of "now" in the agency's time zone.

ISO `2026-03-05` and the Vietnamese `05/03/2026` are read everywhere; a time is written
after the date (`2026-03-05 10:00`, `2026-03-05T10:00`, `05/03/2026 10:00`).
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta

from qmsctl.findings import UserError
from qmsctl.i18n import _

TIME_ZONE = "Asia/Ho_Chi_Minh"  # docs/rules.md section 4: "now" is the agency's local time
_VIETNAMESE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[T ](\d{1,2}:\d{2}(?::\d{2})?))?$")


def iso_text(text: str) -> str:
    """`05/03/2026 10:00` -> `2026-03-05 10:00`; other text unchanged."""
    match = _VIETNAMESE.match(text.strip())
    if not match:
        return text.strip()
    day, month, year, clock = match.groups()
    iso = f"{year}-{int(month):02d}-{int(day):02d}"
    return f"{iso} {clock}" if clock else iso


def _problem(option: str, value: str, example: str, problem: ValueError | None = None) -> UserError:
    """`problem`: what is wrong with a value written as a date or time should be."""
    message = _("{option}: '{value}' is not a date or time").format(option=option, value=value)
    if problem is not None:
        message = f"{message}: {problem}"
    return UserError("U005", message, hint=_("Write it like {example}.").format(example=example))


def option_day(value: str, option: str = "--date") -> date:
    """A date option."""
    from qmsctl.records.values import DateProblem, parse_day

    try:
        return parse_day(iso_text(value))
    except DateProblem as problem:  # written right, but no such day, or outside the years
        raise _problem(option, value, "2026-03-05, 05/03/2026", problem) from None
    except ValueError:
        raise _problem(option, value, "2026-03-05, 05/03/2026") from None


def option_moment(value: str, option: str = "--at") -> datetime:
    """A moment option; a bare date is that day at 00:00."""
    from qmsctl.records.values import DateProblem, parse_moment

    try:
        return parse_moment(iso_text(value))
    except DateProblem as problem:
        raise _problem(option, value, "2026-03-05 09:15, 05/03/2026 09:15", problem) from None
    except ValueError:
        raise _problem(option, value, "2026-03-05 09:15, 05/03/2026 09:15") from None


def option_cut(value: str, option: str = "--as-of") -> datetime:
    """An "as of" moment (docs/rules.md section 4): a bare date is the end of that day (24:00)."""
    text = iso_text(value)
    moment = option_moment(value, option)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return moment + timedelta(days=1)
    return moment


def now() -> datetime:
    """Now, in the agency's local time, to the minute; `QMSCTL_TODAY` (a date: the end of that
    day, or a moment) sets it for scripts and tests."""
    fixed = os.environ.get("QMSCTL_TODAY", "").strip()
    if fixed:
        return option_cut(fixed, "QMSCTL_TODAY")
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(TIME_ZONE)).replace(tzinfo=None, second=0, microsecond=0)


def clock_now() -> datetime:
    """The time a change is recorded at by default: now, on `today()` (so a fixed
    `QMSCTL_TODAY` date keeps changes on that day)."""
    from zoneinfo import ZoneInfo

    wall = datetime.now(ZoneInfo(TIME_ZONE)).replace(tzinfo=None, second=0, microsecond=0)
    return datetime.combine(today(), wall.time())


def today() -> date:
    """Today in the agency's time zone (`QMSCTL_TODAY` when set)."""
    fixed = os.environ.get("QMSCTL_TODAY", "").strip()
    if fixed and not re.search(r"\d:\d", fixed):
        return option_day(fixed, "QMSCTL_TODAY")  # a bare date: that day, whose end is "now"
    return now().date()
