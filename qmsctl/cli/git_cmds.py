"""Commands over the records' git history: diff and history."""

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.table import Table

from qmsctl.cli.app import command, console
from qmsctl.cli.completion import offer
from qmsctl.findings import UserError
from qmsctl.i18n import _

if TYPE_CHECKING:
    from qmsctl.gitlog import GitRecords
    from qmsctl.records.load import Records


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


def open_git(root: Path) -> "GitRecords":
    from qmsctl.gitlog import GitRecords

    git = GitRecords(root)
    if not git.available:
        raise UserError(
            "G903",
            _("{folder} is not in a git repository").format(folder=root),
            hint=_("Keep the records in git (git init) to see their history."),
        )
    return git


def split_range(revisions: Optional[str]) -> tuple[str, Optional[str]]:
    """`A..B`, `A` (A against the working tree) or nothing (HEAD against the working tree)."""
    from qmsctl.gitlog import WORKING_TREE

    if not revisions:
        return "HEAD", WORKING_TREE
    if ".." in revisions:
        base, head = revisions.split("..", 1)
        return base or "HEAD", head or WORKING_TREE
    return revisions, WORKING_TREE


@command()
def diff(
    revisions: Annotated[
        Optional[str], typer.Argument(help="A..B, or A (against the working tree); default HEAD and the working tree.")
    ] = None,
    output_format: Annotated[DiffFormat, typer.Option("--format", help="text, markdown or json.")] = DiffFormat.text,
) -> None:
    """What a change means for the records: revisions, action states, tickets added, targets moved."""
    from qmsctl.cli.app import records_root
    from qmsctl.effect import effect_of
    from qmsctl.gitlog import WORKING_TREE
    from qmsctl.recdiff import as_json, as_markdown, as_text, describe
    from qmsctl.records.compare import compare

    root = records_root()
    git = open_git(root)
    base, head = split_range(revisions)
    for revision in (base, head):
        if revision is not WORKING_TREE and not git.exists(revision):
            raise UserError(
                "G902",
                _("{rev} is not a revision of this repository").format(rev=revision),
                hint=_("Name a commit, a branch or a tag (git log --oneline)."),
            )
    pairs = compare(git, base, head)
    after = _records_at(git, root, head, pairs)
    profile = after.profile
    entries = describe(pairs, profile.model.agency.short if profile else "")
    effect = effect_of(after, pairs)
    shown_head = head or _("working tree")
    if output_format is DiffFormat.json:
        sys.stdout.write(as_json(entries, base, head or "", effect) + "\n")
    elif output_format is DiffFormat.markdown:
        title = _("Records changed: {base} → {head}").format(base=base, head=shown_head)
        sys.stdout.write(as_markdown(entries, title, effect))
    else:
        sys.stdout.write(as_text(entries, effect) + "\n")


def _records_at(git: "GitRecords", root: Path, head: str | None, pairs: list[Any]) -> "Records":
    """The records after the change: the folder on disk, or the revision `head` read whole. When
    nothing that the figures depend on changed, only the profile is read."""
    import tempfile

    from qmsctl.effect import FIGURE_KINDS
    from qmsctl.gitlog import WORKING_TREE
    from qmsctl.records.load import load_records

    if not any(p.kind in FIGURE_KINDS for p in pairs):
        return load_records(root, only={"qms.yaml"})
    if head is WORKING_TREE:
        return load_records(root)
    with tempfile.TemporaryDirectory(prefix="qmsctl-diff-") as folder:
        records = load_records(git.export(head, Path(folder)), cache=False)
        records.root = root
        return records


@command()
def history(
    code: Annotated[str, typer.Argument(help="The document's code (QT.CTCL).", autocompletion=offer("document"))],
    output_format: Annotated[DiffFormat, typer.Option("--format", help="text, markdown or json.")] = DiffFormat.text,
) -> None:
    """A controlled document's revisions from git: each commit that changed it, and Sửa đổi tài liệu."""
    from qmsctl.cli.app import records_root
    from qmsctl.dochistory import document_file, document_history, revision_rows

    root = records_root()
    git = open_git(root)
    file = document_file(root, code)
    if file is None:
        raise UserError("U010", _("There is no document {code}").format(code=code))
    versions = document_history(git, file)
    rows = revision_rows(versions)
    if output_format is DiffFormat.json:
        commits = [
            {
                "commit": v.commit.sha,
                "author": v.commit.author,
                "date": v.commit.date,
                "subject": v.commit.subject,
                "revision": v.revision,
                "status": v.status,
                "issued": v.issued.isoformat() if v.issued else None,
                "history": [
                    {"revision": h.revision, "date": h.on.isoformat(), "change": h.change} for h in v.new_history
                ],
            }
            for v in versions
        ]
        sys.stdout.write(
            json.dumps({"code": code, "commits": commits, "revisions": rows}, ensure_ascii=False, indent=2)
        )
        sys.stdout.write("\n")
        return
    if output_format is DiffFormat.markdown:
        lines = [
            f"### {code}: Sửa đổi tài liệu",
            "",
            "| Lần | Ngày | Nội dung sửa đổi | Người |",
            "| --- | --- | --- | --- |",
        ]
        lines += [f"| {r['revision']} | {r['date']} | {r['change']} | {r['author']} |" for r in rows]
        sys.stdout.write("\n".join(lines) + "\n")
        return
    table = Table(title=_("{code}: commits that changed it").format(code=code), title_justify="left")
    for column in (_("Commit"), _("Date"), _("Author"), _("Revision"), _("Status"), _("History added")):
        table.add_column(column)
    for v in versions:
        table.add_row(
            v.commit.sha[:8],
            v.commit.date[:10],
            v.commit.author,
            "" if v.revision is None else str(v.revision),
            v.status or "",
            "; ".join(f"{h.revision}: {h.change}" for h in v.new_history) or v.commit.subject,
        )
    console.print(table)
    table = Table(title="Sửa đổi tài liệu", title_justify="left")
    for column in (_("Revision"), _("Date"), _("Change"), _("Author")):
        table.add_column(column)
    for row in rows:
        table.add_row(row["revision"], row["date"], row["change"], row["author"])
    console.print(table)
