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
from qmsctl.records.cache import PickledCache
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
    from qmsctl.records.cache import reading_environment, sources_digest

    digest = hashlib.blake2b(qmsctl.__version__.encode() + reading_environment(), digest_size=16)
    digest.update(sources_digest(Path(__file__).parent / name for name in _SOURCES))
    return digest.hexdigest()


def facts_cache(root: Path) -> FactsCache:
    """The facts remembered of the folder's ticket files."""
    return FactsCache(root, "facts", facts_version())


class FactsCache(PickledCache):
    """The facts of ticket files, each file's pickled on its own (a month of a city's tickets is
    13,000 rows: an edit of one saves that month's only) with its ids apart: an edit reads the
    ids of every ticket and the rows of the files it changes only."""

    def _pack(self, value: Any) -> Any:
        errors, rows, unread = value
        facts = FileFacts.of(value)
        return super()._pack((errors, unread, facts.ids, facts.in_list, super()._pack(rows)))

    def _unpack(self, kept: Any) -> Any:
        errors, unread, ids, in_list, rows = super()._unpack(kept)
        return FileFacts(errors, unread, ids, in_list, packed=rows)


class FileFacts:
    """A ticket file's facts as remembered: its errors, how many of its records (or the whole
    file) failed to read, its tickets' ids, and their rows (unpickled when first asked for)."""

    __slots__ = ("errors", "unread", "ids", "in_list", "_rows", "_packed")

    def __init__(
        self, errors: int, unread: int, ids: tuple[str, ...], in_list: bool, rows: Any = None, packed: bytes = b""
    ) -> None:
        self.errors, self.unread, self.ids, self.in_list = errors, unread, ids, in_list
        self._rows, self._packed = rows, packed

    @classmethod
    def of(cls, kept: Kept) -> FileFacts:
        errors, rows, unread = kept
        return cls(errors, unread, tuple(row[0] for row in rows), bool(rows) and bool(rows[0][10]), rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FileFacts) and self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FileFacts{self._values()!r}"

    def _values(self) -> tuple[Any, ...]:
        return self.errors, self.unread, self.ids, self.in_list, self.rows()

    def rows(self) -> tuple[tuple[Any, ...], ...]:
        if self._rows is None:
            import pickle

            self._rows = pickle.loads(self._packed)
        return self._rows  # type: ignore[no-any-return]


def remember_facts(index: TicketIndex, written: dict[str, tuple[bytes, list[TicketFacts]]]) -> None:
    """The facts of ticket files an edit has just written (their bytes and every ticket they
    hold), known without reading them again: the next command finds them. Saved with what the
    reading of `index` learnt (`read_ticket_facts(save=False)`): the cache is written once."""
    cache = index.cache
    if cache is None:
        return
    for file, (data, tickets) in written.items():
        kept = (0, tuple(tuple(t) for t in tickets), 0)
        cache.put_written(file, kept, hashlib.blake2b(data, digest_size=16).digest())
    cache.save()


