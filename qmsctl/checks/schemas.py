"""The folder's JSON Schema files (`.schemas/`, for the editor's YAML language server) against
the qmsctl that reads the records: one written by another version misleads whoever types."""

from __future__ import annotations

import json
from collections.abc import Iterator

from qmsctl.findings import Finding, Severity
from qmsctl.i18n import _
from qmsctl.records.kinds import KINDS
from qmsctl.records.load import Records


def check_schema_files(records: Records) -> Iterator[Finding]:
    """Y117: a schema file of `.schemas/` missing, or written from other record models. A
    folder without `.schemas/` is left alone (the schemas are a help, not a record)."""
    from qmsctl.records.schema import schema_stamp

    folder = records.root / ".schemas"
    if not folder.is_dir():
        return
    stamp = schema_stamp()
    for kind in (k.name for k in KINDS):
        name = f".schemas/{kind}.schema.json"
        try:
            written = json.loads((records.root / name).read_text(encoding="utf-8")).get("$comment")
        except (OSError, ValueError, AttributeError):
            written = None
        if written != stamp:
            yield Finding(
                "Y117",
                Severity.WARNING,
                name,
                _("The JSON Schema {file} is missing or out of date with this qmsctl").format(file=name),
                _("Write the schemas again: qmsctl schema"),
                line=1,
                column=1,
            )
