"""The typer app, its global options and what every command shares."""

from __future__ import annotations

import errno
import functools
import inspect
import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.text import Text

from qmsctl import __version__, i18n
from qmsctl.cli.translated import Group
from qmsctl.findings import UserError, visible
from qmsctl.i18n import _
from qmsctl.records.folder import find_records_folder

app = typer.Typer(
    name="qmsctl",
    cls=Group,
    no_args_is_help=True,
    help="Quality records of a Vietnamese state agency (TCVN ISO 9001:2015), kept in git.",
    epilog="Exit codes: 0 done (check found no error); 1 findings, or a change refused and nothing written; "
    "2 wrong usage or environment; 3 an error of qmsctl itself (one line names its log); 130 interrupted; "
    "141 the reader of the output went away. The codes of the findings: docs/findings.md.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: starts in a third of the time of rich's
)
# Without markup: the text printed holds names, paths and values from the records and the
# command line, where "[Khẩn]" or "[/x]" is text; styles are given as styles.
console = Console(highlight=False, soft_wrap=True, markup=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


def command_group(name: str, help: str) -> typer.Typer:
    """A group of commands under `qmsctl NAME`, with the app's settings."""
    group = typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(group, name=name)
    return group


class State:
    records: Optional[Path] = None


# What a command remembers while it runs (the folder read for the choices offered): forgotten
# when the next command starts, so commands run in one process never see an older folder.
PER_COMMAND: list[Callable[[], None]] = []


class Language(str, Enum):
    vi = "vi"
    en = "en"


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"


def report_user_error(error: UserError) -> None:
    err_console.print(Text.assemble((_("error"), "red"), ": ", visible(str(error))))
    if error.hint:
        err_console.print("    → " + visible(error.hint), style="dim")


def command(
    *names: str, group: typer.Typer | None = None, **options: Any
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """`app.command` (or `group.command`) whose wrong input (a UserError) prints its message and
    hint and exits 2; a refused change exits 1."""

    def decorate(function: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(function)
        def guarded(*args: Any, records_here: Optional[Path] = None, **kwargs: Any) -> None:
            for forget in PER_COMMAND:
                forget()
            if records_here is not None:
                State.records = records_here
            try:
                function(*args, **kwargs)
            except UserError as error:
                report_user_error(error)
                raise typer.Exit(error.exit_code) from None
            except BrokenPipeError:  # the reader went away (`| head -1`): quietly, as Unix tools do
                quiet_output()
                raise typer.Exit(BROKEN_PIPE) from None
            except OSError as error:
                if error.errno != errno.ENAMETOOLONG:
                    raise
                # A code or a folder name longer than the system takes: asked of before any write.
                report_user_error(
                    UserError(
                        "U031",
                        _("The name is too long for the file system: {name}").format(name=error.filename),
                        hint=_("Give a shorter code or folder name; nothing was written."),
                    )
                )
                raise typer.Exit(2) from None

        # `--records` is also taken after the command (`qmsctl check --records records`), as
        # scripts and hooks tend to write it.
        signature = inspect.signature(function, eval_str=True)
        extra = inspect.Parameter(
            "records_here",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[Optional[Path], typer.Option("--records", help="The records folder.")],
        )
        guarded.__signature__ = signature.replace(parameters=[*signature.parameters.values(), extra])  # type: ignore[attr-defined]
        guarded.__annotations__ = {**function.__annotations__, "records_here": extra.annotation}
        (group or app).command(*names, **options)(guarded)
        return guarded

    return decorate


BROKEN_PIPE = 141  # 128 + SIGPIPE: what a shell reports of a tool whose reader went away


def quiet_output() -> None:
    """What is still to be written goes nowhere (the reader of the output is gone)."""
    import sys

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def records_root() -> Path:
    return find_records_folder(State.records)


def _commit_note() -> str:
    """Run from a git checkout of qmsctl that is not its release's tag (v0.1.0): the commit, so
    that a report or a bug names the code it ran. Empty for an installed release."""
    import subprocess
    from pathlib import Path

    here = Path(__file__).resolve().parents[2]
    if not (here / ".git").exists():
        return ""
    try:
        commit = subprocess.run(["git", "-C", str(here), "describe", "--tags", "--always", "--dirty"],
                                capture_output=True, text=True, timeout=5, check=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return ""
    return "" if commit == f"v{__version__}" else " " + _("(commit {commit}, not a release)").format(commit=commit)


def _print_version(value: bool) -> None:
    if value:
        console.print(f"qmsctl {__version__}{_commit_note()}")
        raise typer.Exit()


@app.callback()
def main(
    records: Annotated[
        Optional[Path], typer.Option("--records", help="The records folder (else $QMSCTL_RECORDS, else search upward).")
    ] = None,
    lang: Annotated[
        Optional[Language], typer.Option("--lang", help="Language: vi or en (default: vi, en under an English locale).")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", is_eager=True, callback=_print_version, help="Print the version and exit.")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Parse every file again; do not use or write the cache.")
    ] = False,
) -> None:
    i18n.set_language(i18n.detect_language(lang.value if lang else None))
    State.records = records
    if no_cache:
        os.environ["QMSCTL_NO_CACHE"] = "1"
