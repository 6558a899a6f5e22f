"""Parsed record files remembered between runs, so a command re-parses only what changed.

One cache file a records folder, outside it (`$XDG_CACHE_HOME/qmsctl/`, never committed). An
entry is a file's parse (before validation: the models and every check still run on it),
kept under the file's size, modification time, change time and inode, and its content hash.
A file whose status is unchanged is not read (any write moves the change time, which no
program can set back); one whose status moved is read and hashed, and its parse is kept if
the content is the same (a checkout that rewrote it). A file written in the last seconds
before its entry is "racily clean" (a second write in the same clock tick would not move
its times) and is hashed again next time, as git does; where the change time is the
creation time (Windows), every file is hashed. The cache is written atomically, each file with a hash of
its own bytes: one that does not verify, cannot be read, or was written by another version of
the reader, in another language or under other reading limits, is discarded and made again.
It lives only in a folder owned by the user that no one else may write (else it is off, with
one warning), never through a link; without HOME, in the system's temporary folder. Entries of
folders not seen for 30 days are removed, and the oldest when it passes 200 MB.
`QMSCTL_NO_CACHE` (or `qmsctl --no-cache`) turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
import time
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import qmsctl

T = TypeVar("T")
_READER_SOURCES = ("text.py", "load.py", "cache.py")  # what a parse depends on


# The environment the reading depends on: what is remembered under one is not the answer under
# another (a size limit set after a run still applies).
READING_ENVIRONMENT = ("QMSCTL_MAX_FILE_BYTES", "QMSCTL_MAX_DEPTH")
MAX_AGE_DAYS = 30  # a records folder's entries not used for this long are removed
MAX_BYTES = 200 << 20  # past this, the least recently used entries are removed
_MAGIC = b"qmsctl-cache-1\0"
_checked_folder: dict[str, bool] = {}


def reading_environment() -> bytes:
    return "|".join(f"{name}={os.environ.get(name, '')}" for name in READING_ENVIRONMENT).encode()


def enabled() -> bool:
    return not os.environ.get("QMSCTL_NO_CACHE") and _usable(cache_folder())


def _reader_version() -> str:
    from qmsctl.i18n import language  # the parse's findings are in the language of the run

    digest = hashlib.blake2b(f"{qmsctl.__version__}|{language()}".encode(), digest_size=16)
    digest.update(reading_environment())
    digest.update(sources_digest(Path(__file__).parent / name for name in _READER_SOURCES))
    return digest.hexdigest()


def cache_folder() -> Path:
    """$XDG_CACHE_HOME/qmsctl, else ~/.cache/qmsctl; with neither (no HOME, a user without a
    passwd entry: a CI container), a folder of the user's in the system's temporary folder."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            uid = os.getuid() if hasattr(os, "getuid") else 0
            return Path(tempfile.gettempdir()) / f"qmsctl-cache-{uid}"
    return Path(base) / "qmsctl"


def _usable(folder: Path) -> bool:
    """Whether the cache folder can be trusted: made here if missing (for the user alone), a
    real folder (not a link, which could lead into the records), owned by the user and not
    writable by anyone else. Told once when it cannot."""
    key = str(folder)
    if key not in _checked_folder:
        _checked_folder[key] = _trustworthy(folder)
        if not _checked_folder[key]:
            import sys

            from qmsctl.i18n import _

            message = _("The cache folder {folder} is shared or a link: the cache is off").format(folder=folder)
            print(message, file=sys.stderr)
    return _checked_folder[key]


def _trustworthy(folder: Path) -> bool:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = os.lstat(folder)
    except OSError:
        return True  # cannot be made: nothing is kept (each write fails quietly), nothing read
    if not stat.S_ISDIR(status.st_mode):
        return False
    if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & 0o022):
        return False
    return True


def cache_file(root: Path) -> Path:
    name = hashlib.blake2b(os.fsencode(root.resolve()), digest_size=12).hexdigest()
    return cache_folder() / f"{name}.pickle"


def _read_verified(path: Path) -> Any:
    """What `_write_atomically` wrote at `path`, if its bytes verify; else raises."""
    with open(path, "rb") as handle:
        data = handle.read()
    size = len(_MAGIC) + 32
    if not data.startswith(_MAGIC) or hashlib.blake2b(data[size:], digest_size=32).digest() != data[len(_MAGIC) : size]:
        raise ValueError("a damaged cache file")
    return pickle.loads(data[size:])


