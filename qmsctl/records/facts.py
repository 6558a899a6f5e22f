"""What the figures read of each ticket, remembered between runs by ticket file.

A command that only counts (stats, objectives, report, export) needs of a ticket its dates,
procedure, unit and outcome, not its text or process log. Those facts are kept in the cache
(`records/cache.py`) with each ticket file's status and hash, so such a command on an
unchanged folder of 100,000 tickets reads no ticket file: the parse and validation of a file
that changed are those of every command (`read_files`), and a record with errors is left out
of the facts as it is left out of the loaded records.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from qmsctl.findings import Loc, Severity
from qmsctl.records.kinds import BY_NAME
from qmsctl.records.load import (
    FileResult,
    Job,
    Records,
    map_files,
    parse_file,
    read_files,
    record_files,
    validate_file,
)
from qmsctl.records.models import Ticket

_SOURCES = ("facts.py", "load.py", "text.py", "models.py", "values.py", "validation.py", "kinds.py", "cache.py")


class PauseFacts(NamedTuple):
    start: datetime
    end: datetime | None
    reason: str | None


class ExtensionFacts(NamedTuple):
    to: date
    basis: str
    on: date


class TicketFacts(NamedTuple):
    """A ticket as the figures read it: the attributes of `models.Ticket` they use, and where
    the ticket is written (to read it whole when a page shows its process log)."""

    id: str
    kind: str
    procedure: str
    unit: str | None
    received: datetime
    due: date | datetime | None
    pauses: tuple[PauseFacts, ...]
    completed: datetime | None
    outcome: str | None
    file: str
    loc: Loc
    accepted: datetime | None = None
    extended: ExtensionFacts | None = None


# A file's errors, its tickets' facts as plain tuples, and how many of its records (or the
# whole file) failed to read.
Kept = tuple[int, tuple[tuple[Any, ...], ...], int]


def _facts(ticket: Ticket, file: str, loc: Loc) -> tuple[Any, ...]:
    pauses = tuple((p.start, p.end, p.reason) for p in ticket.pauses)
    t = ticket
    extended = (t.extended.to, t.extended.basis, t.extended.on) if t.extended is not None else None
    return (
        t.id, t.kind, t.procedure, t.unit, t.received, t.due, pauses, t.completed, t.outcome, file, loc,
        t.accepted, extended,
    )  # fmt: skip


def kept_facts(result: FileResult) -> Kept:
    """What is remembered of a ticket file: its errors, and its tickets' facts as plain tuples."""
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    return errors, tuple(_facts(s.model, s.file, s.loc) for s in result.records), result.lost


def facts_version() -> str:
    import qmsctl
    from qmsctl.records.cache import reading_environment

    digest = hashlib.blake2b(qmsctl.__version__.encode() + reading_environment(), digest_size=16)
    here = Path(__file__).parent
    for name in _SOURCES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def facts_cache(root: Path) -> Any:
    """The facts remembered of the folder's ticket files, each file's pickled on its own (a
    month of a city's tickets is 13,000 rows: an edit of one saves that month's only)."""
    from qmsctl.records.cache import PickledCache

    return PickledCache(root, "facts", facts_version())


def remember_facts(root: Path, written: dict[str, tuple[bytes, list[TicketFacts]]]) -> None:
    """The facts of ticket files an edit has just written (their bytes and every ticket they
    hold), known without reading them again: the next command finds them."""
    from qmsctl.records import cache as caches

    if not caches.enabled():
        return
    cache = facts_cache(root)
    for file, (data, tickets) in written.items():
        if cache.get(file) is None:  # a file just written is a miss, kept under the new bytes' hash
            cache.put(file, (0, tuple(tuple(t) for t in tickets), 0), hashlib.blake2b(data, digest_size=16).digest())
    cache.save(complete=False)


