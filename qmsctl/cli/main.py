"""`qmsctl`: the command line over the library core."""

from __future__ import annotations

import errno
import gc
import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer

import qmsctl.cli.app as application
from qmsctl.cli.app import err_console, report_user_error
from qmsctl.findings import UserError
from qmsctl.i18n import _

# The modules that register the commands, in the order `qmsctl --help` lists them; and the
# module of each command or group, so that a command line that names one imports that module
# alone (a test holds the table to what the modules register).
COMMAND_MODULES = (
    "action_cmds",
    "agenda_cmds",
    "audit_cmds",
    "document_cmds",
    "figures_cmds",
    "git_cmds",
    "import_cmds",
    "quality_cmds",
    "records_cmds",
    "render_cmds",
    "review_cmds",
    "rollup_cmds",
    "setup_cmds",
    "ticket_cmds",
)
MODULE_OF = {
    "action": "action_cmds",
    "agenda": "agenda_cmds",
    "audit": "audit_cmds",
    "doc": "document_cmds",
    "objective": "document_cmds",
    "due": "figures_cmds",
    "objectives": "figures_cmds",
    "report": "figures_cmds",
    "stats": "figures_cmds",
    "diff": "git_cmds",
    "history": "git_cmds",
    "import": "import_cmds",
    "risk": "quality_cmds",
    "survey": "quality_cmds",
    "analysis": "quality_cmds",
    "check": "records_cmds",
    "coverage": "records_cmds",
    "find": "records_cmds",
    "normalize": "records_cmds",
    "schema": "records_cmds",
    "summary": "records_cmds",
    "render": "render_cmds",
    "review": "review_cmds",
    "export": "rollup_cmds",
    "rollup": "rollup_cmds",
    "calendar": "setup_cmds",
    "init": "setup_cmds",
    "policy": "setup_cmds",
    "procedure": "setup_cmds",
    "unit": "setup_cmds",
    "ticket": "ticket_cmds",
}


def registered(arguments: list[str] | None = None) -> typer.Typer:
    """The app, with the commands of the module of the command `arguments` name, or with all."""
    words = list(_words(arguments or []))[:1]
    named = MODULE_OF.get(words[0]) if words and not _completing() else None
    for module in (named,) if named else COMMAND_MODULES:
        importlib.import_module(f"qmsctl.cli.{module}")
    return application.app


def __getattr__(name: str) -> Any:
    if name == "app":  # `from qmsctl.cli.main import app`: the app with every command
        return registered()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _completing() -> bool:
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def _printable_streams() -> None:
    """What cannot be written as the terminal's encoding is escaped, never a crash: a file name
    that is not UTF-8 (kept by Python as surrogates), or Vietnamese on an ASCII terminal."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


# The global options that take a value (`qmsctl --records R --lang en check`).
_VALUED_OPTIONS = ("--records", "--lang")


def _words(arguments: list[str]) -> Iterator[str]:
    """The words of a command line that are not options or their values, up to `--`."""
    given = iter(arguments)
    for word in given:
        if word == "--":
            return
        if word in _VALUED_OPTIONS:
            next(given, None)
        elif not word.startswith("-"):
            yield word


@contextmanager
def only_the_command_named(arguments: list[str], group: typer.Typer | None = None) -> Iterator[None]:
    """While it lasts, `group` holds only the command (or the group's command) the command line
    names: typer builds the parameters of every command it holds before it parses a word, a
    tenth of a second of every start-up. A line that names no command it holds (help, a typo
    to suggest a name for, shell completion) finds them all."""
    group = group or registered()
    words = list(_words(arguments))[:2]
    saved = [(group, group.registered_commands, group.registered_groups)]
    if words and not _completing():
        commands = [info for info in group.registered_commands if _name(info) == words[0]]
        groups = [info for info in group.registered_groups if info.name == words[0]]
        if commands or groups:
            group.registered_commands, group.registered_groups = commands, groups
        if groups and groups[0].typer_instance is not None and len(words) > 1:
            inner = groups[0].typer_instance
            chosen = [info for info in inner.registered_commands if _name(info) == words[1]]
            if chosen:
                saved.append((inner, inner.registered_commands, inner.registered_groups))
                inner.registered_commands = chosen
    try:
        yield
    finally:
        for held, commands_, groups_ in saved:
            held.registered_commands, held.registered_groups = commands_, groups_


SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def command_paths() -> list[list[str]]:
    """Every command and group, as the words that name it ([] for qmsctl itself), in the order
    `--help` lists them: for the reference pages and the tests that walk every help."""
    root = typer.main.get_command(registered([]))
    paths: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(root, [])
    return paths


def _completion_script_for(arguments: list[str]) -> None:
    """`--show-completion zsh` (or fish, …): the script of the shell named. typer's option is a
    flag that detects the shell it runs in, and printed bash's for any name given after it."""
    if len(arguments) == 2 and arguments[0] == "--show-completion" and arguments[1] in SHELLS:
        from typer._completion_shared import get_completion_script

        print(get_completion_script(prog_name="qmsctl", complete_var="_QMSCTL_COMPLETE", shell=arguments[1]))
        sys.exit(0)


def _install_completion(arguments: list[str]) -> None:
    """`--install-completion [SHELL]`: typer's install, said in the user's language (typer says
    it in English only)."""
    chosen = None
    if len(arguments) >= 2 and arguments[0] == "--lang":  # `qmsctl --lang en --install-completion`
        chosen, arguments = arguments[1], arguments[2:]
    elif arguments and arguments[0].startswith("--lang="):
        chosen, arguments = arguments[0].split("=", 1)[1], arguments[1:]
    if not arguments or arguments[0] != "--install-completion" or len(arguments) > 2:
        return
    if len(arguments) == 2 and arguments[1] not in SHELLS:
        return
    from typer._completion_shared import install

    from qmsctl.i18n import detect_language, set_language

    set_language(detect_language(chosen or os.environ.get("QMSCTL_LANG")))
    shell = arguments[1] if len(arguments) == 2 else _shell_in_use()
    if shell not in SHELLS:
        err_console.print(
            _("Cannot tell which shell this is: name it, e.g. qmsctl --install-completion bash"), style="red"
        )
        sys.exit(2)
    shell, path = install(shell=shell, prog_name="qmsctl", complete_var="_QMSCTL_COMPLETE")
    print(_("Completion for {shell} installed in {path}").format(shell=shell, path=path))
    print(_("It takes effect in a new terminal."))
    sys.exit(0)


def _shell_in_use() -> str | None:
    """The shell qmsctl was started from (shellingham reads the process tree), else $SHELL's."""
    try:
        import shellingham

        return str(shellingham.detect_shell()[0])
    except Exception:  # noqa: BLE001 - shellingham raises its own error, or is missing
        shell = os.path.basename(os.environ.get("SHELL", ""))
        return shell or None


def _name(info: typer.models.CommandInfo) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__ if info.callback else "")