def remembered(name: str, key: str, compute: Callable[[], T]) -> T:
    """`compute()`, remembered between runs under `name` while `key` (all it depends on) holds."""
    if not enabled():
        return compute()
    path = cache_folder() / f"{name}.pickle"
    try:
        stored_key, value = _read_verified(path)
        if stored_key == key:
            return cast(T, value)
    except Exception:  # noqa: BLE001 - a missing, corrupt or foreign entry is not trusted
        pass
    value = compute()
    _write_atomically(path, (key, value))
    return value


_SHARD_LAYOUT = 2  # how a folder's entries are stored (FileCache._load)
RACY_SECONDS = 2  # a file modified this close to its entry's making is hashed again next time
Status = tuple[int, int, int, int]  # size, modification and change times, inode
Entry = tuple[Status | None, bytes, Any]  # status (None: hash it), content hash, what is kept


class FileCache:
    """What was made of each of a folder's files (its parse, its facts), by file relative to the
    folder, kept while the file is unchanged; `name` tells the kinds apart, `version` is all
    they depend on besides the file. The entries are stored a folder of the records to a file
    (a month of tickets, say), so a command that changed one file rewrites its folder's only;
    a folder that was not visited keeps its entries (a command may read only some folders)."""

    def __init__(self, root: Path, name: str, version: str) -> None:
        self.root = root
        self.folder = cache_file(root).with_suffix(f".{name}.d")
        self.version = version
        self.entries: dict[str, Entry] = {}
        self.used: dict[str, Entry] = {}
        self._pending: dict[str, tuple[Status, bytes]] = {}  # keys of the files `get` missed
        self._stored: dict[str, set[str]] = {}  # the files each stored folder holds entries for
        self._keys: dict[str, bytes | None] = {}  # the listing key each stored folder was saved with
        self._visited: set[str] = set()
        self._changed: set[str] = set()  # the folders whose entries changed
        self._by_content = os.name == "nt"
        self._started = time.time_ns()
        self._listing = _KNOWN.get(str(root))
        # A stored folder as its file holds it: the key of the folder's listing its entries were
        # made under (None: some entry is to be hashed again), its files' names (sorted), what
        # was made of each, and their statuses and hashes (pickled: unpickled only when needed).
        self._columns: dict[str, tuple[bytes | None, list[str], list[Any], bytes]] = {}
        self._whole: set[str] = set()  # the folders taken whole by `get_many`

    def _load(self, folder: str) -> None:
        """The stored entries of one folder of the records, read when it is first visited."""
        self._visited.add(folder)
        try:
            layout, version, stored, key, names, values, statuses = _read_verified(self._shard(folder))
            if layout == _SHARD_LAYOUT and version == self.version and stored == folder:
                self._columns[folder] = (key, names, values, statuses)
                self._stored[folder] = set(names)
                self._keys[folder] = key
        except Exception:  # noqa: BLE001 - a missing, corrupt or foreign part is not trusted
            return

    def _entries_of(self, folder: str) -> None:
        """The stored entries of a visited folder, file by file (for `get`)."""
        columns = self._columns.pop(folder, None)
        if columns is not None:
            _key, names, values, statuses = columns
            keys = pickle.loads(statuses)
            self.entries.update((name, (*keys[name], value)) for name, value in zip(names, values, strict=True))

    def _shard(self, folder: str) -> Path:
        return self.folder / (
            hashlib.blake2b(folder.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest() + ".pickle"
        )

    def _status(self, file: str) -> Status | None:
        """None for a file that is not a regular one (a pipe would block): it is never cached."""
        if self._listing is not None:
            known = self._listing.statuses_in(file.rpartition("/")[0])
            if file in known:
                return known[file]
        try:
            status = os.stat(os.path.join(self.root, file))
        except OSError:
            return None
        if not stat.S_ISREG(status.st_mode):
            return None
        return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino

    def _digest(self, file: str) -> bytes | None:
        try:
            with open(os.path.join(self.root, file), "rb") as handle:
                return hashlib.blake2b(handle.read(), digest_size=16).digest()
        except OSError:
            return None

    def _trusted(self, status: Status) -> Status | None:
        """The status to keep in an entry: None when the file was modified or its status changed
        too recently (on a file system of one-second times, a rewrite in the same second keeps
        both: git's racily clean files)."""
        if self._by_content or self._started - max(status[1], status[2]) < RACY_SECONDS * 1_000_000_000:
            return None
        return status

    def _unpack(self, kept: Any) -> Any:
        return kept

    def _pack(self, value: Any) -> Any:
        return value

    def get(self, file: str) -> Any | None:
        """What was made of `file`, if the file is unchanged."""
        folder = file.rpartition("/")[0]
        if folder not in self._visited:
            self._load(folder)
        self._entries_of(folder)
        status = self._status(file)
        if status is None:
            return None
        entry = self.entries.get(file)
        if entry is None:  # nothing to compare: the reading's own hash keys what it makes (`put`)
            self._pending[file] = (status, b"")
            return None
        if entry[0] is not None and entry[0] == status:
            kept: Entry = entry
        else:
            digest = self._digest(file)
            if digest is None:
                return None
            if entry is None or entry[1] != digest:
                self._pending[file] = (status, digest)
                return None
            kept = (self._trusted(status), digest, entry[2])
            self._changed.add(folder)
        try:
            result = self._unpack(kept[2])
        except Exception:  # noqa: BLE001
            return None
        self.used[file] = kept
        return result

    def get_many(self, files: list[str]) -> dict[str, Any]:
        """`get` of each file, by file, the files missed left out. A folder whose files are all
        asked for, and whose listing is the one its entries were made under (the same files,
        each with the same status), is taken whole."""
        by_folder: dict[str, list[str]] = {}
        for file in files:
            folder = file.rpartition("/")[0]
            asked = by_folder.get(folder)
            if asked is None:
                asked = by_folder[folder] = []
            asked.append(file)
        hits: dict[str, Any] = {}
        packed = type(self)._unpack is not FileCache._unpack
        for folder, asked in by_folder.items():
            if folder not in self._visited:
                self._load(folder)
            columns = self._columns.get(folder)
            if (
                columns is not None
                and columns[0] is not None
                and not packed
                and self._listing is not None
                and columns[1] == asked
                and columns[0] == self._listing.key_of(folder)
            ):
                hits.update(zip(columns[1], columns[2], strict=True))
                self._whole.add(folder)
                continue
            for file in asked:
                value = self.get(file)
                if value is not None:
                    hits[file] = value
        return hits

    def put(self, file: str, result: Any, digest: bytes = b"") -> None:
        """Remember what was made of a file that `get` missed, from the content whose hash is
        `digest` (the reading's: taken from the very bytes it read)."""
        if file in self._pending:  # packed (a parse pickled) only when it is to be kept
            self.put_packed(file, self._pack(result), digest)

    def put_written(self, file: str, result: Any, digest: bytes) -> None:
        """Remember what was made of a file this command has just written, from the bytes whose
        hash is `digest` (the listing taken before is stale: the file's status is asked anew)."""
        self._listing = None
        status = self._status(file)
        if status is not None:
            self._pending[file] = (status, b"")
            self.put(file, result, digest)

    def put_packed(self, file: str, kept: Any, digest: bytes = b"") -> None:
        """`put` of what is kept already made (a parse pickled by a worker process). Nothing is
        kept without a hash, or when the file changed between `get` and the reading."""
        key = self._pending.pop(file, None)
        if key is None:
            return
        status, known = key
        if not (known or digest) or (known and digest and known != digest):
            return
        self.used[file] = (self._trusted(status), known or digest, kept)
        self._changed.add(file.rpartition("/")[0])

    def save(self, complete: bool = True) -> None:
        """Write the entries of the folders visited in this run, each folder's file atomically
        and only if it changed. `complete`: every file of those folders was asked for, so the
        files not asked for are gone and forgotten; otherwise their entries are kept."""
        by_folder: dict[str, dict[str, Entry]] = {folder: {} for folder in self._visited - self._whole}
        if not complete:
            for file, entry in self.entries.items():
                if file not in self.used and file not in self._pending:
                    by_folder.setdefault(file.rpartition("/")[0], {})[file] = entry
        for file, entry in self.used.items():
            by_folder.setdefault(file.rpartition("/")[0], {})[file] = entry
        for folder, entries in by_folder.items():
            key = None
            if folder not in self._changed and set(entries) == self._stored.get(folder, set()):
                # Unchanged; but a folder saved without the key of its listing (a file was new
                # then) is saved again with it, once its entries all match the listing: it is
                # taken whole from then on, not file by file.
                if self._keys.get(folder) is not None or (key := self._key_of(folder, entries)) is None:
                    continue
            if not entries:
                self._shard(folder).unlink(missing_ok=True)
                continue
            names = sorted(entries)
            statuses = pickle.dumps({name: entries[name][:2] for name in names}, pickle.HIGHEST_PROTOCOL)
            values = [entries[name][2] for name in names]
            key = key or self._key_of(folder, entries)
            _write_atomically(self._shard(folder), (_SHARD_LAYOUT, self.version, folder, key, names, values, statuses))

    def _key_of(self, folder: str, entries: dict[str, Entry]) -> bytes | None:
        """The key of the folder's listing, if every entry was made under it (with the status it
        lists), to take the folder whole next time its listing is the same; else None."""
        if self._listing is None:
            return None
        listed = self._listing.statuses_in(folder)
        if any(entry[0] is None or listed.get(name) != entry[0] for name, entry in entries.items()):
            return None
        return self._listing.key_of(folder)


class PickledCache(FileCache):
    """A FileCache whose entries are each pickled on their own: unpickled only when used, and a
    folder saved again after one of its files changed pickles that file's entry only."""

    def _unpack(self, kept: Any) -> Any:
        return pickle.loads(kept)

    def _pack(self, value: Any) -> Any:
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


class ParseCache(PickledCache):
    """The parses of a folder's files."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, "parse", _reader_version())


def _write_atomically(path: Path, value: Any) -> None:
    """The value pickled, after a hash of its bytes (read back only if they verify)."""
    if not _usable(cache_folder()):
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(_MAGIC + hashlib.blake2b(data, digest_size=32).digest() + data)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError):
        pass  # a cache that cannot be written only costs time
    finally:
        if "temporary" in locals() and os.path.exists(temporary):
            os.unlink(temporary)


def code_version() -> bytes:
    """What the findings depend on besides the records: every source file of qmsctl and its
    message catalogs."""
    digest = hashlib.blake2b(qmsctl.__version__.encode() + reading_environment(), digest_size=16)
    package = Path(qmsctl.__file__).parent
    sources = sorted(package.rglob("*.py"))
    for path in [*sources, *sorted(package.rglob("*.mo"))]:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    if not sources:  # an install without its sources: what it recorded of its files at build time
        digest.update(installed_record())
    return digest.digest()


def sources_digest(paths: Any) -> bytes:
    """The bytes of source files a cache's key depends on; in an install without sources (only
    compiled files, as a bundle or some distributions ship it), the hashes the installed
    distribution recorded of its files instead (they change with any file)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in paths:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(installed_record())
    return digest.digest()


