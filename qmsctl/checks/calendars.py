"""Calendar files: one a year with tickets (C601), dates of their own year (C602, C603)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from qmsctl.findings import Finding, Severity
from qmsctl.i18n import _
from qmsctl.records.facts import TicketFacts
from qmsctl.records.load import Records


def check_calendar_years(records: Records, tickets: Iterable[TicketFacts]) -> Iterator[Finding]:
    """C601 across every ticket of the folder."""
    have = {s.model.year for s in records.calendars}
    first_ticket: dict[int, tuple[str, tuple[int | str, ...]]] = {}
    for t in tickets:
        for moment in (t.received, t.completed):
            if moment is not None and moment.year not in first_ticket:
                first_ticket[moment.year] = (t.file, t.loc)
    for year in sorted(set(first_ticket) - have):
        file, loc = first_ticket[year]
        yield Finding(
            "C601",
            Severity.WARNING,
            file,
            _("There are tickets in {year} but no calendar/{year}.yaml").format(year=year),
            _(
                "Add calendar/{year}.yaml with the year's official day swaps and extra days off; "
                "until then only statutory holidays count."
            ).format(year=year),
            loc + ("received",),
        )


def check_calendar_files(records: Records) -> Iterator[Finding]:
    """C602, C603: each calendar file's days are of its year, and in one list."""
    for s in records.calendars:
        c = s.model
        stem = s.file.rsplit("/", 1)[-1].split(".")[0]
        if stem.isdigit() and int(stem) != c.year:
            yield Finding(
                "C602",
                Severity.ERROR,
                s.file,
                _("The file is named for {name} but says year {year}").format(name=stem, year=c.year),
                _("Rename the file or correct 'year'."),
                ("year",),
            )
        for field in ("days_off", "work_days"):
            for index, day in enumerate(getattr(c, field)):
                if day.year != c.year:
                    yield Finding(
                        "C602",
                        Severity.ERROR,
                        s.file,
                        _("{day} is not in year {year}").format(day=day.isoformat(), year=c.year),
                        _("Put each day in its own year's file."),
                        (field, index),
                    )
        for index, day in enumerate(c.work_days):
            if day in c.days_off:
                yield Finding(
                    "C603",
                    Severity.ERROR,
                    s.file,
                    _("{day} is both a day off and a working day").format(day=day.isoformat()),
                    _("Keep it in one list only."),
                    ("work_days", index),
                )
