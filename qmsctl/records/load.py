"""Reading the whole records folder into typed records and reading findings.

Each file is read, decoded, parsed (libyaml) and validated on its own, so a
bad file is one finding and every other file is still read. Large folders
are read by one worker process per core.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from qmsctl.findings import BIDI_MARK, UNPRINTABLE, Finding, Loc, Severity, visible
from qmsctl.i18n import _, language
from qmsctl.records import models
from qmsctl.records.kinds import (
    BY_NAME,
    IGNORED_FOLDERS,
    KINDS,
    MARKDOWN_KINDS,
    Shape,
    file_stem,
    kind_of_file,
    kind_of_folder,
)
from qmsctl.records.text import (
    TextProblem,
    decode,
    parse_yaml,
    read_record_file,
    record_bytes_or_nothing,
    split_front_matter,
)
from qmsctl.records.validation import findings_from_validation, place_of

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

PARALLEL_FROM = 2000  # files; below this a worker pool (0.3-0.6 s to start) costs more than it saves,
PARALLEL_BYTES = 4 << 20  # unless they are big (month files of thousands of tickets)


@dataclass
class Sourced(Generic[M]):
    """A record with where it came from: its file and its path inside the file."""

    model: M
    file: str
    loc: Loc = ()
    body: str = ""  # the Markdown body, for documents


@dataclass
class FileResult:
    file: str
    kind: str
    records: list[Sourced[Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # names of records that failed to read
    lost: int = 0  # records that failed to read (1 for the whole file): what the figures would miss
    parsed: list[tuple[Loc, Any]] = field(default_factory=list)  # parsed, not yet validated
    body: str = ""
    digest: bytes = b""  # the hash of the bytes read (none for a text about to be written)


@dataclass
class Records:
    """Everything the folder holds, each record with its source."""

    root: Path
    profile: Sourced[models.Profile] | None = None
    units: list[Sourced[models.Unit]] = field(default_factory=list)
    calendars: list[Sourced[models.CalendarYear]] = field(default_factory=list)
    procedures: list[Sourced[models.Procedure]] = field(default_factory=list)
    tickets: list[Sourced[models.Ticket]] = field(default_factory=list)
    actions: list[Sourced[models.Action]] = field(default_factory=list)
    documents: list[Sourced[models.Document]] = field(default_factory=list)
    objectives: list[Sourced[models.ObjectivesYear]] = field(default_factory=list)
    reviews: list[Sourced[models.Review]] = field(default_factory=list)
    audits: list[Sourced[models.Audit]] = field(default_factory=list)
    risks: list[Sourced[models.RiskRegister]] = field(default_factory=list)
    surveys: list[Sourced[models.Survey]] = field(default_factory=list)
    analyses: list[Sourced[models.Analysis]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    # Ids and codes of records that failed to read, by file: a reference to one is not
    # broken, so a typo in one procedure is one finding, not one for each of its tickets.
    unread_by_file: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    lost_files: set[str] = field(default_factory=set)  # files with records that failed to read

    @property
    def unread(self) -> dict[str, set[str]]:
        """Kind -> ids and codes of its records that failed to read."""
        found: dict[str, set[str]] = {}
        for kind, names in self.unread_by_file.values():
            found.setdefault(kind, set()).update(names)
        return found

    def add(self, result: FileResult) -> None:
        self.files[result.file] = result.kind
        self.findings.extend(result.findings)
        if result.unread:
            self.unread_by_file[result.file] = (result.kind, result.unread)
        if result.lost:
            self.lost_files.add(result.file)
        if result.kind == "profile":
            self.profile = result.records[0] if result.records else None
        else:
            getattr(self, BY_NAME[result.kind].attribute).extend(result.records)

    def of_kind(self, kind: str) -> list[Sourced[Any]]:
        """The records of a kind (not the profile)."""
        return getattr(self, BY_NAME[kind].attribute)  # type: ignore[no-any-return]

    def names(self, kind: str) -> set[str]:
        """The ids or codes of the records of a kind, counting those that failed to read."""
        kind_ = BY_NAME[kind]
        return {n for s in self.of_kind(kind) if (n := kind_.name_of(s)) is not None} | self.unread.get(kind, set())


def with_texts(records: Records, texts: dict[str, str | None]) -> Records:
    """The folder as it would be with `texts` written (None: the file deleted), from records
    already loaded: only those files are read (parsed from the texts), the rest is reused."""
    changed = set(texts)
    result = Records(records.root)
    result.files = {f: k for f, k in records.files.items() if f not in changed}
    result.findings = [f for f in records.findings if f.file not in changed]
    result.unread_by_file = {f: u for f, u in records.unread_by_file.items() if f not in changed}
    result.lost_files = records.lost_files - changed
    result.profile = records.profile if "qms.yaml" not in changed else None
    for kind in KINDS:
        if kind.name != "profile":
            setattr(result, kind.attribute, [s for s in records.of_kind(kind.name) if s.file not in changed])
    for file, text in sorted(texts.items()):
        kind_name = classify(file)
        if text is not None and kind_name:
            result.add(validate_file(parse_file(records.root, file, kind_name, text)))
    if result.profile is None and "qms.yaml" not in result.files:
        result.findings.append(_no_profile())
    return result


def _no_profile() -> Finding:
    return Finding(
        "Y109",
        Severity.ERROR,
        "qms.yaml",
        _("The folder has no qms.yaml (the agency profile)"),
        _("Create qms.yaml with the agency, its calendar settings and its policy."),
        (),
        1,
        1,
    )


def classify(rel: str) -> str | None:
    """The record kind of a file by its place in the folder, or None for a non-record file."""
    kind = kind_of_file(rel)
    return kind.name if kind else None


def record_files(
    root: Path, unreadable: list[str] | None = None, skip: Iterable[str] = (), under: str = ""
) -> tuple[list[tuple[str, str]], list[str]]:
    """(file, kind) of every record file, sorted; and the YAML files in no known place. The
    folders that cannot be listed are added to `unreadable` (a folder skipped is not clean);
    the top-level folders in `skip` are not listed at all; with `under`, only that folder is.
    A listing of the folder just taken (`cache.known_listing`) is used rather than a new one."""
    found: list[tuple[str, str]] = []
    strays: list[str] = []
    skipped = set(skip)

    def take(prefix: str, name: str) -> None:
        if name.startswith("."):
            if name.endswith(".tmp"):  # left by a write that was interrupted
                strays.append(prefix + name)
            return
        rel = prefix + name
        kind = classify(rel)
        if kind:
            found.append((rel, kind))
        elif name.endswith((".yaml", ".yml")):
            strays.append(rel)

    from qmsctl.records.cache import known_listing

    listing = known_listing(root)
    if listing is not None:
        start = under + "/" if under else ""

        def listed(folders: list[str]) -> bool:
            return not any(d.startswith(".") or d in IGNORED_FOLDERS for d in folders) and not (
                folders and folders[0] in skipped
            )

        for path, what in listing.extra:
            if what == b"unreadable" and unreadable is not None and path.startswith(start):
                folders = path.rstrip("/").split("/")
                if listed(folders[:-1]) and (not folders[-1].startswith(".")) and folders[-1] not in IGNORED_FOLDERS:
                    unreadable.append(path.rstrip("/") or ".")
        # Folder by folder: whether it is walked, and the kind its files are (the files at the
        # top are each their own kind); a folder of 100,000 tickets is decided once.
        for folder, names in listing.by_folder.items():
            if not names or not (folder + "/").startswith(start) or not listed(folder.split("/") if folder else []):
                continue
            kind = kind_of_folder(folder) if folder else None
            prefix = folder + "/" if folder else ""
            if kind is None:
                for name in names:
                    take(prefix, name)
                continue
            suffixes, kind_name = kind.suffixes, kind.name
            records = [name for name in names if name.endswith(suffixes) and not name.startswith(".")]
            found.extend([(prefix + name, kind_name) for name in records])
            if len(records) < len(names):  # the others: left by an interrupted write, strays
                for name in names:
                    if name.startswith("."):
                        take(prefix, name)
                    elif not name.endswith(suffixes) and name.endswith((".yaml", ".yml")):
                        strays.append(prefix + name)
        found.sort(key=itemgetter(0))  # by the file alone (each is listed once): twice as fast
        strays.sort()
        return found, strays

    def cannot_list(error: OSError) -> None:
        if unreadable is not None and error.filename:
            unreadable.append(Path(error.filename).relative_to(root).as_posix() or ".")

    top = str(root)
    for dirpath, dirnames, filenames in os.walk(os.path.join(top, under) if under else top, onerror=cannot_list):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in IGNORED_FOLDERS)
        base = os.path.relpath(dirpath, top).replace(os.sep, "/")
        if base == ".":
            dirnames[:] = [d for d in dirnames if d not in skipped]
        prefix = "" if base == "." else base + "/"  # strings, not paths: a folder may hold 100,000 files
        for name in sorted(filenames):
            take(prefix, name)
    return found, strays


def files_but_tickets(root: Path) -> set[str]:
    """Every record file that is not a ticket file (few and small, whatever the tickets)."""
    files, _strays = record_files(root, skip=[BY_NAME["ticket"].place])
    return {f for f, kind in files if kind != "ticket"}


def files_naming(root: Path, ticket: str) -> set[str]:
    """Every record file but the tickets, and the ticket files whose text holds `ticket`."""
    files, _strays = record_files(root)
    needle = ticket.encode("utf-8")
    return {f for f, kind in files if kind != "ticket" or needle in record_bytes_or_nothing(root / f, root)}


def _without(data: Any, path: Loc) -> None:
    """Remove the key at `path` from nested dicts and lists."""
    for part in path[:-1]:
        data = data[part]
    data.pop(path[-1], None)


def _validate(
    model: type[M], data: Any, file: str, loc: Loc, body: str = ""
) -> tuple[Sourced[M] | None, list[Finding]]:
    """The record and its findings. A record whose only faults are unknown keys is kept
    (without them) after its findings: a misspelt optional key is reported, but it must
    not drop a dossier from the figures or the agency's calendar settings from qms.yaml."""
    if not isinstance(data, dict):
        expected = _("a mapping (key: value lines)")
        found = _("a list") if isinstance(data, list) else type(data).__name__
        return None, [
            Finding(
                "Y106",
                Severity.ERROR,
                file,
                _("Here {expected} belongs, but the file has {found}").format(expected=expected, found=found),
                _("Check the indentation and the leading '- ' of the lines."),
                loc,
            )
        ]
    try:
        return Sourced(model.model_validate(data), file, loc, body), []
    except ValidationError as error:
        findings = findings_from_validation(error, model, file, loc)
        if any(item["type"] != "extra_forbidden" for item in error.errors()):
            return None, findings
        trimmed = copy.deepcopy(data)
        for item in error.errors():
            _without(trimmed, place_of(item["loc"]))
        try:
            return Sourced(model.model_validate(trimmed), file, loc, body), findings
        except ValidationError:
            return None, findings


