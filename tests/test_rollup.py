"""The province roll-up: each agency's figures through DuckDB equal its own `stats`, from its
folder or from its Parquet export; the province is their sum; bad inputs are named."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsctl.cli.main import app
from tests.conftest import DATA, DEMO

runner = CliRunner()
QUESTION = ["--period", "2026-Q3", "--as-of", "2026-11-23"]


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three agencies with their own rules: the demo, the demo with other hours, a cutoff and the
    deadline at the same time of day, and a small one with no ticket in the period."""
    root = tmp_path_factory.mktemp("province")
    shutil.copytree(DEMO, root / "vpub")
    other = root / "ubnd-b"
    shutil.copytree(DEMO, other)
    profile = (other / "qms.yaml").read_text(encoding="utf-8")
    profile = profile.replace("short: VPUB", "short: UBND-B").replace(
        'hours: ["07:00-11:30", "13:30-17:00"]', 'hours: ["07:30-11:30", "13:00-16:30"]'
    )
    profile = profile.replace("cutoff: null", 'cutoff: "15:30"').replace("deadline: end-of-day", "deadline: same-time")
    (other / "qms.yaml").write_text(profile, encoding="utf-8")
    small = root / "ubnd-c"
    shutil.copytree(DATA / "base", small)
    text = (small / "qms.yaml").read_text(encoding="utf-8").replace("short: VPUB", "short: UBND-C")
    (small / "qms.yaml").write_text(text, encoding="utf-8")
    return root


def stats(folder: Path) -> dict[str, object]:
    code, output = run("--records", str(folder), "stats", *QUESTION, "--format", "json")
    assert code == 0, output
    return json.loads(output)  # type: ignore[no-any-return]


def check_against_stats(data: dict[str, object], province: Path) -> None:
    agencies = {a["agency"]: a for a in data["agencies"]}  # type: ignore[attr-defined]
    assert sorted(agencies) == ["UBND-B", "UBND-C", "VPUB"]
    for short, folder in (("VPUB", "vpub"), ("UBND-B", "ubnd-b"), ("UBND-C", "ubnd-c")):
        own = stats(province / folder)
        assert {k: agencies[short][k] for k in ("groups", "total", "rates")} == {
            k: own[k] for k in ("groups", "total", "rates")
        }, short
    # The rules differ, so the two copies of the same dossiers do not count the same.
    assert agencies["VPUB"]["total"] != agencies["UBND-B"]["total"]
    received = sum(a["total"]["received"] for a in agencies.values())
    assert data["total"]["received"] == received  # type: ignore[index]
    processed = data["total"]["processed"]  # type: ignore[index]
    assert data["rates"]["all"] == processed["on_time"] / processed["total"]  # type: ignore[index]


def test_the_roll_up_of_folders_equals_each_agencys_stats(province: Path) -> None:
    code, output = run("rollup", str(province), *QUESTION, "--format", "json")
    assert code == 0, output
    check_against_stats(json.loads(output), province)


def test_the_roll_up_of_exports_equals_it_too(province: Path, tmp_path: Path) -> None:
    for folder in ("vpub", "ubnd-b", "ubnd-c"):
        code, output = run("--records", str(province / folder), "export", *QUESTION, "-o", str(tmp_path / folder))
        assert code == 0, output
    code, output = run("rollup", str(tmp_path), *QUESTION, "--format", "json")
    assert code == 0, output
    check_against_stats(json.loads(output), province)
    code, output = run("rollup", str(tmp_path), "--period", "2026-Q2", "--format", "json")
    assert code == 2 and "2026-Q3" in output  # an export of another period is named, not counted


