"""A file means the same thing on every read path: libyaml for checks and
figures, ruamel.yaml round-trip for edits."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from qmsctl.records.models import Profile, Ticket
from qmsctl.records.text import _SLOW, TextProblem, _read_plain, parse_yaml
from tests.conftest import DATA as CORPUS
from tests.conftest import examples


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


def read_both(text: str) -> tuple[Any, Any]:
    """What the fast reader and libyaml alone make of a text ("refused" for a refusal)."""

    def read(fast: bool) -> Any:
        try:
            return repr(parse_yaml(text, fast=fast))  # repr: nan is nan, 1 is not True
        except TextProblem:
            return "refused"

    return read(True), read(False)


def test_every_file_of_the_corpus_reads_the_same_with_the_fast_reader() -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPUS.rglob("*.y*ml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((CORPUS.parent.parent / "records").rglob("*.y*ml"))]
    assert len(texts) > 150
    plain_files = [t for t in texts if _read_plain(t, []) is not _SLOW]
    assert len(plain_files) > 50  # the fast reader reads most files
    for text in texts:
        fast, alone = read_both(text)
        assert fast == alone, text


_ATOMS = [
    "a", "b c", "Ngày 1/3", "x: y", "'q'", '"d\\x41"', '"\\u00e9"', '"\\N"', "|\n  l1\n  l2", "|-\n  l1\n",
    "|\n", ">\n  f1\n  f2", "'it''s'", "#c", "a #c", "-1", "1.5", "true", "True", "yes", "null", "~", "---",
    "...", "\t", "a\tb", "[1, 2]", "{a: 1}", "2026-01-02", "2026-01-02 09:00", "12:30", "?", "!!str 1",
    "&a x", "*a", "%YAML 1.2", '"multi\n  line"', "plain\n  cont", "'s\n  q'", "@x", "a,b", "- x", "-x",
    ":x", "x:", "0", "+1", "010", "0o17", "0x1F", "-0x1F", "0b101", "1_000", "1e3", ".inf", ".NaN",
    "\\", '"\\t"', "\u00a0", "x\u2028y", "\ufeffx", "9" * 30, "0.", "+.5",
    "{at: 2025-01-03 14:23, by: Nguyễn Văn A, action: x}", "{a: [1, 2]}", "[]", "{}", "{a: }", "{a}",
    "[a: b]", "{a: 1, a: 2}", "[a, ]", "{'a': \"b\"}", "[-1, +2, 0o7]", "{a: b c, d: e: f}", "{a: x #c\n}",
    "{a: 1,\n  b: 2}", "[a,\n  b]", "{a: {b: [c, {d: e}]}}", "[,]", "[a b, c]", "{a: b, c}", "{? a: b}",
    "{a: 1}: v", "[a]: v", "{a: -}", "{a: 'x\n  y'}", "{a: x\n  y}", "{a: 1} x", "[a]b",
    "x\r: y", "x\r--- ", "x\r\n  y", "'x\r\n  y'", "x\ry",
]  # fmt: skip


def _node(depth: int) -> st.SearchStrategy[str]:
    atom = st.sampled_from(_ATOMS)
    if depth > 2:
        return atom
    indent = "  " * (depth + 1)
    children = st.lists(_node(depth + 1), min_size=1, max_size=3)
    mapping = children.map(lambda vs: "\n" + "".join(f"{indent}k{i}: {v}\n" for i, v in enumerate(vs)))
    sequence = children.map(lambda vs: "\n" + "".join(f"{indent}- {v}\n" for v in vs))
    return st.one_of(atom, mapping, sequence)


_DOCUMENTS = st.one_of(
    st.lists(_node(0), min_size=1, max_size=4).map(lambda vs: "".join(f"k{i}: {v}\n" for i, v in enumerate(vs))),
    st.lists(_node(0), min_size=1, max_size=3).map(lambda vs: "".join(f"- {v}\n" for v in vs)),
    st.tuples(st.sampled_from(["", "---\n", "%YAML 1.2\n---\n"]), _node(0), st.sampled_from(["", "...\n"])).map(
        lambda parts: f"{parts[0]}a: {parts[1]}\n{parts[2]}"
    ),
)


@settings(max_examples=examples(3000), deadline=None)
@given(_DOCUMENTS)
def test_a_text_means_the_same_read_fast_or_by_libyaml_alone(text: str) -> None:
    fast, alone = read_both(text)
    assert fast == alone
