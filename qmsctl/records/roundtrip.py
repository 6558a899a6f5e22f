"""Editing a YAML record file so that its git diff holds only the lines the edit meant.

ruamel.yaml's round-trip mode keeps comments, key order, quoting and flow style, but
it writes one indentation for the whole file, and people (and our generator) mix them:
a top-level list at column 0 with its nested lists indented by 4. So a file is dumped
twice, as loaded and as edited; the lines the edit did not touch are taken from the
original text, only the changed ones from the dump.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
from collections import Counter
from datetime import date, datetime
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter

from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.records.text import TextProblem, parse_yaml

# (sequence indent, offset) tried in this order; the mapping indent is 2 in every record.
_INDENTS = [(4, 2), (2, 0), (4, 0)]  # the dash must sit left of the content


# Characters a plain or single-quoted scalar cannot keep: line ends other than \n (folded to
# a space there) and what YAML may not hold raw; a double-quoted scalar escapes them all.
_ESCAPED = re.compile("[\r\x85\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]")


def _represent_text(representer: Any, text: str) -> Any:
    style = '"' if _ESCAPED.search(text) else None
    return representer.represent_scalar("tag:yaml.org,2002:str", text, style=style)


class _Representer(RoundTripRepresenter):
    """Round-trip writing, with text in the style it needs. The same value set in two places
    (an issue date and its history line) is written twice, never as an anchor and an alias."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Representer.add_representer(str, _represent_text)  # this class's own table, not ruamel's