def test_an_agency_exported_twice_is_reported(province: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert run("--records", str(province / "vpub"), "export", *QUESTION, "-o", str(tmp_path / name))[0] == 0
    code, output = run("rollup", str(tmp_path / "a"), str(tmp_path / "b"), *QUESTION)
    assert code == 1 and "VPUB" in output and "more than once" in output  # refused, never counted


def test_a_corrupt_parquet_file_is_named(province: Path, tmp_path: Path) -> None:
    assert run("--records", str(province / "vpub"), "export", *QUESTION, "-o", str(tmp_path / "x"))[0] == 0
    bad = next((tmp_path / "x" / "tickets").rglob("*.parquet"))
    bad.write_bytes(b"PAR1 not really parquet")
    code, output = run("rollup", str(tmp_path / "x"), *QUESTION)
    assert code == 2 and "cannot be read" in output and "data_0.parquet" in output


def test_the_province_workbook_ranks_the_agencies_and_passes_the_validator(province: Path, tmp_path: Path) -> None:
    import openpyxl

    from tests.test_docx_forms import audit

    target = tmp_path / "tong-hop.xlsx"
    code, output = run("rollup", str(province), *QUESTION, "--format", "xlsx", "-o", str(target))
    assert code == 0, output
    data = json.loads(run("rollup", str(province), *QUESTION, "--format", "json")[1])
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    names = [sheet.cell(row=r, column=2).value for r in range(6, 10)]
    ranked = sorted(data["agencies"], key=lambda a: -(a["rates"]["all"] or -1))
    assert names == [f"{a['name']} ({a['agency']})" for a in ranked] + ["Toàn tỉnh"]
    assert sheet.cell(row=9, column=11).value == data["total"]["received"]  # the province's total received
    assert audit(target) == []


def test_the_same_agency_in_two_folders_is_reported_even_without_tickets(province: Path, tmp_path: Path) -> None:
    shutil.copytree(province / "ubnd-c", tmp_path / "again")
    code, output = run("rollup", str(province / "ubnd-c"), str(tmp_path / "again"), *QUESTION)
    assert code == 1 and "UBND-C" in output


@pytest.mark.parametrize("by", ["procedure", "unit", "month"])
def test_each_agencys_rows_by_procedure_unit_or_month_equal_its_stats(province: Path, by: str) -> None:
    code, output = run("rollup", str(province), *QUESTION, "--by", by, "--format", "json")
    assert code == 0, output
    agencies = {a["agency"]: a for a in json.loads(output)["agencies"]}
    for short, folder in (("VPUB", "vpub"), ("UBND-B", "ubnd-b"), ("UBND-C", "ubnd-c")):
        code, own = run("--records", str(province / folder), "stats", *QUESTION, "--by", by, "--format", "json")
        assert agencies[short]["rows"] == json.loads(own)["rows"], (short, by)


def test_spark_rolls_up_the_same_as_duckdb(province: Path, tmp_path: Path) -> None:
    """The national engine: the same query on Spark in local mode, over the folders and over
    their exports, gives the very JSON DuckDB gives (each agency equal to its own stats)."""
    for folder in ("vpub", "ubnd-b", "ubnd-c"):
        assert run("--records", str(province / folder), "export", *QUESTION, "-o", str(tmp_path / folder))[0] == 0
    for sources in ([str(province)], [str(tmp_path)]):
        for by in ("agency", "procedure", "month"):
            results = {}
            for engine in ("duckdb", "spark"):
                code, output = run("rollup", *sources, *QUESTION, "--by", by, "--format", "json", "--engine", engine)
                assert code == 0, output
                results[engine] = json.loads(output)
            assert results["spark"] == results["duckdb"], (sources, by)
    check_against_stats(results["spark"], province)
    bad = next((tmp_path / "vpub" / "tickets").rglob("*.parquet"))
    bad.write_bytes(b"PAR1 not really parquet")
    code, output = run("rollup", str(tmp_path), *QUESTION, "--engine", "spark")
    assert code == 2 and "cannot be read" in output and str(bad) in output.replace("\n", ""), output


def test_the_export_carries_the_objectives_and_actions_as_the_agency_sees_them(province: Path, tmp_path: Path) -> None:
    """One row per objective with its result as `objectives` judges it, one per action opened by
    the cut with its state; the documented columns."""
    import duckdb

    import qmsctl
    from qmsctl.records.kinds import action_id
    from qmsctl.rollup import ACTION_COLUMNS, OBJECTIVE_COLUMNS

    folder = province / "vpub"
    assert run("--records", str(folder), "export", *QUESTION, "-o", str(tmp_path / "x"))[0] == 0
    code, output = run("--records", str(folder), "objectives", *QUESTION, "--format", "json")
    assert code == 0, output
    own = [(o["owner"], o["number"], o["text"], o["actual"], o["status"]) for o in json.loads(output)["objectives"]]

    def read(part: str) -> duckdb.DuckDBPyRelation:
        return duckdb.read_parquet(str(tmp_path / "x" / part / "*" / "*" / "*.parquet"))

    objectives = read("objectives")
    assert objectives.columns == [name for name, _type in OBJECTIVE_COLUMNS]
    exported = objectives.select("owner, number, objective, actual, status").fetchall()
    assert sorted(exported, key=str) == sorted(own, key=str) and own
    actions = read("actions")
    assert actions.columns == [name for name, _type in ACTION_COLUMNS]
    agency = qmsctl.open(folder)
    states = dict(actions.select("action, state").fetchall())
    for sourced in agency.records.actions:
        if sourced.model.request.on.isoformat() <= "2026-09-30":
            assert states[action_id(sourced)] == sourced.model.state.value
        else:
            assert action_id(sourced) not in states


def test_the_months_of_a_period_under_way_are_those_begun_by_the_cut(province: Path) -> None:
    question = ["--period", "2026-Q4", "--as-of", "2026-11-23T10:00"]
    code, output = run("rollup", str(province), *question, "--by", "month", "--format", "json")
    assert code == 0, output
    agencies = {a["agency"]: a for a in json.loads(output)["agencies"]}
    for short, folder in (("VPUB", "vpub"), ("UBND-C", "ubnd-c")):
        code, own = run("--records", str(province / folder), "stats", *question, "--by", "month", "--format", "json")
        assert code == 0, own
        assert agencies[short]["rows"] == json.loads(own)["rows"], short
        assert [r["month"] for r in agencies[short]["rows"]] == ["2026-10", "2026-11"]


def _rows(export: Path) -> dict[str, list[tuple[object, ...]]]:
    import duckdb

    return {
        part.name: sorted(duckdb.read_parquet(str(part / "*" / "*" / "*.parquet")).fetchall(), key=repr)
        for part in sorted(export.iterdir())
        if part.name != "manifests"
    }


def test_the_export_is_the_same_written_by_forked_processes_or_here(
    province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    folder = str(province / "vpub")
    assert run("--records", folder, "export", *QUESTION, "-o", str(tmp_path / "forked"))[0] == 0
    monkeypatch.delattr(os, "fork")  # as on a system that cannot fork
    assert run("--records", folder, "export", *QUESTION, "-o", str(tmp_path / "here"))[0] == 0
    forked, here = _rows(tmp_path / "forked"), _rows(tmp_path / "here")
    assert forked == here and len(forked["tickets"]) > 100 and set(forked) >= {"tickets", "months", "procedures"}


@pytest.mark.parametrize("forking", [True, False])
def test_rows_that_cannot_be_written_are_a_usage_error_and_leave_no_file(
    province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forking: bool
) -> None:
    import errno
    import os
    import tempfile

    import qmsctl.rollup

    write = qmsctl.rollup._write_csv

    def full(handle: int, names: list[str], rows: Iterable[list[object]]) -> None:
        if names[0] != "ticket":  # the tickets' rows only: those a forked process writes
            return write(handle, names, rows)
        os.close(handle)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(qmsctl.rollup, "_write_csv", full)  # the forked writer has it too
    if not forking:
        monkeypatch.delattr(os, "fork")
    code, output = run("--records", str(province / "vpub"), "export", *QUESTION, "-o", str(tmp_path / "x"))
    assert code == 2 and os.strerror(errno.ENOSPC) in output, output
    assert "Traceback" not in output and str(scratch) in output.replace("\n", "")
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(
    ("part", "column", "value"),
    [
        ("tickets", "status", "'done early'"),
        ("tickets", "grp", "'nhom-3'"),
        ("tickets", "as_of", "'2026-11-23T00:00:00+07:00'"),
        ("months", "status", "'?'"),
        ("months", "month", "'tháng 7'"),
    ],
)
def test_a_file_with_values_no_export_writes_is_named(
    province: Path, tmp_path: Path, part: str, column: str, value: str
) -> None:
    """A Parquet file of the export's schema whose values an export never writes (made by
    another program) is a usage error naming it, never a crash or a wrong count."""
    import duckdb

    export = tmp_path / "x"
    assert run("--records", str(province / "vpub"), "export", *QUESTION, "-o", str(export))[0] == 0
    file = next((export / part).rglob("*.parquet"))
    rows = duckdb.read_parquet(str(file))
    changed = ", ".join(f"{value} AS {name}" if name == column else name for name in rows.columns)
    rows.query("rows", f"SELECT {changed} FROM rows").write_parquet(str(tmp_path / "changed.parquet"))
    shutil.move(tmp_path / "changed.parquet", file)
    code, output = run("rollup", str(export), *QUESTION, "--by", "month", "--format", "json")
    assert code == 2 and "Traceback" not in output, output
    assert str(file) in output.replace("\n", "") and column in output, output


def test_export_into_a_file_or_an_unmakeable_folder_is_a_usage_error(province: Path, tmp_path: Path) -> None:
    """-o names the datasets' folder: a file there, a folder that cannot be made, or a dataset's
    folder that is a file is U031 naming it, not a crash."""
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "tickets").write_text("x", encoding="utf-8")
    for target, said in (
        (a_file, f"{a_file} is not a folder"),
        (a_file / "sub", f"{a_file / 'sub'} cannot be written"),
        (taken, f"{taken / 'tickets'} cannot be written"),
    ):
        code, output = run("--records", str(province / "vpub"), "export", *QUESTION, "-o", str(target))
        assert code == 2 and said in output, output
    assert a_file.read_text(encoding="utf-8") == "x"


# --- sources identified by what they are ------------------------------------------------------


def _received(output: str) -> int:
    return int(json.loads(output)["total"]["received"])


@pytest.fixture(scope="module")
def exported(province: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """VPUB's export in a folder of exports, and how many dossiers its own stats count."""
    folder = tmp_path_factory.mktemp("exports")
    assert run("--records", str(province / "vpub"), "export", *QUESTION, "-o", str(folder / "out"))[0] == 0
    code, own = run("--records", str(province / "vpub"), "stats", *QUESTION, "--format", "json")
    assert code == 0
    return folder, _received(own)


def test_one_export_named_many_ways_counts_once(exported: tuple[Path, int]) -> None:
    folder, received = exported
    out = folder / "out"
    spellings = [
        [str(out), str(out)],  # twice
        [str(out), str(folder / "." / "out" / "..." / ".." / "out").replace("/...", "")],  # another spelling
        [str(folder), str(out)],  # a folder of exports and one of its members
    ]
    link = folder.parent / f"{folder.name}-link"
    link.symlink_to(out)
    spellings.append([str(out), str(link)])  # a link to it
    for sources in spellings:
        code, output = run("rollup", *sources, *QUESTION, "--format", "json")
        assert code == 0, (sources, output)
        assert _received(output) == received, sources


def test_two_copies_whose_names_are_prefixes_of_each_other_are_one_agency_twice(
    exported: tuple[Path, int], tmp_path: Path
) -> None:
    folder, _received_count = exported
    shutil.copytree(folder / "out", tmp_path / "out")
    shutil.copytree(folder / "out", tmp_path / "outX")
    code, output = run("rollup", str(tmp_path / "out"), str(tmp_path / "outX"), *QUESTION, "--format", "json")
    assert code == 1 and "more than once" in output


def test_an_export_that_lost_its_tickets_is_refused(exported: tuple[Path, int], tmp_path: Path) -> None:
    folder, _received_count = exported
    shutil.copytree(folder / "out", tmp_path / "cut")
    shutil.rmtree(tmp_path / "cut" / "tickets")
    code, output = run("rollup", str(tmp_path / "cut"), *QUESTION)
    assert code == 1 and "tickets written" in output and "0 found" in output


def test_an_export_without_its_manifest_is_refused(exported: tuple[Path, int], tmp_path: Path) -> None:
    folder, _received_count = exported
    shutil.copytree(folder / "out", tmp_path / "old")
    shutil.rmtree(tmp_path / "old" / "manifests")
    code, output = run("rollup", str(tmp_path / "old"), *QUESTION)
    assert code == 1 and "manifest" in output


def test_an_impossible_cut_is_refused(exported: tuple[Path, int], tmp_path: Path) -> None:
    folder, _received_count = exported
    shutil.copytree(folder / "out", tmp_path / "late")
    manifest = next((tmp_path / "late" / "manifests").glob("*.json"))
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('"as_of": "2026-10-01T00:00"', '"as_of": "2026-03-31T24:99"'),
        encoding="utf-8",
    )
    assert "24:99" in manifest.read_text(encoding="utf-8")
    for by in ("agency", "month"):
        code, output = run("rollup", str(tmp_path / "late"), *QUESTION, "--by", by)
        assert code == 1 and "manifest" in output


def test_a_folder_with_pattern_characters_reads_its_own_files_only(exported: tuple[Path, int], tmp_path: Path) -> None:
    """`exp[1]` beside `exp1`: a pattern would read the sibling's files."""
    folder, received = exported
    shutil.copytree(folder / "out", tmp_path / "exp[1]")
    shutil.copytree(folder / "out", tmp_path / "exp1")
    (tmp_path / "exp1" / "tickets").rename(tmp_path / "exp1" / "gone")  # the sibling is broken
    code, output = run("rollup", str(tmp_path / "exp[1]"), *QUESTION, "--format", "json")
    assert code == 0, output
    assert _received(output) == received


def test_one_agency_under_two_names_is_refused(province: Path, tmp_path: Path) -> None:
    other = tmp_path / "vpub-renamed"
    shutil.copytree(province / "vpub", other)
    profile = other / "qms.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("name: Văn phòng", "name: Văn phòng mới của", 1), encoding="utf-8")
    code, output = run("rollup", str(province / "vpub"), str(other), *QUESTION)
    assert code == 1 and "two names" in output
