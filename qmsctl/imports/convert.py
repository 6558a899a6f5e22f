"""One export row to one ticket, or the reason it is rejected: Vietnamese data as it comes
(05/03/2026 08:15, Excel serial dates, status words, procedure names typed loosely)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from qmsctl.findings import BIDI_MARK, UNPRINTABLE
from qmsctl.i18n import _
from qmsctl.imports.mapping import Mapping, StatusMeaning
from qmsctl.imports.sources import Row
from qmsctl.personal import label, personal_text, redact
from qmsctl.records.models import Procedure, Unit
from qmsctl.records.values import FIRST_YEAR, LAST_YEAR

EXCEL_EPOCH = datetime(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug included)
# The serial dates of the years the records accept (1990-01-01 and 2199-12-31, times included).
EXCEL_SERIALS = ((datetime(FIRST_YEAR, 1, 1) - EXCEL_EPOCH).days, (datetime(LAST_YEAR + 1, 1, 1) - EXCEL_EPOCH).days)
KINDS = {"dossier": "dossier", "letter": "letter", "ho so": "dossier", "van ban": "letter", "van ban den": "letter"}


def words(text: str) -> str:
    """For matching names: NFC, case folded, spacing collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).casefold()).strip()


@dataclass
class Reject:
    sheet: str
    row: int
    column: str  # the column letter, "" for the row as a whole
    reason: str


