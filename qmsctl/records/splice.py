"""Edits of a list file that cost what they change: a month's list of tickets (13,000 of them
in a city's one-stop centre) is never loaded whole to add or change one.

The items of a top-level block list are found in the file's bytes by their lines: each starts
with a dash at the list's column, and no other line has content at or left of that column. A
file whose lines do not say so plainly (a document marker, a tab, a flow list, text continued
at the list's column) is not spliced: it is edited whole. An item is edited alone, its lines
loaded, changed and written by the round trip (`roundtrip.py`) and put back in place of the
old ones; a new item is appended as text. Every other byte of the file stays as it was: its
line ends, its comments, its quoting, its last line with or without a line end.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qmsctl.records.roundtrip import YamlText
from qmsctl.records.ticket_text import dump_ticket

_BOM = b"\xef\xbb\xbf"
_FIRST_CONTENT = re.compile(rb"^[ ]*[^ \r\n#]", re.M)  # the first line that is not blank or a comment
_ITEM = re.compile(rb"( *)-( +|(?=\r?\n)|$)")  # an item's first line: its column, the dash's gap
_CONTENT_AT: dict[int, re.Pattern[bytes]] = {}


def _content_at_or_left_of(column: int) -> re.Pattern[bytes]:
    """Lines with content at or left of `column`, each found from the line end before it (a
    pattern that starts with a plain byte is searched fast; `^` in MULTILINE is tried at each
    byte: 28 ms against 6 for a month of a city's tickets)."""
    if column not in _CONTENT_AT:
        _CONTENT_AT[column] = re.compile(rb"\n {0,%d}[^ \r\n#]" % column)
    return _CONTENT_AT[column]


@dataclass
class Piece:
    """A part of a file replaced by an edit: `start`/`end` in the old bytes, `index` the first
    list item it holds (in the file after the edit), `old`/`new` its texts (LF line ends)."""

    start: int
    end: int
    index: int
    old: str
    new: str
    line: int = 0  # the piece's first line in the file after the edit (1-based), set by `spliced`


class ItemNotKept(Exception):
    """An item edited alone that would not read as one item of its list once put back."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


@dataclass
class ItemList:
    """The items of a file's top-level block list, by their first byte."""

    data: bytes
    starts: list[int]
    column: int
    gap: int  # spaces between the last item's dash and its first key
    _edited: dict[int, YamlText] = field(default_factory=dict)
    _appended: list[str] = field(default_factory=list)

    @property
    def newline(self) -> str:
        line_end = self.data.find(b"\n")
        return "\r\n" if line_end > 0 and self.data[line_end - 1 : line_end] == b"\r" else "\n"

    def span(self, index: int) -> tuple[int, int]:
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.data)
        return self.starts[index], end

    def item_text(self, index: int) -> str:
        start, end = self.span(index)
        return self.data[start:end].decode("utf-8").replace("\r\n", "\n")

    def item(self, index: int, ident: str, file: str) -> Any | None:
        """The round-trip mapping of the `index`-th item, to change in place; None when its lines,
        read alone, are not one mapping of that id (the file is then edited whole)."""
        if index not in self._edited:
            try:
                text = YamlText(self.item_text(index), file)
            except Exception:  # noqa: BLE001 - lines that do not read alone: the whole file is edited
                return None
            data = text.data
            if not (isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict)):
                return None
            if str(data[0].get("id")) != ident:
                return None
            self._edited[index] = text
        return self._edited[index].data[0]

    def append(self, record: dict[str, Any]) -> None:
        """A new item at the end, in the file's indentation."""
        key_column = self.column + 1 + self.gap
        lines = dump_ticket(record, " " * key_column)
        lines[0] = " " * self.column + "-" + " " * self.gap + lines[0][key_column:]
        self._appended.append("\n".join(lines) + "\n")

    def _one_item(self, text: str) -> bool:
        """Whether `text` is one item of the list as the file's lines show them: its dash at the
        list's column, no other line with content at or left of it."""
        encoded = text.encode("utf-8")
        found = _ITEM.match(encoded)
        if found is None or len(found.group(1)) != self.column:
            return False
        return _content_at_or_left_of(self.column).search(encoded) is None

    @property
    def rewritten(self) -> list[str]:
        """The ids of the items written afresh (`YamlText.rewritten`): their comments are not kept."""
        return [str(text.data[0].get("id")) for text in self._edited.values() if text.rewritten]

    def changed(self) -> bool:
        return bool(self._edited or self._appended)

    def spliced(self) -> tuple[bytes, list[Piece]]:
        """The file's new bytes, and the pieces that differ from the old ones."""
        newline = self.newline
        out: list[bytes] = []
        pieces: list[Piece] = []
        done = 0
        line = 1
        for index in sorted(self._edited):
            start, end = self.span(index)
            old = self.item_text(index)
            edited = self._edited[index]
            new = _at_column(unicodedata.normalize("NFC", edited.dump()), self.column)
            if not self._one_item(new):  # never spliced unless it reads as one item of this list
                raise ItemNotKept(index)
            if new == old:
                continue
            out.append(self.data[done:start])
            line += self.data.count(b"\n", done, start)
            out.append(new.replace("\n", newline).encode("utf-8"))
            pieces.append(Piece(start, end, index, old, new, line))
            line += new.count("\n")
            done = end
        out.append(self.data[done:])
        line += self.data.count(b"\n", done)
        if self._appended:
            if self.data and not self.data.endswith(b"\n"):
                out.append(newline.encode())
                line += 1
            new = unicodedata.normalize("NFC", "".join(self._appended))
            out.append(new.replace("\n", newline).encode("utf-8"))
            end = len(self.data)
            pieces.append(Piece(end, end, len(self.starts), "", new, line))
        return b"".join(out), pieces