def installed_record() -> bytes:
    """The RECORD of the installed qmsctl (each file's hash, written when it was installed),
    with its version; empty when there is none to read."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        found = distribution("qmsctl")
        return f"{found.version}\0".encode() + (found.read_text("RECORD") or "").encode()
    except (PackageNotFoundError, OSError):
        return b""


# The files of a folder as its fingerprint was taken, while what is computed under that
# fingerprint runs (`remembered_about`): the folder is listed and each file asked for its
# status once.
_KNOWN: dict[str, FolderListing] = {}


def known_listing(root: Path) -> FolderListing | None:
    """The folder's listing, when one was just taken (see `_KNOWN`)."""
    return _KNOWN.get(str(root))


@dataclass
class FolderListing:
    """Every file under a folder (but git's own) with its status, as the folder lists them."""

    names: list[str] = field(default_factory=list)  # paths relative to the folder
    values: list[int] = field(default_factory=list)  # size, modification and change times, inode: 4 a file
    # Folders that cannot be listed (b"unreadable"), links to folders, contents' hashes (Windows).
    extra: list[tuple[str, bytes]] = field(default_factory=list)
    by_folder: dict[str, list[str]] = field(default_factory=dict)  # the files' names by folder ("": the top)
    indexes: dict[str, list[int]] = field(default_factory=dict)  # ... and their indexes in `names`
    _keys: dict[str, bytes] = field(default_factory=dict, repr=False)
    _statuses: dict[str, dict[str, Status | None]] = field(default_factory=dict, repr=False)

    def fingerprint(self) -> bytes:
        """Any change, even one that keeps the size and puts the modification time back, moves
        the change time, which no program can set (where the change time is the creation time,
        on Windows, the contents' hashes are in `extra`). A folder listed in another order only
        costs a fresh answer."""
        digest = hashlib.blake2b("\0".join(self.names).encode("utf-8", "surrogateescape"), digest_size=16)
        digest.update(array("q", self.values).tobytes())
        digest.update(pickle.dumps(self.extra, pickle.HIGHEST_PROTOCOL))
        return digest.digest()

    def key_of(self, folder: str) -> bytes:
        """What moves when any file directly in the folder is added, removed or changed."""
        if folder not in self._keys:
            found = self.indexes.get(folder, [])
            if found and found[-1] - found[0] + 1 == len(found):  # listed together: slices
                first, end = found[0], found[-1] + 1
                names, values = self.names[first:end], self.values[4 * first : 4 * end]
            else:
                names = [self.names[i] for i in found]
                values = [v for i in found for v in self.values[4 * i : 4 * i + 4]]
            digest = hashlib.blake2b("\0".join(names).encode("utf-8", "surrogateescape"), digest_size=16)
            digest.update(array("q", values).tobytes())
            self._keys[folder] = digest.digest()
        return self._keys[folder]

    def statuses_in(self, folder: str) -> dict[str, Status | None]:
        """The status of each file directly in the folder (None: not a regular file, or gone),
        by its path relative to the top."""
        if folder not in self._statuses:
            names, values = self.names, self.values
            self._statuses[folder] = {
                names[i]: None
                if values[4 * i] < 0
                else (values[4 * i], values[4 * i + 1], values[4 * i + 2], values[4 * i + 3])
                for i in self.indexes.get(folder, [])
            }
        return self._statuses[folder]


