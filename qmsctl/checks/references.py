"""Broken references between records (R302-R309) and unreadable objective targets (O701)."""

from __future__ import annotations

from collections.abc import Iterator

from qmsctl.catalog import FORMS, METRIC_KINDS, is_known_clause
from qmsctl.findings import Finding, Loc, Severity
from qmsctl.i18n import _
from qmsctl.records.kinds import action_id
from qmsctl.records.load import Records
from qmsctl.targets import parse_target


def known(records: Records, kind: str) -> set[str]:
    """Codes of the records of a kind, counting those that failed to read."""
    return records.names(kind)


def _missing(code: str, file: str, loc: Loc, message: str, hint: str) -> Finding:
    return Finding(code, Severity.ERROR, file, message, hint, loc)


def did_you_mean(code: str, known: set[str]) -> str:
    """ "Did you mean QT.TP.05?" for a code mistyped: the same but for case and the zeros before a
    number (QT.TP.5), else the closest known code; empty when none is near."""
    import re
    from difflib import get_close_matches

    def plain(text: str) -> str:
        return re.sub(r"\d+", lambda number: str(int(number.group())), text.casefold())

    same = [k for k in sorted(known) if plain(k) == plain(code)]
    near = same or get_close_matches(code, sorted(known), n=1, cutoff=0.75)
    return " " + _("Did you mean {code}?").format(code=near[0]) if near else ""


def check_ticket_references(records: Records) -> Iterator[Finding]:
    """R302, R303: a ticket's procedure and unit exist."""
    units = known(records, "unit")
    procedures = known(records, "procedure")
    unit_hint = _("Known units: {codes}").format(codes=", ".join(sorted(units)))
    for s in records.tickets:
        t = s.model
        if t.procedure not in procedures:
            yield _missing(
                "R302",
                s.file,
                s.loc + ("procedure",),
                _("Ticket {id}: procedure {code} does not exist").format(id=t.id, code=t.procedure),
                _("Add procedures/{code}.yaml or correct the code.").format(code=t.procedure)
                + did_you_mean(t.procedure, procedures),
            )
        if t.unit is not None and t.unit not in units:
            yield _missing(
                "R303",
                s.file,
                s.loc + ("unit",),
                _("Ticket {id}: unit {code} does not exist").format(id=t.id, code=t.unit),
                unit_hint + did_you_mean(t.unit, units),
            )


def check_references(records: Records) -> Iterator[Finding]:
    """R303-R309 between the records that are not tickets."""
    units = known(records, "unit")
    documents = known(records, "document")
    forms = documents | set(FORMS)
    actions = records.names("action")
    unit_hint = _("Known units: {codes}").format(codes=", ".join(sorted(units)))
    for s in records.procedures:
        p = s.model
        if p.unit not in units:
            yield _missing(
                "R303",
                s.file,
                s.loc + ("unit",),
                _("Procedure {code}: unit {unit} does not exist").format(code=p.code, unit=p.unit),
                unit_hint + did_you_mean(p.unit, units),
            )
        if p.document and p.document not in documents:
            yield _missing(
                "R304",
                s.file,
                s.loc + ("document",),
                _("Procedure {code}: document {document} does not exist").format(code=p.code, document=p.document),
                _("Add documents/{document}.md or correct the code.").format(document=p.document)
                + did_you_mean(p.document, documents),
            )
    for s in records.documents:
        d = s.model
        for index, form in enumerate(d.forms):
            if form not in forms:
                yield _missing(
                    "R305",
                    s.file,
                    s.loc + ("forms", index),
                    _("Document {code}: form {form} does not exist").format(code=d.code, form=form),
                    _("A form is a document of the folder or one of: {forms}").format(forms=", ".join(FORMS)),
                )
        for index, clause in enumerate(d.clauses):
            if not is_known_clause(clause):
                yield _missing(
                    "R306",
                    s.file,
                    s.loc + ("clauses", index),
                    _("Document {code}: {clause} is not a clause of ISO 9001:2015").format(code=d.code, clause=clause),
                    _("Clauses run from 4 to 10.3, for example 7.5.1 or 10.2."),
                )
    if records.profile:
        for index, exclusion in enumerate(records.profile.model.exclusions):
            if not is_known_clause(exclusion.clause):
                yield _missing(
                    "R306",
                    records.profile.file,
                    ("exclusions", index, "clause"),
                    _("Exclusion: {clause} is not a clause of ISO 9001:2015").format(clause=exclusion.clause),
                    _("Clauses run from 4 to 10.3, for example 7.1.5 or 8.3."),
                )
    for s in records.actions:
        a = s.model
        if a.request.unit not in units:
            yield _missing(
                "R303",
                s.file,
                ("request", "unit"),
                _("Action {id}: unit {unit} does not exist").format(id=action_id(s), unit=a.request.unit),
                unit_hint,
            )
        if a.reopened_as and a.reopened_as not in actions:
            yield _missing(
                "R309",
                s.file,
                ("reopened_as",),
                _("Action {id}: the new action {new} does not exist").format(id=action_id(s), new=a.reopened_as),
                _("Open the new action first (actions/{new}.yaml).").format(new=a.reopened_as),
            )
    for s in records.audits:
        for index, item in enumerate(s.model.findings):
            if item.unit not in units:
                yield _missing(
                    "R303",
                    s.file,
                    ("findings", index, "unit"),
                    _("Audit finding: unit {unit} does not exist").format(unit=item.unit),
                    unit_hint,
                )
            if not is_known_clause(item.clause):
                yield _missing(
                    "R306",
                    s.file,
                    ("findings", index, "clause"),
                    _("Audit finding: {clause} is not a clause of ISO 9001:2015").format(clause=item.clause),
                    _("Clauses run from 4 to 10.3, for example 7.5.1 or 10.2."),
                )


