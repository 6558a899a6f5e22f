"""From a file's bytes to NFC text and parsed YAML, with findings for bad input.

Reading for checks and figures goes through PyYAML's C parser (libyaml), the
fastest loader measured. Its resolver is set to the YAML 1.2 core schema, the
one ruamel.yaml (used for edits and positions) follows, so a file means the
same thing on every read path: `16:00` stays text (YAML 1.1 reads 960),
`010` is ten, `yes` is text. Dates are not resolved here: they stay text and
the models parse them, so a date that does not exist (30 February) is a
finding on its field, not a failure of the whole file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode

from qmsctl.i18n import _


class RecordLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
    """libyaml parser, YAML 1.2 core scalars, duplicate keys collected."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int, int]] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _value in node.value:
            if isinstance(key_node, ScalarNode):
                if key_node.value in seen:
                    mark = key_node.start_mark
                    self.duplicate_keys.append((key_node.value, mark.line + 1, mark.column + 1))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]

    def construct_yaml_int(self, node: ScalarNode) -> int:
        value = str(self.construct_scalar(node))
        sign = -1 if value.startswith("-") else 1
        digits = value.lstrip("+-")
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        return sign * int(digits, 10)


RecordLoader.add_constructor("tag:yaml.org,2002:int", RecordLoader.construct_yaml_int)
RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


@dataclass
class TextProblem(Exception):
    """A file that cannot be read as YAML text, at a 1-based line and column."""

    code: str
    message: str
    hint: str
    line: int = 1
    column: int = 1


_CONFLICT = re.compile(rb"^(?:<<<<<<<|=======|>>>>>>>)(?: |\r?$)", re.MULTILINE)
# Windows-1258 writes Vietnamese tones as combining marks at these bytes.
_CP1258_TONES = frozenset(b"\xcc\xec\xde\xd2\xf2")


def _guess_legacy_encoding(data: bytes) -> str:
    high = [b for b in data if b >= 0x80]
    tones = sum(1 for b in high if b in _CP1258_TONES)
    if high and tones / len(high) > 0.25:
        return "Windows-1258"
    return "TCVN3 (ABC)"


def decode(data: bytes) -> str:
    """UTF-8 bytes (with or without a BOM) to NFC text; anything else is a TextProblem."""
    conflict = _CONFLICT.search(data)
    if conflict:
        line = data.count(b"\n", 0, conflict.start()) + 1
        raise TextProblem(
            "Y103",
            _("Unresolved git merge conflict marker"),
            _("Resolve the conflict: keep one version and delete the <<<<<<<, ======= and >>>>>>> lines."),
            line,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise TextProblem(
            "Y104",
            _("The file is not UTF-8; it looks like {encoding}").format(encoding=_guess_legacy_encoding(data)),
            _("Convert it to UTF-8 (for example: iconv -f CP1258 -t UTF-8, or a TCVN3 converter such as Unikey's)."),
            line,
            column,
        ) from None
    if not text.strip():
        raise TextProblem("Y105", _("The file is empty"), _("Fill it in or delete it."))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def parse_yaml(text: str) -> tuple[Any, list[tuple[str, int, int]]]:
    """Parsed data and the duplicate keys met (key, line, column)."""
    loader = RecordLoader(text)
    try:
        data = loader.get_single_data()
    except (yaml.MarkedYAMLError, ConstructorError) as error:
        mark = error.problem_mark or error.context_mark
        raise TextProblem(
            "Y101",
            _("The YAML cannot be read: {problem}").format(problem=error.problem or error.context),
            _("Check the indentation, the colons and the quotes on this line and the one above."),
            (mark.line + 1) if mark else 1,
            (mark.column + 1) if mark else 1,
        ) from None
    except yaml.YAMLError as error:
        raise TextProblem("Y101", _("The YAML cannot be read: {problem}").format(problem=error), "") from None
    finally:
        loader.dispose()
    return data, loader.duplicate_keys


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line offset of the front matter) of a Markdown document."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise TextProblem(
            "Y107",
            _("The document has no front matter"),
            _("Start the file with a line '---', the document's fields, and another '---'."),
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]) + "\n", "\n".join(lines[index + 1 :]), 1
    raise TextProblem(
        "Y107",
        _("The front matter is not closed"),
        _("Add a line '---' after the document's fields."),
    )
