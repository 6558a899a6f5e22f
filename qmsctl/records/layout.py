"""Where a new ticket goes and which id it gets, following what the folder already does.

A folder keeps its tickets either one file a month holding a list
(`tickets/2026/2026-03.yaml`) or one file a ticket (`tickets/2026/ID.yaml`). A new
ticket goes where its siblings are; an empty folder gets the month layout.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

_MONTH_FILE = re.compile(r"^(?P<dir>.*?)(?P<year>\d{4})-(?P<month>\d{2})\.ya?ml$")
# One-stop system numbers: <agency code>-<YYMMDD>-<NNNN>; letters: <book>-<YYYY>-<NNNNN>.
_DOSSIER_ID = re.compile(r"^(?P<prefix>.+)-(?P<day>\d{6})-(?P<seq>\d{3,})$")
_UNSAFE = re.compile(r"[^\w.\-]")  # characters a file name does not take
_LETTER_ID = re.compile(r"^(?P<prefix>.+)-(?P<year>\d{4})-(?P<seq>\d{3,})$")


@dataclass
class TicketLayout:
    """Where new tickets go, learned once from the folder: a sample file and its ticket's date."""

    month_lists: bool
    sample_folder: str  # a folder of the sample, with its year (and month) to replace
    sample_year: str
    sample_month: str

    @classmethod
    def of_counts(cls, in_lists: Mapping[str, int], singles: Iterable[tuple[str, datetime]]) -> TicketLayout:
        """The layout from the number of tickets of each list file, and the file and receipt of
        each ticket in a file of its own (not asked for when the folder has month lists)."""
        month_files = Counter({f: n for f, n in in_lists.items() if _MONTH_FILE.match(f.rsplit("/", 1)[-1])})
        alone = [] if month_files else list(singles)
        if month_files or not alone:
            if not month_files:
                return cls(True, "tickets/0000", "0000", "")
            sample = month_files.most_common(1)[0][0]
            folder, name = sample.rsplit("/", 1)
            found = _MONTH_FILE.match(name)
            assert found is not None
            return cls(True, folder, found.group("year"), "")
        folders = Counter(file.rsplit("/", 1)[0] for file, _received in alone)
        folder = folders.most_common(1)[0][0]
        received = next(received for file, received in alone if file.rsplit("/", 1)[0] == folder)
        return cls(False, folder, f"{received.year:04d}", f"{received.month:02d}")

    def file_for(self, ticket_id: str, received: datetime) -> str:
        """The file of a new ticket: the month's list, or a file of its own next to its siblings'.
        A folder named by the year (tickets/2026/) or the month (…/03/) takes the ticket's."""
        year, month = f"{received.year:04d}", f"{received.month:02d}"
        parts = [
            year if part == self.sample_year else month if self.sample_month and part == self.sample_month else part
            for part in self.sample_folder.split("/")
        ]
        folder = "/".join(parts)
        if self.month_lists:
            return f"{folder}/{year}-{month}.yaml"
        name = _UNSAFE.sub("_", ticket_id)
        return f"{folder}/{'_' + name[1:] if name.startswith('.') else name}.yaml"  # never a hidden file


def next_ticket_id(ids: Iterable[str], kind: str, received: datetime, own: str | None = None) -> str | None:
    """The next number in the agency's own numbering, learned from its ids: one-stop dossiers
    count per day (…-260303-0001), letters per year (VBD-2026-00042). A dossier is numbered
    with the agency's own prefix (`own`, its short name) whenever it is known, never with one
    the ids imported from a one-stop system carry (their next number is that system's to give,
    and an export would bring another dossier under it). None when the folder shows no
    numbering to follow."""
    pattern = _DOSSIER_ID if kind == "dossier" else _LETTER_ID
    stamp = received.strftime("%y%m%d") if kind == "dossier" else f"{received.year:04d}"
    if own is not None and kind == "dossier":  # the agency's own numbering, learned from its own ids
        ids = list(ids)
        mine = [ident for ident in ids if ident.startswith(own + "-")]
        if any(pattern.match(ident) for ident in mine):
            ids = mine
    prefixes: Counter[str] = Counter()
    widths: dict[str, int] = {}
    highest: dict[str, int] = {}
    for ident in ids:
        match = pattern.match(ident)
        if not match:
            continue
        prefix = match.group("prefix")
        prefixes[prefix] += 1
        widths[prefix] = len(match.group("seq"))
        if match.group(2) == stamp:
            highest[prefix] = max(highest.get(prefix, 0), int(match.group("seq")))
    if not prefixes:
        return None
    if own is not None and kind == "dossier":
        return f"{own}-{stamp}-{highest.get(own, 0) + 1:0{widths.get(own, 4)}d}"
    prefix = prefixes.most_common(1)[0][0]
    return f"{prefix}-{stamp}-{highest.get(prefix, 0) + 1:0{widths[prefix]}d}"
