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
import tempfile
from pathlib import Path
from typing import Any

import qmsctl

_READER_SOURCES = ("text.py", "load.py", "cache.py")  # what a parse depends on


def enabled() -> bool:
    return not os.environ.get("QMSCTL_NO_CACHE")


def _reader_version() -> str:
    digest = hashlib.blake2b(qmsctl.__version__.encode(), digest_size=16)
    here = Path(__file__).parent
    for name in _READER_SOURCES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def cache_file(root: Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "qmsctl"
    name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
    return base / f"{name}.pickle"


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
        try:
            path = self.root / file
            status = path.stat()
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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                pickle.dump((self.version, self.used), out, pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time
