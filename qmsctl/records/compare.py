"""The records of two versions of the folder, paired by identity: what a change did.

Only the files that differ are read, at both versions; a record is matched by its
id or code, so a ticket moved from one file to another is the same ticket.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qmsctl.gitlog import WORKING_TREE, GitRecords
from qmsctl.records.kinds import BY_NAME
from qmsctl.records.load import Sourced, classify, parse_file, validate_file


def identity(kind: str, item: Sourced[Any]) -> tuple[str, ...]:
    """What names a record across versions."""
    return BY_NAME[kind].identity(item)


@dataclass
class Pair:
    kind: str
    key: tuple[str, ...]
    old: Sourced[Any] | None
    new: Sourced[Any] | None

    @property
    def changed(self) -> bool:
        if self.old is None or self.new is None:
            return True
        return self.old.model != self.new.model or self.old.body != self.new.body


def records_of(root: Path, file: str, text: str | None) -> list[tuple[str, Sourced[Any]]]:
    """The records a text holds, as the folder's reader reads them (unreadable ones left out)."""
    kind = classify(file)
    if text is None or kind is None:
        return []
    return [(kind, s) for s in validate_file(parse_file(root, file, kind, text)).records]


def pair_records(old: Iterable[tuple[str, Sourced[Any]]], new: Iterable[tuple[str, Sourced[Any]]]) -> list[Pair]:
    by_key: dict[tuple[str, ...], Pair] = {}
    for kind, item in old:
        key = identity(kind, item)
        by_key[key] = Pair(kind, key, item, None)
    for kind, item in new:
        key = identity(kind, item)
        if key in by_key:
            by_key[key].new = item
        else:
            by_key[key] = Pair(kind, key, None, item)
    return [p for p in by_key.values() if p.changed]


def compare(git: GitRecords, base: str, head: str | None = WORKING_TREE) -> list[Pair]:
    """The records that differ between two revisions of the folder (head None: the files on disk)."""
    changes = [c for c in git.changes(base, head) if classify(c.file)]
    old: list[tuple[str, Sourced[Any]]] = []
    new: list[tuple[str, Sourced[Any]]] = []
    for change in changes:
        old.extend(records_of(git.root, change.file, git.text_at(base, change.file)))
        new.extend(records_of(git.root, change.file, git.text_at(head, change.file)))
    return pair_records(old, new)
