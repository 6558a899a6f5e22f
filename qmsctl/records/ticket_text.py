"""A ticket written as YAML text the way the records write tickets: one key a line,
steps and pauses one flow mapping a line. Fast enough for an import of 100,000 rows,
where ruamel.yaml's emitter is not, and the same text the demo generator writes."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

PLAIN = re.compile(r"^[\w(][^:#,{}\[\]\"']*$")
# What YAML may not hold raw (outside its printable set) and JSON leaves raw: DEL, C1 controls
# but NEL, lone surrogates, U+FFFE/U+FFFF.
NOT_PRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
NOT_TEXT = re.compile(r"^(?:[-+]?[0-9.]+|true|false|null|~|yes|no|on|off)$", re.IGNORECASE)


def _read_as_text(text: str) -> bool:
    """Whether the records' reader reads this plain scalar back as text (not 0x1F as 31, 1e3
    as a number, .inf or null): asked of its own resolvers."""
    from qmsctl.records.text import RecordLoader

    resolvers = RecordLoader.yaml_implicit_resolvers
    return not any(pattern.match(text) for _tag, pattern in [*resolvers.get(text[:1], []), *resolvers.get(None, [])])


def scalar(value: Any) -> str:
    if isinstance(value, datetime):  # seconds only when there are some, as every record is written
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if (
        PLAIN.match(text)
        and not NOT_TEXT.match(text)
        and not text.endswith(" ")
        and text.isprintable()  # no line break, tab or control character in a plain scalar
        and _read_as_text(text)
    ):
        return text
    # JSON's escapes are YAML's; the line breaks JSON leaves raw are escaped as YAML writes them.
    quoted = json.dumps(text, ensure_ascii=False)
    quoted = NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    return quoted.replace("\x85", "\\N").replace("\u2028", "\\L").replace("\u2029", "\\P")


def flow_text(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in mapping.items()) + "}"


def dump_ticket(ticket: dict[str, Any], indent: str) -> list[str]:
    lines = []
    for key, value in ticket.items():
        if isinstance(value, list):
            lines.append(f"{indent}{key}:")
            lines.extend(f"{indent}  - {flow_text(item)}" for item in value)
        elif isinstance(value, dict):
            lines.append(f"{indent}{key}: {flow_text(value)}")
        else:
            lines.append(f"{indent}{key}: {scalar(value)}")
    return lines


def ticket_text(ticket: dict[str, Any]) -> str:
    """One ticket as an item of a month file's list."""
    lines = dump_ticket(ticket, "  ")
    return "\n".join(["- " + lines[0][2:], *lines[1:]]) + "\n"
