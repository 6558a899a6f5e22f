"""Risks and opportunities (6.1) and satisfaction surveys (9.1.2): K901 a high risk without a
response, K902 a response past its due and not reviewed, K903 a year over whose register the
leaders did not review, K904 a score beyond the register's scale or a response that does not
answer its type; V901 an answer beyond the survey's scale or to no question of it; R303, R302,
R313 for what they name."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from qmsctl.checks.references import did_you_mean, known
from qmsctl.findings import Finding, Severity
from qmsctl.i18n import _
from qmsctl.records.kinds import file_stem
from qmsctl.records.load import Records
from qmsctl.risks import RESPONSES_OF, needs_response


def check_risks(records: Records) -> Iterator[Finding]:
    units = known(records, "unit")
    processes = known(records, "procedure") | known(records, "document")
    actions = records.names("action")
    seen: set[str] = set()
    for s in records.risks:
        register = s.model
        scale = register.scale
        for index, risk in enumerate(register.items):
            loc = (*s.loc, "items", index)
            if risk.id in seen:
                yield Finding(
                    "R301",
                    Severity.ERROR,
                    s.file,
                    _("Risk {id} is written twice").format(id=risk.id),
                    _("Give it another id."),
                    (*loc, "id"),
                )
            seen.add(risk.id)
            scored = [(name, getattr(risk, name), (*loc, name)) for name in ("likelihood", "impact")]
            if risk.review is not None:  # reassessed after the response
                scored += [
                    (name, getattr(risk.review, name), (*loc, "review", name)) for name in ("likelihood", "impact")
                ]
            for name, value, where in scored:
                if value is not None and value > scale.max:
                    yield Finding(
                        "K904",
                        Severity.ERROR,
                        s.file,
                        _("Risk {id}: {field} {value} is beyond the register's scale 1-{max}").format(
                            id=risk.id, field=name, value=value, max=scale.max
                        ),
                        _("Score it from 1 to {max}, or state another scale under 'scale'.").format(max=scale.max),
                        where,
                    )
            if risk.response is not None and risk.response.kind not in RESPONSES_OF[risk.type]:
                yield Finding(
                    "K904",
                    Severity.ERROR,
                    s.file,
                    _("Risk {id}: a response '{kind}' does not answer a {type}").format(
                        id=risk.id, kind=risk.response.kind, type=risk.type
                    ),
                    _("Responses to a {type}: {kinds}").format(
                        type=risk.type, kinds=", ".join(RESPONSES_OF[risk.type])
                    ),
                    (*loc, "response", "kind"),
                )
            if risk.unit not in units:
                yield Finding(
                    "R303",
                    Severity.ERROR,
                    s.file,
                    _("Risk {id}: unit {unit} does not exist").format(id=risk.id, unit=risk.unit),
                    _("Known units: {codes}").format(codes=", ".join(sorted(units))) + did_you_mean(risk.unit, units),
                    (*loc, "unit"),
                )
            if risk.process and risk.process not in processes:
                yield Finding(
                    "R302",
                    Severity.ERROR,
                    s.file,
                    _("Risk {id}: process {code} is neither a procedure nor a document").format(
                        id=risk.id, code=risk.process
                    ),
                    _("Correct the code.") + did_you_mean(risk.process, processes),
                    (*loc, "process"),
                )
            reference = risk.response.reference if risk.response else None
            if reference and reference not in actions:
                yield Finding(
                    "R313",
                    Severity.ERROR,
                    s.file,
                    _("Risk {id}: the response names action {action}, which does not exist").format(
                        id=risk.id, action=reference
                    ),
                    _("Open it with qmsctl action open, or correct the id.") + did_you_mean(reference, actions),
                    (*loc, "response", "reference"),
                )
            if needs_response(risk, scale):
                yield Finding(
                    "K901",
                    Severity.WARNING,
                    s.file,
                    _("Risk {id} ({unit}) is high ({score} on the scale) and has no response").format(
                        id=risk.id, unit=risk.unit, score=risk.likelihood * risk.impact
                    ),
                    _("Decide one: qmsctl risk respond {id} --kind reduce --what ...").format(id=risk.id),
                    loc,
                )


def check_risk_follow_up(records: Records, today: date) -> Iterator[Finding]:
    """K902 and K903: what is late on the day the check runs."""
    for s in records.risks:
        register = s.model
        for index, risk in enumerate(register.items):
            response = risk.response
            if response is not None and response.due is not None and response.due < today and risk.review is None:
                yield Finding(
                    "K902",
                    Severity.WARNING,
                    s.file,
                    _("Risk {id}: its response was due {day} and its effect is not reviewed").format(
                        id=risk.id, day=response.due.strftime("%d/%m/%Y")
                    ),
                    _("Review it: qmsctl risk review {id} --effective yes|no --by NAME").format(id=risk.id),
                    (*s.loc, "items", index, "response", "due"),
                )
        if register.year < today.year and register.reviewed is None:
            yield Finding(
                "K903",
                Severity.WARNING,
                s.file,
                _("The register of risks and opportunities of {year} was not reviewed by the leaders").format(
                    year=register.year
                ),
                _("Record its review: qmsctl risk review {year} --by NAME").format(year=register.year),
            )


def check_surveys(records: Records) -> Iterator[Finding]:
    units = known(records, "unit")
    procedures = known(records, "procedure")
    for s in records.surveys:
        survey = s.model
        ident = survey.id or file_stem(s.file)
        scale = survey.scale
        codes = [q.code for q in survey.questions]
        for index, code in enumerate(codes):
            if code in codes[:index]:
                yield Finding(
                    "V901",
                    Severity.ERROR,
                    s.file,
                    _("Survey {id}: question {code} is asked twice").format(id=ident, code=code),
                    _("Give each question its own code."),
                    (*s.loc, "questions", index, "code"),
                )
        for index, response in enumerate(survey.responses):
            loc = (*s.loc, "responses", index)
            for code, value in response.answers.items():
                if code not in codes:
                    yield Finding(
                        "V901",
                        Severity.ERROR,
                        s.file,
                        _("Survey {id}: an answer to {code}, which is not a question of it").format(
                            id=ident, code=code
                        ),
                        _("Questions: {codes}").format(codes=", ".join(codes)) + did_you_mean(code, set(codes)),
                        (*loc, "answers", code),
                    )
                elif value is not None and not scale.min <= value <= scale.max:
                    yield Finding(
                        "V901",
                        Severity.ERROR,
                        s.file,
                        _("Survey {id}: the answer {value} to {code} is beyond the scale {min}-{max}").format(
                            id=ident, value=value, code=code, min=scale.min, max=scale.max
                        ),
                        _("Correct it, or leave it out when the question was not answered."),
                        (*loc, "answers", code),
                    )
            if response.unit is not None and response.unit not in units:
                yield Finding(
                    "R303",
                    Severity.ERROR,
                    s.file,
                    _("Survey {id}: unit {unit} does not exist").format(id=ident, unit=response.unit),
                    _("Known units: {codes}").format(codes=", ".join(sorted(units)))
                    + did_you_mean(response.unit, units),
                    (*loc, "unit"),
                )
            if response.procedure is not None and response.procedure not in procedures:
                yield Finding(
                    "R302",
                    Severity.ERROR,
                    s.file,
                    _("Survey {id}: procedure {code} does not exist").format(id=ident, code=response.procedure),
                    _("Correct the code.") + did_you_mean(response.procedure, procedures),
                    (*loc, "procedure"),
                )
