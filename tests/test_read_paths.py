"""A file means the same thing on every read path: libyaml for checks and
figures, ruamel.yaml round-trip for edits."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from qmsctl.records.models import Profile, Ticket
from qmsctl.records.text import parse_yaml


def round_trip(text: str) -> Any:
    return YAML(typ="rt").load(io.StringIO(text))


def plain(value: Any) -> Any:
    """ruamel's containers and timestamps as plain values, dates as the text they were."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    return value


@pytest.mark.parametrize(
    ("scalar", "meaning"),
    [
        ("16:00", "16:00"),  # YAML 1.1 would read 960
        ("010", 10),  # YAML 1.1 would read 8
        ("yes", "yes"),  # YAML 1.1 would read True
        ("on", "on"),
        ("0977187530", 977187530),
        ("2025-03-26 17:56", "2025-03-26 17:56"),
        ("2025-03-04", "2025-03-04"),
        ("true", True),
        ("~", None),
        ("1.5", 1.5),
    ],
)
def test_scalars_mean_the_same_on_both_read_paths(scalar: str, meaning: Any) -> None:
    text = f"value: {scalar}\n"
    fast, _duplicates = parse_yaml(text)
    assert fast["value"] == meaning
    assert plain(round_trip(text))["value"] == meaning


def test_a_ticket_validates_to_the_same_model_on_both_paths() -> None:
    text = (
        "id: 000.00.19.H13-250303-0001\nprocedure: QT.NC.01\nreceived: 2025-03-03 09:15\n"
        "due: 2025-03-10\ncompleted: 2025-03-07 16:00:00\noutcome: done\n"
        "pauses:\n  - {from: 2025-03-04 10:00, to: 2025-03-06 08:00}\n"
    )
    fast, _ = parse_yaml(text)
    slow = round_trip(text)
    assert Ticket.model_validate(fast) == Ticket.model_validate(dict(slow))


def test_cutoff_unquoted_is_a_time_of_day() -> None:
    text = "agency: {name: A, short: VPUB, place: Cần Thơ}\ncalendar: {cutoff: 16:00}\n"
    fast, _ = parse_yaml(text)
    profile = Profile.model_validate(fast)
    assert profile.calendar.cutoff is not None and profile.calendar.cutoff.hour == 16


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


@given(
    st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True), texts | st.integers() | st.booleans(), max_size=6)
)
def test_any_mapping_written_by_ruamel_reads_back_the_same_on_the_fast_path(data: dict[str, Any]) -> None:
    out = io.StringIO()
    YAML(typ="rt").dump(data, out)
    fast, duplicates = parse_yaml(out.getvalue()) if data else ({}, [])
    assert duplicates == []
    assert (fast or {}) == data
