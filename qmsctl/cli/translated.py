"""The command line in the user's language: every help text, the help's headings and the
usage errors of the command-line parser (typer's click speaks English only).

The language is settled before the arguments are parsed (`--lang`, else `QMSCTL_LANG`, else
the locale: see `i18n.detect_language`); the help texts of the whole command tree are then
looked up in the catalog (they are extracted into it by `scripts/help_catalog.py`), and a
usage error is told again in that language.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer import core as typer_core
from typer._click import core as click_core
from typer._click import exceptions as click_exceptions
from typer._click import formatting

from qmsctl import i18n
from qmsctl.i18n import _


def N_(message: str) -> str:
    """A message for the catalog, translated where it is used."""
    return message


# The parser's own words (typer looks its headings up through gettext; the rest is ours).
PARSER_WORDS = (
    N_("Options"),
    N_("Commands"),
    N_("Arguments"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Show this message and exit."),
)
typer_core._ = lambda message: _(message)  # typer's headings and "[default: …]", in our language


class Formatter(formatting.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class Context(click_core.Context):
    formatter_class = Formatter


def language_of(args: Sequence[str]) -> str:
    """The language the command will speak: `--lang X` among the arguments (a value that is
    not a language is left for the parser to refuse), else the environment's."""
    explicit = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            explicit = args[index + 1]
        elif arg.startswith("--lang="):
            explicit = arg.split("=", 1)[1]
    chosen = i18n.detect_language(explicit)
    return chosen if chosen in i18n.LANGUAGES else i18n.detect_language()


def translate_tree(command: Any, path: str = "") -> None:
    """Every help text of the command and its subcommands, in the current language (the
    English is kept, so a later command in the same process can speak another), and each
    command's examples under its help ("Ví dụ:")."""
    from qmsctl.cli.examples import EXAMPLES

    # The usage line's words: "Cách dùng: qmsctl [TÙY CHỌN] LỆNH [ĐỐI SỐ]..." in Vietnamese.
    command.options_metavar = _("[OPTIONS]")
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = _("COMMAND [ARGS]...")
    if path in EXAMPLES:
        lines = "\n".join("  " + example for example in EXAMPLES[path])
        command.epilog = "\b\n" + _("Examples:") + "\n" + lines  # \b: as written, not rewrapped
        command.__dict__["_english_epilog"] = None
    for thing in [command, *command.params, command.get_help_option(Context(command))]:
        if thing is None:
            continue
        for attribute in ("help", "short_help", "epilog"):
            original = thing.__dict__.setdefault(f"_english_{attribute}", getattr(thing, attribute, None))
            if original:
                setattr(thing, attribute, _(original))
    command.context_class = Context
    for name, sub in getattr(command, "commands", {}).items():
        translate_tree(sub, f"{path} {name}".strip())


# What the parser says, in words it puts together itself.
_VALUE_MESSAGES = [
    (re.compile(r"^'(?P<value>.*)' is not one of (?P<choices>.*)\.$"), N_("'{value}' is not one of {choices}.")),
    (re.compile(r"^'(?P<value>.*)' is not a valid int(eger)?( range)?\.$"), N_("'{value}' is not a whole number.")),
    (re.compile(r"^'(?P<value>.*)' is not a valid float( range)?\.$"), N_("'{value}' is not a number.")),
    (re.compile(r"^'(?P<value>.*)' is not a valid boolean\.$"), N_("'{value}' is not yes or no.")),
    (re.compile(r"^Input should be a valid integer"), N_("a whole number is needed.")),
    (re.compile(r"^Input should be a valid number"), N_("a number is needed.")),
    (re.compile(r"^Input should be a valid boolean"), N_("yes or no is needed.")),
    (re.compile(r"^No such command '(?P<value>.*)'\.$"), N_("No such command '{value}'.")),
    (re.compile(r"^Missing command\.$"), N_("Missing command.")),
    (re.compile(r"^Got unexpected extra arguments? \((?P<value>.*)\)$"), N_("Unexpected extra arguments ({value})")),
    (re.compile(r"^Option '(?P<value>.*)' requires an argument\.$"), N_("Option '{value}' requires a value.")),
    (re.compile(r"^Option '(?P<value>.*)' does not take a value\.$"), N_("Option '{value}' takes no value.")),
]
_KINDS = {"option": N_("option"), "argument": N_("argument"), "parameter": N_("parameter")}


def _said(message: str) -> str:
    """One of the parser's own sentences, translated (an unknown one is left as it is), with
    the names it suggests for a mistyped one ('Did you mean ...?')."""
    message = message.removeprefix("Value error, ")
    suggested = re.search(r"\s*Did you mean (.*)\?$", message)
    if suggested:
        message = message[: suggested.start()]
    for pattern, template in _VALUE_MESSAGES:
        found = pattern.match(message)
        if found:
            message = _(template).format(**{k: v for k, v in found.groupdict().items() if v is not None})
            break
    if suggested:
        message += " " + _("(Did you mean: {names})").format(names=suggested.group(1))
    return message


def error_message(error: click_exceptions.ClickException) -> str:
    """A usage error's message in the current language."""
    if isinstance(error, click_exceptions.MissingParameter):
        hint = _hint(error)
        kind = error.param_type or (error.param.param_type_name if error.param else "parameter")
        return _("Missing {kind} {name}.").format(kind=_(_KINDS.get(kind, kind)), name=hint).replace("  ", " ")
    if isinstance(error, click_exceptions.NoSuchOption):
        message = _("No such option: {name}").format(name=error.option_name)
        if error.possibilities:
            message += " " + _("(Did you mean: {names})").format(names=", ".join(sorted(error.possibilities)))
        return message
    if isinstance(error, click_exceptions.BadParameter):
        hint = _hint(error)
        if hint:
            return _("Invalid value for {name}: {message}").format(name=hint, message=_said(error.message))
        return _("Invalid value: {message}").format(message=_said(error.message))
    return _said(error.message)


def _hint(error: click_exceptions.BadParameter) -> str:
    hint: Any = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)  # type: ignore[arg-type]
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(repr(h) for h in hint)
    return str(hint or "")


def show_error(error: click_exceptions.ClickException) -> None:
    """What click's `show` prints, in the current language. A command named with nothing after
    it (`qmsctl`, `qmsctl action`) is told its help alone, as click's own `show` tells it."""
    err = typer.echo
    if isinstance(error, click_exceptions.NoArgsIsHelpError):
        err(error.format_message(), err=True)
        return
    if isinstance(error, click_exceptions.UsageError) and error.ctx is not None:
        err(error.ctx.get_usage(), err=True)
        err(_("Try '{command} --help' for help.").format(command=error.ctx.command_path) + "\n", err=True)
    err(_("Error: {message}").format(message=error_message(error)), err=True)


class Group(typer_core.TyperGroup):
    """The root command: settles the language before parsing, translates the help of the
    whole tree, and tells usage errors in that language."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        i18n.set_language(language_of(arguments))
        translate_tree(self)
        standalone = extra.pop("standalone_mode", True)
        extra["standalone_mode"] = False
        try:
            result = super().main(arguments, *rest, **extra)
        except click_exceptions.ClickException as error:
            if not standalone:
                raise
            show_error(error)
            sys.exit(error.exit_code)
        except typer.Abort:
            if not standalone:
                raise
            typer.echo(_("Aborted!"), err=True)
            sys.exit(1)
        if standalone:
            sys.exit(result if isinstance(result, int) else 0)
        return result
