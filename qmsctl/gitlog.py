"""What git says about the records, read through the git command (never by parsing .git).

Every call runs `git -C <folder>`, so the records may sit anywhere inside a repository;
paths given and returned are relative to the records folder.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from qmsctl.findings import UserError
from qmsctl.i18n import _

WORKING_TREE = None  # a revision of None means the files as they are on disk


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: str  # ISO 8601 with the committer's offset, as git prints it
    subject: str


@dataclass(frozen=True)
class FileChange:
    status: str  # A added, M modified, D deleted (renames are split into D and A)
    file: str  # relative to the records folder


class GitRecords:
    """The records folder as git sees it."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _git(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.root), *args], capture_output=True, text=True, encoding="utf-8", errors="replace"
        )
        if check and done.returncode != 0:
            raise UserError(
                "G901",
                _("git {command} failed: {error}").format(command=args[0], error=done.stderr.strip().splitlines()[-1:]),
                hint=_("Check the revision names (git log --oneline shows them)."),
            )
        return done.stdout

    @cached_property
    def available(self) -> bool:
        """Whether git is installed and the folder is inside a work tree."""
        if shutil.which("git") is None:
            return False
        done = subprocess.run(
            ["git", "-C", str(self.root), "rev-parse", "--is-inside-work-tree"], capture_output=True, text=True
        )
        return done.returncode == 0 and done.stdout.strip() == "true"

    def exists(self, revision: str) -> bool:
        return bool(self._git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False).strip())

    def text_at(self, revision: str | None, file: str) -> str | None:
        """A file's text at a revision (None: on disk); None when it does not exist there."""
        if revision is WORKING_TREE:
            path = self.root / file
            return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
        done = subprocess.run(["git", "-C", str(self.root), "show", f"{revision}:./{file}"], capture_output=True)
        return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None

    def changes(self, base: str, head: str | None = WORKING_TREE) -> list[FileChange]:
        """Files of the records folder that differ between two revisions (head None: the
        working tree, new untracked files included)."""
        args = ["diff", "--name-status", "--no-renames", "--relative", "-z", base]
        if head is not WORKING_TREE:
            args.append(head)
        fields = self._git(*args, "--", ".").split("\0")
        pairs = zip(fields[0::2], fields[1::2], strict=False)
        found = [FileChange(status[0], path) for status, path in pairs if path]
        if head is WORKING_TREE:
            untracked = self._git("ls-files", "--others", "--exclude-standard", "-z", "--", ".").split("\0")
            found.extend(FileChange("A", path) for path in untracked if path)
        return sorted(set(found), key=lambda c: c.file)

    def export(self, revision: str, target: Path) -> Path:
        """The records folder as it is at `revision`, written under `target` (for reading whole)."""
        import io
        import tarfile

        prefix = self._git("rev-parse", "--show-prefix").strip()
        top = self._git("rev-parse", "--show-toplevel").strip()
        done = subprocess.run(
            ["git", "-C", top, "archive", "--format=tar", f"{revision}:{prefix}"], capture_output=True
        )
        if done.returncode != 0:
            raise UserError("G901", _("git archive failed: {error}").format(error=done.stderr.decode(errors="replace")))
        with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
            archive.extractall(target, filter="data")
        return target

    def log(self, file: str) -> list[Commit]:
        """The commits that changed a file, newest first, following renames."""
        out = self._git("log", "--follow", "--format=%H%x1f%an%x1f%aI%x1f%s%x1e", "--", file)
        commits = []
        for entry in out.split("\x1e"):
            parts = entry.strip("\n").split("\x1f")
            if len(parts) == 4:
                commits.append(Commit(*parts))
        return commits

    def file_at_commit(self, commit: str, file: str) -> str | None:
        """A file's text at a commit of its log, where it may have had another name."""
        names = self._git("log", "--follow", "--name-only", "--format=%H", "--", file).split("\n")
        path = None
        for index, line in enumerate(names):
            if line == commit:
                path = next((n for n in names[index + 1 :] if n.strip()), None)
                break
        if path is None:
            return None
        done = subprocess.run(["git", "-C", str(self.root), "show", f"{commit}:{path}"], capture_output=True)
        return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None
