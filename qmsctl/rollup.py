"""Many agencies' figures at once (the province's report on TCVN ISO 9001:2015).

`export_facts` writes one agency's facts for a period as a Parquet dataset, partitioned by agency
and year: a row per ticket in scope of the period with its status at the cut, as the figures core
of `stats` placed it (the agency's own calendar, hours and procedures decided it), and a row per
procedure. `rollup` reads such datasets (or records folders, exported on the way) with DuckDB and
counts the rows by agency, group and status: each agency's counts are its own `stats` exactly,
since `stats` counts the same placed tickets, and deadlines are never computed again.
The layout and its columns: docs/rollup.md.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from qmsctl.agency import Agency
from qmsctl.exports import MANIFESTS, ExportFiles, check_against_manifests, export_files, write_manifest
from qmsctl.figures import GROUPS, Counts, Period, Status, count_in, cut_json
from qmsctl.findings import IncompleteRecords, UserError
from qmsctl.i18n import _
from qmsctl.records.kinds import action_id
from qmsctl.records.models import Action
from qmsctl.store import cannot_write

SCHEMA_VERSION = 3  # 2: agency and year are in every file too, not only in the folder names; 3: carried
# Every dataset's first columns: the export's schema, the agency (a partition), its name and the
# year the period starts in (a partition).
HEAD_COLUMNS = [
    ("schema", "INTEGER"),
    ("agency", "VARCHAR"),
    ("agency_name", "VARCHAR"),
    ("year", "INTEGER"),
]
TICKET_COLUMNS = [
    *HEAD_COLUMNS,
    ("period", "VARCHAR"),
    ("as_of", "VARCHAR"),
    ("ticket", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("procedure", "VARCHAR"),
    ("grp", "VARCHAR"),
    ("unit", "VARCHAR"),
    ("procedure_unit", "VARCHAR"),
    ("received", "TIMESTAMP"),
    ("due", "VARCHAR"),
    ("due_is_moment", "BOOLEAN"),
    ("completed", "TIMESTAMP"),
    ("outcome", "VARCHAR"),
    ("status", "VARCHAR"),
    ("carried", "BOOLEAN"),  # received before the period, still open at its start (kỳ trước chuyển sang)
]
PROCEDURE_COLUMNS = [
    *HEAD_COLUMNS,
    ("procedure", "VARCHAR"),
    ("name", "VARCHAR"),
    ("grp", "VARCHAR"),
    ("unit", "VARCHAR"),
    ("working_days", "INTEGER"),
    ("working_hours", "DOUBLE"),
    ("calendar_days", "INTEGER"),
]
MONTH_COLUMNS = [
    *HEAD_COLUMNS,
    ("period", "VARCHAR"),
    ("month", "VARCHAR"),
    ("as_of", "VARCHAR"),
    ("ticket", "VARCHAR"),
    ("grp", "VARCHAR"),
    ("status", "VARCHAR"),
    ("carried", "BOOLEAN"),  # received before the month
]
OBJECTIVE_COLUMNS = [
    *HEAD_COLUMNS,
    ("period", "VARCHAR"),
    ("as_of", "VARCHAR"),
    ("owner", "VARCHAR"),
    ("number", "INTEGER"),
    ("objective", "VARCHAR"),
    ("target", "VARCHAR"),
    ("actual", "DOUBLE"),
    ("status", "VARCHAR"),
]
ACTION_COLUMNS = [
    *HEAD_COLUMNS,
    ("action", "VARCHAR"),
    ("unit", "VARCHAR"),
    ("source", "VARCHAR"),
    ("opened", "DATE"),
    ("state", "VARCHAR"),
    ("due", "DATE"),
    ("verified", "DATE"),
    ("effective", "BOOLEAN"),
    ("closed", "DATE"),
]


Rows = Callable[[], Iterable[list[Any]]]  # makes a dataset's rows when called


class _Copier:
    """Writes each dataset as Parquet partitioned by agency and year, through a CSV DuckDB reads.
    A big dataset's rows are made and written by a forked process, where the system can fork,
    on the other processor while this one makes the next dataset (the rows are made from this
    process's objects as they stand at the fork); DuckDB turns each CSV into Parquet in a thread
    of its own (outside Python's lock) once it is written."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        from qmsctl.extras import engine

        self.connection = engine("duckdb", "rollup").connect()
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="parquet")
        self.pending: list[Any] = []
        self.forking = hasattr(os, "fork") and (os.cpu_count() or 1) > 1

    def __enter__(self) -> _Copier:
        return self

    def __exit__(self, *failed: object) -> None:
        try:
            for pending in self.pending:
                pending.result()  # a failure of the writing or of DuckDB is raised here
        finally:
            self.pool.shutdown()
            self.connection.close()

    def copy(
        self, lead: list[Any], rows: Rows, columns: list[tuple[str, str]], target: Path, elsewhere: bool = False
    ) -> None:
        """`lead`: the values of the first columns, the same in every row, given once as
        parameters (neither written in the CSV nor spelled in SQL). `elsewhere`: the rows are
        made and written by a forked process (many rows, and more to make here meanwhile)."""
        fixed, varying = columns[: len(lead)], columns[len(lead) :]
        source, child = self._written(rows, [name for name, _type in varying], elsewhere and self.forking)
        types = ", ".join(f"'{name}': '{kind}'" for name, kind in varying)
        quoted, out = (str(path).replace("'", "''") for path in (source, target))
        reader = (
            f"read_csv('{quoted}', header=true, delim=',', quote='\"', escape='\"', columns={{{types}}}, nullstr='')"
        )
        given = ", ".join(f"?::{kind} AS {name}" for name, kind in fixed)
        query = (
            f"COPY (SELECT {given}, rows.* FROM {reader} AS rows) TO '{out}' "
            "(FORMAT parquet, PARTITION_BY (agency, year), OVERWRITE_OR_IGNORE, WRITE_PARTITION_COLUMNS true)"
        )
        self.pending.append(self.pool.submit(self._convert, query, lead, source, child, target))

    @staticmethod
    def _written(rows: Rows, names: list[str], forked: bool) -> tuple[Path, int | None]:
        """The CSV of the rows, and the forked process writing it (None: written here)."""
        handle, name = tempfile.mkstemp(suffix=".csv")
        path = Path(name)
        try:
            child = os.fork() if forked else None
        except OSError:  # no process to spare: written here
            child = None
        if child == 0:  # the child: the rows in the file, and nothing else; its code, the errno
            code = _FAILED
            try:
                _write_csv(handle, names, rows())
                code = 0
            except OSError as error:
                code = error.errno if error.errno and 0 < error.errno < _FAILED else _FAILED
            finally:
                os._exit(code)
        if child is not None:
            os.close(handle)
            return path, child
        try:
            _write_csv(handle, names, rows())
        except OSError as error:
            path.unlink(missing_ok=True)
            raise _unwritable(path, error.strerror or str(error)) from None
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path, None

    def _convert(self, query: str, lead: list[Any], source: Path, child: int | None, target: Path) -> None:
        import duckdb  # (loaded by __init__, through `engine`)

        try:
            code = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) if child is not None else 0
            if code != 0:
                reason = os.strerror(code) if 0 < code < _FAILED else _("the process writing it ended unexpectedly")
                raise _unwritable(source, reason)
            try:
                self.connection.execute(query, lead)
            except duckdb.Error as error:  # the dataset's folder is a file, say, or the disk is full
                raise cannot_write(target, str(error).splitlines()[0]) from None
        finally:
            source.unlink(missing_ok=True)


