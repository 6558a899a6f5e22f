"""Where a new ticket goes and which id it gets, following what the folder already does.

A folder keeps its tickets either one file a month holding a list
(`tickets/2026/2026-03.yaml`) or one file a ticket (`tickets/2026/ID.yaml`). A new
ticket goes where its siblings are; an empty folder gets the month layout.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from qmsctl.records.load import Records

_MONTH_FILE = re.compile(r"^(?P<dir>.*?)(?P<year>\d{4})-(?P<month>\d{2})\.ya?ml$")
# One-stop system numbers: <agency code>-<YYMMDD>-<NNNN>; letters: <book>-<YYYY>-<NNNNN>.
_DOSSIER_ID = re.compile(r"^(?P<prefix>.+)-(?P<day>\d{6})-(?P<seq>\d{3,})$")
_LETTER_ID = re.compile(r"^(?P<prefix>.+)-(?P<year>\d{4})-(?P<seq>\d{3,})$")


def ticket_file(records: Records, ticket_id: str, received: datetime) -> tuple[str, bool]:
    """(file, holds a list) for a new ticket."""
    month_files = [s.file for s in records.tickets if s.loc and _MONTH_FILE.match(s.file.rsplit("/", 1)[-1])]
    single_files = [s.file for s in records.tickets if not s.loc]
    year, month = f"{received.year:04d}", f"{received.month:02d}"
    if month_files or not single_files:
        if month_files:
            sample = Counter(month_files).most_common(1)[0][0]
            folder, name = sample.rsplit("/", 1)
            sample_year = _MONTH_FILE.match(name).group("year")  # type: ignore[union-attr]
            # The year is in the folder too when the folder is named by it: tickets/2026/.
            folder = "/".join(year if part == sample_year else part for part in folder.split("/"))
        else:
            folder = f"tickets/{year}"
        return f"{folder}/{year}-{month}.yaml", True
    sample = Counter(f.rsplit("/", 1)[0] for f in single_files).most_common(1)[0][0]
    folder = "/".join(year if re.fullmatch(r"\d{4}", part) else part for part in sample.split("/"))
    safe = re.sub(r"[^\w.\-]", "_", ticket_id)
    return f"{folder}/{safe}.yaml", False


def next_ticket_id(ids: Iterable[str], kind: str, received: datetime) -> str | None:
    """The next number in the agency's own numbering, learned from its ids: one-stop dossiers
    count per day (…-260303-0001), letters per year (VBD-2026-00042). None when the folder
    shows no numbering to follow."""
    pattern = _DOSSIER_ID if kind == "dossier" else _LETTER_ID
    stamp = received.strftime("%y%m%d") if kind == "dossier" else f"{received.year:04d}"
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
    prefix = prefixes.most_common(1)[0][0]
    return f"{prefix}-{stamp}-{highest.get(prefix, 0) + 1:0{widths[prefix]}d}"
