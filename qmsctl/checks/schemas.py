"""The folder's JSON Schema files (`.schemas/`, for the editor's YAML language server) against
the qmsctl that reads the records: one written by another version misleads whoever types."""

from __future__ import annotations

from collections.abc import Iterator

from qmsctl.findings import Finding, Severity
from qmsctl.i18n import _
from qmsctl.records.kinds import KINDS
from qmsctl.records.load import Records


def check_schema_files(records: Records) -> Iterator[Finding]:
    """Y117: a schema file of `.schemas/` missing, or not what this qmsctl writes (`qmsctl
    schema`). A folder without `.schemas/` is left alone (the schemas are a help, not a record)."""
    from qmsctl.records.schema import schema_text

    folder = records.root / ".schemas"
    if not folder.is_dir():
        return
    for kind in (k.name for k in KINDS):
        name = f".schemas/{kind}.schema.json"
        try:
            written = (records.root / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            written = None
        if written != schema_text(kind):
            yield Finding(
                "Y117",
                Severity.WARNING,
                name,
                _("The JSON Schema {file} is missing or out of date with this qmsctl").format(file=name),
                _("Write the schemas again: qmsctl schema"),
                line=1,
                column=1,
            )
