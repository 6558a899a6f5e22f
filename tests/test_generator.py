"""The ticket generator is deterministic and the demo tickets are its output."""

from __future__ import annotations

import filecmp
import sys
from datetime import date
from pathlib import Path

from tests.conftest import DEMO, REPO

sys.path.insert(0, str(REPO / "bench"))
import generate_tickets  # noqa: E402


def test_same_seed_same_tickets() -> None:
    procedures = generate_tickets.load_procedures(DEMO)
    one = generate_tickets.generate(procedures, 300, date(2025, 1, 2), date(2025, 6, 30), seed=7)
    two = generate_tickets.generate(procedures, 300, date(2025, 1, 2), date(2025, 6, 30), seed=7)
    assert one == two
    assert len({t["id"] for t in one}) == 300
    assert any(t.get("pauses") for t in one) and any(t.get("outcome") == "returned" for t in one)


def test_the_demo_tickets_are_the_generators_output(tmp_path: Path) -> None:
    generate_tickets.main(["--records", str(DEMO), "--out", str(tmp_path / "copy")])
    fresh, shipped = tmp_path / "copy/tickets", DEMO / "tickets"
    files = sorted(p.relative_to(shipped) for p in shipped.rglob("*.yaml"))
    assert files == sorted(p.relative_to(fresh) for p in fresh.rglob("*.yaml"))
    match, mismatch, errors = filecmp.cmpfiles(shipped, fresh, [str(f) for f in files], shallow=False)
    assert not mismatch and not errors
