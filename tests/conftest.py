from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qmsctl import i18n

TESTS = Path(__file__).parent
DATA = TESTS / "data"
REPO = TESTS.parent
DEMO = REPO / "records"


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read messages in English unless they choose otherwise."""
    monkeypatch.delenv("QMSCTL_LANG", raising=False)
    monkeypatch.delenv("QMSCTL_RECORDS", raising=False)
    i18n.set_language("en")


@pytest.fixture
def base_records(tmp_path: Path) -> Path:
    """A copy of the small valid folder tests/data/base, free to change."""
    target = tmp_path / "records"
    shutil.copytree(DATA / "base", target)
    return target


def overlay(target: Path, files: Path) -> None:
    for source in files.rglob("*"):
        if source.is_file():
            dest = target / source.relative_to(files)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)


@pytest.fixture
def demo() -> Path:
    """The bundled demo folder, read only."""
    return DEMO
