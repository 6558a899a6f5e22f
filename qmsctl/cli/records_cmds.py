"""Commands over the records folder as it is: check, summary, schema."""

import sys
import time
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text

from qmsctl.cli.app import OutputFormat, command, console, err_console, records_root
from qmsctl.findings import Finding, visible
from qmsctl.i18n import _


@command()
def check(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="text, json, github (annotations) or gitlab (Code Quality report).")
    ] = OutputFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    since: Annotated[
        Optional[str], typer.Option("--since", help="Also apply the rules that need history, against this revision.")
    ] = None,
    changed: Annotated[
        bool, typer.Option("--changed", help="Check only what changed since --base, and what refers to it.")
    ] = False,
    base: Annotated[str, typer.Option("--base", help="The revision --changed compares with.")] = "HEAD",
    today: Annotated[
        Optional[str], typer.Option("--today", help="The day the date-dependent rules take as today.")
    ] = None,
) -> None:
    """Prove the records consistent: exit 0 clean, 1 findings, 2 usage error."""
    from qmsctl.check import changed_scope, check_folder, check_folder_remembered, history_findings
    from qmsctl.cli import output
    from qmsctl.cli.editing import day
    from qmsctl.findings import UserError

    try:
        root = records_root()
        started = time.perf_counter()
        notes = []
        on = day(today, "--today")
        if changed:
            only, note = changed_scope(root, base)
            notes.append(note)
            result = check_folder(root, today=on, only=only)
        else:
            result = check_folder_remembered(root, on)
        if since is not None and not since.strip():  # never a silent skip of the history rules
            raise UserError(
                "G902", _("--since needs a revision"), hint=_("Name a commit, a branch or a tag (git log --oneline).")
            )
        if since is not None:
            extra = history_findings(root, since)
            notes.append(extra.note)
            result.findings = sorted(result.findings + extra.findings, key=Finding.sort_key)
    except UserError:
        if output_format is OutputFormat.gitlab:  # the report is read whatever happens: valid JSON, empty
            sys.stdout.write("[]\n")
        raise
    for note in dict.fromkeys(filter(None, notes)):
        err_console.print(Text.assemble((_("note"), "yellow"), ": ", note))
    elapsed = time.perf_counter() - started
    files = result.files
    if output_format is OutputFormat.json:
        sys.stdout.write(output.to_json(root, result.findings, files) + "\n")
    elif output_format is OutputFormat.gitlab:
        sys.stdout.write(output.to_gitlab(root, result.findings) + "\n")
    elif output_format is OutputFormat.github:
        text = output.to_github(root, result.findings)
        if text:
            sys.stdout.write(text + "\n")
    else:
        output.print_text(console, root, result.findings)
        line = output.summary_line(result.errors, result.warnings, files)
        colour = "red" if result.errors else ("yellow" if result.warnings else "green")
        console.print(Text.assemble((line, colour), " ", (f"({elapsed:.2f} s)", "dim")))
    if result.errors or (strict and result.warnings):
        raise typer.Exit(1)