# From this many files on, the statuses are asked by two processes at once: the system calls
# are most of a listing's time (a listing of 100,000 files: 0.7 s in one process, 0.5 s in
# two); a fork costs a few milliseconds.
SPLIT_FROM = 20_000
_GONE = (-1, 0, 0, 0)


def list_folder(root: Path) -> FolderListing:
    """The files of the folder and their statuses, one `stat` a file."""
    listing = FolderListing()
    names, extra = listing.names, listing.extra
    files: list[os.DirEntry[str]] = []

    def visit(folder: str, prefix: str) -> None:
        try:
            with os.scandir(folder) as entries_:
                entries = list(entries_)
        except OSError:
            extra.append((prefix, b"unreadable"))
            return
        here: list[str] = []  # the folder's files, by name and by index in `names`
        indexes: list[int] = []
        listing.by_folder[prefix[:-1]] = here
        listing.indexes[prefix[:-1]] = indexes
        for entry in entries:
            name = entry.name
            try:
                if entry.is_file():  # told by the listing itself for a regular file: no system call
                    here.append(name)
                    indexes.append(len(names))
                    names.append(prefix + name)
                    files.append(entry)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if name != ".git":
                        visit(entry.path, prefix + name + "/")
                    continue
                if entry.is_dir():  # a link to a folder: not walked, as os.walk does not
                    extra.append((prefix + name, os.readlink(entry.path).encode("utf-8", "surrogateescape")))
                    continue
            except OSError:
                pass
            here.append(name)
            indexes.append(len(names))
            names.append(prefix + name)
            files.append(entry)

    visit(str(root), "")
    listing.values = _statuses(files)
    if os.name == "nt":  # the change time is the creation time: the contents are compared
        for name, entry in zip(listing.names, files, strict=True):
            try:
                with open(entry.path, "rb") as handle:
                    extra.append((name, hashlib.blake2b(handle.read(), digest_size=16).digest()))
            except OSError:
                extra.append((name, b"unreadable"))
    return listing


