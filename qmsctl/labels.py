"""How a record's values read to a person: the states, outcomes and settings the files write
in English words (`effective`, `in-progress`, `end-of-day`) said in the user's language."""

from __future__ import annotations

from qmsctl.i18n import N_, _, language

LABELS = {
    # documents
    "draft": N_("draft"),
    "effective": N_("effective"),
    "obsolete": N_("obsolete"),
    # tickets
    "done": N_("done"),
    "in-progress": N_("in progress"),
    "returned": N_("returned"),
    "withdrawn": N_("withdrawn"),
    # actions (QT.CTCL states and their steps)
    "open": N_("open"),
    "accepted": N_("accepted"),
    "assigned": N_("assigned"),
    "planned": N_("planned"),
    "verified": N_("verified"),
    "closed": N_("closed"),
    "accept": N_("accept"),
    "assign": N_("assign"),
    "plan": N_("plan"),
    "progress": N_("progress"),
    "verify": N_("verify"),
    "close": N_("close"),
    # procedures and the calendar
    "extend": N_("the wait for supplements is added"),
    "restart": N_("counted again after supplements"),
    "end-of-day": N_("due through the end of the day"),
    "same-time": N_("due at the same time of day"),
    "lien-thong": N_("liên thông"),
    "noi-bo": N_("nội bộ"),
    # where a dossier stands in a period's figures
    "processed_on_time": N_("processed on time"),
    "processed_late": N_("processed late"),
    "not_processed": N_("not processed"),
    "in_progress_on_time": N_("in progress, on time"),
    "in_progress_late": N_("overdue"),
    "review": N_("in review"),
    # rows of the figures
    "procedure": N_("procedure"),
    "unit": N_("unit"),
    "month": N_("month"),
}


def label(value: str) -> str:
    """The value as a person reads it; a value with no label is shown as written."""
    known = LABELS.get(value)
    return _(known) if known else value


def counted(counts: dict[str, int]) -> str:
    """`{"done": 3, "in-progress": 1}` -> "done 3, in progress 1" in the user's language."""
    return ", ".join(f"{label(k)} {v}" for k, v in sorted(counts.items()))


# The kinds of records, as `coverage` names them.
KIND_LABELS = {
    "policy": N_("quality policy"),
    "unit": N_("units"),
    "procedure": N_("procedures"),
    "objectives": N_("quality objectives"),
    "document": N_("controlled documents"),
    "ticket": N_("dossiers and letters"),
    "action": N_("corrective actions"),
    "audit": N_("internal audits"),
    "review": N_("management reviews"),
    "risks": N_("risk and opportunity registers"),
    "survey": N_("satisfaction surveys"),
    "analysis": N_("yearly data analyses"),
}


def kind_label(kind: str) -> str:
    known = KIND_LABELS.get(kind)
    return _(known) if known else kind


def rate_text(rate: float | None) -> str:
    """An on-time rate as a person reads it in the user's language: 83,81% in Vietnamese (its
    decimal comma, as the forms print it), 83.81% in English; "—" with nothing processed."""
    if rate is None:
        return "—"
    shown = f"{rate * 100:.2f}%"
    return shown.replace(".", ",") if language() == "vi" else shown