@command()
def summary() -> None:
    """A short account of what the records folder holds."""
    from qmsctl.labels import counted
    from qmsctl.records.load import load_records
    from qmsctl.summary import summarize

    root = records_root()
    s = summarize(load_records(root))
    table = Table(title=s.agency or str(root), show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row(_("Units"), str(s.units))
    table.add_row(
        _("Procedures"),
        _("{n} (liên thông {a}, nội bộ {b})").format(
            n=sum(s.procedures.values()), a=s.procedures["lien-thong"], b=s.procedures["noi-bo"]
        ),
    )
    table.add_row(_("Documents"), counted(s.documents))
    table.add_row(
        _("Tickets"),
        ", ".join(f"{year}: {n}" for year, n in sorted(s.tickets_by_year.items()))
        + " — "
        + counted(s.tickets_by_outcome),
    )
    table.add_row(_("Calendar years"), ", ".join(str(y) for y in s.calendars) or "—")
    table.add_row(_("Actions"), counted(s.actions) or "—")
    table.add_row(_("Objectives"), ", ".join(f"{y}: {n}" for y, n in sorted(s.objectives.items())) or "—")
    table.add_row(_("Reviews / audits"), f"{s.reviews} / {s.audits}")
    if s.risks or s.survey_responses or s.analyses:
        table.add_row(_("Risks and opportunities"), ", ".join(f"{y}: {n}" for y, n in sorted(s.risks.items())) or "—")
        table.add_row(
            _("Satisfaction surveys"),
            ", ".join(_("{id}: {n} responses").format(id=k, n=n) for k, n in sorted(s.survey_responses.items())) or "—",
        )
        table.add_row(_("Yearly analyses"), ", ".join(map(str, s.analyses)) or "—")
    console.print(table)


@command()
def schema(
    out: Annotated[
        Optional[Path],
        typer.Option("-o", "--out", help="Folder for the JSON Schema files (default: RECORDS/.schemas)."),
    ] = None,
) -> None:
    """Write JSON Schema files so editors complete and flag fields while typing."""
    from qmsctl.records.schema import write_schemas

    folder = out or (records_root() / ".schemas")
    for path in write_schemas(folder):
        console.print(_("wrote {path}").format(path=path))


class FindFormat(str, Enum):
    text = "text"
    json = "json"


@command()
def find(
    text: Annotated[str, typer.Argument(help="What to look for: words of an id, a subject, a name, a body.")],
    kind: Annotated[
        Optional[list[str]],
        typer.Option("--kind", help="Only records of this kind: ticket, action, document, objectives ... (repeat it)."),
    ] = None,
    output_format: Annotated[FindFormat, typer.Option("--format", help="text or json.")] = FindFormat.text,
    limit: Annotated[int, typer.Option("--limit", help="At most this many records (0: all).")] = 50,
) -> None:
    """Find records by their words, ignoring case and diacritics ("ho so" finds "hồ sơ"), best first."""
    import json

    from qmsctl.agency import match_choice
    from qmsctl.records.kinds import KINDS
    from qmsctl.records.load import load_records
    from qmsctl.search import find as search

    names = {k.name: k.name for k in KINDS}
    kinds = {match_choice(k, names, "--kind") for k in kind} if kind else None
    hits = search(load_records(records_root()), text, kinds, limit or None)
    if output_format is FindFormat.json:
        sys.stdout.write(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=2) + "\n")
        return
    if not hits:
        err_console.print(_("Nothing found for '{text}'").format(text=text))
        raise typer.Exit(1)
    for hit in hits:
        console.print(
            Text.assemble(
                (visible(f"{hit.file}:{hit.line}"), "bold"),
                f"  {hit.kind} ",
                (hit.name, "cyan"),
                f"  {hit.field}: {hit.text}",
            )
        )


@command()
def normalize(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")] = False,
) -> None:
    """Rewrite the record files holding decomposed Unicode (Y114) in NFC, as every write does."""
    import unicodedata

    from qmsctl.cli.editing import run
    from qmsctl.i18n import ngettext

    if TYPE_CHECKING:
        from qmsctl.edits import Editor

    def edit(editor: "Editor") -> str:
        count = 0
        for file in editor.records.files:
            try:
                text = (editor.root / file).read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue  # unreadable or not UTF-8: check reports it, nothing to normalise
            if not unicodedata.is_normalized("NFC", text):
                editor.replace_text(file, text)
                count += 1
        return ngettext("{n} file written in NFC", "{n} files written in NFC", count).format(n=count)

    run(edit, "normalize", dry_run)


@command()
def coverage(
    output_format: Annotated[FindFormat, typer.Option("--format", help="text or json.")] = FindFormat.text,
) -> None:
    """Every clause of ISO 9001:2015 (4 to 10) with the documents and records that address it and
    the manual's exclusions; the clauses with nothing are flagged."""
    import json

    from qmsctl.coverage import coverage as clause_coverage
    from qmsctl.labels import kind_label
    from qmsctl.records.load import load_records

    rows = clause_coverage(load_records(records_root()))
    if output_format is FindFormat.json:
        data = {"clauses": [r.as_json() for r in rows], "uncovered": [r.clause.number for r in rows if not r.addressed]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=_("TCVN ISO 9001:2015: what addresses each clause"), title_justify="left")
    for header in (_("clause"), _("title"), _("documents"), _("records"), _("excluded")):
        table.add_column(header)
    for row in rows:
        style = None if row.addressed else "bold red"
        table.add_row(
            row.clause.number,
            row.clause.vi,
            ", ".join(row.documents) or ("—" if row.addressed else _("nothing")),
            ", ".join(kind_label(k) for k in row.records),
            row.exclusion or "",
            style=style,
        )
    console.print(table)
    missing = [r.clause.number for r in rows if not r.addressed]
    if missing:
        err_console.print(_("Addressed by nothing: {clauses}").format(clauses=", ".join(missing)), style="yellow")