def _leave(code: object) -> None:
    """End the process now that the command is done, its output flushed, without the
    interpreter taking down every object one by one (a few tenths of a second after a command
    that read a big folder). Only when nothing else runs (no other thread, no child process)
    and nothing watches (a profiler or a coverage tracer writes its results at the exit)."""
    import threading

    if not (code is None or isinstance(code, int)) or threading.active_count() > 1:
        return
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None and multiprocessing.active_children():
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away before the last of the output
        application.quiet_output()
        os._exit(application.BROKEN_PIPE)
    except (OSError, ValueError):  # another failure of the output: the interpreter's own exit says so
        return
    os._exit(code or 0)


def run() -> None:
    """Entry point: usage errors exit 2; a bug prints one line and where its log is."""
    # A command is short and makes its objects to keep them: the cyclic collector would only
    # walk, again and again, the hundreds of thousands of records a big folder holds.
    gc.disable()
    if sys.stdout is None:  # started with its output closed (`>&-`): it runs, and says nothing
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the process's life
    _printable_streams()
    _completion_script_for(sys.argv[1:])
    _install_completion(sys.argv[1:])
    try:
        with only_the_command_named(sys.argv[1:], registered(sys.argv[1:])):
            application.app()  # standalone: exits 0, 1 (findings) or 2 (usage) by itself
    except UserError as error:  # raised outside a command, e.g. by the global options
        report_user_error(error)
        sys.exit(2)
    except OSError as error:
        if error.errno == errno.EPIPE:  # the reader went away (`| head -1`): quietly, as Unix tools do
            application.quiet_output()
            sys.exit(application.BROKEN_PIPE)
        if error.errno not in _FULL_OUTPUT:
            _failed(error)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # what is still buffered is lost
        report_user_error(UserError("U031", _("The output cannot be written: {reason}").format(reason=error.strerror)))
        sys.exit(2)
    except Exception as error:  # noqa: BLE001 - the last line of defence, logged
        _failed(error)


# What a command meets writing its output to a place that takes no more (`> /dev/full`, a full
# disk, a quota): the environment's, said as such; any other system error escaping is a bug.
_FULL_OUTPUT = (errno.ENOSPC, errno.EDQUOT, errno.EIO)


def _failed(error: Exception) -> NoReturn:
    """A bug: one line, and where its log is."""
    with tempfile.NamedTemporaryFile("w", prefix="qmsctl-", suffix=".log", delete=False) as log:
        traceback.print_exc(file=log)
    err_console.print(
        _("qmsctl failed unexpectedly: {error}. The details are in {log}").format(
            error=type(error).__name__, log=log.name
        )
    )
    sys.exit(3)


def main() -> None:
    """The `qmsctl` command: `run()`, after which the process ends at once (`_leave`). `run()`
    itself ends by raising SystemExit, for a program that calls it more than once."""
    try:
        run()
    except SystemExit as done:
        _leave(done.code)
        raise


if __name__ == "__main__":
    main()