def _yaml(sequence: int, offset: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long Vietnamese line
    yaml.indent(mapping=2, sequence=sequence, offset=offset)
    return yaml


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _meaning(text: str) -> Any:
    try:
        return parse_yaml(text)[0]
    except TextProblem:
        return None


def _same(edited: Any, checked: Any) -> bool:
    """Whether ruamel.yaml's reading is the check's: the same keys, items and values (a moment
    ruamel.yaml reads as a time is text to the check, which the models read as that time)."""
    if isinstance(edited, dict):
        return (
            isinstance(checked, dict)
            and [str(k) for k in edited] == [str(k) for k in checked]
            and all(_same(v, checked.get(k, checked.get(str(k)))) for k, v in edited.items())
        )
    if isinstance(edited, list):
        return isinstance(checked, list) and len(edited) == len(checked) and all(map(_same, edited, checked))
    if isinstance(edited, date):
        return isinstance(checked, str)
    return bool(edited == checked) and isinstance(edited, str) == isinstance(checked, str)


def _as_written(data: Any) -> Any:
    """Plain data as the round trip writes records: a record (the root, or an item of the root's
    list) as a block; a mapping inside one on one line (steps, pauses), unless it holds a collection."""

    def inside(value: Any) -> Any:
        if isinstance(value, dict):
            mapping = CommentedMap((k, inside(v)) for k, v in value.items())
            if not any(isinstance(v, dict | list) for v in value.values()):
                mapping.fa.set_flow_style()
            return mapping
        if isinstance(value, list):
            return CommentedSeq(inside(v) for v in value)
        return value

    def record(value: Any) -> Any:
        return CommentedMap((k, inside(v)) for k, v in value.items()) if isinstance(value, dict) else inside(value)

    return CommentedSeq(record(r) for r in data) if isinstance(data, list) else record(data)


def _plain(data: Any) -> Any:
    """Edited data without ruamel.yaml's comments and layout; its moments as records write them."""
    if isinstance(data, dict):
        return {k if isinstance(k, int | float | bool) else str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, str):
        return str(data)
    if isinstance(data, datetime):
        return data.strftime("%Y-%m-%d %H:%M:%S" if data.second else "%Y-%m-%d %H:%M")
    return data


def _content(line: str) -> str:
    """A line without its indentation and its end-of-line comment (whose column may move)."""
    return line.split(" #", 1)[0].strip()


def _style_key(line: str) -> tuple[int, bool]:
    return _indent(line), line.lstrip(" ").startswith("- ")


class YamlText:
    """One YAML text loaded for editing: change `data`, then `dump()`.

    ruamel.yaml is the edit's reader, and `qmsctl check` reads with another (libyaml, yaml_rs).
    Where ruamel.yaml cannot read a text the check reads (a tab inside a plain value), reads it
    otherwise (`{at: x, error:}`: the check's `error` is ruamel's `error:`), or cannot write
    back the comments it read (a comment after a key whose value is on the next line), the
    text is taken as the check reads it and written afresh: its meaning is kept, its comments
    are not (`rewritten` tells the user)."""

    def __init__(self, text: str, file: str = "") -> None:
        self.original = text
        self.file = file
        self.rewritten = False
        try:
            self.data: Any = _yaml(*_INDENTS[0]).load(text)
            if not _same(self.data, parse_yaml(text)[0]):
                raise ValueError("read otherwise than the check reads it")
            self._yaml, self._baseline = self._closest_style()
        except Exception:  # noqa: BLE001 - whatever ruamel.yaml cannot hold, the check's reading can
            self.data = _as_written(self._checks_reading())
            self.rewritten = True
            self._yaml, self._baseline = _yaml(*_INDENTS[0]), ""

    def _checks_reading(self) -> Any:
        try:
            return parse_yaml(self.original)[0]
        except TextProblem as problem:
            raise UserError(
                "E801",
                _("The file cannot be edited: it is not valid YAML"),
                self.file,
                problem.line,
                problem.column,
                _("Run qmsctl check and mend the file first."),
            ) from None

    def _closest_style(self) -> tuple[YAML, str]:
        best: tuple[int, YAML, str] | None = None
        original = self.original.splitlines()
        for sequence, offset in _INDENTS:
            yaml = _yaml(sequence, offset)
            dumped = self._dump_with(yaml)
            if dumped == self.original:
                return yaml, dumped
            lines = dumped.splitlines()
            misses = abs(len(lines) - len(original)) * 1000 + sum(a != b for a, b in zip(lines, original, strict=False))
            if best is None or misses < best[0]:
                best = (misses, yaml, dumped)
        assert best is not None
        return best[1], best[2]

    def _fresh(self) -> str:
        return new_text(_as_written(_plain(self.data)))

    def _dump_with(self, yaml: YAML) -> str:
        stream = io.StringIO()
        yaml.dump(self.data, stream)
        return stream.getvalue()

    def dump(self) -> str:
        try:
            edited = self._dump_with(self._yaml)
        except Exception:  # noqa: BLE001 - comments ruamel.yaml cannot place after the edit: left out
            self.rewritten = True
        if self.rewritten:
            return self._fresh()
        if self._baseline == self.original:
            return edited
        base, original = self._baseline.splitlines(keepends=True), self.original.splitlines(keepends=True)
        if len(base) != len(original):
            return edited  # the file's own layout cannot be kept line by line: keep its content
        new = edited.splitlines(keepends=True)
        # How this file indents what the dump indents: learned from the lines both share,
        # keyed by (dump indentation, is a list item), since a file may indent its top-level
        # list and its nested lists differently.
        learned: dict[tuple[int, bool], Counter[int]] = {}
        for b, o in zip(base, original, strict=True):
            if b.strip() and _content(b) == _content(o):
                learned.setdefault(_style_key(b), Counter())[_indent(o)] += 1
        out: list[str] = []
        for op, b1, b2, n1, n2 in difflib.SequenceMatcher(None, base, new, autojunk=False).get_opcodes():
            if op == "equal":
                out.extend(original[b1:b2])
                continue
            for line in new[n1:n2]:
                seen = learned.get(_style_key(line))
                if line.strip() and seen:
                    line = " " * seen.most_common(1)[0][0] + line.lstrip(" ")
                out.append(line)
        spliced = "".join(out)
        # The splice is a matter of layout; if it ever changed the meaning, keep the dump.
        meaning = _meaning(edited)
        return spliced if meaning is not None and _meaning(spliced) == meaning else edited


def flow(mapping: dict[str, Any]) -> CommentedMap:
    """A mapping written on one line, `{at: ..., by: ...}`, as steps and pauses are."""
    result = CommentedMap(mapping)
    result.fa.set_flow_style()
    return result


def block(mapping: dict[str, Any]) -> CommentedMap:
    return CommentedMap(mapping)


def sequence(items: list[Any]) -> CommentedSeq:
    return CommentedSeq(items)


def new_text(data: Any, header: str = "") -> str:
    """The text of a new record file, in the house layout (lists indented by 4, offset 2)."""
    stream = io.StringIO()
    _yaml(4, 2).dump(data, stream)
    text = stream.getvalue()
    if isinstance(data, list):
        # A top-level list starts at column 0, its nested lists keep their indentation.
        text = "".join(line[2:] if line.startswith("  ") else line for line in text.splitlines(keepends=True))
    return header + text


def append(items: CommentedSeq, item: Any) -> None:
    """Append to a list, keeping the comment lines written after its last item after it:
    ruamel.yaml hangs them on the last item, so a plain append would put the new one below them."""
    last = len(items) - 1
    items.append(item)
    entry = items.ca.items.get(last) if last >= 0 else None
    if not entry or entry[0] is None:
        return
    token = entry[0]
    own_line, _newline, after = token.value.partition("\n")
    if after.strip():
        moved = copy.copy(token)
        moved.value = "\n" + after
        token.value = own_line + "\n"
        items.ca.items[last + 1] = [moved, None, None, None]
