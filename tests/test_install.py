"""qmsctl installed from its wheel (as pre-commit and the CI recipes install it), not from the
source tree: the templates, the clauses and the Vietnamese catalog travel with it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import DEMO, REPO


def test_wheel_carries_its_data_and_renders_a_form(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(wheels)],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("qmsctl-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "qmsctl/templates/BM.CTCL.01.docx" in names and "qmsctl/data/clauses.yaml" in names
    assert "qmsctl/locale/vi/LC_MESSAGES/qmsctl.mo" in names
    assert "qmsctl/py.typed" in names and any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    requires = [
        line
        for line in zipfile.ZipFile(wheel).read(metadata).decode().splitlines()
        if line.startswith("Requires-Dist:")
    ]
    base = [line for line in requires if "extra ==" not in line]
    for engine in ("duckdb", "vl-convert", "altair", "pyspark"):  # the report's and the roll-up's: extras
        assert not any(engine in line for line in base), engine
        assert engine == "pyspark" or any(engine in line for line in requires)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = "import qmsctl, sys; print(qmsctl.__file__); sys.argv = ['qmsctl', *sys.argv[1:]]; " + (
        "from qmsctl.cli.main import run; run()"
    )
    out = tmp_path / "car.docx"
    done = subprocess.run(
        [sys.executable, "-c", code, "--records", str(DEMO), "--lang", "vi", "render", "BM.CTCL.01",
         "CAR-2025-001", "-o", str(out)],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith(str(target))  # the installed copy, not the source tree
    assert out.stat().st_size > 0
    assert "đã ghi" in done.stdout  # the Vietnamese catalog is found too


@pytest.mark.parametrize(
    ("command", "module", "extra"),
    [(["report", "-p", "2026-03", "-o", "r.html"], "vl_convert", "report"),
     (["export", "-p", "2026-03", "-o", "out"], "duckdb", "rollup"),
     (["rollup", str(DEMO), "-p", "2026-03"], "duckdb", "rollup")],
)  # fmt: skip
def test_a_command_whose_engine_is_missing_names_the_extra(
    command: list[str], module: str, extra: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A base install carries neither the report's nor the roll-up's engines."""
    import importlib.util

    from typer.testing import CliRunner

    from qmsctl.cli.main import app

    found = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == module else found(name, *a))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["--records", str(DEMO), *command])
    assert result.exit_code == 2, result.output
    assert f"qmsctl[{extra}]" in result.output and module in result.output
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "out").exists()


def test_an_install_without_its_sources_runs_cached_commands(tmp_path: Path) -> None:
    """Compiled files only, as a bundle or some distribution packages ship qmsctl: the cache's
    keys read the package's .py files, and every cached command exited 3."""
    import compileall

    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(wheels)],
                   check=True, capture_output=True)  # fmt: skip
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(next(wheels.glob("qmsctl-*.whl")))], check=True, capture_output=True)  # fmt: skip
    package = target / "qmsctl"
    assert compileall.compile_dir(str(package), legacy=True, quiet=1)  # each .pyc beside its module
    for source in package.rglob("*.py"):
        source.unlink()
    env = {**os.environ, "PYTHONPATH": str(target), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("QMSCTL_NO_CACHE", None)
    code = "import sys; sys.argv = ['qmsctl', *sys.argv[1:]]; from qmsctl.cli.main import run; run()"
    for _run in range(2):  # the first fills the cache, the second reads it
        for command in (["check"], ["stats", "--period", "2026-03", "--format", "json"]):
            done = subprocess.run([sys.executable, "-c", code, "--records", str(DEMO), *command],
                                  capture_output=True, text=True, env=env, cwd=tmp_path)  # fmt: skip
            assert done.returncode == 0, done.stdout + done.stderr
    assert any((tmp_path / "cache").rglob("*.pickle"))  # the cache was used


def test_the_sdist_runs_its_tests(tmp_path: Path) -> None:
    """The sdist held the test modules without their conftest, data or the demo records."""
    import tarfile

    from setuptools import build_meta

    made = tmp_path / "dist"
    made.mkdir()
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        name = build_meta.build_sdist(str(made))
    finally:
        os.chdir(cwd)
    with tarfile.open(made / name) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    source = next((tmp_path / "unpacked").iterdir())
    for needed in ("tests/conftest.py", "tests/data/base/qms.yaml", "records/qms.yaml", "bench/generate_export.py",
                   "docs/ci/github-actions.yml", ".pre-commit-hooks.yaml", "Makefile", "LICENSE"):  # fmt: skip
        assert (source / needed).is_file(), needed
    env = {**os.environ, "PYTHONPATH": str(source)}  # the sdist's own qmsctl
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_completion.py",
                           "tests/test_first_day.py"], cwd=source, capture_output=True, text=True, env=env)  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:]
