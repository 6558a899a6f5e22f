"""`qmsctl coverage`: every clause of ISO 9001:2015 4-10, what addresses it, what nothing does."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from qmsctl.catalog import clauses
from qmsctl.cli.main import app

runner = CliRunner()


def test_coverage_of_the_demo_lists_every_clause(demo: Path) -> None:
    result = runner.invoke(app, ["--records", str(demo), "coverage", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = {row["clause"]: row for row in data["clauses"]}
    assert list(rows) == list(clauses())
    # The manual's exclusions, a point of a clause named as the manual names it.
    assert rows["7.1.5"]["excluded"] and rows["7.1.5.1"]["excluded"] and rows["8.3"]["excluded"]
    assert rows["8.5.3"]["excluded"] and rows["8.2.1"]["excluded"].startswith("8.2.1 (d)")
    # Documents that cite a clause, records kept for it, a heading whose every sub-clause is addressed.
    assert "HD.VP.03" in rows["9.2.2"]["documents"] and rows["9.2"]["records"] == ["audit"]
    assert rows["5.2"]["records"] == ["policy"] and "CSCL" in rows["5.2"]["documents"]
    assert rows["9"]["addressed"]
    # What nothing addresses is flagged: the demo's documents do not cite 7.2 (competence).
    assert "7.2" in data["uncovered"] and not rows["7.2"]["addressed"]
    assert all(not rows[c]["addressed"] for c in data["uncovered"])


def test_coverage_text_flags_what_nothing_addresses(demo: Path) -> None:
    result = runner.invoke(app, ["--records", str(demo), "coverage"])
    assert result.exit_code == 0
    assert "Addressed by nothing:" in result.output and "7.2" in result.output
