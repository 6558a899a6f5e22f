"""`qmsctl check` as a library call: load, check, position, sort."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qmsctl.findings import Finding, Severity, UserError
from qmsctl.i18n import _

if TYPE_CHECKING:
    from qmsctl.records.load import FileResult, Job, Records, Sourced


@dataclass
class CheckResult:
    findings: list[Finding]
    files: int  # how many record files were read

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


def check_folder(
    root: Path,
    workers: int | None = None,
    overlay: dict[str, str | None] | None = None,
    today: date | None = None,
    only: set[str] | None = None,
) -> CheckResult:
    """Check the folder, or the folder as it would be with `overlay` (file -> text about to be
    written, None for a file about to be deleted) written; `today` for the rules that need it."""
    from qmsctl.records.cache import enabled
    from qmsctl.records.load import load_records

    if overlay is None and only is None and enabled():
        return check_by_file(root, workers, today)
    return check_records(load_records(root, workers, overlay, only), today, overlay)


def _ticket_context(records: Records, today: date) -> str:
    """All that a ticket's own findings depend on besides its file: the code and its messages'
    language, the day, and the records the rules of one ticket read (the profile, units,
    procedures, calendars, and those of them that failed to read)."""
    import hashlib

    from qmsctl.i18n import language
    from qmsctl.records.cache import code_version

    digest = hashlib.blake2b(code_version(), digest_size=16)
    digest.update(f"{language()}|{today.isoformat()}".encode())
    read: list[Sourced[Any]] = [records.profile] if records.profile else []
    for sourced in [*read, *records.units, *records.procedures, *records.calendars]:
        digest.update(f"{sourced.file}|{sourced.loc}|".encode() + sourced.model.model_dump_json().encode() + b"\0")
    digest.update(repr(sorted(records.unread_by_file.items())).encode())
    return digest.hexdigest()


def check_by_file(root: Path, workers: int | None = None, today: date | None = None) -> CheckResult:
    """`check_folder(root)`, each ticket file's own findings remembered between runs (with the
    facts the rules across tickets need): a ticket file is read and checked again only when
    it changed, or when what its rules read changed (`_ticket_context`). The records that are
    not tickets are few: they are checked every time."""
    from qmsctl import options
    from qmsctl.checks import CHECKS, DATED_CHECKS, across_tickets
    from qmsctl.records.cache import FileCache, ParseCache
    from qmsctl.records.facts import TicketFacts, facts_cache, facts_of
    from qmsctl.records.kinds import BY_NAME
    from qmsctl.records.load import listing_findings, load_records, map_files, record_files, validate_file
    from qmsctl.records.positions import resolve_positions

    today = today or options.today()
    records = load_records(root, workers, without_tickets=True)
    place = BY_NAME["ticket"].place
    unreadable: list[str] = []
    files: list[tuple[str, str]] = []
    strays: list[str] = []
    if (root / place).is_dir():
        files, strays = record_files(root, unreadable, under=place)
    findings: list[Finding] = []
    cache = FileCache(root, "checked", _ticket_context(records, today))
    kept: dict[str, tuple[list[Finding], tuple[Any, ...]]] = {}
    kept.update(cache.get_many([file for file, _kind in files]))
    misses: list[Job] = [(file, kind, None) for file, kind in files if file not in kept]
    if misses:
        parses = ParseCache(root)
        remembered = [hit for job in misses if (hit := parses.get(job[0])) is not None]
        to_parse = [job for job in misses if job[0] not in parses.used]
        context = (records, today)
        outcomes = [o for out in map_files(root, to_parse, _check_ticket_files, context, workers) for o in out]
        outcomes += _checked(root, [validate_file(r) for r in remembered], records, today, {})
        facts = facts_cache(root)  # what a command that counts reads next
        for file, own, rows, parse, digest in outcomes:
            if parse is not None:
                parses.put_packed(file, parse, digest)
            kept[file] = (own, rows[1])
            cache.put(file, kept[file], digest)
            if facts.get(file) is None:
                facts.put(file, rows, digest)
        parses.save(complete=False)
        facts.save(complete=False)
    cache.save()
    facts_rows: list[tuple[Any, ...]] = []
    for file, _kind in files:  # in the order of the files' names
        if file not in kept:
            continue
        own, kept_rows = kept[file]
        findings.extend(own)
        facts_rows.extend(kept_rows)
    tickets: list[TicketFacts] = facts_of(facts_rows)
    across = [*records.findings, *listing_findings(unreadable, strays), *across_tickets(records, tickets)]
    for check in CHECKS:
        across.extend(check(records))
    for dated in DATED_CHECKS:
        across.extend(dated(records, today))
    resolve_positions(root, across)
    findings.extend(across)
    findings.sort(key=Finding.sort_key)
    return CheckResult(findings, len(records.files) + len(files))


# A ticket file, its own findings, its facts, its parse (pickled), the hash of the bytes read.
Checked = tuple[str, list[Finding], Any, bytes | None, bytes]


def _checked(
    root: Path, results: list[FileResult], records: Records, today: date, parses: dict[str, bytes]
) -> list[Checked]:
    """The own findings (positioned) and facts of validated ticket files, with their parses."""
    from dataclasses import replace

    from qmsctl.checks import ticket_findings
    from qmsctl.records.facts import kept_facts
    from qmsctl.records.positions import resolve_positions

    batch = replace(records, tickets=[s for r in results for s in r.records], findings=[])
    found = [f for r in results for f in r.findings] + ticket_findings(batch, today)
    resolve_positions(root, found)
    by_file: dict[str, list[Finding]] = {r.file: [] for r in results}
    for finding in found:
        by_file[finding.file].append(finding)
    return [(r.file, by_file[r.file], kept_facts(r), parses.get(r.file), r.digest) for r in results]


def _check_ticket_files(root: Path, batch: list[Job], context: tuple[Records, date]) -> list[Checked]:
    """Read, parse, validate and check ticket files (in a worker process): what comes back is
    small (findings, facts, the pickled parse), where the records would be large."""
    import pickle

    from qmsctl.records.load import parse_file, validate_file

    records, today = context
    parsed = [parse_file(root, file, kind, text) for file, kind, text in batch]
    parses = {r.file: pickle.dumps(r, pickle.HIGHEST_PROTOCOL) for r in parsed}  # before validation
    return _checked(root, [validate_file(r) for r in parsed], records, today, parses)


def check_folder_remembered(root: Path, today: date) -> CheckResult:
    """`check_folder(root)`, answered from the last run's findings when nothing they depend on
    changed (the folder's files, the code, the language, today); remembered otherwise."""
    from qmsctl.i18n import language
    from qmsctl.records.cache import remembered_about

    context = f"{language()}|{today.isoformat()}"
    return remembered_about(root, "check", context, lambda: check_folder(root, today=today), CheckResult)


def check_records(
    records: Records, today: date | None = None, overlay: dict[str, str | None] | None = None
) -> CheckResult:
    """The findings of records already loaded, positioned and sorted."""
    from qmsctl.checks import run_checks
    from qmsctl.records.positions import resolve_positions

    findings = run_checks(records, today)
    resolve_positions(records.root, findings, overlay)
    findings.sort(key=Finding.sort_key)
    return CheckResult(findings, len(records.files))


@dataclass
class GitCheck:
    """What `check --since` or `--changed` adds: findings, and a note when git could not help."""

    findings: list[Finding]
    note: str = ""


def _no_git_note(root: Path) -> str:
    return _("{folder} is not in a git repository: the rules that need history are skipped").format(folder=root)


def history_findings(root: Path, since: str) -> GitCheck:
    """H901-H904: each changed record compared with itself at `since`."""
    from qmsctl.checks.history import check_history
    from qmsctl.gitlog import GitRecords
    from qmsctl.records.compare import compare

    git = GitRecords(root)
    if not git.available:
        return GitCheck([], _no_git_note(root))
    if since == "HEAD" and not git.exists("HEAD"):  # the first commit, as a pre-commit hook sees it
        return GitCheck([], _("The repository has no commit yet: the rules that need history are skipped"))
    if not git.exists(since):
        raise UserError(
            "G902",
            _("--since: {rev} is not a revision of this repository").format(rev=since),
            hint=_("Name a commit, a branch or a tag (git log --oneline)."),
        )
    from qmsctl.records.positions import resolve_positions

    pairs = compare(git, since)
    findings = list(check_history(pairs, since, _verdict(root, pairs)))
    resolve_positions(root, findings)
    return GitCheck(findings)


def _verdict(root: Path, pairs: list[Any]) -> Callable[[Any], bool | None] | None:
    """Whether a finished ticket was on time, by the folder's calendar and procedures: read only
    when the change moved a finished ticket's times (the folder is read without its tickets)."""
    moved = [
        p
        for p in pairs
        if p.kind == "ticket" and p.old is not None and p.new is not None and p.old.model.completed is not None
    ]
    if not moved:
        return None
    from qmsctl.agency import Agency, work_calendar
    from qmsctl.deadlines import due_of
    from qmsctl.records.load import files_but_tickets, load_records

    records = load_records(root, only=files_but_tickets(root))
    procedures = Agency(records).procedures
    calendar = work_calendar(
        records, [y for p in moved for y in (p.old.model.received.year, p.new.model.received.year)]
    )

    def on_time(ticket: Any) -> bool | None:
        procedure = procedures.get(ticket.procedure)
        if procedure is None or ticket.completed is None or ticket.outcome in ("returned", "withdrawn"):
            return None
        due = due_of(ticket, procedure, calendar)
        return due is None or due.met_by(ticket.completed)

    return on_time


_REFERENCE = re.compile(rb"""(?:\bid|\bprocedure):\s*['"]?([^\s'",}#]+)""")
WHOLE_FOLDER_FILES = ("qms.yaml", "units.yaml", "calendar/")


def changed_scope(root: Path, base: str) -> tuple[set[str] | None, str]:
    """The files `check --changed` reads: the changed ones, every record that is not a ticket
    (few and small), and the tickets that name a changed ticket id or procedure code. None
    (the whole folder) when the profile, the units or a calendar changed, since every due
    depends on them, or when there is no git to ask."""
    from qmsctl.gitlog import GitRecords
    from qmsctl.records.compare import records_of
    from qmsctl.records.load import classify, record_files
    from qmsctl.records.text import record_bytes_or_nothing

    git = GitRecords(root)
    if not git.available:
        return None, _no_git_note(root)
    if not git.exists(base):
        raise UserError(
            "G902",
            _("--base: {rev} is not a revision of this repository").format(rev=base),
            hint=_("Name a commit, a branch or a tag (git log --oneline)."),
        )
    changes = [c for c in git.changes(base) if classify(c.file)]
    if any(c.file.startswith(WHOLE_FOLDER_FILES) for c in changes):
        return None, ""
    files, _strays = record_files(root)
    selected = {f for f, kind in files if kind != "ticket"} | {c.file for c in changes if c.status != "D"}
    keys: set[bytes] = set()
    for change in changes:
        for text in (git.text_at(base, change.file), git.text_at(None, change.file)):
            for kind, item in records_of(root, change.file, text):
                if kind in ("ticket", "procedure"):
                    keys.add(str(item.model.id if kind == "ticket" else item.model.code).encode("utf-8"))
    if keys:
        for file, kind in files:
            if kind == "ticket" and file not in selected:
                if any(m.group(1) in keys for m in _REFERENCE.finditer(record_bytes_or_nothing(root / file, root))):
                    selected.add(file)
    return selected, ""
