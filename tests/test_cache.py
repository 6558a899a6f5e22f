"""The parse cache between runs: results with it are identical to results without it, whatever
happens to the files between two runs (edits that keep the size and the time included)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qmsctl import options
from qmsctl.agency import Agency
from qmsctl.check import check_folder_remembered, check_records
from qmsctl.records import cache
from qmsctl.records.cache import cache_file, list_folder
from qmsctl.records.facts import PauseFacts, TicketFacts
from qmsctl.records.load import Records, load_records
from tests.conftest import DATA, examples


def outcome(root: Path) -> list[object]:
    """What a check says (worked out, and as `qmsctl check` answers it, remembered when
    nothing changed) and what it loaded, comparable across runs."""
    loaded = load_records(root, workers=1)
    findings = [f.as_dict() for f in check_records(loaded).findings]
    answered = [f.as_dict() for f in check_folder_remembered(root, options.today()).findings]
    records = [(s.file, s.loc, s.model) for s in loaded.tickets + loaded.actions]
    return [findings, answered, records, sorted(loaded.files.items()), counted(root, loaded)]


def counted(root: Path, loaded: Records) -> tuple[list[object], int]:
    """What a command that only counts reads (the tickets' facts, remembered apart): the same
    tickets, attribute for attribute, and the same number of records left out."""
    agency, full = Agency.open(root, workers=1, counting=True), Agency(loaded)
    seen = [tuple(getattr(t, name) for name in TicketFacts._fields[:9]) for t in agency.tickets]
    assert seen == [
        (
            *(getattr(t, name) for name in TicketFacts._fields[:6]),
            tuple(PauseFacts(p.start, p.end, p.reason) for p in t.pauses),
            t.completed,
            t.outcome,
        )
        for t in full.tickets
    ]
    assert [(t.file, t.loc) for t in agency.tickets] == [(s.file, s.loc) for s in loaded.tickets]
    assert agency.unread == full.unread
    return seen, agency.unread


def with_cache(root: Path) -> list[object]:
    os.environ.pop("QMSCTL_NO_CACHE", None)
    return outcome(root)


def without_cache(root: Path) -> list[object]:
    os.environ["QMSCTL_NO_CACHE"] = "1"
    try:
        return outcome(root)
    finally:
        del os.environ["QMSCTL_NO_CACHE"]


def _same_size_edit(path: Path) -> None:
    """Change one character of the file (a digit, else the first one), keeping its size and
    its modification time."""
    status = path.stat()
    data = bytearray(path.read_bytes())
    digits = [i for i, b in enumerate(data) if 0x30 <= b <= 0x39] or [0]  # ASCII digits, never a byte of a letter
    where = digits[len(digits) // 2]
    data[where] = ord("7") if data[where] != ord("7") else ord("8")
    path.write_bytes(bytes(data))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["same-size", "append", "delete", "rename", "add", "break"]), st.integers(0, 50)),
    min_size=1,
    max_size=4,
)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS, st.booleans())
def test_results_with_the_cache_equal_results_without_it(
    tmp_path: Path, cache_home: Path, operations: list[tuple[str, int]], aged: bool
) -> None:
    root = tmp_path / "records"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(DATA / "base", root)
    if not aged:  # files written in the last seconds are hashed on every run until they age
        for path in root.rglob("*.y*ml"):
            path.write_bytes(path.read_bytes())
    assert with_cache(root) == without_cache(root)  # the first run fills the cache
    for operation, pick in operations:
        files = sorted(p for p in root.rglob("*.y*ml"))
        path = files[pick % len(files)]
        if operation == "same-size":
            _same_size_edit(path)
        elif operation == "append":
            path.write_bytes(path.read_bytes() + b"\n# note\n")
        elif operation == "delete":
            path.unlink()
        elif operation == "rename":
            path.rename(path.with_name("renamed-" + path.name))
        elif operation == "add":
            shutil.copy(path, path.with_name(f"copy-{pick}-" + path.name))
        else:
            path.write_text("id: [unclosed\n", encoding="utf-8")
        assert with_cache(root) == without_cache(root)
    assert _parts(root)


def test_a_corrupt_cache_is_discarded(tmp_path: Path, cache_home: Path) -> None:
    root = tmp_path / "records"
    shutil.copytree(DATA / "base", root)
    expected = without_cache(root)
    with_cache(root)
    for part in _parts(root):
        part.write_bytes(b"not a cache")
    assert with_cache(root) == expected
    for part in _parts(root):
        part.write_bytes(b"\x80\x05garbage")
    assert with_cache(root) == expected


def _parts(root: Path) -> list[Path]:
    """The files of the folder's parse cache, one a records folder."""
    return sorted(cache_file(root).with_suffix(".parse.d").glob("*.pickle"))


def test_an_unchanged_old_file_is_not_read_again(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its status is enough; a file modified, or whose status changed, in the last seconds is
    hashed again (racily clean). The clock is moved instead of the files' times: no program can
    set a change time back."""
    import time

    from qmsctl.records import cache as caches
    from qmsctl.records.cache import ParseCache

    root = tmp_path / "records"
    shutil.copytree(DATA / "base", root)
    offset = [3600 * 1_000_000_000]  # the first run an hour after the files were written
    real = time.time_ns
    monkeypatch.setattr(caches.time, "time_ns", lambda: real() + offset[0])
    with_cache(root)
    offset[0] = 0  # the next run now, a file rewritten (same bytes) just before it
    (root / "units.yaml").write_bytes((root / "units.yaml").read_bytes())
    cache = ParseCache(root)
    reads: list[str] = []
    cache._digest = lambda file: reads.append(file) or ParseCache._digest(cache, file)  # type: ignore[method-assign]
    assert cache.get("qms.yaml") is not None and reads == []
    assert cache.entries["qms.yaml"][0] is not None
    assert cache.get("units.yaml") is not None and reads == ["units.yaml"]  # its status moved: hashed
    assert cache.used["units.yaml"][0] is None  # just written: hashed again next time


def test_findings_remembered_in_one_language_are_not_shown_in_another(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qmsctl import i18n

    root = tmp_path / "records"
    shutil.copytree(DATA / "base", root)
    (root / "units.yaml").write_text("- code: [unclosed\n", encoding="utf-8")
    messages = {}
    for lang in ("vi", "en", "vi"):
        i18n.set_language(lang)
        try:
            messages.setdefault(lang, set()).add(
                next(f.message for f in load_records(root, workers=1).findings if f.file == "units.yaml")
            )
        finally:
            i18n.set_language("en")
    assert len(messages["vi"]) == 1 and messages["vi"] != messages["en"]


def test_reading_some_folders_keeps_what_is_remembered_of_the_others(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command that counts reads the folder without its tickets: the tickets' parses stay
    remembered for the next command that reads them."""
    from qmsctl.records import load

    root = tmp_path / "records"
    shutil.copytree(DATA / "base", root)
    load_records(root, workers=1)
    load_records(root, workers=1, without_tickets=True)
    parsed: list[str] = []
    real = load.parse_file
    monkeypatch.setattr(load, "parse_file", lambda *a, **k: parsed.append(a[1]) or real(*a, **k))
    again = load_records(root, workers=1)
    assert again.tickets and parsed == []


TICKET_TEXTS = [
    "",  # the file emptied
    "- id: VBD-2025-00001\n  kind: letter\n  procedure: QT.HCTC.01\n  received: 2025-03-05 08:00\n",  # an id twice
    "- id: X-1\n  procedure: QT.KHONG.CO\n  received: 2025-03-05 08:00\n",  # an unknown procedure
    "- id: X-2\n  procedure: QT.NC.01\n  received: 2025-03-05 08:00\n  completed: 2025-03-01 08:00\n",
    "- id: X-3\n  procedure: QT.NC.01\n  received: 2031-03-05 08:00\n",  # in the future, a year without calendar
    "- id: X-4\n  procedure: QT.NC.01\n  received: 2025-03-05 08:00\n  subject: 'ĐT 0912 345 678'\n",
    "- id: X-5\n  procedure: QT.NC.01\n  received: 2025-02-30 08:00\n",  # not a date
    "- id: [unclosed\n",
]


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["2025/2025-03.yaml", "2025/2025-04.yaml", "2026/X.yaml"]),
                          st.sampled_from(TICKET_TEXTS), st.booleans()), min_size=1, max_size=3))  # fmt: skip