def _printable(data: Any, loc: Loc = ()) -> tuple[Any, list[tuple[Loc, str]]]:
    """The parsed data with each control character of its texts (keys too) replaced by U+FFFD,
    and where each text holding one is, with its first."""
    found: list[tuple[Loc, str]] = []
    if isinstance(data, str):
        first = UNPRINTABLE.search(data)
        if first is None:
            return data, found
        return UNPRINTABLE.sub("\ufffd", data), [(loc, first.group())]
    if isinstance(data, dict):
        cleaned: dict[Any, Any] = {}
        for key, value in data.items():
            if isinstance(key, str) and (first := UNPRINTABLE.search(key)):
                found.append((loc, first.group()))
                key = UNPRINTABLE.sub("\ufffd", key)
            cleaned[key], inner = _printable(value, (*loc, key))
            found.extend(inner)
        return cleaned, found
    if isinstance(data, list):
        items = []
        for index, value in enumerate(data):
            item, inner = _printable(value, (*loc, index))
            items.append(item)
            found.extend(inner)
        return items, found
    return data, found


_RAW_BIDI = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def parse_file(root: Path, file: str, kind: str, text: str | None = None) -> FileResult:
    """Read, decode and parse one file: the costly part, done in the workers.
    `text`, when given, is the file's content about to be written (a change being checked)."""
    result = FileResult(file, kind)
    body = ""
    decomposed: list[int] = []
    lenient: list[TextProblem] = []
    try:
        if text is None:
            raw = read_record_file(os.path.join(root, file), root)
            result.digest = hashlib.blake2b(raw, digest_size=16).digest()
        else:
            raw = text.encode("utf-8")
        text = decode(raw, decomposed)
        offset = 0
        if kind in MARKDOWN_KINDS:
            text, body, offset = split_front_matter(text)
        data, duplicates = parse_yaml(text, lenient=lenient)
        # YAML refuses control characters written raw: only an escape ("\e") writes one. It
        # takes bidirectional marks raw, looked for in the bytes (UTF-8 E2 80 AA-AE, E2 81 A6-A9).
        data, in_values = _printable(data) if "\\" in text or _RAW_BIDI.search(raw) else (data, [])
        controlled: list[tuple[Loc | int, str]] = [*in_values]  # a value's place, or a line of the body
        if body and (found := UNPRINTABLE.search(body)):
            first_line = text.count("\n") + 3  # after the front matter and its two '---' lines
            controlled.append((first_line + body.count("\n", 0, found.start()), found.group()))
            body = UNPRINTABLE.sub("\ufffd", body)
    except TextProblem as problem:
        result.findings.append(
            Finding(problem.code, Severity.ERROR, file, problem.message, problem.hint, (), problem.line, problem.column)
        )
        if BY_NAME[kind].named_by_file:
            result.unread.append(file_stem(file))
        result.lost += 1
        return result
    except OSError as error:
        result.lost += 1
        result.findings.append(
            Finding(
                "Y100",
                Severity.ERROR,
                file,
                _("The file cannot be read: {error}").format(error=error.strerror),
                _("Check that the file exists and may be read."),
                (),
                1,
                1,
            )
        )
        return result
    for where, character in controlled:
        loc, line = ((), where) if isinstance(where, int) else (where, None)
        result.findings.append(
            Finding(
                "Y115",
                Severity.ERROR,
                file,
                _("A value holds the control character {character}; it is read as \ufffd").format(
                    character=visible(character)
                ),
                _(
                    "Remove it: it is invisible and changes the order in which the text is shown (it often"
                    " comes with text copied from a phone or a web page)."
                )
                if BIDI_MARK.match(character)
                else _(
                    "Remove it: records hold printable text (in double quotes, escapes such as \\e or \\x1b write one)."
                ),
                loc,
                line,
                1 if line is not None else None,
            )
        )
    for problem in lenient:
        result.findings.append(
            Finding(
                problem.code,
                Severity.ERROR,
                file,
                problem.message,
                problem.hint,
                (),
                problem.line + offset,
                problem.column,
            )
        )
    for line in decomposed:
        result.findings.append(
            Finding(
                "Y114",
                Severity.WARNING,
                file,
                _("The file holds decomposed Unicode (NFD): letters and their marks stored apart"),
                _("Run qmsctl normalize: it rewrites the files in NFC, as every qmsctl write does."),
                (),
                line,
                1,
            )
        )
    for key, line, column in duplicates:
        result.findings.append(
            Finding(
                "Y102",
                Severity.ERROR,
                file,
                _("The key '{key}' appears twice in the same mapping").format(key=key),
                _("YAML keeps only the last one: merge the two values and delete one key."),
                (),
                line + offset,
                column,
            )
        )
    shape = BY_NAME[kind].shape
    if shape is Shape.LIST or (shape is Shape.EITHER and isinstance(data, list)):
        if not isinstance(data, list):
            result.findings.append(
                Finding(
                    "Y106",
                    Severity.ERROR,
                    file,
                    _("This file must hold a list of records"),
                    _("Start each record with '- '."),
                )
            )
            result.lost += 1
            return result
        items: Iterable[tuple[Loc, Any]] = (((index,), item) for index, item in enumerate(data))
    else:
        items = [((), data)]
    result.parsed, result.body = list(items), body
    return result


