"""Benchmark: the province roll-up of 10 million tickets across 1,000 agencies, and the export of
a 100,000-ticket folder.

    python bench/bench_rollup.py [--tickets 10000000] [--agencies 1000] [--spark] [--export FOLDER]

The facts are generated straight to Parquet by DuckDB in the export's layout and schema
(tickets/agency=…/year=2026/, months/ with each ticket in its month of receipt, and
procedures/): one dataset partitioned by agency, as the exports of 1,000 agencies copied into
one folder would be. Each figure is a fresh `qmsctl rollup` process, plain and `--by month`:
wall time and peak memory (for Spark, of the Python side only: the JVM it starts is not a
child the measure waits for).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

import measure  # noqa: E402

from qmsctl.exports import write_manifest  # noqa: E402
from qmsctl.rollup import SCHEMA_VERSION  # noqa: E402

STATUSES = ["processed_on_time", "processed_late", "not_processed", "in_progress_on_time", "in_progress_late"]
PROCEDURES = 40  # per agency


def generate(target: Path, tickets: int, agencies: int) -> None:
    import duckdb

    connection = duckdb.connect()
    connection.execute("SET preserve_insertion_order = false")
    statuses = "[" + ", ".join(f"'{s}'" for s in STATUSES) + "]"
    weights = "CASE WHEN r < 0.80 THEN 1 WHEN r < 0.88 THEN 2 WHEN r < 0.89 THEN 3 WHEN r < 0.98 THEN 4 ELSE 5 END"
    facts = f"""
        SELECT {SCHEMA_VERSION}::INTEGER AS schema,
               printf('A%04d', i % {agencies}) AS agency,
               printf('Cơ quan số %d', i % {agencies}) AS agency_name,
               2026::INTEGER AS year, '2026' AS period, '2027-01-31T00:00' AS as_of,
               printf('T-%d', i) AS ticket, 'dossier' AS kind,
               printf('QT.%02d', (i // {agencies}) % {PROCEDURES}) AS procedure,
               CASE WHEN (i // {agencies}) % {PROCEDURES} < {PROCEDURES // 2}
                    THEN 'lien-thong' ELSE 'noi-bo' END AS grp,
               printf('U%d', (i // {agencies}) % 5) AS unit, printf('U%d', (i // {agencies}) % 5) AS procedure_unit,
               TIMESTAMP '2026-01-01' + INTERVAL (i % 31536000) SECOND AS received,
               '2026-12-31' AS due, false AS due_is_moment, NULL::TIMESTAMP AS completed, 'done' AS outcome,
               {statuses}[{weights}] AS status, false AS carried
        FROM (SELECT i, hash(i) / 18446744073709551615.0 AS r FROM range({tickets}) t(i))
    """  # noqa: S608 - numbers of our own
    shutil.rmtree(target, ignore_errors=True)
    (target / "tickets").mkdir(parents=True)
    connection.execute(
        f"COPY ({facts}) TO '{target / 'tickets'}' (FORMAT parquet, PARTITION_BY (agency, year), "
        "OVERWRITE_OR_IGNORE, WRITE_PARTITION_COLUMNS true)"
    )
    # Each ticket in the month it was received, judged at that month's end (a ticket still open
    # at a month's end is in the next months too in a real export: a near count of the rows).
    months = f"""
        SELECT schema, agency, agency_name, year, period, strftime(received, '%Y-%m') AS month,
               strftime(date_trunc('month', received) + INTERVAL 1 MONTH, '%Y-%m-%dT%H:%M') AS as_of,
               ticket, grp, status, false AS carried
        FROM ({facts})
    """  # noqa: S608
    connection.execute(
        f"COPY ({months}) TO '{target / 'months'}' (FORMAT parquet, PARTITION_BY (agency, year), "
        "OVERWRITE_OR_IGNORE, WRITE_PARTITION_COLUMNS true)"
    )
    procedures = f"""
        SELECT {SCHEMA_VERSION}::INTEGER AS schema, printf('A%04d', a) AS agency,
               printf('Cơ quan số %d', a) AS agency_name, 2026::INTEGER AS year, printf('QT.%02d', p) AS procedure,
               printf('Thủ tục %d', p) AS name,
               CASE WHEN p < {PROCEDURES // 2} THEN 'lien-thong' ELSE 'noi-bo' END AS grp, printf('U%d', p % 5) AS unit,
               5 AS working_days, NULL::DOUBLE AS working_hours, NULL::INTEGER AS calendar_days
        FROM range({agencies}) a(a), range({PROCEDURES}) p(p)
    """  # noqa: S608
    connection.execute(
        f"COPY ({procedures}) TO '{target / 'procedures'}' (FORMAT parquet, PARTITION_BY (agency, year), "
        "OVERWRITE_OR_IGNORE, WRITE_PARTITION_COLUMNS true)"
    )
    # Each agency's manifest, as `qmsctl export` writes it last: its tickets counted.
    counted = connection.execute(
        f"SELECT agency, any_value(agency_name), count(*) FROM read_parquet('{target / 'tickets'}/*/*/*.parquet') "
        "GROUP BY agency"
    ).fetchall()  # noqa: S608
    for agency, name, tickets in counted:
        manifest = {"schema": SCHEMA_VERSION, "agency": agency, "name": name, "period": "2026"}
        write_manifest(target, {**manifest, "as_of": "2027-01-31T00:00", "tickets": tickets})


def timed(command: list[str], env: dict[str, str]) -> measure.Runs:
    """The median of five runs, with the peak memory of the command's process tree."""
    return measure.repeat(lambda: measure.run(command, env=env))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=10_000_000)
    parser.add_argument("--agencies", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "province")
    parser.add_argument("--spark", action="store_true", help="also time the Spark engine (local mode)")
    parser.add_argument("--export", type=Path, default=None, help="a records folder to time `qmsctl export` on")
    args = parser.parse_args()
    env = {**os.environ, "QMSCTL_LANG": "en"}
    started = time.perf_counter()
    generate(args.out, args.tickets, args.agencies)
    size = sum(f.stat().st_size for f in args.out.rglob("*.parquet")) / 2**20
    print(f"generated {args.tickets:,} tickets of {args.agencies:,} agencies: {time.perf_counter() - started:.1f} s, "
          f"{size:.0f} MiB of Parquet")  # fmt: skip
    rollup = [sys.executable, "-m", "qmsctl", "rollup", str(args.out), "--period", "2026", "--format", "json"]
    for engine in ("duckdb", "spark") if args.spark else ("duckdb",):
        print(f"qmsctl rollup --engine {engine:6}: {timed([*rollup, '--engine', engine], env)}")
        by_month = timed([*rollup, "--engine", engine, "--by", "month"], env)
        print(f"qmsctl rollup --engine {engine:6} --by month: {by_month}")
    if args.export:
        target = Path(tempfile.mkdtemp(prefix="qmsctl-export-"))
        command = [sys.executable, "-m", "qmsctl", "--records", str(args.export), "export", "--period", "2026"]
        cache = tempfile.mkdtemp(prefix="qmsctl-bench-")  # the first run fills it, as any first command
        exporting = {**env, "QMSCTL_TODAY": "2027-01-31", "XDG_CACHE_HOME": cache}
        first = measure.run([*command, "-o", str(target / "first")], env=exporting)
        print(f"qmsctl export (100,000 tickets), first: {measure.Runs([first])}")
        runs = iter(range(100))
        again = measure.repeat(lambda: measure.run([*command, "-o", str(target / str(next(runs)))], env=exporting))
        print(f"qmsctl export (100,000 tickets), again: {again}")


if __name__ == "__main__":
    import pace  # beside this file

    print(pace.line("before"))
    main()
    print(pace.line("after"))
