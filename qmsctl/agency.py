"""An agency's records folder, read once: the one object the commands, the forms, the importer
and the checks work from (`qmsctl.open(root)`).

It owns the lookups (one error code for each kind of record not found), the one working
calendar, `check()`, `figures()`, the objectives and the edit entry point.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qmsctl.calendar import WorkCalendar
from qmsctl.findings import Severity, UserError
from qmsctl.i18n import _
from qmsctl.records.kinds import BY_NAME, action_id
from qmsctl.records.load import Records, Sourced, files_naming, load_records
from qmsctl.records.models import Action, CalendarSettings, Document, Procedure, Profile, Ticket, TicketView, Unit

if TYPE_CHECKING:
    from qmsctl.check import CheckResult
    from qmsctl.edits import Editor, Outcome
    from qmsctl.figures import Cut, Figures, Period, Scope
    from qmsctl.objectives import ObjectiveResult
    from qmsctl.records.facts import TicketIndex

# The calendar covers the years of the records, one before and two after: a dossier received
# in December is due in January, and a year file may be written ahead.
YEARS_BEFORE, YEARS_AFTER = 1, 2
# The kinds of records the figures are made of: a ticket left out, or judged on a procedure or
# calendar that failed to read, makes every figure of its period wrong.
_COUNTED = ("ticket", "procedure", "calendar", "profile")


def fold(text: str) -> str:
    """Text as typed without diacritics, case, punctuation or extra spaces: "Phòng Nội chính" ->
    "phong noi chinh", "Phòng Kinh tế, Hạ tầng và Đô thị" -> "phong kinh te ha tang va do thi"."""
    from unidecode import unidecode

    return " ".join(re.sub(r"[\W_]+", " ", unidecode(unicodedata.normalize("NFC", text)).casefold()).split())


def match_choice(value: str, choices: dict[str, str], option: str) -> str:
    """The code in `choices` (code -> name) that `value` names: the code in any case, or the
    name, whole, its end ("noi chinh" for "Phòng Nội chính") or else any run of its words ("tiep
    nhan" for "Bộ phận Tiếp nhận và Trả kết quả"), with or without diacritics.
    Nothing or more than one: a usage error listing what is known."""
    wanted = fold(value)
    exact = [code for code, name in choices.items() if wanted in (fold(code), fold(name))]
    found = exact or [code for code, name in choices.items() if fold(name).endswith(" " + wanted)]
    found = found or [code for code, name in choices.items() if f" {wanted} " in f" {fold(name)} "]
    if len(found) == 1:
        return found[0]
    listed = found or sorted(choices)
    raise UserError(
        "U011",
        _("{option}: '{value}' matches no known value").format(option=option, value=value)
        if not found
        else _("{option}: '{value}' matches more than one value").format(option=option, value=value),
        hint=_("Known: {values}").format(values="; ".join(f"{code} ({choices[code]})" for code in listed)),
    )


def work_calendar(
    records: Records, extra_years: Iterable[int] = (), tickets: Iterable[TicketView] | None = None
) -> WorkCalendar:
    """The agency's working calendar over the years its records (and `extra_years`) touch;
    `tickets` when they are not the loaded records' (their facts)."""
    settings = records.profile.model.calendar if records.profile else CalendarSettings()
    received = (t.received for t in tickets) if tickets is not None else (s.model.received for s in records.tickets)
    years = {moment.year for moment in received} | {s.model.year for s in records.calendars}
    years |= set(extra_years)
    years = {y for y in years if 1900 <= y <= 9000} or {date.today().year}
    return WorkCalendar(
        settings, [s.model for s in records.calendars], min(years) - YEARS_BEFORE, max(years) + YEARS_AFTER
    )


@dataclass
class Agency:
    """The records of one agency, loaded and validated (records with errors left out)."""

    records: Records
    as_of: Cut | None = None  # the "as of" moment of every figure (docs/rules.md section 4); None: now
    facts: TicketIndex | None = None  # the tickets' facts, when they are read instead of the tickets

    @classmethod
    def open(
        cls,
        root: Path | str,
        workers: int | None = None,
        as_of: Cut | None = None,
        ticket: str | None = None,
        counting: bool = False,
    ) -> Agency:
        """Read the folder at `root` once; figures are judged as of `as_of` (default: now).
        With `ticket`, only the ticket files that name it are read (and every record that is
        not a ticket): enough to answer for that one ticket, at a fraction of the cost.
        `counting`: the tickets are read as the facts the figures need (`records/facts.py`),
        remembered between runs, so an unchanged ticket file is not read; `records.tickets`
        is then empty and `tickets` holds the facts."""
        root = Path(root)
        if counting:
            from qmsctl.records.cache import listed
            from qmsctl.records.facts import read_ticket_facts

            with listed(root):  # one listing of the folder, one status a file
                return cls(load_records(root, workers, without_tickets=True), as_of, read_ticket_facts(root, workers))
        if ticket is not None:
            records = load_records(root, workers, only=files_naming(root, ticket))
            if any(s.model.id == ticket for s in records.tickets):
                return cls(records, as_of)
        return cls(load_records(root, workers), as_of)

    @cached_property
    def cut(self) -> Cut:
        """The "as of" moment figures are judged at."""
        from qmsctl.figures import Cut

        return self.as_of or Cut.now()

    @property
    def root(self) -> Path:
        return self.records.root

    @property
    def profile(self) -> Profile | None:
        return self.records.profile.model if self.records.profile else None

    @cached_property
    def procedures(self) -> dict[str, Procedure]:
        return {s.model.code: s.model for s in self.records.procedures}

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {s.model.code: s.model for s in self.records.units}

    @cached_property
    def tickets(self) -> list[TicketView]:
        if self.facts is not None:
            return list(self.facts.tickets)
        return [s.model for s in self.records.tickets]

    def whole(self, ticket: TicketView) -> Ticket | None:
        """The ticket itself, with its text and process log, where `ticket` may be its facts."""
        if isinstance(ticket, Ticket):
            return ticket
        from qmsctl.records.facts import TicketFacts, whole_ticket

        if not isinstance(ticket, TicketFacts):
            return None
        in_file = self.facts.in_lists.get(ticket.file, 0) if self.facts is not None else 0
        return whole_ticket(self.root, ticket, in_file)

    @cached_property
    def calendar(self) -> WorkCalendar:
        return work_calendar(self.records, tickets=self.tickets)

    @property
    def unread(self) -> int:
        """Records left out because they have errors (see `qmsctl check`)."""
        errors = self.facts.errors if self.facts is not None else 0
        return errors + sum(1 for f in self.records.findings if f.severity is Severity.ERROR)

    def lost(self, *kinds: str) -> list[str]:
        """The files of these kinds of records with a record that failed to read: what a figure
        made of them would miss (the surveys of a satisfaction figure, the registers of risks)."""
        return sorted(f for f in self.records.lost_files if self.records.files.get(f) in kinds)

    def incomplete_for(self, *kinds: str) -> list[str]:
        """`incomplete` (what the tickets' figures miss) and the lost files of `kinds`."""
        return sorted({*self.incomplete, *self.lost(*kinds)})

    @cached_property
    def incomplete(self) -> list[str]:
        """The files the figures would miss records of (docs/rules.md section 4): ticket files with a
        record that failed to read (the whole file, or one of its records), or with a ticket of
        no known procedure, and the procedures, calendars and profile that failed to read (their
        tickets would be left out or judged by other days); folders that cannot be listed. A
        finding that leaves its record read (a control character shown as U+FFFD) does not make
        the figures incomplete. Empty when the figures are complete."""
        counted = {BY_NAME[kind].place for kind in _COUNTED}
        files = {file for file in self.records.lost_files if self.records.files.get(file) in _COUNTED}
        # Folders that cannot be listed (Y100), and record files that cannot be opened.
        files.update(
            f.file
            for f in self.records.findings
            if f.code == "Y100" and (f.file == "." or f.file.split("/")[0] in counted)
        )
        if self.facts is not None:
            files.update(self.facts.error_files)
        # A ticket of a procedure that failed to read is the procedure file's; of no procedure, its own.
        unknown = self.records.unread.get("procedure", set())
        files.update(
            f for f, code, _unjudged in self._ticket_sources() if code not in self.procedures and code not in unknown
        )
        # A ticket finished without the acceptance it is counted from has no due to be judged
        # by (rule 10); one still open waits for it, on time.
        from_acceptance = {code for code, p in self.procedures.items() if p.counts_from == "accepted"}
        if from_acceptance:
            files.update(f for f, code, unjudged in self._ticket_sources() if code in from_acceptance and unjudged)
        return sorted(files)

    def _ticket_sources(self) -> Iterable[tuple[str, str, bool]]:
        """(file, procedure, finished without a recorded acceptance) of each ticket read."""
        if self.facts is not None:
            return ((t.file, t.procedure, t.accepted is None and t.completed is not None) for t in self.facts.tickets)
        return (
            (s.file, s.model.procedure, s.model.accepted is None and s.model.completed is not None)
            for s in self.records.tickets
        )

    # --- lookups: each names what is missing, with its own code -----------------------------

    def ticket(self, ident: str) -> Ticket:
        return self.sourced_ticket(ident).model

    def sourced_ticket(self, ident: str) -> Sourced[Ticket]:
        found = next((s for s in self.records.tickets if s.model.id == ident), None)
        facts = self.facts.find(ident) if self.facts is not None else None
        if facts is not None and (whole := self.whole(facts)) is not None:
            found = Sourced(whole, facts.file, facts.loc)
        if found is None:
            raise UserError("U003", _("There is no ticket {id}").format(id=ident), hint=self._ticket_hint(ident))
        return found

    def _ticket_hint(self, ident: str) -> str:
        """The ids one that matched none was likely meant for: the same but for case and the
        zeros before a number (VBD-2025-1 for VBD-2025-00001), else those close to it among
        its neighbours in order (a typo near the end, where the numbers are)."""
        from bisect import bisect_left
        from difflib import get_close_matches

        known = sorted(t.id for t in self.tickets)
        key = _loose_id(ident)
        close = [k for k in known if _loose_id(k) == key]
        if not close:
            at = bisect_left(known, ident)
            close = get_close_matches(ident, known[max(0, at - 20) : at + 20], 3, 0.9)
        if not close:
            return _("Check the ticket id.")
        return _("Did you mean {ids}?").format(ids=", ".join(close))

    def procedure(self, code: str) -> Procedure:
        found = self.procedures.get(code)
        if found is None:
            raise UserError(
                "U004",
                _("There is no procedure {code}").format(code=code),
                hint=_("Known: {codes}").format(codes=", ".join(sorted(self.procedures))),
            )
        return found

    def ticket_with_procedure(self, ident: str) -> tuple[Ticket, Procedure]:
        """A ticket and its procedure, or a usage error saying which is missing."""
        ticket = self.ticket(ident)
        return ticket, self.procedure(ticket.procedure)

    def action(self, ident: str) -> Sourced[Action]:
        found = next((s for s in self.records.actions if action_id(s) == ident), None)
        if found is None:
            known = ", ".join(sorted(action_id(s) for s in self.records.actions)[-5:])
            raise UserError(
                "U009", _("There is no action {id}").format(id=ident), hint=_("Known: {ids}").format(ids=known)
            )
        return found

    def document(self, code: str) -> Sourced[Document]:
        found = next((s for s in self.records.documents if s.model.code == code), None)
        if found is None:
            raise UserError(
                "U010", _("There is no document {code}").format(code=code), hint=_("Create it with qmsctl doc new.")
            )
        return found

    def scope(self, group: str | None = None, unit: str | None = None, procedure: str | None = None) -> Scope:
        """The tickets figures count, from what a user typed (codes or names, any case, with or
        without diacritics); an unknown value is a usage error listing the known ones."""
        from qmsctl.figures import GROUP_NAMES, Scope

        return Scope(
            group=match_choice(group, GROUP_NAMES, "--group") if group else None,
            unit=match_choice(unit, {c: u.name for c, u in self.units.items()}, "--unit") if unit else None,
            procedure=match_choice(procedure, {c: p.name for c, p in self.procedures.items()}, "--procedure")
            if procedure
            else None,
        )

    # --- what the folder says ----------------------------------------------------------------

    def check(self, today: date | None = None) -> CheckResult:
        """The findings of `qmsctl check` on the records as loaded (nothing is read again but
        the files that have findings, for their positions)."""
        from qmsctl.check import check_records

        return check_records(self.records, today)

    def figures(self, period: Period, by: str = "procedure", scope: Scope | None = None, **options: Any) -> Figures:
        """The figures of a period judged at the cut (docs/rules.md section 4), by procedure, unit or month;
        `options` are those of `compute_figures` (all_procedures)."""
        from qmsctl.figures import Scope, compute_figures

        return compute_figures(
            self.tickets,
            self.procedures,
            period,
            self.calendar,
            self.cut,
            by=by,
            scope=scope or Scope(),
            unit_names={code: u.name for code, u in self.units.items()},
            **options,
        )

    def objective_results(self, period: Period) -> list[ObjectiveResult]:
        """Every objective of the years the period touches, evaluated over it at the cut."""
        from qmsctl.objectives import evaluate

        objectives = [s.model for s in self.records.objectives]
        return evaluate(objectives, self.tickets, self.procedures, set(self.units), period, self.calendar, self.cut)

    def edit(self, edit: Callable[[Editor], str], dry_run: bool = False, today: date | None = None) -> Outcome:
        """Run `edit` under the folder's lock and write its change if `check` stays as clean."""
        from qmsctl.edits import apply_edit

        return apply_edit(self.root, edit, dry_run=dry_run, today=today)


@dataclass
class Reported:
    """A period's figures as `stats` shows them (without the tickets placed: `placed` is empty),
    and how many records were left out because they have errors."""

    figures: Figures
    unread: int
    incomplete: list[str] = field(default_factory=list)  # see `Agency.incomplete`


def _loose_id(ident: str) -> str:
    """An id compared loosely: in one case, each number without its leading zeros."""
    return re.sub(r"\d+", lambda number: str(int(number.group())), ident.casefold())


def remembered_figures(
    root: Path,
    period: Period,
    cut: Cut,
    by: str = "procedure",
    choices: tuple[str | None, ...] = (None,) * 3,
    **options: Any,
) -> Reported:
    """`Agency.open(root, as_of=cut).figures(...)` with the scope `choices` (group, unit,
    procedure as typed), answered from the last run when the folder, the code and the question
    are unchanged. A period's figures depend on the cut only through the moment it is judged at
    (its end, once it is over), so a closed period is remembered whatever the time of asking."""
    from qmsctl.i18n import language
    from qmsctl.records.cache import remembered_about

    def compute() -> Reported:
        agency = Agency.open(root, as_of=cut, counting=True)
        figures = agency.figures(period, by, agency.scope(*choices), **options)
        return Reported(replace(figures, placed=[]), agency.unread, agency.incomplete)

    context = repr((language(), period, by, choices, sorted(options.items()), cut.of(period)))
    return remembered_about(root, "figures", context, compute, Reported)


def open_agency(root: Path) -> Agency:
    return Agency.open(root)
