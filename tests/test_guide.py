"""The user guide (docs/guide): its examples print what it shows, its command reference is the
CLI's own help, its troubleshooting page names every code, and it builds offline with its search
finding words typed without diacritics."""

from __future__ import annotations

import difflib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.readme_examples import GUIDE, README, REPO, comparable, pages, regenerate, sessions

# The guide's pages and the developers' notes (docs/dev); the README has its own test.
EXAMPLE_PAGES = [p for p in pages() if p != README and sessions(p.read_text(encoding="utf-8"))]


def test_the_guide_has_examples_on_its_pages() -> None:
    assert len(EXAMPLE_PAGES) >= 6


@pytest.mark.parametrize("page", EXAMPLE_PAGES, ids=[p.parent.name + "/" + p.stem for p in EXAMPLE_PAGES])
def test_every_example_prints_what_the_page_shows(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    expected, actual = comparable(text.splitlines()), comparable(regenerate(text).splitlines())
    assert actual == expected, "\n".join(difflib.unified_diff(expected, actual, page.name, "the tool", lineterm=""))


def _reference_module() -> object:
    spec = importlib.util.spec_from_file_location("make_reference", REPO / "scripts" / "make_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("language", "file"), [("vi", "lenh.md"), ("en", "commands.md")])
def test_the_command_reference_is_the_clis_own_help(language: str, file: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QMSCTL_LANG", raising=False)
    reference = _reference_module()
    written = (GUIDE / file).read_text(encoding="utf-8")
    made = reference.page(language)  # type: ignore[attr-defined]
    assert written == made, "docs/guide/" + file + " is stale: python scripts/make_reference.py"
    assert written.count("\n## qmsctl ") >= 60  # every command
    assert ("Ví dụ:" if language == "vi" else "Examples:") in written


def test_the_troubleshooting_page_names_every_code() -> None:
    import re

    documented = set(re.findall(r"`([A-Z]\d{3})`", (REPO / "docs" / "findings.md").read_text(encoding="utf-8")))
    page = (GUIDE / "ma-loi.md").read_text(encoding="utf-8")
    told = set(re.findall(r"`([A-Z]\d{3})`", page))
    assert documented - told == set()
    assert len(documented) > 100


def test_the_site_builds_offline_and_its_search_folds_diacritics(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Hướng dẫn sử dụng qmsctl" in index and 'lang="vi"' in index
    assert "fonts.googleapis" not in index and "fonts.gstatic" not in index  # nothing fetched to read it
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    risk = next(d for d in docs if d["location"].startswith("he-thong-chat-luong.html") and "rủi ro" in d["text"])
    assert "rui ro" in risk["text"]  # found typed without its marks


LINKED = [README, *sorted((REPO / "docs").rglob("*.md"))]


@pytest.mark.parametrize("page", LINKED, ids=[str(p.relative_to(REPO)) for p in LINKED])
def test_every_link_names_a_file_the_repository_holds(page: Path) -> None:
    import re

    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), f"{page.relative_to(REPO)} links to {target}, which is missing"
    assert "SPEC" not in text  # the records contract is the repository's own (docs/records.md, docs/rules.md)
