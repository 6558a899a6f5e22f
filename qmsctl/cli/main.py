"""`qmsctl`: the command line over the library core."""

from __future__ import annotations

import gc
import sys
import tempfile
import traceback

from qmsctl.cli import (  # noqa: F401 - they register their commands
    action_cmds,
    agenda_cmds,
    audit_cmds,
    document_cmds,
    figures_cmds,
    git_cmds,
    import_cmds,
    records_cmds,
    render_cmds,
    review_cmds,
    rollup_cmds,
    setup_cmds,
    ticket_cmds,
)
from qmsctl.cli.app import app, err_console, report_user_error
from qmsctl.findings import UserError
from qmsctl.i18n import _


def _printable_streams() -> None:
    """What cannot be written as the terminal's encoding is escaped, never a crash: a file name
    that is not UTF-8 (kept by Python as surrogates), or Vietnamese on an ASCII terminal."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def run() -> None:
    """Entry point: usage errors exit 2; a bug prints one line and where its log is."""
    # A command is short and makes its objects to keep them: the cyclic collector would only
    # walk, again and again, the hundreds of thousands of records a big folder holds.
    gc.disable()
    _printable_streams()
    try:
        app()  # standalone: exits 0, 1 (findings) or 2 (usage) by itself
    except UserError as error:  # raised outside a command, e.g. by the global options
        report_user_error(error)
        sys.exit(2)
    except Exception as error:  # noqa: BLE001 - the last line of defence, logged
        with tempfile.NamedTemporaryFile("w", prefix="qmsctl-", suffix=".log", delete=False) as log:
            traceback.print_exc(file=log)
        err_console.print(
            _("qmsctl failed unexpectedly: {error}. The details are in {log}").format(
                error=type(error).__name__, log=log.name
            )
        )
        sys.exit(3)


if __name__ == "__main__":
    run()
