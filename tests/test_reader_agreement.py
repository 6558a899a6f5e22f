"""One meaning for every reader: a file `qmsctl check` reads is read the same by an edit, and
an edit never fails on it (docs/findings.md: E801 only for a file the check cannot read)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qmsctl.cli.main import app
from qmsctl.records.roundtrip import YamlText
from qmsctl.records.text import TextProblem, parse_yaml, split_front_matter
from tests.conftest import DATA, DEMO, examples

runner = CliRunner()
MONTH = "tickets/2025/2025-03.yaml"


def _checks_reading(text: str) -> Any:
    """The data `check` reads, or None when it reports the text (unreadable, or Y116)."""
    lenient: list[TextProblem] = []
    try:
        data, duplicates = parse_yaml(text, lenient=lenient)
    except TextProblem:
        return None
    return None if lenient or duplicates else data


def _edited_the_same(text: str) -> None:
    """Load `text` for an edit, add a key to its first record, write it: the text written reads,
    for the check, as the text did with that key added."""
    data = _checks_reading(text)
    if not isinstance(data, dict | list) or not data:
        return
    edited = YamlText(text)
    record = edited.data if isinstance(edited.data, dict) else edited.data[0]
    if not isinstance(record, dict):
        return
    record["correction"] = "Sửa: ghi chú"
    after = parse_yaml(edited.dump())[0]
    expected = data if isinstance(data, dict) else data[0]
    expected["correction"] = "Sửa: ghi chú"
    assert after == data


CORPUS = sorted(p for folder in (DATA, DEMO) for p in folder.rglob("*") if p.suffix in (".yaml", ".md") and p.is_file())


@pytest.mark.parametrize("path", CORPUS, ids=[str(p.relative_to(p.parents[2])) for p in CORPUS])
def test_every_file_the_check_reads_can_be_edited(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = split_front_matter(text)[0]
    except (UnicodeDecodeError, TextProblem):
        return  # a file of another encoding, a document without front matter: the reader's findings
    _edited_the_same(text)


KEYS = st.sampled_from(["id", "subject", "sender", "unit", "description"])
VALUES = st.sampled_from(
    [
        "Đề nghị cấp phép",
        "a\tb",
        "'Về việc: cấp phép'",
        '"Hồ sơ \\"A\\""',
        ":x",
        "# only a comment\n  value on the next line\n",
        "# a comment\n  value on the next line\n\n",
        "{at: 2025-03-03 09:00, error:}",
        "{at: 2025-03-03 09:00, by: A, error: }",
        "[a, b]",
        "|\n  một\n  hai\n",
        ">-\n  gấp\n  dòng\n",
        "",
    ]
)


@settings(max_examples=examples(150))
@given(pairs=st.lists(st.tuples(KEYS, VALUES, st.booleans()), min_size=1, max_size=6, unique_by=lambda p: p[0]))
def test_generated_mappings_read_by_the_check_can_be_edited(pairs: list[tuple[str, str, bool]]) -> None:
    lines = []
    for key, value, blank_after in pairs:
        lines.append(f"{key}: {value}".rstrip("\n") + "\n" + ("\n" if blank_after else ""))
    text = "".join(lines)
    _edited_the_same(text)
    _edited_the_same("".join("- " + line if i == 0 else "  " + line for i, line in enumerate(text.splitlines(True))))


@pytest.mark.parametrize(
    ("subject", "step", "read"),
    [
        (
            "# ghi chú\n    Đề nghị\tcấp phép\n",
            "{at: 2025-03-03 09:20, by: Văn thư A, action: nhập}",
            "Đề nghị\tcấp phép",
        ),
        ("Đề nghị cấp phép", "{at: 2025-03-03 09:20, by: A, action: nhập, error:}", "Đề nghị cấp phép"),
    ],
    ids=["comment-before-a-value-with-a-tab", "empty-value-in-a-flow-mapping"],
)
def test_commands_edit_what_ruamel_cannot_read_alone(tmp_path: Path, subject: str, step: str, read: str) -> None:
    """A comment after a key whose value is on the next line (and a blank line after it), a tab
    in a plain value, a step `{…, error:}`: the edits keep the check's meaning, and say that the
    ticket was written afresh."""
    root = tmp_path / "records"
    shutil.copytree(DATA / "base", root)
    (root / MONTH).write_text(
        "- id: HS-250303-0001\n"
        "  kind: dossier\n"
        "  procedure: QT.NC.01\n"
        "  received: 2025-03-03 09:15\n"
        f"  subject: {subject}\n"
        "\n"
        "  steps:\n"
        f"    - {step}\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["--records", str(root), "check"]).exit_code == 0
    before = parse_yaml((root / MONTH).read_text(encoding="utf-8"))[0]
    command = ["ticket", "step", "HS-250303-0001", "--at", "2025-03-04 10:00", "--by", "B", "--action", "xử lý"]
    result = runner.invoke(app, ["--records", str(root), *command])
    assert result.exit_code == 0, result.output
    assert "written afresh" in result.output
    data = parse_yaml((root / MONTH).read_text(encoding="utf-8"))[0]
    assert data[0]["subject"] == read
    assert data[0]["steps"] == [*before[0]["steps"], {"at": "2025-03-04 10:00", "by": "B", "action": "xử lý"}]
    assert runner.invoke(app, ["--records", str(root), "check"]).exit_code == 0