@dataclass
class TicketIndex:
    """The facts of every ticket of a folder that reads without errors, and how many errors
    the ticket files hold (their records are left out, as `load_records` leaves them out)."""

    tickets: list[TicketFacts] = field(default_factory=list)
    errors: int = 0
    error_files: list[str] = field(default_factory=list)  # the files (or folders) with records unread
    erring: set[str] = field(default_factory=set)  # the files with errors


def read_ticket_facts(root: Path, workers: int | None = None) -> TicketIndex:
    """The facts of the folder's tickets: remembered ones for unchanged files, the others read."""
    from qmsctl.records import cache as caches

    place = BY_NAME["ticket"].place
    unreadable: list[str] = []
    files: list[tuple[str, str]] = []
    if os.path.isdir(root / place):
        files, _strays = record_files(root, unreadable, under=place)
    cache = facts_cache(root) if caches.enabled() else None
    index = TicketIndex(errors=len(unreadable), error_files=list(unreadable))
    found: dict[str, Kept] = cache.get_many([file for file, _kind in files]) if cache is not None else {}
    misses: list[Job] = [(file, kind, None) for file, kind in files if file not in found]
    # Read in the workers when they are many, without the parse cache (the files a count reads
    # again are few, or all of them on the first run, when the records would be large to send).
    for batch in map_files(root, misses, _read_facts, None, workers):
        for file, kept, digest in batch:
            if cache is not None:
                cache.put(file, kept, digest)
            found[file] = kept
    if cache is not None:
        cache.save()
    rows: list[tuple[Any, ...]] = []
    for file, _kind in files:  # in the order of the files' names
        errors, kept_rows, unread = found[file]
        index.errors += errors
        if errors:
            index.erring.add(file)
        if unread:
            index.error_files.append(file)
        rows.extend(kept_rows)
    index.tickets = facts_of(rows)
    return index


def _read_facts(root: Path, batch: list[Job], _context: Any) -> list[tuple[str, Kept, bytes]]:
    """Ticket files read, parsed and validated, as their facts (in a worker process)."""
    results = [validate_file(parse_file(root, file, kind, text)) for file, kind, text in batch]
    return [(r.file, kept_facts(r), r.digest) for r in results]


def facts_of(rows: Sequence[tuple[Any, ...]]) -> list[TicketFacts]:
    """The facts of tickets, from the plain tuples they are remembered as."""
    make, pause, extension = TicketFacts._make, PauseFacts._make, ExtensionFacts._make
    return [
        make(
            (*row[:6], tuple(map(pause, row[6])), *row[7:12], extension(row[12]))
            if row[12] is not None
            else row
            if not row[6]
            else (*row[:6], tuple(map(pause, row[6])), *row[7:])
        )
        for row in rows
    ]


def facts_of_records(records: Records) -> list[TicketFacts]:
    """The facts of the tickets of records loaded whole."""
    return facts_of(tuple(_facts(s.model, s.file, s.loc) for s in records.tickets))


def whole_ticket(root: Path, facts: TicketFacts, in_file: int = 0) -> Ticket | None:
    """The ticket the facts are of, read whole from its file (None if it no longer reads). In a
    list file of `in_file` tickets only its own lines are read, when they are plain to see
    (`records/splice.py`): a month of a city's tickets is not parsed to show or edit one."""
    if len(facts.loc) == 1 and isinstance(facts.loc[0], int) and in_file:
        from qmsctl.records.splice import read_item_list

        items = read_item_list(root / facts.file, in_file)
        if items is not None:
            alone = validate_file(parse_file(root, facts.file, "ticket", items.item_text(facts.loc[0])))
            if len(alone.records) == 1 and alone.records[0].model.id == facts.id:
                return alone.records[0].model  # type: ignore[no-any-return]
    for result in read_files(root, [(facts.file, "ticket", None)], 1, remember=False):
        for sourced in result.records:
            if sourced.loc == facts.loc:
                return sourced.model  # type: ignore[no-any-return]
    return None