def _at_column(text: str, column: int) -> str:
    """An item dumped alone, its dash moved to the list's column: the round trip writes one
    indentation for every list, and an item whose nested list is indented otherwise than the
    file's list came back with its dash at that list's offset ("  - id:" among "- id:"), or at
    column 0 when written afresh in a list that is indented."""
    dash = len(text) - len(text.lstrip(" "))
    shift = column - dash
    if shift == 0:
        return text
    lines = text.splitlines(True)
    if shift > 0:
        return "".join(" " * shift + line if line.strip() else line for line in lines)
    if any(line.strip() and len(line) - len(line.lstrip(" ")) < -shift for line in lines):
        return text  # a line left of the dash: not an indentation to take off (the check refuses it)
    return "".join(line[-shift:] if line.strip() else line for line in lines)


def item_list(data: bytes, expected: int) -> ItemList | None:
    """The items of `data`'s top-level block list, if its lines show them plainly and they are
    the `expected` number (the records the reader found in the file); None otherwise."""
    begin = len(_BOM) if data.startswith(_BOM) else 0
    first = _FIRST_CONTENT.search(data, begin)
    if first is None:
        return None
    found = _ITEM.match(data, first.start())
    if found is None:
        return None
    column, gap = len(found.group(1)), len(found.group(2)) or 1
    starts: list[int] = [first.start()]
    for content in _content_at_or_left_of(column).finditer(data, first.start()):
        item = _ITEM.match(data, content.start() + 1)
        if item is None or len(item.group(1)) != column:
            return None
        starts.append(content.start() + 1)
        gap = len(item.group(2)) or 1
    if len(starts) != expected:
        return None
    try:
        data[starts[0] :].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return ItemList(data, starts, column, gap)


_READ: dict[tuple[str, int], tuple[tuple[int, int, int], ItemList | None]] = {}


def read_item_list(path: Path, expected: int) -> ItemList | None:
    """`item_list` of the file at `path`, read and scanned once a command for the status it has
    (a lookup of the ticket and the edit of it read the same month file)."""
    status = path.stat()
    key, now = (str(path), expected), (status.st_size, status.st_mtime_ns, status.st_ino)
    known = _READ.get(key)
    if known is None or known[0] != now:
        found = item_list(path.read_bytes(), expected)
        _READ[key] = known = (now, found)
    found = known[1]
    return None if found is None else ItemList(found.data, found.starts, found.column, found.gap)
