"""Round-trip edits change only the lines they mean to, whatever the file's layout."""

from __future__ import annotations

import difflib

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from qmsctl.records.roundtrip import YamlText, append, flow
from qmsctl.records.text import RecordLoader
from tests.conftest import examples

WORDS = st.sampled_from(["Hồ sơ", "bổ sung", "Sở Tư pháp", "QT.NC.01", "trả kết quả", "Ông Nguyễn Văn A", "16:00"])
TEXT = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
STEP = st.fixed_dictionaries({"at": st.just("2025-03-03 09:20"), "by": TEXT, "action": TEXT})
TICKET = st.fixed_dictionaries(
    {"id": st.from_regex(r"\A000\.00\.19\.H13-2503\d\d-000\d\Z"), "subject": TEXT, "steps": st.lists(STEP, max_size=3)}
)


def render(tickets: list[dict[str, object]], nested_indent: int) -> str:
    """A month file the way people write them: a top-level list at column 0, nested lists
    indented by `nested_indent`, a comment here and there."""
    lines = ["# hồ sơ tháng 3"]
    for number, ticket in enumerate(tickets):
        lines.append(f"- id: '{ticket['id']}'" + ("   # nhập tay" if number % 2 else ""))
        lines.append(f"  subject: {yaml.safe_dump(ticket['subject'], allow_unicode=True).splitlines()[0]}")
        steps = ticket["steps"]
        assert isinstance(steps, list)
        if steps:
            lines.append("  steps:")
            for step in steps:
                lines.append(
                    " " * nested_indent + f"- {{at: {step['at']}, by: {step['by']}, action: {step['action']}}}"
                )
    return "\n".join(lines) + "\n"


def changes(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@settings(max_examples=examples(60), deadline=None)
@given(tickets=st.lists(TICKET, min_size=1, max_size=5), nested=st.sampled_from([2, 4, 6]), which=st.integers(0, 4),
       new_subject=TEXT)  # fmt: skip
def test_changing_one_value_changes_one_line(
    tickets: list[dict[str, object]], nested: int, which: int, new_subject: str
) -> None:
    original = render(tickets, nested)
    edited = YamlText(original)
    index = which % len(tickets)
    edited.data[index]["subject"] = new_subject + " (sửa)"
    text = edited.dump()
    assert len(changes(original, text)) == 2
    assert yaml.load(text, Loader=RecordLoader)[index]["subject"] == new_subject + " (sửa)"


@settings(max_examples=examples(60), deadline=None)
@given(tickets=st.lists(TICKET, min_size=1, max_size=5), nested=st.sampled_from([2, 4, 6]), step=STEP)
def test_appending_a_step_adds_one_line_in_the_files_indentation(
    tickets: list[dict[str, object]], nested: int, step: dict[str, str]
) -> None:
    original = render(tickets, nested)
    edited = YamlText(original)
    last = edited.data[-1]
    assume("steps" in last)
    append(last["steps"], flow(step))
    added = changes(original, edited.dump())
    assert len(added) == 1 and added[0].startswith("+" + " " * nested + "- {")


def test_an_edit_writes_text_its_own_way_and_leaves_ruamels_writer_as_it_was() -> None:
    """A value set twice is written twice (no anchor), a control character is escaped, and
    ruamel.yaml's own round-trip writer, which other code may use, is not changed by it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RoundTripRepresenter

    from qmsctl.records import roundtrip

    edited = YamlText("- id: A\n  subject: x\n- id: B\n  subject: y\n")
    shared = ["Phòng A", "Phòng B"]
    edited.data[0]["subject"] = "dòng\u2028hai"
    edited.data[0]["units"] = shared
    edited.data[1]["units"] = shared
    text = edited.dump()
    assert "&" not in text and "*" not in text and text.count("Phòng A") == 2
    assert '"dòng\\Lhai"' in text or '"dòng\\u2028hai"' in text
    assert RoundTripRepresenter.yaml_representers.get(str) is not roundtrip._represent_text
    assert YAML(typ="rt").representer.ignore_aliases(shared) is False


def test_a_file_written_afresh_keeps_records_as_blocks_and_steps_on_one_line() -> None:
    """A tab in a plain value (which ruamel.yaml cannot read) in a list file that starts with a
    comment: the file is written from the check's reading, each ticket a block, each step a line."""
    text = YamlText("# ghi chú\n- id: X\n  subject: a\tb\n  steps:\n    - {at: 2025-03-03 09:00, by: A}\n- id: Y\n")
    assert text.rewritten
    assert text.dump() == ('- id: X\n  subject: "a\\tb"\n  steps:\n    - {at: 2025-03-03 09:00, by: A}\n- id: Y\n')