@dataclass
class TicketIndex:
    """The facts of every ticket of a folder that reads without errors, and how many errors
    the ticket files hold (their records are left out, as `load_records` leaves them out).
    The facts of all the tickets are made when first asked for (`tickets`); an edit asks for
    the ids, the tickets of a file and those of some ids only."""

    files: dict[str, FileFacts] = field(default_factory=dict)  # in the order of their names
    errors: int = 0
    error_files: list[str] = field(default_factory=list)  # the files (or folders) with records unread
    erring: set[str] = field(default_factory=set)  # the files with errors
    in_lists: dict[str, int] = field(default_factory=dict)  # the tickets read of each list file
    cache: Any = field(default=None, compare=False)  # the facts cache they were read with, if still to save
    _tickets: list[TicketFacts] | None = field(default=None, compare=False, repr=False)
    _lookups: int = field(default=0, compare=False, repr=False)
    _where: dict[str, tuple[str, int]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def tickets(self) -> list[TicketFacts]:
        if self._tickets is None:
            self._tickets = facts_of([row for facts in self.files.values() for row in facts.rows()])
        return self._tickets

    def ids(self) -> list[str]:
        return [ident for facts in self.files.values() for ident in facts.ids]

    def in_file(self, file: str) -> list[TicketFacts]:
        facts = self.files.get(file)
        return facts_of(facts.rows()) if facts is not None else []

    def of_ids(self, folded: set[str]) -> list[TicketFacts]:
        """The tickets whose ids, case folded, are among `folded`, in the folder's order."""
        rows = [
            row
            for facts in self.files.values()
            if not folded.isdisjoint(map(str.casefold, facts.ids))
            for row in facts.rows()
            if row[0].casefold() in folded
        ]
        return facts_of(rows)

    def find(self, ident: str) -> TicketFacts | None:
        """The first ticket of that id (the ids are scanned for one lookup, indexed for more:
        an import looks up each of its rows)."""
        self._lookups += 1
        if self._lookups == 1:
            files = self.files.items()
            place = next(((file, facts.ids.index(ident)) for file, facts in files if ident in facts.ids), None)
        else:
            if not self._where:
                for file, facts in self.files.items():
                    for number, each in enumerate(facts.ids):
                        self._where.setdefault(each, (file, number))
            place = self._where.get(ident)
        if place is None:
            return None
        return facts_of([self.files[place[0]].rows()[place[1]]])[0]


def read_ticket_facts(root: Path, workers: int | None = None, save: bool = True) -> TicketIndex:
    """The facts of the folder's tickets: remembered ones for unchanged files, the others read.
    `save=False`: the cache is left to save in `index.cache` (an edit saves it once, with the
    facts of the files it writes: `remember_facts`)."""
    from qmsctl.records import cache as caches

    place = BY_NAME["ticket"].place
    unreadable: list[str] = []
    files: list[tuple[str, str]] = []
    if os.path.isdir(root / place):
        files, _strays = record_files(root, unreadable, under=place)
    cache = facts_cache(root) if caches.enabled() else None
    index = TicketIndex(errors=len(unreadable), error_files=list(unreadable))
    found: dict[str, FileFacts] = cache.get_many([file for file, _kind in files]) if cache is not None else {}
    misses: list[Job] = [(file, kind, None) for file, kind in files if file not in found]
    # Read in the workers when they are many, without the parse cache (the files a count reads
    # again are few, or all of them on the first run, when the records would be large to send).
    for batch in map_files(root, misses, _read_facts, None, workers):
        for file, kept, digest in batch:
            if cache is not None:
                cache.put(file, kept, digest)
            found[file] = FileFacts.of(kept)
    if cache is not None and save:
        cache.save()
    elif cache is not None:
        index.cache = cache
    for file, _kind in files:  # in the order of the files' names
        facts = index.files[file] = found[file]
        index.errors += facts.errors
        if facts.errors:
            index.erring.add(file)
        if facts.unread:
            index.error_files.append(file)
        if facts.in_list:
            index.in_lists[file] = len(facts.ids)
    return index


def _read_facts(root: Path, batch: list[Job], _context: Any) -> list[tuple[str, Kept, bytes]]:
    """Ticket files read, parsed and validated, as their facts (in a worker process)."""
    results = [validate_file(parse_file(root, file, kind, text)) for file, kind, text in batch]
    return [(r.file, kept_facts(r), r.digest) for r in results]


def facts_of(rows: Sequence[tuple[Any, ...]]) -> list[TicketFacts]:
    """The facts of tickets, from the plain tuples they are remembered as."""
    # tuple.__new__ as `_make` calls it, without its frame: 100,000 tickets are 0.1 s of `_make`
    new, pause, extension = tuple.__new__, PauseFacts._make, ExtensionFacts._make
    return [
        new(
            TicketFacts,
            (*row[:6], tuple(map(pause, row[6])), *row[7:12], extension(row[12]))
            if row[12] is not None
            else row
            if not row[6]
            else (*row[:6], tuple(map(pause, row[6])), *row[7:]),
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
    status = os.stat(root / facts.file)
    key, now = str(root / facts.file), (status.st_size, status.st_mtime_ns, status.st_ino)
    known = _READ_WHOLE.get(key)
    if known is None or known[0] != now:  # read once a command (an import looks up many of its tickets)
        read = read_files(root, [(facts.file, "ticket", None)], 1, remember=False)
        _READ_WHOLE[key] = known = (now, {s.loc: s.model for result in read for s in result.records})
    return known[1].get(facts.loc)


_READ_WHOLE: dict[str, tuple[tuple[int, int, int], dict[Loc, Ticket]]] = {}