class RowProblem(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field


@dataclass
class Imported:
    ticket: dict[str, Any]  # the ticket's fields in the records' order and text form
    on_time: bool | None  # the export's own verdict, when it gives one
    redacted: list[str]  # kinds of personal data removed from its text


class Converter:
    def __init__(self, mapping: Mapping, procedures: list[Procedure], units: list[Unit]) -> None:
        self.mapping = mapping
        from functools import lru_cache

        from qmsctl.agency import fold

        self.fold = lru_cache(maxsize=4096)(fold)  # an export names a few procedures, row after row
        # A procedure by its code, its name, its national catalogue code or an alias of the
        # mapping, each compared without case or diacritics.
        by_code = {p.code: p for p in procedures}
        self.procedures: dict[str, Procedure] = {}
        for p in procedures:
            for key in (p.name, p.catalogue_code, p.code):
                if key:
                    self.procedures[fold(key)] = p
        self.unknown_aliases = sorted(code for code in mapping.aliases.values() if code not in by_code)
        self.procedures.update(
            {fold(alias): by_code[code] for alias, code in mapping.aliases.items() if code in by_code}
        )
        self.procedure_names = {fold(p.name): p for p in procedures}
        self.units = {u.code.casefold(): u.code for u in units}
        self.units.update({words(u.name): u.code for u in units})
        self.statuses = {words(k): v for k, v in mapping.statuses.items()}
        self.on_time_words = {words(k): v for k, v in mapping.on_time_words.items()}

    def text(self, row: Row, field: str, exact: bool = False) -> str | None:
        """A cell as text (NFC); None when empty or only spaces. An id, a code or a name is
        trimmed; `exact` free text keeps its spaces, tabs and line ends as the export has them."""
        value = row.values.get(field)
        if value is None or value == "":
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        # An export's stray controls are spaces; its bidirectional marks (around a number copied
        # from a phone, say) are dropped.
        text = UNPRINTABLE.sub(" ", BIDI_MARK.sub("", unicodedata.normalize("NFC", str(value))))
        if not text.strip():
            return None
        return text if exact else text.strip()

    def moment(self, row: Row, field: str) -> datetime | date | None:
        """A cell as a date or a moment; None when empty."""
        value = row.values.get(field)
        if value is None or value == "":
            return None
        if isinstance(value, time):  # what the reader makes of a negative serial date
            raise RowProblem(field, _("a time of day without a date ({value})").format(value=value))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not EXCEL_SERIALS[0] <= value <= EXCEL_SERIALS[1]:
                raise RowProblem(
                    field,
                    _("the Excel date {value} is outside the years {first}-{last}").format(
                        value=value, first=FIRST_YEAR, last=LAST_YEAR
                    ),
                )
            moment = EXCEL_EPOCH + timedelta(days=float(value))
            moment = (moment + timedelta(seconds=30)).replace(second=0, microsecond=0)  # to the nearest minute
            value = moment.date() if float(value).is_integer() else moment
        elif not isinstance(value, date):
            value = self._written_date(field, str(value).strip())
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise RowProblem(
                field,
                _("the date {value} is outside the years {first}-{last}").format(
                    value=value, first=FIRST_YEAR, last=LAST_YEAR
                ),
            )
        return value.replace(second=0, microsecond=0) if isinstance(value, datetime) else value

    def _written_date(self, field: str, text: str) -> datetime | date:
        for pattern in self.mapping.date_formats:
            try:
                parsed = datetime.strptime(text, pattern)
            except ValueError:
                continue
            return parsed if any(code in pattern for code in ("%H", "%M")) else parsed.date()
        raise RowProblem(field, _("'{value}' is not a date ({formats})").format(value=text, formats="dd/mm/yyyy hh:mm"))

    def convert(self, row: Row) -> Imported:
        ident = self.text(row, "id")
        if ident is None:
            raise RowProblem("id", _("no id"))
        what = personal_text(ident)
        if what is not None:  # an id column that holds a citizen's ID number or phone
            raise RowProblem("id", _("the id looks like personal data ({what})").format(what=label(what)))
        procedure = self._procedure(row)
        received = self.moment(row, "received")
        if received is None:
            raise RowProblem("received", _("no date of receipt"))
        if not isinstance(received, datetime):
            received = datetime.combine(received, time())
        outcome, on_time = self._status(row)
        completed = self.moment(row, "completed")
        if completed is None and outcome in ("done", "returned", "withdrawn"):
            completed = self.moment(row, "status_date")  # the day the status was set
        pause = self._pause(row, outcome == "paused")
        if outcome in ("in-progress", "paused"):
            outcome, completed = None, None
        elif outcome is not None and completed is None:
            raise RowProblem(
                "completed", _("finished ({outcome}) without the date of its result").format(outcome=outcome)
            )
        elif outcome is None and completed is not None:
            outcome = "done"
        if completed is not None and not isinstance(completed, datetime):
            # A result date without a time: that day, never before the receipt.
            completed = max(datetime.combine(completed, time()), received)
        verdict = self._on_time(row)
        ticket: dict[str, Any] = {"id": ident, "kind": self._kind(row), "procedure": procedure.code}
        unit_text = self.text(row, "unit")
        if unit_text is not None:
            unit = self.units.get(unit_text.casefold()) or self.units.get(words(unit_text))
            if unit is None:
                raise RowProblem("unit", _("no unit '{value}' in the records").format(value=unit_text))
            if unit != procedure.unit:
                ticket["unit"] = unit
        ticket["received"] = received
        due = self.moment(row, "due")
        if due is not None:
            ticket["due"] = due
        if pause is not None:
            ticket["pauses"] = [pause]
        if completed is not None:
            ticket["completed"] = completed
            ticket["outcome"] = outcome
        redacted: list[str] = []
        for field in ("subject", "sender"):
            value = self.text(row, field, exact=True)
            if value is not None:
                ticket[field], found = redact(value)
                redacted += found
        return Imported(ticket, verdict if verdict is not None else on_time, redacted)

    def _procedure(self, row: Row) -> Procedure:
        """The procedure a row names, or why none: with the closest procedures' names."""
        from difflib import get_close_matches

        written = self.text(row, "procedure") or ""
        found = self.procedures.get(self.fold(written))
        if found is not None:
            return found
        close = get_close_matches(self.fold(written), list(self.procedure_names), n=3, cutoff=0.6)
        named = "; ".join(f"{p.code} ({p.name})" for p in (self.procedure_names[c] for c in close))
        hint = _(" Did you mean {procedures}?").format(procedures=named) if close else ""
        raise RowProblem(
            "procedure",
            _("no procedure '{value}' in the records").format(value=written)
            + hint
            + _(" (an alias in the mapping's `aliases:` or a procedure's `catalogue_code:` names it)"),
        )

    def _pause(self, row: Row, paused: bool) -> dict[str, Any] | None:
        """The row's pause for supplements, when the mapping names its columns; a row whose
        status says it is paused must give when the pause began."""
        start = self.moment(row, "pause_from")
        if start is None:
            if paused:
                raise RowProblem("pause_from", _("paused, without the day the pause began"))
            return None
        end = self.moment(row, "pause_to")
        pause: dict[str, Any] = {"from": _as_moment(start)}
        if end is not None:
            pause["to"] = _as_moment(end)
        reason = self.text(row, "pause_reason", exact=True)
        if reason is not None:
            pause["reason"], _found = redact(reason)
        return pause

    def _kind(self, row: Row) -> str:
        value = self.text(row, "kind")
        if value is None:
            return self.mapping.kind
        from qmsctl.personal import plain

        kind = KINDS.get(plain(value))
        if kind is None:
            raise RowProblem("kind", _("'{value}' is neither a dossier nor a letter").format(value=value))
        return kind

    def _status(self, row: Row) -> tuple[str | None, bool | None]:
        value = self.text(row, "status")
        if value is None:
            return None, None
        meaning = self.statuses.get(words(value))
        if meaning is None:
            known = ", ".join(self.mapping.statuses) or "—"
            raise RowProblem("status", _("unknown status '{value}' (known: {known})").format(value=value, known=known))
        if isinstance(meaning, StatusMeaning):
            return meaning.outcome, meaning.on_time
        return meaning, None

    def _on_time(self, row: Row) -> bool | None:
        value = row.values.get("on_time")
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        verdict = self.on_time_words.get(words(str(value)))
        if verdict is None:
            raise RowProblem("on_time", _("'{value}' says neither on time nor late").format(value=value))
        return verdict


def _as_moment(value: datetime | date) -> datetime:
    """A day without a time is its start."""
    return value if isinstance(value, datetime) else datetime.combine(value, time())