def validate_file(result: FileResult) -> FileResult:
    """Validate the parsed records of a file into models; done in the main process,
    since a plain parsed dict crosses between processes far faster than a model."""
    kind = BY_NAME[result.kind]
    for loc, item in result.parsed:
        record, findings = _validate(kind.model, item, result.file, loc, result.body)
        result.findings.extend(findings)
        if record is None:
            result.lost += 1
            name = item.get(kind.key[0]) if isinstance(item, dict) and kind.key else None
            if name is not None:
                result.unread.append(str(name))
            elif kind.named_by_file:
                result.unread.append(file_stem(result.file))
        else:
            result.records.append(record)
    result.parsed = []
    return result


Job = tuple[str, str, str | None]  # file, kind, and its text when it is about to be written


def _parse_batch(root: Path, batch: list[Job]) -> list[FileResult]:
    return [parse_file(root, file, kind, text) for file, kind, text in batch]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # a broken link: its reading reports it
        return 0


def _end_with_parent(parent: int) -> None:
    """A worker ends when the command that started it is gone (killed, say, by Ctrl+\\ or
    SIGKILL, when no one shuts the pool down): it watches its parent, once a second."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _batches(items: list[Job], size: int) -> Iterator[list[Job]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_CONTEXT: Any = None  # what a worker's work needs besides its files, set when the worker starts


def _start_worker(context: Any, parent: int, spoken: str) -> None:
    """A worker speaks its command's language (a spawned one does not inherit it) and ends
    with it."""
    from qmsctl.i18n import set_language

    global _CONTEXT
    _CONTEXT = context
    if language() != spoken:
        set_language(spoken)
    _end_with_parent(parent)


def _work_in_worker(work: Callable[[Path, list[Job], Any], list[T]], root: Path, batch: list[Job]) -> list[T]:
    return work(root, batch, _CONTEXT)


def map_files(
    root: Path, jobs: list[Job], work: Callable[[Path, list[Job], Any], list[T]], context: Any, workers: int | None
) -> Iterator[list[T]]:
    """`work(root, batch, context)` over the jobs, batch by batch as they are done: in one worker
    process per core when the files are many or big (the big ones first, so the workers finish
    together), here otherwise. `work` is a module's function; `context` reaches each worker once."""
    workers = workers or min(os.cpu_count() or 1, 8)
    sizes = {f: len(t) if t is not None else _size(root / f) for f, _k, t in jobs} if workers > 1 else {}
    if workers > 1 and (len(jobs) >= PARALLEL_FROM or sum(sizes.values()) >= PARALLEL_BYTES):
        by_size = sorted(jobs, key=lambda job: -sizes[job[0]])
        size = max(1, min(256, len(jobs) // (workers * 8)))
        batches = list(_batches(by_size, size))
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_start_worker, initargs=(context, os.getpid(), language())
        ) as pool:
            yield from pool.map(_work_in_worker, [work] * len(batches), [root] * len(batches), batches)
    else:
        yield work(root, jobs, context)


def _parse_work(root: Path, batch: list[Job], _context: Any) -> list[FileResult]:
    return _parse_batch(root, batch)


def read_files(
    root: Path, jobs: list[Job], workers: int | None = None, remember: bool = True, complete: bool = True
) -> list[FileResult]:
    """Each file read, parsed and validated, in the order of its name: with `remember` the
    parses remembered between runs are reused and new ones remembered (`complete`: the jobs
    are every file of the folders they are in, so a file not among them is gone); many files,
    or big ones, are parsed by one worker process per core."""
    from qmsctl.records import cache as parse_cache

    cache = parse_cache.ParseCache(root) if remember and parse_cache.enabled() else None
    remembered: list[FileResult] = []
    if cache is not None:
        misses = []
        for job in jobs:
            hit = cache.get(job[0]) if job[2] is None else None
            if hit is None:
                misses.append(job)
            else:
                remembered.append(hit)
        jobs = misses

    def parsed(result: FileResult) -> FileResult:
        if cache is not None:
            cache.put(result.file, result, result.digest)
        return validate_file(result)

    # Validated as each batch arrives, while the workers parse the next ones.
    results = [parsed(r) for batch in map_files(root, jobs, _parse_work, None, workers) for r in batch]
    results.extend(validate_file(r) for r in remembered)
    results.sort(key=lambda r: r.file)
    if cache is not None:
        cache.save(complete)
    return results


def listing_findings(unreadable: list[str], strays: list[str]) -> list[Finding]:
    """The findings of a folder's listing: folders that cannot be read (Y100), files left by
    an interrupted write (Y110) and YAML files in no folder of the layout (Y108)."""
    findings: list[Finding] = []
    for folder in unreadable:
        findings.append(
            Finding(
                "Y100",
                Severity.ERROR,
                folder,
                _("The folder cannot be read: its records are not checked"),
                _("Give the folder read and execute permission (chmod u+rx)."),
                (),
                1,
                1,
            )
        )
    for rel in strays:
        if rel.endswith(".tmp"):
            findings.append(
                Finding(
                    "Y110",
                    Severity.WARNING,
                    rel,
                    _("A temporary file left by an interrupted write; the record it was for is unchanged"),
                    _("Delete it."),
                    (),
                    1,
                    1,
                )
            )
            continue
        findings.append(
            Finding(
                "Y108",
                Severity.WARNING,
                rel,
                _("This YAML file is in no folder of the records layout and is not read"),
                _("Move it to the folder of its kind (tickets/, actions/, procedures/ ...)."),
                (),
                1,
                1,
            )
        )
    return findings


def load_records(
    root: Path,
    workers: int | None = None,
    overlay: dict[str, str | None] | None = None,
    only: set[str] | None = None,
    cache: bool = True,
    without_tickets: bool = False,
) -> Records:
    """Read every record file of the folder; what cannot be read becomes a finding.

    `overlay` maps files to the text they are about to hold (None: about to be deleted), so
    a change is checked as if written before anything is written. `only` limits the
    reading to these files (`check --changed`, `due ID`); the others keep what is remembered.
    `cache=False` for a folder read once (a revision exported from git): its parses are not
    remembered. `without_tickets`: the tickets/ folder is not even listed (the tickets are read
    as facts, `records/facts.py`)."""
    # Loading makes millions of objects and frees none: the cyclic garbage collector's passes
    # over them are wasted (reading is about 1.8 times faster without them).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_records(root, workers, overlay, only, cache, without_tickets)
    finally:
        if collecting:
            gc.enable()


def _load_records(
    root: Path,
    workers: int | None = None,
    overlay: dict[str, str | None] | None = None,
    only: set[str] | None = None,
    remember: bool = True,
    without_tickets: bool = False,
) -> Records:
    records = Records(root)
    unreadable: list[str] = []
    files, strays = record_files(root, unreadable, skip=[BY_NAME["ticket"].place] if without_tickets else ())
    records.findings.extend(listing_findings(unreadable, []))
    if only is not None:
        files, strays = [fk for fk in files if fk[0] in only], [f for f in strays if f in only]
    overlay = overlay or {}
    if overlay:
        files = [(f, k) for f, k in files if f not in overlay]
        strays = [f for f in strays if f not in overlay]
        for file, text in overlay.items():
            kind = classify(file)
            if text is not None and kind:
                files.append((file, kind))
    records.findings.extend(listing_findings([], strays))
    jobs: list[Job] = sorted((f, k, overlay.get(f)) for f, k in files)
    results = read_files(root, jobs, workers, remember, complete=only is None)
    for result in results:
        records.add(result)
    if records.profile is None and "qms.yaml" not in records.files:
        records.findings.append(_no_profile())
    return records
