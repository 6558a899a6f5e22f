"""Impossible derived states of corrective actions (A501-A504), QT.CTCL 5.2-5.7."""

from __future__ import annotations

from collections.abc import Iterator

from qmsctl.checks.identity import action_id
from qmsctl.findings import Finding, Severity
from qmsctl.i18n import _
from qmsctl.records.load import Records


def check_action_states(records: Records) -> Iterator[Finding]:
    for s in records.actions:
        a = s.model
        ident = action_id(s)
        # Each section needs the one before it (5.2.2 -> 5.3 -> 5.4 -> 5.6 -> 5.7).
        chain = [
            ("need", a.need, "request", True),
            ("assignment", a.assignment, "need", a.need is not None),
            ("plan", a.plan, "assignment", a.assignment is not None),
            ("progress", a.progress or None, "plan", a.plan is not None),
            ("verification", a.verification, "plan", a.plan is not None),
            ("closure", a.closure, "verification", a.verification is not None),
        ]
        for section, present, needs, has_needed in chain:
            if present is not None and not has_needed:
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
        if a.closure is not None and v is not None and not (v.evidence or "").strip():
            yield Finding(
                "A504",
                Severity.ERROR,
                s.file,
                _("Action {id}: closed without verification evidence").format(id=ident),
                _("QT.CTCL 5.7: write the evidence of the result in verification.evidence."),
                ("verification",),
            )
