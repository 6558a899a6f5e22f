"""Internal audits (clause 9.2): a finding's action exists (R311), a nonconformity has one
(A507), every unit is audited each year (A508), no auditor audits their own unit (A509)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from qmsctl.findings import Finding, Severity
from qmsctl.i18n import _
from qmsctl.records.kinds import file_stem
from qmsctl.records.load import Records, Sourced


def audit_id(item: Sourced[Any]) -> str:
    return str(item.model.id or file_stem(item.file))


def check_audits(records: Records) -> Iterator[Finding]:
    actions = records.names("action")
    for s in records.audits:
        audit = s.model
        ident = audit_id(s)
        own = audit.auditor_units()
        for index, item in enumerate(audit.findings):
            if item.action and item.action not in actions:
                yield Finding(
                    "R311",
                    Severity.ERROR,
                    s.file,
                    _("Audit {id}: finding {n} names action {action}, which does not exist").format(
                        id=ident, n=index + 1, action=item.action
                    ),
                    _("Open it with qmsctl audit finding-to-action, or correct the id."),
                    s.loc + ("findings", index, "action"),
                )
            if item.kind == "nonconformity" and not item.action and audit.status == "done":
                yield Finding(
                    "A507",
                    Severity.ERROR,
                    s.file,
                    _("Audit {id}: nonconformity {n} ({unit}, {clause}) has no corrective action").format(
                        id=ident, n=index + 1, unit=item.unit, clause=item.clause
                    ),
                    _("Open one: qmsctl audit finding-to-action {id} {n}").format(id=ident, n=index + 1),
                    s.loc + ("findings", index),
                )
            if item.by and own.get(item.by) == item.unit:
                yield Finding(
                    "A509",
                    Severity.ERROR,
                    s.file,
                    _("Audit {id}: {auditor} audited their own unit {unit}").format(
                        id=ident, auditor=item.by, unit=item.unit
                    ),
                    _("An auditor does not audit their own work (ISO 9001 9.2.2 b): give it to another auditor."),
                    s.loc + ("findings", index, "by"),
                )
        for unit in audit.units:
            auditors = [name for name, home in own.items() if home == unit]
            if auditors and len(auditors) == len(audit.auditor_names()):
                yield Finding(
                    "A509",
                    Severity.ERROR,
                    s.file,
                    _("Audit {id}: unit {unit} is audited only by its own staff ({names})").format(
                        id=ident, unit=unit, names=", ".join(auditors)
                    ),
                    _("An auditor does not audit their own work (ISO 9001 9.2.2 b): add an auditor from another unit."),
                    s.loc + ("auditors",),
                )


def check_audit_programme(records: Records, today: date) -> Iterator[Finding]:
    """A508: in each year over before today that had internal audits, every unit was audited."""
    units = [s.model.code for s in records.units]
    by_year: dict[int, set[str]] = {}
    files: dict[int, str] = {}
    for s in records.audits:
        audit = s.model
        if audit.status != "done":
            continue
        covered = by_year.setdefault(audit.on.year, set())
        covered.update(audit.units or units)  # an audit naming no unit covers the whole agency
        covered.update(f.unit for f in audit.findings)
        files.setdefault(audit.on.year, s.file)
    for year, covered in sorted(by_year.items()):
        if year >= today.year:
            continue
        missing = [u for u in units if u not in covered]
        if missing:
            yield Finding(
                "A508",
                Severity.WARNING,
                files[year],
                _("No internal audit of {units} in {year}").format(units=", ".join(missing), year=year),
                _("Every unit is audited at least once a year: plan it with qmsctl audit plan."),
            )
