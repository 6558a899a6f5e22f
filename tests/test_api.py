"""docs/api.md: its examples run on the demo folder."""

from __future__ import annotations

import doctest

import pytest

from tests.conftest import REPO


def test_the_api_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    failures, tried = doctest.testfile(
        str(REPO / "docs/api.md"), module_relative=False, optionflags=doctest.ELLIPSIS, report=True
    )
    assert tried > 10
    assert failures == 0


def test_import_qmsctl_loads_nothing_heavy() -> None:
    import subprocess
    import sys

    code = "import sys, qmsctl; print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'yaml', 'typer'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
