"""Finding the records folder, as git finds `.git` (docs/records.md)."""

from __future__ import annotations

import os
from pathlib import Path

from qmsctl.findings import UserError
from qmsctl.i18n import _

PROFILE = "qms.yaml"


def find_records_folder(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """`--records DIR`, else `$QMSCTL_RECORDS`, else the nearest folder upward with qms.yaml, else ./records."""
    here = (cwd or Path.cwd()).resolve()
    env = os.environ.get("QMSCTL_RECORDS")
    if explicit is not None:
        chosen = explicit
    elif env:
        chosen = Path(env)
    else:
        chosen = next((p for p in (here, *here.parents) if (p / PROFILE).is_file()), here / "records")
    chosen = chosen if chosen.is_absolute() else here / chosen
    if not chosen.is_dir():
        raise UserError(
            "U001",
            _("The records folder {folder} does not exist").format(folder=chosen),
            hint=_("Give it with --records DIR or QMSCTL_RECORDS, or run qmsctl inside it."),
        )
    return chosen
