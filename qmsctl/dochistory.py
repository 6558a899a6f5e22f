"""A controlled document's revisions as git recorded them (`qmsctl history CODE`), and the
Sửa đổi tài liệu table built from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from qmsctl.gitlog import Commit, GitRecords
from qmsctl.records.compare import records_of
from qmsctl.records.models import Document, Revision


@dataclass
class DocumentVersion:
    """The document as one commit left it (None fields: the file could not be read there)."""

    commit: Commit
    revision: int | None = None
    status: str | None = None
    issued: date | None = None
    new_history: list[Revision] = field(default_factory=list)  # history lines this commit added


def document_history(git: GitRecords, file: str) -> list[DocumentVersion]:
    """Every commit that changed the document's file, oldest first."""
    versions: list[DocumentVersion] = []
    seen: list[Revision] = []
    for commit in reversed(git.log(file)):
        version = DocumentVersion(commit)
        text = git.file_at_commit(commit.sha, file)
        found = [s.model for kind, s in records_of(git.root, file, text) if kind == "document"]
        if found:
            d: Document = found[0]
            version.revision, version.status, version.issued = d.revision, d.status, d.issued
            version.new_history = [h for h in d.history if h not in seen]
            seen = list(d.history)
        versions.append(version)
    return versions


def revision_rows(versions: list[DocumentVersion]) -> list[dict[str, str]]:
    """One row a revision, for Sửa đổi tài liệu: the revision, the date it took effect (its
    issue date, else the commit's day), what changed (its history line, else the commit's
    subject) and who committed it."""
    rows: dict[int, dict[str, str]] = {}
    for version in versions:
        if version.revision is None:
            continue
        line = next((h for h in version.new_history if h.revision == version.revision), None)
        row = rows.get(version.revision)
        if row is None:
            row = rows[version.revision] = {
                "revision": f"{version.revision:02d}",
                "date": version.commit.date[:10],
                "change": line.change if line else version.commit.subject,
                "author": version.commit.author,
            }
        elif line:
            row["change"] = line.change
        if version.status == "effective" and version.issued:
            row["date"] = version.issued.isoformat()
    return [rows[n] for n in sorted(rows)]


def document_file(root: Path, code: str) -> str | None:
    """The file of a document by its code, read from the documents' front matter only."""
    from qmsctl.records.load import load_records, record_files

    files, _strays = record_files(root)
    documents = load_records(root, only={f for f, kind in files if kind == "document"}).documents
    return next((s.file for s in documents if s.model.code == code), None)
