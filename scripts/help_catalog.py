"""Add the command line's help texts (docstrings and option helps, as typer builds them) to the
message template, so the Vietnamese catalog translates them like every other message.

    python scripts/help_catalog.py qmsctl/locale/qmsctl.pot
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from babel.messages.pofile import read_po, write_po

from qmsctl.cli.main import app
from qmsctl.cli.translated import Context


def help_texts(command: object) -> set[str]:
    found = set()
    help_option = command.get_help_option(Context(command))  # type: ignore[attr-defined]
    for thing in [command, *command.params, help_option]:  # type: ignore[attr-defined]
        for attribute in ("_english_help", "_english_short_help", "help", "short_help"):
            value = getattr(thing, attribute, None) if thing is not None else None
            if value:
                found.add(value)
                break
        epilog = getattr(thing, "_english_epilog", None) or getattr(thing, "epilog", None)
        if epilog:
            found.add(epilog)
    for sub in getattr(command, "commands", {}).values():
        found |= help_texts(sub)
    return found


def main(template: Path) -> None:
    with template.open("rb") as handle:
        catalog = read_po(handle)
    for text in sorted(help_texts(typer.main.get_command(app))):
        if text not in catalog:
            catalog.add(text)
    with template.open("wb") as handle:
        write_po(handle, catalog, omit_header=True, no_location=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
