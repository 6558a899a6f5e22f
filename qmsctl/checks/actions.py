"""Corrective actions (A501-A506): impossible derived states, QT.CTCL 5.2-5.7, and the follow-up
the procedure asks for."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date

from qmsctl.findings import Finding, Loc, Severity
from qmsctl.i18n import _
from qmsctl.records.action_states import SECTIONS, ActionState, has_evidence
from qmsctl.records.kinds import action_id
from qmsctl.records.load import Records


def check_action_states(records: Records) -> Iterator[Finding]:
    for s in records.actions:
        a = s.model
        ident = action_id(s)
        # Each section needs the one before it (5.2.2 -> 5.3 -> 5.4 -> 5.6 -> 5.7).
        for step in SECTIONS:
            section, needs = step.name, step.needs
            if needs and getattr(a, section) and not getattr(a, needs):
                yield Finding(
                    "A501",
                    Severity.ERROR,
                    s.file,
                    _("Action {id}: it has a {section} section but no {needs} section").format(
                        id=ident, section=section, needs=needs
                    ),
                    _(
                        "Fill the sections in the order of QT.CTCL: request, need, assignment, plan, "
                        "verification, closure."
                    ),
                    (section,),
                )
        if a.need is not None and not a.need.required and a.assignment is not None:
            yield Finding(
                "A501",
                Severity.ERROR,
                s.file,
                _("Action {id}: assigned although the need was judged not required").format(id=ident),
                _("Set need.required to true, or remove the assignment."),
                ("assignment",),
            )
        v = a.verification
        if v is not None and not v.effective and not a.reopened_as:
            yield Finding(
                "A502",
                Severity.ERROR,
                s.file,
                _("Action {id}: verified as ineffective without a new action").format(id=ident),
                _("QT.CTCL 5.7: open a new action and name it in 'reopened_as'."),
                ("verification", "effective"),
            )
        if a.reopened_as and (v is None or v.effective):
            yield Finding(
                "A503",
                Severity.ERROR,
                s.file,
                _("Action {id}: reopened as {new} without an ineffective verification").format(
                    id=ident, new=a.reopened_as
                ),
                _("Only an action verified as ineffective is reopened."),
                ("reopened_as",),
            )
        if a.closure is not None and v is not None and not has_evidence(a):
            yield Finding(
                "A504",
                Severity.ERROR,
                s.file,
                _("Action {id}: closed without verification evidence").format(id=ident),
                _("QT.CTCL 5.7: write the evidence of the result in verification.evidence."),
                ("verification",),
            )


REPEATS_BEFORE_ACTION = 3  # QT.CTCL 5.2.2: "quá 03 lần liên tiếp"


def same_content(text: str) -> str:
    """A nonconformity's content, compared ignoring case, spacing, composition and end punctuation."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).casefold()).strip(" .;")


def check_repeated_nonconformities(records: Records) -> Iterator[Finding]:
    """QT.CTCL 5.2.2: a nonconformity recorded more than 3 times in a row for the same unit
    needs a corrective action (A505). Records are the action requests and the audits'
    nonconformities, in date order per unit."""
    by_unit: dict[str, list[tuple[date, str, str, Loc, bool]]] = {}
    for s in records.actions:
        a = s.model
        decided = a.need is not None and a.need.required
        by_unit.setdefault(a.request.unit, []).append(
            (a.request.on, same_content(a.request.description), s.file, ("request", "description"), decided)
        )
    for s in records.audits:
        for index, finding in enumerate(s.model.findings):
            if finding.kind == "nonconformity":
                by_unit.setdefault(finding.unit, []).append(
                    (s.model.on, same_content(finding.description), s.file, ("findings", index), bool(finding.action))
                )
    for unit, entries in sorted(by_unit.items()):
        entries.sort(key=lambda e: (e[0], e[2]))
        run: list[tuple[date, str, str, Loc, bool]] = []
        for entry in [*entries, None]:
            if entry is not None and run and entry[1] == run[-1][1]:
                run.append(entry)
                continue
            if len(run) > REPEATS_BEFORE_ACTION and not any(e[4] for e in run):
                last = run[-1]
                yield Finding(
                    "A505",
                    Severity.WARNING,
                    last[2],
                    _("The same nonconformity was recorded {n} times in a row for unit {unit}").format(
                        n=len(run), unit=unit
                    ),
                    _("QT.CTCL 5.2.2: decide a corrective action (need.required: true) on one of these records."),
                    last[3],
                )
            run = [entry] if entry is not None else []


def check_action_follow_up(records: Records, today: date) -> Iterator[Finding]:
    """QT.CTCL 5.5: a long action reports its progress to Ban ISO every month. A planned action
    whose due date has passed with no progress note this month is flagged (A506)."""
    for s in records.actions:
        a = s.model
        if a.state is not ActionState.PLANNED or a.plan is None:
            continue
        dues = [m.due for m in a.plan.actions if m.due] + (
            [a.assignment.due] if a.assignment and a.assignment.due else []
        )
        if not dues or max(dues) >= today:
            continue
        if any((p.on.year, p.on.month) == (today.year, today.month) for p in a.progress):
            continue
        yield Finding(
            "A506",
            Severity.WARNING,
            s.file,
            _("Action {id}: its plan was due on {due} and no progress is reported for {month}").format(
                id=action_id(s), due=max(dues).strftime("%d/%m/%Y"), month=today.strftime("%m/%Y")
            ),
            _("QT.CTCL 5.5: add this month's progress (qmsctl action progress), or verify the action."),
            ("plan",),
        )
