"""The README's examples print what the README says (see tests/readme_examples.py)."""

from __future__ import annotations

import difflib

from tests.readme_examples import README, comparable, regenerate, sessions


def test_the_readme_has_examples_to_check() -> None:
    assert len(sessions(README.read_text(encoding="utf-8"))) >= 4


def test_every_console_example_prints_what_the_readme_shows() -> None:
    text = README.read_text(encoding="utf-8")
    expected, actual = comparable(text.splitlines()), comparable(regenerate(text).splitlines())
    assert actual == expected, "\\n".join(difflib.unified_diff(expected, actual, "README.md", "the tool", lineterm=""))
