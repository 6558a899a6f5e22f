"""JSON Schema files for the YAML language server: completion and checks while typing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qmsctl.records.kinds import BY_NAME, KINDS, Shape


def schema_for(kind: str) -> dict[str, Any]:
    record_kind = BY_NAME[kind]
    one = record_kind.model.model_json_schema(by_alias=True)
    defs = one.pop("$defs", {})
    if record_kind.shape is Shape.LIST:
        body: dict[str, Any] = {"type": "array", "items": one}
    elif record_kind.shape is Shape.EITHER:
        # A list file or a file of one record, told apart by the file's shape (if/then/else): an
        # error is reported against that shape alone (an anyOf of both reported every error of
        # each: 172 KB for one wrong field).
        body = {"if": {"type": "array"}, "then": {"type": "array", "items": one}, "else": one}
    else:
        body = one
    result: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"qmsctl {kind}"}
    result.update(body)
    if defs:
        result["$defs"] = defs
    return result


def schema_text(kind: str) -> str:
    """A kind's schema file as `qmsctl schema` writes it (and `check` compares it: Y117)."""
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in (k.name for k in KINDS):
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written