def _statuses(files: list[os.DirEntry[str]]) -> list[int]:
    """Size, modification and change times and inode of each file, four numbers a file (-1 and
    zeros: not a regular file, or gone): the second half asked by a forked process when the
    files are many and the system can fork."""
    if len(files) < SPLIT_FROM or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return _statuses_of(files)
    half = len(files) // 2
    try:
        reading, writing = os.pipe()
        child = os.fork()
    except OSError:
        return _statuses_of(files)
    if child == 0:  # the child: its half's statuses down the pipe, and nothing else
        try:
            os.close(reading)
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(array("q", _statuses_of(files[half:])).tobytes())
        finally:
            os._exit(0)
    os.close(writing)
    mine = _statuses_of(files[:half])
    with os.fdopen(reading, "rb") as pipe:
        theirs = array("q", pipe.read())
    os.waitpid(child, 0)
    if len(theirs) != 4 * (len(files) - half):  # the child failed: asked here instead
        return mine + _statuses_of(files[half:])
    return mine + theirs.tolist()


def _statuses_of(files: list[os.DirEntry[str]]) -> list[int]:
    values: list[int] = []
    regular = stat.S_ISREG
    for entry in files:
        try:
            status = entry.stat()  # a link to a file is the file, as the reading reads it
        except OSError:
            values.extend(_GONE)
            continue
        if regular(status.st_mode):
            values.extend((status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino))
        else:
            values.extend(_GONE)
    return values


