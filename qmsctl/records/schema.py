"""JSON Schema files for the YAML language server: completion and checks while typing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qmsctl.records.kinds import BY_NAME, KINDS, Shape


def schema_stamp() -> str:
    """Which qmsctl and which record models the schemas were written from."""
    import qmsctl
    from qmsctl.records.cache import sources_digest

    here = Path(__file__).parent
    digest = sources_digest(here / name for name in ("models.py", "values.py", "kinds.py", "schema.py")).hex()
    return f"Written by qmsctl {qmsctl.__version__} (models {digest[:16]}): qmsctl schema writes them again."


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
    result: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"qmsctl {kind}",
        "$comment": schema_stamp(),  # what `check` compares to tell a schema out of date (Y117)
    }
    result.update(body)
    if defs:
        result["$defs"] = defs
    return result


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in (k.name for k in KINDS):
        path = folder / f"{kind}.schema.json"
        path.write_text(json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