def test_a_change_of_tickets_is_judged_by_its_files_as_by_the_whole_folder(
    tmp_path: Path, cache_home: Path, changes: list[tuple[str, str, bool]]
) -> None:
    """An edit of tickets checks the files it changes and the rules across tickets; the errors
    it would add are those the whole folder, read and checked again, would add."""
    from qmsctl.records.facts import read_ticket_facts
    from qmsctl.store import Change

    root = tmp_path / "records"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(DATA / "base", root)
    change = Change(root)
    for file, text, appended in changes:
        path = root / "tickets" / file
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        change.put(f"tickets/{file}", old + text if appended else text)
    assert change.of_tickets_only()
    identities = [(f.code, f.file, f.message, f.line) for f in change.new_errors(load_records(root, workers=1))]
    quick = change.new_ticket_errors(load_records(root, workers=1, without_tickets=True), read_ticket_facts(root))
    assert sorted((f.code, f.file, f.message, f.line) for f in quick) == sorted(identities)


@pytest.mark.parametrize("split_from", [cache.SPLIT_FROM, 1])
def test_odd_files_are_found_alike_from_the_listing_and_by_walking(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, split_from: int
) -> None:
    """`check` lists the folder once, for its fingerprint, and finds the record files in that
    listing: the same files, strays, links and unreadable folders as a walk of the folder finds
    (the statuses asked here, or half of them by a forked process)."""
    monkeypatch.setattr(cache, "SPLIT_FROM", split_from)
    root = tmp_path / "records"
    shutil.copytree(DATA / "base", root)
    (root / "tickets/2026").mkdir()
    (root / "tickets/2026/2026-01.yaml").write_text("- id: [\n", encoding="utf-8")
    locked, real = str(root / "tickets/2026"), os.scandir

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", locked)
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    (root / "tickets/.2025-03.yaml.tmp").write_text("- id: x\n", encoding="utf-8")  # an interrupted write
    (root / "tickets/.hidden").mkdir()
    (root / "tickets/.hidden/2025-03.yaml").write_text("- id: [\n", encoding="utf-8")  # not read
    (root / "misc").mkdir()
    (root / "misc/notes.yaml").write_text("a: 1\n", encoding="utf-8")  # in no folder of the layout
    (root / "tickets/2025/notes.txt").write_text("not a record\n", encoding="utf-8")
    (root / "tickets/folder.yaml").symlink_to(root / "tickets/2025")  # a link to a folder
    (root / "tickets/gone.yaml").symlink_to(root / "nowhere.yaml")  # a broken link
    (root / "templates").mkdir()
    (root / "templates/x.yaml").write_text("- id: [\n", encoding="utf-8")
    found = with_cache(root)
    assert found == without_cache(root)
    codes = {(f["code"], f["file"]) for f in found[1]}  # type: ignore[index, union-attr]
    assert {
        ("Y110", "tickets/.2025-03.yaml.tmp"),
        ("Y108", "misc/notes.yaml"),
        ("Y100", "tickets/gone.yaml"),
        ("Y100", "tickets/2026"),
    } <= codes


