"""docs/api.md: its examples run on the demo folder."""

from __future__ import annotations

import doctest
from pathlib import Path

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


def test_the_command_line_starts_without_the_records_libraries() -> None:
    """`qmsctl --help` and every command's registration load neither pydantic nor YAML."""
    import subprocess
    import sys

    code = (
        "import sys, qmsctl.cli.main; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml', 'holidays', 'openpyxl', 'docx'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_opening_for_one_ticket_answers_as_the_whole_folder(base_records: Path) -> None:
    import qmsctl
    from qmsctl.deadlines import reason_due

    whole = qmsctl.open(base_records)
    for ticket in whole.tickets:
        one = qmsctl.open(base_records, ticket=ticket.id)
        assert len(one.records.tickets) <= len(whole.records.tickets)
        found, procedure = one.ticket_with_procedure(ticket.id)
        assert found == ticket
        assert reason_due(found, procedure, one.calendar, one.cut.as_of) == reason_due(
            ticket, whole.procedure(ticket.procedure), whole.calendar, whole.cut.as_of
        )


def test_a_ticket_whose_id_is_written_escaped_is_still_found(base_records: Path) -> None:
    import qmsctl

    ticket = base_records / "tickets/2025/escaped.yaml"
    ticket.write_text(
        '{id: "X\\u002D9", kind: dossier, procedure: QT.NC.01, received: "2025-03-03 09:00"}\n', encoding="utf-8"
    )
    assert qmsctl.open(base_records, ticket="X-9").ticket("X-9").id == "X-9"


def test_a_ticket_id_that_matches_none_is_told_the_ids_it_was_likely_meant_for(demo: Path) -> None:
    """U003 names the id with another case or without a number's leading zeros, else the ids
    close to it; nothing close: only the advice to check it."""
    import qmsctl
    from qmsctl.findings import UserError

    agency = qmsctl.open(demo)

    def hint(ident: str) -> str:
        with pytest.raises(UserError) as refused:
            agency.ticket(ident)
        assert refused.value.code == "U003"
        return refused.value.hint or ""

    assert hint("vbd-2025-1") == "Did you mean VBD-2025-00001?"
    assert hint("000.00.19.H13-260303-001") == "Did you mean 000.00.19.H13-260303-0001?"
    assert hint("000.00.19.H13-260303-0O01").startswith("Did you mean 000.00.19.H13-260303-0001")
    assert hint("xyz") == "Check the ticket id."


def test_the_api_examples_pass_mypy_strict(tmp_path: Path) -> None:
    """qmsctl ships py.typed: its examples are checked as a user's code would be (an Optional
    profile used without a test failed `mypy --strict`)."""
    import re
    import subprocess
    import sys

    text = (REPO / "docs/api.md").read_text(encoding="utf-8")
    lines = [line[4:] for block in re.findall(r"```python\n(.*?)```", text, re.S) for line in block.splitlines()
             if line.startswith((">>> ", "... "))]  # fmt: skip
    example = tmp_path / "api_examples.py"
    example.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import os

    env = {**os.environ, "MYPYPATH": str(REPO)}  # the editable install's import hook is not followed by mypy
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(example)],
                          capture_output=True, text=True, cwd=tmp_path, env=env)  # fmt: skip
    assert "Cannot find implementation" not in done.stdout, done.stdout
    ours = [line for line in done.stdout.splitlines() if line.startswith(str(example)) or line.startswith("api_")]
    assert ours == [], done.stdout
