"""qmsctl installed from its wheel (as pre-commit and the CI recipes install it), not from the
source tree: the templates, the clauses and the Vietnamese catalog travel with it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

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
