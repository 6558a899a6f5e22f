"""Parsed record files remembered between runs, so a command re-parses only what changed.

One cache file a records folder, outside it (`$XDG_CACHE_HOME/qmsctl/`, never committed). An
entry is a file's parse (before validation: the models and every check still run on it),
kept under the file's size, modification time, change time and inode, and its content hash.
A file whose status is unchanged is not read (any write moves the change time, which no
program can set back); one whose status moved is read and hashed, and its parse is kept if
the content is the same (a checkout that rewrote it). A file written in the last seconds
before its entry is "racily clean" (a second write in the same clock tick would not move
its times) and is hashed again next time, as git does; where the change time is the
creation time (Windows), every file is hashed. The cache is written atomically; one that
cannot be read, or was written by another version of the reader or in another language, is
discarded. `QMSCTL_NO_CACHE` (or `qmsctl --no-cache`) turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import qmsctl

T = TypeVar("T")
_READER_SOURCES = ("text.py", "load.py", "cache.py")  # what a parse depends on


def enabled() -> bool:
    return not os.environ.get("QMSCTL_NO_CACHE")


def _reader_version() -> str:
    from qmsctl.i18n import language  # the parse's findings are in the language of the run

    digest = hashlib.blake2b(f"{qmsctl.__version__}|{language()}".encode(), digest_size=16)
    here = Path(__file__).parent
    for name in _READER_SOURCES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qmsctl"


def cache_file(root: Path) -> Path:
    name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
    return cache_folder() / f"{name}.pickle"


def remembered(name: str, key: str, compute: Callable[[], T]) -> T:
    """`compute()`, remembered between runs under `name` while `key` (all it depends on) holds."""
    if not enabled():
        return compute()
    path = cache_folder() / f"{name}.pickle"
    try:
        with open(path, "rb") as handle:
            stored_key, value = pickle.load(handle)
        if stored_key == key:
            return cast(T, value)
    except Exception:  # noqa: BLE001 - a missing, corrupt or foreign entry is not trusted
        pass
    value = compute()
    _write_atomically(path, (key, value))
    return value


RACY_SECONDS = 2  # a file modified this close to its entry's making is hashed again next time
Status = tuple[int, int, int, int]  # size, modification and change times, inode
Entry = tuple[Status | None, bytes, bytes]  # status (None: hash it), content hash, pickled parse


class ParseCache:
    """The parses of a folder's files, by file relative to the folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = cache_file(root)
        self.version = _reader_version()
        self.entries: dict[str, Entry] = {}
        self.used: dict[str, Entry] = {}
        self._pending: dict[str, tuple[Status, bytes]] = {}  # keys of the files `get` missed
        self.changed = False
        self._by_content = os.name == "nt"
        self._started = time.time_ns()
        try:
            with open(self.path, "rb") as handle:
                version, entries = pickle.load(handle)
            if version == self.version and isinstance(entries, dict):
                self.entries = entries
        except Exception:  # noqa: BLE001 - a missing, corrupt or foreign cache is not trusted
            self.entries = {}

    def _status(self, file: str) -> Status | None:
        """None for a file that is not a regular one (a pipe would block): it is never cached."""
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
        """The status to keep in an entry: None when the file was written too recently."""
        if self._by_content or self._started - status[1] < RACY_SECONDS * 1_000_000_000:
            return None
        return status

    def get(self, file: str) -> Any | None:
        """The remembered parse of `file`, if the file is unchanged."""
        status = self._status(file)
        if status is None:
            return None
        entry = self.entries.get(file)
        if entry is not None and entry[0] is not None and entry[0] == status:
            kept: Entry = entry
        else:
            digest = self._digest(file)
            if digest is None:
                return None
            if entry is None or entry[1] != digest:
                self._pending[file] = (status, digest)
                return None
            kept = (self._trusted(status), digest, entry[2])
            self.changed = True
        try:
            result = pickle.loads(kept[2])
        except Exception:  # noqa: BLE001
            return None
        self.used[file] = kept
        return result

    def put(self, file: str, result: Any) -> None:
        """Remember the parse of a file that `get` missed (and could key)."""
        key = self._pending.pop(file, None)
        if key is not None:
            status, digest = key
            self.used[file] = (self._trusted(status), digest, pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
            self.changed = True

    def save(self) -> None:
        """Write the entries of this run (files gone are forgotten), atomically."""
        if not self.changed and len(self.used) == len(self.entries):
            return
        _write_atomically(self.path, (self.version, self.used))


def _write_atomically(path: Path, value: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError):
        pass  # a cache that cannot be written only costs time
    finally:
        if "temporary" in locals() and os.path.exists(temporary):
            os.unlink(temporary)


def _code_version() -> bytes:
    """What the findings depend on besides the records: every source file of qmsctl and its
    message catalogs."""
    digest = hashlib.blake2b(qmsctl.__version__.encode(), digest_size=16)
    package = Path(qmsctl.__file__).parent
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.mo")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def folder_fingerprint(root: Path) -> bytes:
    """Every file under the folder (but git's own), by name, size, modification time, change
    time and inode: any change, even one that keeps the size and puts the modification time
    back, moves the change time, which no program can set. Where the change time is the
    creation time (Windows), the content's hash is taken instead."""
    by_content = os.name == "nt"
    seen: list[tuple[str, int, int, int, int, bytes]] = []

    def visit(folder: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            seen.append((folder, -1, 0, 0, 0, b""))
            return
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != ".git":
                        visit(entry.path)
                    continue
                status = entry.stat()
                digest = b""
                if by_content and stat.S_ISREG(status.st_mode):
                    with open(entry.path, "rb") as handle:
                        digest = hashlib.blake2b(handle.read(), digest_size=16).digest()
                seen.append((entry.path, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, digest))
            except OSError:
                seen.append((entry.path, -1, 0, 0, 0, b""))

    visit(str(root))
    return hashlib.blake2b(pickle.dumps(seen, pickle.HIGHEST_PROTOCOL), digest_size=16).digest()


class FolderMemo:
    """The last answer of one kind (`name`: the check's findings, a period's figures) about a
    folder, kept with everything it depends on (the folder's files, the code, and `context`:
    the language, the day, the options): an unchanged folder is answered without reading its
    records again."""

    def __init__(self, root: Path, context: str, name: str = "check") -> None:
        self.path = cache_file(root).with_suffix(f".{name}.pickle")
        self.key = hashlib.blake2b(
            _code_version() + context.encode() + folder_fingerprint(root), digest_size=16
        ).digest()

    def get(self) -> Any | None:
        try:
            with open(self.path, "rb") as handle:
                key, value = pickle.load(handle)
        except Exception:  # noqa: BLE001 - a missing, corrupt or foreign memo is not trusted
            return None
        return value if key == self.key else None

    def put(self, value: Any) -> None:
        _write_atomically(self.path, (self.key, value))


def remembered_about(root: Path, name: str, context: str, compute: Callable[[], T], kind: type) -> T:
    """`compute()` about the folder at `root`, answered from the last run when neither the
    folder, the code nor `context` changed (and the cache is on); remembered otherwise."""
    if not enabled():
        return compute()
    memo = FolderMemo(root, context, name)
    value = memo.get()
    if isinstance(value, kind):
        return cast(T, value)
    value = compute()
    memo.put(value)
    return value
