"""The typer app, its global options and what every command shares."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from qmsctl import __version__, i18n
from qmsctl.records.folder import find_records_folder

app = typer.Typer(
    name="qmsctl",
    add_completion=False,
    no_args_is_help=True,
    help="Quality records of a Vietnamese state agency (TCVN ISO 9001:2015), kept in git.",
    pretty_exceptions_enable=False,
)
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class State:
    records: Optional[Path] = None


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def records_root() -> Path:
    return find_records_folder(State.records)


@app.callback()
def main(
    records: Annotated[
        Optional[Path], typer.Option("--records", help="The records folder (else $QMSCTL_RECORDS, else search upward).")
    ] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language of messages: en or vi.")] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    i18n.set_language(i18n.detect_language(lang))
    if version:
        console.print(f"qmsctl {__version__}")
        raise typer.Exit()
    State.records = records