_FAILED = 255  # a writer's exit code when it failed otherwise than by a system error


def _unwritable(path: Path, reason: str) -> UserError:
    """A temporary file of the export that cannot be written."""
    return cannot_write(path, reason, _("Check the disk space of the temporary folder, or set TMPDIR to another."))


def _dataset_folder(target: Path) -> None:
    """The folder the datasets are written in, made if missing; a usage error (U031) when it is
    a file, or cannot be made."""
    if target.exists() and not target.is_dir():
        raise UserError(
            "U031",
            _("{path} is not a folder: the datasets are written in a folder").format(path=target),
            hint=_("Give with -o a folder to write the datasets in (it is made if missing)."),
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(target, error.strerror or error) from None


def _write_csv(handle: int, names: list[str], rows: Iterable[list[Any]]) -> None:
    with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows(rows)


def export_facts(agency: Agency, period: Period, target: Path) -> int:
    """The agency's facts for `period` at its cut, under `target` (tickets/ and procedures/)."""
    _dataset_folder(target)
    figures = agency.figures(period)
    profile = agency.profile
    short = profile.agency.short if profile else agency.root.name
    name = profile.agency.name if profile else short
    head = [SCHEMA_VERSION, short, name, period.start.year]
    as_of = cut_json(figures.moment)
    with _Copier() as copier:

        def tickets() -> Iterable[list[Any]]:
            return (
                [
                    p.ticket.id,
                    p.ticket.kind,
                    p.procedure.code,
                    p.procedure.group,
                    p.unit,
                    p.procedure.unit,
                    p.ticket.received,  # a moment is written as `isoformat(sep=" ")` writes it
                    p.due.at.isoformat() if p.due else "",
                    p.due.is_moment if p.due else "",
                    p.ticket.completed,
                    p.ticket.outcome,
                    p.status,
                    p.ticket.received < period.begins,
                ]  # fmt: skip
                for p in figures.placed
            )

        # Made and written elsewhere while the months are placed here.
        copier.copy([*head, period.label, as_of], tickets, TICKET_COLUMNS, target / "tickets", elsewhere=True)
        procedures = [  # each with the duration in force at the period's end (rule 9)
            [code, p.name, p.group, p.unit, d.working_days, d.working_hours, d.calendar_days]
            for code, p in sorted(agency.procedures.items())
            for d in [p.duration_on(period.end)]
        ]
        copier.copy(head, lambda: procedures, PROCEDURE_COLUMNS, target / "procedures")

        begun = [month for month in period.months() if agency.cut.as_of > month.begins]  # as `stats --by month`

        def months() -> Iterable[list[Any]]:
            """Each month begun by the cut, judged as a period of its own."""
            for month in begun:
                placed = figures if (month.start, month.end) == (period.start, period.end) else agency.figures(month)
                moment = cut_json(placed.moment)
                yield from (
                    [month.label, moment, p.ticket.id, p.procedure.group, p.status, p.ticket.received < month.begins]
                    for p in placed.placed
                )

        if begun:
            copier.copy([*head, period.label], months, MONTH_COLUMNS, target / "months")
        objectives = [
            [
                r.year.owner,
                r.number,
                r.objective.text,
                str(r.target) if r.target else "",
                "" if r.actual is None else r.actual,
                r.status,
            ]  # fmt: skip
            for r in agency.objective_results(period)
        ]
        if objectives:
            copier.copy([*head, period.label, as_of], lambda: objectives, OBJECTIVE_COLUMNS, target / "objectives")
        opened_by = min(period.end, figures.moment.date())  # opened by the cut: in the province's view
        actions = [
            _action_row(action_id(s), s.model) for s in agency.records.actions if s.model.request.on <= opened_by
        ]
        if actions:
            copier.copy(head, lambda: actions, ACTION_COLUMNS, target / "actions")
    manifest = {"schema": SCHEMA_VERSION, "agency": short, "name": name, "period": period.label, "as_of": as_of}
    write_manifest(target, {**manifest, "tickets": len(figures.placed)})
    return len(figures.placed)


def _action_row(ident: str, action: Action) -> list[Any]:
    """An action as the province reads it: where it stands in QT.CTCL 5.2-5.7, and when."""
    due = action.assignment.due if action.assignment else None
    if action.plan:
        dues = [a.due for a in action.plan.actions if a.due]
        due = max(dues, default=due)
    verification, closure = action.verification, action.closure
    return [
        ident, action.request.unit, action.request.source, action.request.on.isoformat(), action.state.value,
        due.isoformat() if due else "", verification.on.isoformat() if verification else "",
        verification.effective if verification else "", closure.on.isoformat() if closure else "",
    ]  # fmt: skip


@dataclass
class AgencyFigures:
    agency: str
    name: str
    groups: dict[str, Counts] = field(default_factory=lambda: {g: Counts() for g in GROUPS})
    # Rows as `stats --by procedure` and `--by unit` give them: (procedure, group, unit) and unit.
    procedures: dict[tuple[str, str, str], Counts] = field(default_factory=dict)
    units: dict[str, Counts] = field(default_factory=dict)
    months: dict[str, Counts] = field(default_factory=dict)  # each month judged as its own period

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.groups.values():
            total.add(counts)
        return total

    def rates(self) -> dict[str, float | None]:
        rates = {group: self.groups[group].on_time_rate for group in GROUPS}
        rates["all"] = self.total.on_time_rate
        return rates

    def as_json(self, by: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {"agency": self.agency, "name": self.name}
        if by == "procedure":
            ordered = sorted(self.procedures.items(), key=lambda item: (GROUPS.index(item[0][1]), item[0][0]))
            data["rows"] = [
                {"procedure": code, "group": group, "unit": unit, **counts.as_json()}
                for (code, group, unit), counts in ordered
            ]
        elif by == "month":
            data["rows"] = [{"month": month, **counts.as_json()} for month, counts in sorted(self.months.items())]
        elif by == "unit":
            data["rows"] = [{"unit": unit, **counts.as_json()} for unit, counts in sorted(self.units.items())]
        data |= {"groups": {g: self.groups[g].as_json() for g in GROUPS}, "total": self.total.as_json()}
        data["rates"] = self.rates()
        return data


@dataclass
class Rollup:
    period: Period
    as_of: str
    agencies: list[AgencyFigures]

    def as_json(self, by: str | None = None) -> dict[str, Any]:
        """`by`: None (the agencies), procedure or unit (each agency's rows, as its `stats --by`)."""
        province = AgencyFigures("", "")
        for agency in self.agencies:
            for group in GROUPS:
                province.groups[group].add(agency.groups[group])
        return {
            "period": self.period.as_json(),
            "as_of": self.as_of,
            "agencies": [a.as_json(by) for a in self.agencies],
            "groups": {g: province.groups[g].as_json() for g in GROUPS},
            "total": province.total.as_json(),
            "rates": province.rates(),
        }


def refuse_incomplete(agency: Agency) -> None:
    """An export or a roll-up is never made of a folder with records left unread: its figures
    would reach the province without the mark an incomplete report carries (docs/rules.md section 4)."""
    from qmsctl.findings import IncompleteRecords

    if agency.incomplete:
        raise IncompleteRecords(
            "U055",
            _("{folder}: the figures would be incomplete: records of {files} could not be read").format(
                folder=agency.root, files=", ".join(agency.incomplete[:10])
            ),
            hint=_("Run `qmsctl check` in that folder to see why and correct them."),
        )


def datasets(sources: list[Path], period: Period, as_of: Any, scratch: Path) -> list[Path]:
    """The Parquet datasets of the sources: a dataset as it is, a records folder exported (as of
    `as_of`) into `scratch`, a folder of either taken one by one."""
    from qmsctl.figures import Cut

    found: list[Path] = []
    for source in sources:
        if (source / "qms.yaml").is_file():
            agency = Agency.open(source, as_of=Cut(as_of) if as_of else None, counting=True)
            refuse_incomplete(agency)
            target = scratch / f"{len(found):05d}"
            export_facts(agency, period, target)
            found.append(target.resolve())
        elif (source / MANIFESTS).is_dir() or any(
            any((source / part).rglob("*.parquet")) for part in ("tickets", "procedures")
        ):
            found.append(source.resolve())  # an export, by its real path: two spellings are one
        elif source.is_dir():
            inner = sorted(p for p in source.iterdir() if p.is_dir())
            if not inner:
                raise UserError("U050", _("{path} holds no records folder and no export").format(path=source))
            found += datasets(inner, period, as_of, scratch)
        else:
            raise UserError("U050", _("{path} is not a records folder nor an export").format(path=source))
    return found


ENGINES = ("duckdb", "spark")
# One query for both engines (DuckDB's and Spark's SQL agree on it); `facts` is the tickets'
# rows with the file each came from, `listed` the procedures' rows.
COUNT_SQL = (
    "SELECT source, agency, agency_name, period, as_of, schema, grp, status, procedure, procedure_unit, unit, "
    "carried, count(*) AS n FROM facts "
    "GROUP BY source, agency, agency_name, period, as_of, schema, grp, status, procedure, procedure_unit, unit, carried"
)
AGENCIES_SQL = "SELECT DISTINCT source, agency, agency_name FROM listed"
MONTHS_SQL = (
    "SELECT source, agency, month, status, carried, count(*) AS n FROM months "
    "GROUP BY source, agency, month, status, carried"
)
# Each view: its folder in an export, its query, and the columns the query reads.
VIEWS = {
    "facts": ("tickets", COUNT_SQL,
              ("schema", "agency", "agency_name", "period", "as_of", "grp", "status", "procedure", "procedure_unit",
               "unit", "carried")),
    "listed": ("procedures", AGENCIES_SQL, ("agency", "agency_name")),
    "months": ("months", MONTHS_SQL, ("agency", "month", "status", "carried")),
}  # fmt: skip
SPARK_TYPES = {"INTEGER": "INT", "VARCHAR": "STRING", "BOOLEAN": "BOOLEAN"}


def rollup(
    sources: list[Path], period: Period, as_of: Any = None, engine: str = "duckdb", by: str | None = None
) -> Rollup:
    """Each agency's figures and the province's, counted by DuckDB (or Spark) from the facts;
    `by` month also counts each month judged as its own period."""
    with tempfile.TemporaryDirectory(prefix="qmsctl-rollup-") as scratch:
        paths = datasets(sources, period, as_of, Path(scratch))
        wanted = ["facts", "listed"] + (["months"] if by == "month" else [])
        found = export_files(paths, {view: VIEWS[view][0] for view in wanted}, Path(scratch), SCHEMA_VERSION)
        files = found.files
        if not files["facts"] and not files["listed"]:
            raise UserError(
                "U050", _("No tickets to roll up in {sources}").format(sources=", ".join(map(str, sources)))
            )
        count = _count_with_spark if engine == "spark" else _count_with_duckdb
        try:
            results = count(files)
        except UserError as error:
            raise found.named(error) from None
    try:
        rolled = _counted(results["facts"], period, found, results["listed"])
        if by == "month":
            _add_months(rolled, results["months"])
    except UserError as error:
        raise found.named(error) from None
    return rolled


def _add_months(rolled: Rollup, rows: list[tuple[Any, ...]]) -> None:
    """Each agency's months as `stats --by month` gives them: every month begun by the cut, a
    month without tickets in scope with zeros."""

    for agency in rolled.agencies:
        cut = datetime.fromisoformat(rolled.as_of) if rolled.as_of else rolled.period.ends
        for month in rolled.period.months():
            if month.begins < cut:
                agency.months[month.label] = Counts()
    by_agency = {a.agency: a for a in rolled.agencies}
    seen: set[tuple[Any, Any]] = set()
    for filename, agency, month, status, carried, n in rows:
        if (month, status) not in seen:  # a few values, in many rows
            _written_by_an_export(filename, ("month", month, _MONTH), ("status", status, Status.ALL))
            seen.add((month, status))
        count_in(by_agency[agency].months.setdefault(month, Counts()), status, bool(carried), n)


_CUT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")  # docs/rules.md section 4, as `figures.cut_json` writes it
_MONTH = re.compile(r"\d{4}-\d{2}")


def _written_by_an_export(filename: str, *columns: tuple[str, Any, Any]) -> None:
    """Each (column, value, what it may hold: the values, or the pattern of the text) as an
    export writes it; else the file is named, as one not made by `qmsctl export`."""
    for column, value, allowed in columns:
        if isinstance(allowed, re.Pattern):
            good = isinstance(value, str) and allowed.fullmatch(value) is not None
            if good and allowed is _CUT:  # a moment that exists (not 24:99)
                try:
                    datetime.strptime(value, "%Y-%m-%dT%H:%M")
                except ValueError:
                    good = False
        else:
            good = value in allowed
        if not good:
            raise UserError(
                "U051",
                _("{file} is not an export of qmsctl: its column {column} holds {value}").format(
                    file=filename, column=column, value=repr(value)
                ),
                hint=_("Export the agency again with qmsctl export, or remove the file."),
            )


def _unreadable(error: Exception) -> UserError:
    return UserError(
        "U051",
        _("A Parquet file cannot be read: {error}").format(error=str(error).strip().splitlines()[0]),
        hint=_("Export the agency again with qmsctl export, or remove the file."),
    )


def _count_with_duckdb(files: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    from qmsctl.extras import engine

    duckdb = engine("duckdb", "rollup")
    connection = duckdb.connect()

    def reader(paths: list[str]) -> str:  # a view takes no parameter: the files as SQL literals
        listed = ", ".join("'" + path.replace("'", "''") + "'" for path in paths)
        return (
            # Every file carries its agency and year (the export writes the partition columns):
            # the files are read as they are, not by the folders' names.
            f"SELECT *, filename AS source FROM read_parquet([{listed}], hive_partitioning=false, filename=true, "
            "union_by_name=true)"
        )

    results: dict[str, list[tuple[Any, ...]]] = {}
    try:
        for view, found in files.items():
            results[view] = []
            if found:  # (an agency with no ticket in the period is listed by its procedures)
                connection.execute(f"CREATE VIEW {view} AS {reader(found)}")
                results[view] = connection.execute(VIEWS[view][1]).fetchall()
    except duckdb.Error as error:
        raise _unreadable(error) from None
    return results


def _count_with_spark(files: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    """The same query on Apache Spark (pyspark, the `spark` extra): a local session here, the
    cluster's when run under spark-submit (docs/rollup.md). Every file carries its agency and
    year, so the datasets are read as plain files (many roots cannot share partition discovery)."""
    try:
        from py4j.protocol import Py4JError
        from pyspark.errors import PySparkException
        from pyspark.sql import SparkSession
        from pyspark.sql.functions import input_file_name
    except ImportError:
        raise UserError(
            "U054",
            _("The Spark engine needs pyspark"),
            hint=_("Install it with: pip install 'qmsctl[spark]' (and a Java runtime)"),
        ) from None
    spark = SparkSession.getActiveSession()
    if spark is None and "PYSPARK_GATEWAY_PORT" in os.environ:  # under spark-submit: its settings hold
        spark = SparkSession.builder.appName("qmsctl-rollup").getOrCreate()
    if spark is None:  # on this machine: a local session, quiet and sized for it
        spark = (
            SparkSession.builder.appName("qmsctl-rollup")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.showConsoleProgress", "false")
            # The files are named, not searched for: list them on the driver, not in a job of a
            # task a file (Spark's default past 32 paths).
            .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "1000000")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("OFF")  # what goes wrong is told once, by qmsctl
    types = {**dict(TICKET_COLUMNS), **dict(MONTH_COLUMNS)}
    results: dict[str, list[tuple[Any, ...]]] = {}
    try:
        for view, found in files.items():
            results[view] = []
            if not found:
                continue
            # The files as listed (no discovery of partitions), and only the columns counted, so
            # Spark reads no footer to guess a schema.
            schema = ", ".join(f"{name} {SPARK_TYPES[types[name]]}" for name in VIEWS[view][2])
            frame = spark.read.schema(schema).option("recursiveFileLookup", "true").parquet(*found)
            frame.withColumn("source", input_file_name()).createOrReplaceTempView(view)
            results[view] = [tuple(row) for row in spark.sql(VIEWS[view][1]).collect()]
    except (PySparkException, Py4JError) as error:
        # Spark's message is a Java trace: name the file it could not read, when it says which.
        named = re.search(r"(?:file:)?(/[^\s,;]+?\.parquet)", str(error))
        raise _unreadable(RuntimeError(unquote(named.group(1)) if named else str(error))) from None
    # Spark names a file by its URI (file:/…); the counting names it by its path.
    for view in ("facts", "listed", "months"):
        results[view] = [_local(row) for row in results.get(view, [])]
    return results


def _local(row: tuple[Any, ...]) -> tuple[Any, ...]:
    source = str(row[0])
    return (unquote(urlparse(source).path) if source.startswith("file:") else source, *row[1:])


def _counted(
    rows: list[tuple[Any, ...]], period: Period, found: ExportFiles, agencies: list[tuple[str, ...]]
) -> Rollup:
    """Each agency's figures from the counted rows; an agency in two exports, under two names,
    or an export whose tickets are not those its manifest wrote, is refused."""
    source_of = found.root
    by_agency: dict[str, AgencyFigures] = {}
    sources: dict[str, set[Path]] = {}
    tickets: dict[tuple[Path, str], int] = {}

    def named(agency: str, name: str) -> AgencyFigures:
        figures = by_agency.setdefault(agency, AgencyFigures(agency, name))
        if figures.name != name:
            raise IncompleteRecords(
                "U053",
                _("Agency {agency} is exported under two names: {one} and {other}").format(
                    agency=agency, one=figures.name, other=name
                ),
                hint=_("Each agency has one short name (qms.yaml, agency.short): export each again."),
            )
        return figures

    for filename, short, name in agencies:
        named(short, name)
        sources.setdefault(short, set()).add(source_of(filename))
    for manifest in found.manifests:
        named(manifest.agency, manifest.name)
        sources.setdefault(manifest.agency, set()).add(manifest.root)
    as_of = ""
    seen: set[tuple[Any, Any, Any]] = set()
    for filename, agency, name, label, moment, schema, group, status, procedure, owner, unit, carried, n in rows:
        if schema != SCHEMA_VERSION:
            raise UserError("U051", _("{file} is an export of another schema ({n})").format(file=filename, n=schema))
        if label != period.label:
            raise UserError(
                "U052",
                _("{file} holds the figures of {other}, not {period}").format(
                    file=filename, other=label, period=period.label
                ),
                hint=_("Export the agency for this period: qmsctl export --period {period}").format(
                    period=period.label
                ),
            )
        if (group, status, moment) not in seen:  # a few values, in many rows
            _written_by_an_export(
                filename, ("grp", group, GROUPS), ("status", status, Status.ALL), ("as_of", moment, _CUT)
            )
            seen.add((group, status, moment))
        root = source_of(filename)
        sources.setdefault(agency, set()).add(root)
        tickets[(root, agency)] = tickets.get((root, agency), 0) + n
        figures = named(agency, name)
        for counts in (
            figures.groups[group],
            figures.procedures.setdefault((procedure, group, owner), Counts()),
            figures.units.setdefault(unit, Counts()),
        ):
            count_in(counts, status, bool(carried), n)
        as_of = max(as_of, moment)
    twice = sorted(agency for agency, where in sources.items() if len(where) > 1)
    if twice:
        raise IncompleteRecords(
            "U053",
            _("Agency {agencies} is exported more than once: it is not counted twice").format(
                agencies=", ".join(twice)
            ),
            hint=_("Keep one export of each agency among the sources."),
        )
    check_against_manifests(found, tickets, period.label)
    as_of = max([as_of, *(m.as_of for m in found.manifests)])
    return Rollup(period, as_of, sorted(by_agency.values(), key=lambda a: a.agency))
