"""Every code the program can emit is in docs/findings.md, and every code listed there is used."""

from __future__ import annotations

import re

from tests.conftest import REPO

CODE = re.compile(r"""["']([ACDEGHIOPRSUY]\d{3})["']""")
LISTED = re.compile(r"`([ACDEGHIOPRSUY]\d{3})`")
RETIRED = {"E805", "E808", "U008", "U026", "U028", "U059"}


def used_codes() -> set[str]:
    return {m for path in (REPO / "qmsctl").rglob("*.py") for m in CODE.findall(path.read_text(encoding="utf-8"))}


def documented_codes() -> set[str]:
    text = (REPO / "docs/findings.md").read_text(encoding="utf-8")
    table_rows = [line for line in text.splitlines() if line.startswith("| `")]
    return {code for line in table_rows for code in LISTED.findall(line.split("|")[1])}


def test_every_code_used_is_documented() -> None:
    assert sorted(used_codes() - documented_codes()) == []


def test_every_code_documented_is_used() -> None:
    assert sorted(documented_codes() - used_codes()) == []


def test_a_retired_code_is_never_used_again() -> None:
    assert used_codes() & RETIRED == set()