class FolderMemo:
    """The last answer of one kind (`name`: the check's findings, a period's figures) about a
    folder, kept with everything it depends on (the folder's files, the code, and `context`:
    the language, the day, the options): an unchanged folder is answered without reading its
    records again."""

    def __init__(self, root: Path, context: str, name: str = "check") -> None:
        self.path = cache_file(root).with_suffix(f".{name}.pickle")
        self.listed_at = time.time_ns()
        self.listing = list_folder(root)
        self.key = hashlib.blake2b(
            code_version() + context.encode() + self.listing.fingerprint(), digest_size=16
        ).digest()

    def get(self) -> Any | None:
        try:
            key, value = _read_verified(self.path)
        except Exception:  # noqa: BLE001 - a missing, corrupt or foreign memo is not trusted
            return None
        return value if key == self.key else None

    def put(self, value: Any) -> None:
        """Remembered unless a file was written in the seconds before the folder was listed: a
        rewrite in the same clock tick (a second, on some file systems) would keep its status,
        and the answer would outlive the content."""
        values = self.listing.values
        latest = max(max(values[1::4], default=0), max(values[2::4], default=0))
        if self.listed_at - latest < RACY_SECONDS * 1_000_000_000:
            return
        _write_atomically(self.path, (self.key, value))
        prune()


def remembered_about(root: Path, name: str, context: str, compute: Callable[[], T], kind: type) -> T:
    """`compute()` about the folder at `root`, answered from the last run when neither the
    folder, the code nor `context` changed (and the cache is on); remembered otherwise."""
    if not enabled():
        return compute()
    memo = FolderMemo(root, context, name)
    value = memo.get()
    if isinstance(value, kind):
        return cast(T, value)
    with listed(root, memo.listing):  # the reading below lists no folder, stats no file again
        value = compute()
    memo.put(value)
    return value


@contextmanager
def listed(root: Path, listing: FolderListing | None = None) -> Iterator[FolderListing]:
    """While it lasts, the folder's files are found in one listing (`listing`, or one taken
    now, or the one already in force) and each file's status asked once (see `_KNOWN`)."""
    key = str(root)
    if key in _KNOWN:
        yield _KNOWN[key]
        return
    _KNOWN[key] = listing or list_folder(root)
    try:
        yield _KNOWN[key]
    finally:
        del _KNOWN[key]


def prune(now: float | None = None) -> None:
    """Once a day at most: remove the entries of records folders not used for `MAX_AGE_DAYS`,
    then the least recently used until the cache holds at most `MAX_BYTES`."""
    folder = cache_folder()
    mark = folder / ".pruned"
    now = time.time() if now is None else now
    try:
        if now - mark.stat().st_mtime < 86_400:
            return
    except OSError:
        pass
    try:
        mark.touch()
        groups: dict[str, list[Path]] = {}  # a records folder's files: <hash>.*
        for path in folder.iterdir():
            if not path.name.startswith("."):
                groups.setdefault(path.name.split(".", 1)[0], []).append(path)
        used: list[tuple[float, int, list[Path]]] = []
        for paths in groups.values():
            files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*")) if p.is_file()]
            newest = max((p.stat().st_mtime for p in files), default=0.0)
            used.append((newest, sum(p.stat().st_size for p in files), paths))
        used.sort()
        total = sum(size for _newest, size, _paths in used)
        for newest, size, paths in used:
            if now - newest < MAX_AGE_DAYS * 86_400 and total <= MAX_BYTES:
                break
            for path in paths:
                if path.is_dir():
                    import shutil

                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
            total -= size
    except OSError:
        return  # a cache that cannot be pruned only takes room
