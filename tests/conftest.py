from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from qmsctl import i18n

TESTS = Path(__file__).parent
DATA = TESTS / "data"
REPO = TESTS.parent
DEMO = REPO / "records"
NOW = "2027-06-30"

# Hypothesis profiles: "quick" for `make test` and CI, "nightly" (HYPOTHESIS_PROFILE=nightly)
# twenty times the examples. A test that needs another number than the default scales its own
# with `examples(n)`, so the nightly run widens every property test alike.
SCALE = {"quick": 1, "nightly": 20}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")
settings.register_profile("quick", deadline=None, max_examples=100)
settings.register_profile("nightly", deadline=None, max_examples=100 * SCALE["nightly"])
settings.load_profile(PROFILE)


def examples(n: int) -> int:
    """`n` examples in the quick profile, scaled in the others."""
    return n * SCALE.get(PROFILE, 1)


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests read messages in English unless they choose otherwise."""
    monkeypatch.setenv("QMSCTL_LANG", "en")
    monkeypatch.delenv("QMSCTL_RECORDS", raising=False)
    # No test depends on today's date: "now" is after every period of the demo, unless a test
    # sets its own.
    monkeypatch.setenv("QMSCTL_TODAY", NOW)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
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


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Lê Thị Thu Hà",
    "GIT_AUTHOR_EMAIL": "iso@example.vn",
    "GIT_COMMITTER_NAME": "Lê Thị Thu Hà",
    "GIT_COMMITTER_EMAIL": "iso@example.vn",
}


def git(root: Path, *args: str) -> str:
    """Run git in a test repository, as the ISO secretary."""
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, env=env).stdout


def snapshot(root: Path) -> dict[str, str]:
    """Every file of a folder (outside .git) by its content hash: to prove nothing was written."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }


def docx_paragraphs(document: Any) -> list[str]:
    """The text of every paragraph of a DOCX's body in reading order, those of tables (and of a
    table inside a cell, as the signature block after a table is) included."""
    from docx.oxml.ns import qn

    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p"))]