def check_objectives(records: Records) -> Iterator[Finding]:
    units = known(records, "unit")
    procedures = known(records, "procedure")
    agency = records.profile.model.agency.short if records.profile else None
    for s in records.objectives:
        y = s.model
        if y.owner != agency and y.owner not in units:
            yield _missing(
                "R308",
                s.file,
                ("owner",),
                _("Objectives {year}: owner {owner} is neither the agency nor a unit").format(
                    year=y.year, owner=y.owner
                ),
                _("Use the agency's short name ({short}) or a unit code.").format(short=agency),
            )
        for index, objective in enumerate(y.objectives):
            loc: Loc = ("objectives", index)
            if parse_target(objective.target) is None:
                yield Finding(
                    "O701",
                    Severity.WARNING,
                    s.file,
                    _("Objective {n}: the target {target!r} cannot be read").format(
                        n=index + 1, target=objective.target
                    ),
                    _("Write it like '>= 97%', '<= 2' or '100%'."),
                    loc + ("target",),
                )
            metric = objective.metric
            if metric is None:
                continue
            if metric.kind not in METRIC_KINDS:
                yield _missing(
                    "R307",
                    s.file,
                    loc + ("metric", "kind"),
                    _("Objective {n}: the metric kind {kind} is unknown").format(n=index + 1, kind=metric.kind),
                    _("Known kinds: {kinds}").format(kinds=", ".join(METRIC_KINDS)),
                )
            if metric.procedure and metric.procedure not in procedures:
                yield _missing(
                    "R302",
                    s.file,
                    loc + ("metric", "procedure"),
                    _("Objective {n}: procedure {code} does not exist").format(n=index + 1, code=metric.procedure),
                    _("Correct the procedure code."),
                )
            if metric.unit and metric.unit not in units:
                yield _missing(
                    "R303",
                    s.file,
                    loc + ("metric", "unit"),
                    _("Objective {n}: unit {unit} does not exist").format(n=index + 1, unit=metric.unit),
                    _("Correct the unit code."),
                )


def check_obsolete_references(records: Records) -> Iterator[Finding]:
    """An effective document may not cite an obsolete one (R310): the reader would follow a
    withdrawn text. Forms and references both count."""
    obsolete = {
        s.model.code: (s.model.withdrawal.replaced_by if s.model.withdrawal else None)
        for s in records.documents
        if s.model.status == "obsolete"
    }
    if not obsolete:
        return
    for s in records.documents:
        d = s.model
        if d.status != "effective":
            continue
        for field in ("forms", "references"):
            for index, code in enumerate(getattr(d, field)):
                if code in obsolete:
                    replacement = obsolete[code]
                    yield Finding(
                        "R310",
                        Severity.ERROR,
                        s.file,
                        _("Document {code} is effective but cites {other}, which is obsolete").format(
                            code=d.code, other=code
                        )
                        + (_(" (replaced by {new})").format(new=replacement) if replacement else ""),
                        _("Revise {code} to cite {new} instead of {other}.").format(
                            code=d.code, new=replacement, other=code
                        )
                        if replacement
                        else _("Revise {code} to cite the document that replaces {other}.").format(
                            code=d.code, other=code
                        ),
                        s.loc + (field, index),
                    )
