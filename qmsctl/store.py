"""Safe writes to the records folder: a lock, a check before writing, atomic replaces.

A change is a set of file texts. It is checked as if written (the whole folder is
read with the new texts in place of the files); if it would add an error to
`qmsctl check`, nothing is written. Each file is written to a temporary file in
its own folder, synced and renamed over the old one, so a reader or a crash sees
the old file or the new one, never half of one. One writer at a time holds the
lock on the folder; a second one waits a bounded time, then gives up cleanly.
"""

from __future__ import annotations

import difflib
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from qmsctl.findings import Finding, Loc, Severity, UserError
from qmsctl.i18n import _
from qmsctl.records.load import Records
from qmsctl.records.text import MAX_FILE_BYTES, larger_than_the_limit

if TYPE_CHECKING:
    from qmsctl.records.facts import TicketFacts, TicketIndex
    from qmsctl.records.splice import Piece

LOCK_TIMEOUT = 30.0  # seconds a second writer waits; QMSCTL_LOCK_TIMEOUT overrides
_POLL = 0.05


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file in the same folder, sync it, rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix + ".tmp", dir=path.parent)
    os.close(handle)
    try:
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        write(Path(temporary))
        with open(temporary, "rb") as done:
            os.fsync(done.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def cannot_write(path: Path, reason: object, hint: str | None = None) -> UserError:
    """U031: `path` cannot be written, for the system's `reason`; `hint`: where to look (by
    default the disk space and the folder's permissions, or another place with -o)."""
    return UserError(
        "U031",
        _("{path} cannot be written: {reason}").format(path=path, reason=reason),
        hint=hint or _("Check the disk space and the folder's permissions, or write elsewhere with -o."),
    )


def write_output(path: Path, write: Callable[[Path], None]) -> None:
    """A file the user names (`render -o`): a regular file or a new one, replaced atomically;
    never a folder, a device or a link (which would be replaced, or followed); a place that
    cannot be written (full, read-only) is a usage error naming the path."""
    import stat

    from qmsctl.findings import UserError
    from qmsctl.i18n import _

    if not str(path) or path.name in ("", ".", ".."):
        raise UserError("U031", _("-o needs a file name"), hint=_("Give a file, such as bao-cao.docx."))
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        status = None
    except OSError as error:
        raise UserError(
            "U031", _("{path} cannot be written: {reason}").format(path=path, reason=error.strerror)
        ) from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        kind = (
            _("a link")
            if stat.S_ISLNK(status.st_mode)
            else _("a folder")
            if stat.S_ISDIR(status.st_mode)
            else _("a device or a pipe")
        )
        raise UserError(
            "U031",
            _("{path} is {kind}, not a file: it is not replaced").format(path=path, kind=kind),
            hint=_("Give the name of a file to write."),
        )
    try:
        write_atomically(path, write)
    except OSError as error:
        raise cannot_write(path, error.strerror or error) from None


def write_text_atomically(path: Path, text: str) -> None:
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    def write(temporary: Path) -> None:
        temporary.write_bytes(data)

    write_atomically(path, write)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (Windows opens no folder: its rename is journaled)."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def lock_timeout() -> float:
    try:
        return float(os.environ.get("QMSCTL_LOCK_TIMEOUT", LOCK_TIMEOUT))
    except ValueError:
        return LOCK_TIMEOUT


LOCK_FILE = ".qmsctl.lock"  # Windows only: hidden, so no reading of the folder sees it


@contextmanager
def folder_lock(root: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the records folder's writer lock: flock on the folder itself (no lock file to
    commit or to leave behind; the kernel drops it when the process dies), or on Windows,
    which opens no folder, a byte of a hidden file in it, removed when the lock is let go."""
    timeout = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + timeout
    windows = os.name == "nt"
    handle = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT) if windows else os.open(root, os.O_RDONLY)
    held = False
    try:
        while not (_lock_windows(handle) if windows else _lock_posix(handle)):
            if time.monotonic() >= deadline:
                raise UserError(
                    "E802",
                    _("Another qmsctl command is changing the records; gave up after {seconds:g} s").format(
                        seconds=timeout
                    ),
                    str(root),
                    hint=_("Try again when it is done, or raise QMSCTL_LOCK_TIMEOUT."),
                ) from None
            time.sleep(_POLL)
        held = True
        yield
        if windows:  # Windows asks for the byte to be let go before the file is closed
            import msvcrt

            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    finally:
        os.close(handle)  # closing the descriptor releases the lock
        if windows and held:
            # Windows removes no file another process holds open: a writer waiting keeps it.
            with suppress(OSError):
                os.unlink(root / LOCK_FILE)


def _lock_posix(handle: int) -> bool:
    import fcntl  # imported where a lock is taken, so reading commands run anywhere

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _lock_windows(handle: int) -> bool:
    import msvcrt

    try:
        msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
    except OSError:  # held by another process
        return False
    return True


@dataclass
class Change:
    """Texts about to be written, by file relative to the records folder."""

    root: Path
    texts: dict[str, str] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)
    # Files changed in some of their lines only (`records/splice.py`): their new bytes, written
    # as they are, and the pieces changed, which are all a check needs to read of them.
    raw: dict[str, bytes] = field(default_factory=dict)
    pieces: dict[str, list[Piece]] = field(default_factory=dict)
    # The tickets of the spliced files after the change, once checked (`new_ticket_errors`) and
    # known to hold no error: remembered for the next command without reading the files again.
    spliced_facts: dict[str, list[TicketFacts]] = field(default_factory=dict)
    _old: dict[str, str] = field(default_factory=dict)  # each file's text before the change, read once
    _old_raw: dict[str, bytes] = field(default_factory=dict)  # a spliced file's bytes before the change
    _spliced_texts: dict[str, str] = field(default_factory=dict)  # their texts after it, once decoded

    def put(self, file: str, text: str) -> None:
        """`text` to be written to `file`, in NFC (what a person types may come decomposed).
        `file` is a path inside the folder that its reading sees: never absolute, never through
        `..`, no part hidden (a name given to a command, `../../x`, once wrote outside it)."""
        import unicodedata

        parts = file.split("/")
        if file.startswith("/") or "\\" in file or any(not p or p == ".." or p.startswith(".") for p in parts):
            raise UserError(
                "E812",
                _("{file} is not a path inside the records folder").format(file=file),
                hint=_("A code that names a file holds letters, digits, dots and dashes (QT.HCTC.01, HCTC)."),
            )
        text = unicodedata.normalize("NFC", text)
        self.raw.pop(file, None)  # a file given whole is written and checked whole
        self.pieces.pop(file, None)
        self._spliced_texts.pop(file, None)
        if file not in self.texts and not (self.root / file).exists():
            self.created.add(file)
        self.texts[file] = text

    def put_spliced(self, file: str, old: bytes, data: bytes, pieces: list[Piece]) -> None:
        """The new bytes of an existing list file (whose bytes were `old`) changed in `pieces` only."""
        self.raw[file] = data
        self.pieces[file] = pieces
        self.texts.pop(file, None)
        self._old_raw.setdefault(file, old)  # read once already: not read again

    def text(self, file: str) -> str | None:
        """The file's text after the change (None if the change leaves it). A spliced file's is
        decoded only when asked (a diff, a check of the whole folder): 8 MiB for a city's month."""
        if file in self.raw:
            if file not in self._spliced_texts:
                self._spliced_texts[file] = _as_read(self.raw[file])
            return self._spliced_texts[file]
        return self.texts.get(file)

    def old_text(self, file: str) -> str:
        """The file's text before the change, its line ends read as LF (as every reading does)."""
        if file in self.created:
            return ""
        if file not in self._old:
            old = self._old_raw.get(file)
            self._old[file] = (self.root / file).read_text(encoding="utf-8") if old is None else _as_read(old)
        return self._old[file]

    def line_end(self, file: str) -> str:
        """The line end a file is written with: the one its first line ends with (CRLF in a file
        a Windows editor saved: a change written with LF would show every line changed in git)."""
        if file in self.created:
            return "\n"
        with open(self.root / file, "rb") as handle:
            first = handle.readline()
        return "\r\n" if first.endswith(b"\r\n") else "\n"

    def changed(self) -> ChangedTexts:
        """The files the change makes different, with their new texts."""
        whole = {f for f, t in self.texts.items() if f in self.created or t != self.old_text(f)}
        return ChangedTexts(self, sorted(whole | {f for f, pieces in self.pieces.items() if pieces}))

    def diff(self) -> str:
        """The change as a unified diff, as git would show it."""
        parts: list[str] = []
        for file, text in self.changed().items():
            old = self.old_text(file)
            parts.extend(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    "/dev/null" if file in self.created else f"a/{file}",
                    f"b/{file}",
                )
            )
        return "".join(parts)

    def new_errors(self, records: Records, today: date | None = None) -> list[Finding]:
        """The errors `qmsctl check` would report after the change and not before it, from the
        folder as loaded (`records`): only the changed files are parsed again."""
        from qmsctl.check import check_records
        from qmsctl.records.load import with_texts

        changed: dict[str, str | None] = dict(self.changed())
        after_records = with_texts(records, changed)
        after = [f for f in check_records(after_records, today, changed).findings if _is_error(f)]
        if not after:
            return []
        before = {_identity(f) for f in check_records(records, today).findings if _is_error(f)}
        return [f for f in after if _identity(f) not in before]

    def of_tickets_only(self) -> bool:
        from qmsctl.records.load import classify

        return all(classify(file) == "ticket" for file in self.changed())

    def new_ticket_errors(self, records: Records, facts: TicketIndex, today: date | None = None) -> list[Finding]:
        """`new_errors` of a change of ticket files only, from the folder read without its
        tickets (`records`) and the tickets' facts: a ticket's own findings depend on its file
        and on records the change leaves alone, so only the changed files' findings (before and
        after) and those of the rules across tickets can differ."""
        from dataclasses import replace

        from qmsctl import options
        from qmsctl.checks import across_tickets, ticket_findings
        from qmsctl.records.facts import facts_of_records
        from qmsctl.records.load import parse_file, validate_file
        from qmsctl.records.positions import resolve_positions

        today = today or options.today()
        after_texts = self.changed()
        spliced = {f: self.pieces[f] for f in after_texts if f in self.pieces}
        whole: dict[str, str | None] = {f: after_texts[f] for f in after_texts if f not in spliced}

        def findings_of(texts: dict[str, str | None]) -> tuple[list[Finding], list[TicketFacts]]:
            results = [validate_file(parse_file(self.root, f, "ticket", t)) for f, t in texts.items() if t is not None]
            batch = replace(records, tickets=[s for r in results for s in r.records], findings=[])
            return [f for r in results for f in r.findings] + ticket_findings(batch, today), facts_of_records(batch)

        def findings_of_piece(file: str, text: str, index: int, line: int) -> tuple[list[Finding], list[TicketFacts]]:
            """A piece's findings and facts, read alone, at their place in the file."""
            found, facts_ = findings_of({file: text})
            resolve_positions(self.root, found, {file: text})
            for finding in found:
                finding.line = None if finding.line is None else finding.line + line - 1
                if finding.loc and isinstance(finding.loc[0], int):
                    finding.loc = (finding.loc[0] + index, *finding.loc[1:])
            return found, [t._replace(loc=(t.loc[0] + index, *t.loc[1:])) for t in facts_]  # type: ignore[operator]

        before_own, before_facts = findings_of({f: self.old_text(f) for f in whole if f not in self.created})
        after_own, after_facts = findings_of(whole)
        for file, pieces in spliced.items():
            for piece in pieces:
                if piece.old:
                    found, facts_ = findings_of_piece(file, piece.old, piece.index, 1)
                    before_own += found
                    before_facts += facts_
                found, facts_ = findings_of_piece(file, piece.new, piece.index, piece.line)
                after_own += found
                after_facts += facts_
            if len(self.raw[file]) > MAX_FILE_BYTES >= (self.root / file).stat().st_size:
                after_own.append(_too_large(file))
        replaced = {(f, p.index) for f, pieces in spliced.items() for p in pieces if p.old}
        clean = set() if any(f.file in spliced for f in after_own if _is_error(f)) else set(spliced) - facts.erring
        # The errors of the rules across tickets (an id used twice) that the change can make or
        # undo are those of the ids it touches: only the tickets of those ids are compared, in
        # the folder's order, so a duplicate is reported where `check` reports it.
        touched = {t.id.casefold() for t in [*after_facts, *before_facts]}
        others = [  # the tickets the change leaves, of the files it splices or of the ids it touches
            t
            for t in [*(t for f in sorted(clean) for t in facts.in_file(f)), *facts.of_ids(touched)]
            if t.file not in whole and not (t.loc and (t.file, t.loc[0]) in replaced)
        ]
        others = list(dict.fromkeys(others))  # a ticket of both once
        for ticket in sorted([*(t for t in others if t.file in clean), *after_facts], key=_place):
            if ticket.file in clean:
                self.spliced_facts.setdefault(ticket.file, []).append(ticket)
        after_all = sorted([*(t for t in others if t.id.casefold() in touched), *after_facts], key=_place)
        after = [f for f in [*after_own, *across_tickets(records, after_all)] if _is_error(f)]
        if not after:
            return []
        before_all = facts.of_ids(touched)
        before = {_identity(f) for f in [*before_own, *across_tickets(records, before_all)] if _is_error(f)}
        new = [f for f in after if _identity(f) not in before]
        resolve_positions(self.root, new, whole)
        return new

    def write(self) -> list[str]:
        """Write every changed file, new files first (a new action before the one that names it)."""
        changed = self.changed()
        order = sorted(changed, key=lambda f: (f not in self.created, f))
        for file in order:
            try:
                if file in self.raw:
                    write_bytes_atomically(self.root / file, self.raw[file])
                else:
                    text, end = changed[file], self.line_end(file)
                    write_text_atomically(self.root / file, text if end == "\n" else text.replace("\n", end))
            except OSError as error:  # a read-only file or folder, a full disk
                from qmsctl.findings import UserError
                from qmsctl.i18n import _

                raise UserError(
                    "U031",
                    _("{path} cannot be written: {reason}").format(path=file, reason=error.strerror or error),
                    file=file,
                    hint=_("Check the disk space and the file's and folder's permissions."),
                ) from None
        return order


class ChangedTexts(Mapping[str, str]):
    """The files a change makes different, in their order, each with its new text (made when
    asked: a spliced month file's is not decoded to be written)."""

    def __init__(self, change: Change, files: list[str]) -> None:
        self._change, self._files = change, files
        self._known = set(files)

    def __getitem__(self, file: str) -> str:
        text = self._change.text(file) if file in self._known else None
        if text is None:
            raise KeyError(file)
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def _too_large(file: str) -> Finding:
    problem = larger_than_the_limit()
    return Finding(problem.code, Severity.ERROR, file, problem.message, problem.hint)


def _place(ticket: TicketFacts) -> tuple[str, Loc]:
    return ticket.file, ticket.loc


def _is_error(finding: Finding) -> bool:
    return finding.severity is Severity.ERROR


def _identity(finding: Finding) -> tuple[str, str, str]:
    return finding.code, finding.file, finding.message


def _as_read(data: bytes) -> str:
    """Bytes as a text file is read: UTF-8, its line ends as LF."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