def test_what_is_made_is_kept_under_the_hash_of_what_was_read(tmp_path: Path, cache_home: Path) -> None:
    """A file read for the first time is keyed by the hash of the bytes its reading read; a file
    that changed between the cache's look and the reading is not kept at all."""
    import hashlib

    from qmsctl.records.cache import FileCache

    root = tmp_path / "records"
    root.mkdir()
    (root / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    read = hashlib.blake2b(b"a: 1\n", digest_size=16).digest()
    cache = FileCache(root, "test", "v1")
    assert cache.get("a.yaml") is None
    cache.put("a.yaml", "made", b"")  # no hash of what was read: nothing to key it by
    assert "a.yaml" not in cache.used
    assert cache.get("a.yaml") is None
    cache.put("a.yaml", "made", read)
    cache.save()
    assert FileCache(root, "test", "v1").get("a.yaml") == "made"
    again = FileCache(root, "test", "v1")
    again._load("")
    again._entries_of("")
    again.entries["a.yaml"] = (None, b"an older hash", "older")  # the status says: look again
    assert again.get("a.yaml") is None  # the content's hash is not the entry's
    again.put("a.yaml", "newer", b"hash of other bytes")  # the file changed again meanwhile
    assert "a.yaml" not in again.used


def test_a_listing_split_between_two_processes_is_the_listing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "records"
    shutil.copytree(DATA / "base", root)
    (root / "tickets/link.yaml").symlink_to(root / "qms.yaml")  # a link to a file is the file
    (root / "tickets/gone.yaml").symlink_to(root / "nowhere.yaml")
    os.mkfifo(root / "tickets/pipe.yaml")
    whole = list_folder(root)
    monkeypatch.setattr(cache, "SPLIT_FROM", 1)
    split = list_folder(root)
    assert (split.names, split.values, split.extra) == (whole.names, whole.values, whole.extra)
    assert len(split.names) > 10 and split.fingerprint() == whole.fingerprint()
    statuses = {name: status for folder in split.by_folder for name, status in split.statuses_in(folder).items()}
    assert set(statuses) == set(split.names)
    for name, status in statuses.items():
        if name in ("tickets/gone.yaml", "tickets/pipe.yaml"):
            assert status is None
        else:
            real = os.stat(root / name)
            assert status == (real.st_size, real.st_mtime_ns, real.st_ctime_ns, real.st_ino), name
    second_half = split.names[len(split.names) // 2 :]  # the half the forked process asks
    last = [n for n in second_half if statuses[n] and not (root / n).is_symlink()][-1]
    (root / last).write_text((root / last).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert list_folder(root).fingerprint() != split.fingerprint()


def _an_hour_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache's clock an hour ahead: the files were written long before the run (their
    change time cannot be set back, and a recent one makes a file racily clean)."""
    import time

    from qmsctl.records import cache as caches

    real = time.time_ns
    monkeypatch.setattr(caches.time, "time_ns", lambda: real() + 3600 * 1_000_000_000)


def _kept_texts(root: Path, files: list[str], listing: bool = True) -> tuple[dict[str, object], set[str]]:
    """The files' texts found in a cache (the others read and kept), and the folders taken
    whole, in one run within the folder's listing (or with none)."""
    from qmsctl.records.cache import FileCache, listed

    with listed(root) if listing else contextlib.nullcontext():
        cache = FileCache(root, "test", "v1")
        hits = cache.get_many(files)
        for file in files:
            if file not in hits:
                text = (root / file).read_bytes()
                cache.put(file, text.decode(), hashlib.blake2b(text, digest_size=16).digest())
        cache.save()
        return hits, cache._whole


def test_an_unchanged_folder_is_taken_whole_and_a_changed_one_file_by_file(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _an_hour_later(monkeypatch)
    root = tmp_path / "records"
    for folder in ("tickets/01", "tickets/02"):
        (root / folder).mkdir(parents=True)
        for number in range(3):
            (root / folder / f"{number}.yaml").write_text(f"n: {number}\n", encoding="utf-8")
    (root / "tickets/01/notes.txt").write_text("not asked for\n", encoding="utf-8")
    for path in root.rglob("*"):
        os.utime(path, (path.stat().st_atime - 3600, path.stat().st_mtime - 3600))  # not written just now
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml"))

    def run() -> tuple[dict[str, object], set[str]]:
        return _kept_texts(root, files)

    assert run() == ({}, set())
    hits, whole = run()
    assert whole == {"tickets/01", "tickets/02"} and hits == {f: (root / f).read_text() for f in files}
    _same_size_edit(root / "tickets/02/1.yaml")  # same size and modification time: the change time moved
    hits, whole = run()
    assert whole == {"tickets/01"}
    assert set(hits) == set(files) - {"tickets/02/1.yaml"}  # read again, as it changed
    assert run()[0]["tickets/02/1.yaml"] == (root / "tickets/02/1.yaml").read_text()
    (root / "tickets/01/notes.txt").write_text("changed\n", encoding="utf-8")  # a file not asked for
    assert "tickets/01" not in run()[1]


def test_a_folder_saved_without_its_listing_key_is_taken_whole_from_the_next_run(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder's entries saved when its listing was not known (or a file was new then) are
    checked file by file; if they all still hold, they are saved again with the listing's key,
    so that every later run takes the folder whole (a big folder was read file by file for
    good: about 0.3 s on 100,000 tickets)."""
    _an_hour_later(monkeypatch)
    root = tmp_path / "records"
    (root / "tickets").mkdir(parents=True)
    for number in range(3):
        (root / "tickets" / f"{number}.yaml").write_text(f"n: {number}\n", encoding="utf-8")
        os.utime(root / "tickets" / f"{number}.yaml", (1_600_000_000, 1_600_000_000))
    files = [f"tickets/{number}.yaml" for number in range(3)]

    def run(listing: bool) -> tuple[dict[str, object], set[str]]:
        return _kept_texts(root, files, listing)

    assert run(listing=False) == ({}, set())  # saved with no listing: no key
    hits, whole = run(listing=True)
    assert len(hits) == 3 and whole == set()  # file by file, and saved again with the key
    hits, whole = run(listing=True)
    assert len(hits) == 3 and whole == {"tickets"}
