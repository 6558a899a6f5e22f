"""Benchmark: period figures for 100,000 tickets over a year, and the BM.ST.VP.04
workbook for 200 procedures. Loading is not timed: only computing and writing.

    python bench/bench_figures.py [--count 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import generate_tickets  # noqa: E402

from qmsctl.agency import open_agency  # noqa: E402
from qmsctl.figures import Cut, compute_figures, parse_period  # noqa: E402
from qmsctl.forms import bm_st_vp_04  # noqa: E402
from qmsctl.records.facts import facts_of, kept_facts  # noqa: E402
from qmsctl.records.load import FileResult, Sourced  # noqa: E402
from qmsctl.records.models import Ticket  # noqa: E402


def as_text(value: Any) -> Any:
    """The generator's values as the files write them."""
    if isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def best_of(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    agency = open_agency(HERE.parent / "records")
    raw = generate_tickets.generate(
        generate_tickets.load_procedures(HERE.parent / "records"), args.count, date(2026, 1, 1), date(2026, 12, 31)
    )
    tickets = [Ticket.model_validate(as_text(t)) for t in raw]
    agency.__dict__["tickets"] = tickets
    read = FileResult("t.yaml", "ticket", [Sourced(t, "t.yaml", (i,)) for i, t in enumerate(tickets)])
    facts = facts_of(kept_facts(read)[1])  # the tickets as the commands read them
    year = parse_period("2026")
    calendar = agency.calendar
    cut = Cut(datetime(2027, 1, 31))

    def year_figures(read: list[Any]) -> Any:
        calendar.worked_out.clear()  # nothing worked out in an earlier run
        return compute_figures(read, agency.procedures, year, calendar, cut)

    def page(read: list[Any]) -> None:
        """What the report counts: the year by procedure and by unit, and its twelve months."""
        calendar.worked_out.clear()
        for by in ("procedure", "unit", "month"):
            compute_figures(read, agency.procedures, year, calendar, cut, by=by)

    figures = year_figures(facts)
    print(f"tickets: {len(tickets)}, in scope of 2026: {figures.total.received}")
    print(f"figures of the year, tickets as models     : {best_of(3, lambda: year_figures(tickets)):6.3f} s")
    print(f"figures of the year, tickets as facts      : {best_of(3, lambda: year_figures(facts)):6.3f} s")
    print(f"a page: by procedure, by unit, by month    : {best_of(3, lambda: page(facts)):6.3f} s")

    content = bm_st_vp_04.build(agency, parse_period("2026-03"))
    model = content.figures.rows[0]
    content.figures.rows[:] = [
        type(model)(f"QT.X.{n:03d}", "lien-thong" if n % 2 else "noi-bo", model.unit, f"Quy trình số {n}", model.counts)
        for n in range(200)
    ]
    with tempfile.TemporaryDirectory() as folder:
        workbook_s = best_of(3, lambda: bm_st_vp_04.write_workbook(content, Path(folder) / "bm04.xlsx"))
    print(f"BM.ST.VP.04 workbook, 200 procedures       : {workbook_s:6.3f} s")


if __name__ == "__main__":
    import pace  # beside this file

    print(pace.line("before"))
    main()
    print(pace.line("after"))
