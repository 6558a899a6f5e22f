"""Parsed record files remembered between runs, so a command re-parses only what changed.

One cache file a records folder, outside it (`$XDG_CACHE_HOME/qmsctl/`, never committed). An
entry is a file's parse (before validation: the models and every check still run on it),
kept while the file's size, modification time and content hash are all unchanged, so an
edit that keeps the size and the time is still seen. The cache is written atomically; one
that cannot be read, or was written by another version of the reader, is discarded.
`QMSCTL_NO_CACHE` (or `qmsctl --no-cache`) turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import qmsctl

T = TypeVar("T")
_READER_SOURCES = ("text.py", "load.py", "cache.py")  # what a parse depends on


def enabled() -> bool:
    return not os.environ.get("QMSCTL_NO_CACHE")


def _reader_version() -> str:
    digest = hashlib.blake2b(qmsctl.__version__.encode(), digest_size=16)
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


class ParseCache:
    """The parses of a folder's files, by file relative to the folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = cache_file(root)
        self.version = _reader_version()
        self.entries: dict[str, tuple[int, int, bytes, bytes]] = {}
        self.used: dict[str, tuple[int, int, bytes, bytes]] = {}
        self._pending: dict[str, tuple[int, int, bytes]] = {}  # keys of the files `get` missed
        self.changed = False
        try:
            with open(self.path, "rb") as handle:
                version, entries = pickle.load(handle)
            if version == self.version and isinstance(entries, dict):
                self.entries = entries
        except Exception:  # noqa: BLE001 - a missing, corrupt or foreign cache is not trusted
            self.entries = {}

    def _key(self, file: str) -> tuple[int, int, bytes] | None:
        """None for a file that is not a regular one (a pipe would block): it is never cached."""
        try:
            path = self.root / file
            status = path.stat()
            if not stat.S_ISREG(status.st_mode):
                return None
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        except OSError:
            return None
        return status.st_size, status.st_mtime_ns, digest

    def get(self, file: str) -> Any | None:
        """The remembered parse of `file`, if the file is unchanged."""
        key = self._key(file)
        entry = self.entries.get(file)
        if key is None or entry is None or entry[:3] != key:
            if key is not None:
                self._pending[file] = key
            return None
        try:
            result = pickle.loads(entry[3])
        except Exception:  # noqa: BLE001
            return None
        self.used[file] = entry
        return result

    def put(self, file: str, result: Any) -> None:
        """Remember the parse of a file that `get` missed (and could key)."""
        key = self._pending.pop(file, None)
        if key is not None:
            self.used[file] = (*key, pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
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
    """Every file under the folder (but git's own), by name, size, modification time and change
    time: any change, even one that keeps the size and puts the modification time back, moves
    the change time, which no program can set. Where the change time is the creation time
    (Windows), the content's hash is taken instead."""
    digest = hashlib.blake2b(digest_size=16)
    by_content = os.name == "nt"
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        base = Path(dirpath).relative_to(root).as_posix()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                status = os.stat(path)
                key = f"{status.st_size} {status.st_mtime_ns} {status.st_ctime_ns} {status.st_ino}".encode()
                if by_content and stat.S_ISREG(status.st_mode):
                    with open(path, "rb") as handle:
                        key += hashlib.blake2b(handle.read(), digest_size=16).digest()
            except OSError:
                key = b"unreadable"
            digest.update(f"{base}/{name}\0".encode() + key + b"\0")
    return digest.digest()


class CheckMemo:
    """The findings of the last `check` of a folder, kept with everything they depend on (the
    folder's files, the code, the language, the day taken as today): an unchanged folder is
    answered without reading its records again."""

    def __init__(self, root: Path, context: str) -> None:
        self.path = cache_file(root).with_suffix(".check.pickle")
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
