"""Which clauses of TCVN ISO 9001:2015 (4 to 10) the system addresses, and how: the controlled
documents that cite a clause (or a clause above it), the kinds of records the folder keeps for
it, and the manual's exclusions. A clause with none of these is what an external auditor asks
about first."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qmsctl.catalog import Clause, clause_number, clauses
from qmsctl.records.load import Records

# The records that are evidence of a clause, when the folder keeps any of them.
RECORD_CLAUSES: dict[str, tuple[str, ...]] = {
    "policy": ("5.2", "5.2.1", "5.2.2"),
    "unit": ("5.3",),
    "procedure": ("4.4", "4.4.1", "4.4.2", "8.1"),
    "objectives": ("6.2", "6.2.1", "6.2.2"),
    "document": ("7.5", "7.5.1", "7.5.2", "7.5.3", "7.5.3.1", "7.5.3.2"),
    "ticket": ("8.5.1", "9.1", "9.1.1"),
    "action": ("10.2", "10.2.1", "10.2.2", "10.3"),
    "audit": ("9.2", "9.2.1", "9.2.2"),
    "review": ("9.3", "9.3.1", "9.3.2", "9.3.3"),
    "risks": ("6.1", "6.1.1", "6.1.2"),
    "survey": ("9.1.2",),
    "analysis": ("9.1.3",),
}


@dataclass
class Coverage:
    clause: Clause
    documents: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    exclusion: str | None = None  # the manual's reason, when the clause (or a point of it) is excluded

    @property
    def addressed(self) -> bool:
        return bool(self.documents or self.records or self.exclusion)

    def as_json(self) -> dict[str, Any]:
        return {
            "clause": self.clause.number,
            "title": self.clause.vi,
            "documents": self.documents,
            "records": self.records,
            "excluded": self.exclusion,
            "addressed": self.addressed,
        }


def _within(clause: str, other: str) -> bool:
    """`clause` is `other` or inside it (7.5.3 is within 7.5)."""
    return clause == other or clause.startswith(other + ".")


def coverage(records: Records) -> list[Coverage]:
    """Every clause of 4 to 10, in order, with what addresses it. A document citing a clause
    addresses the clauses inside it; a heading (7.1) whose every sub-clause is addressed is too."""
    cited = [(s.model.code, [clause_number(c) for c in s.model.clauses]) for s in records.documents]
    kept = {kind for kind in RECORD_CLAUSES if kind != "policy" and records.of_kind(kind)}
    profile = records.profile.model if records.profile else None
    if profile is not None and profile.policy and profile.policy.commitments:
        kept.add("policy")
    exclusions = [(clause_number(e.clause), e.clause, e.reason) for e in (profile.exclusions if profile else [])]
    rows = []
    for number, clause in clauses().items():
        row = Coverage(clause)
        row.documents = [code for code, numbers in cited if any(_within(number, c) for c in numbers)]
        row.records = [kind for kind in sorted(kept) if number in RECORD_CLAUSES[kind]]
        excluded = next(((shown, reason) for base, shown, reason in exclusions if _within(number, base)), None)
        if excluded:
            shown, reason = excluded
            row.exclusion = reason if shown == number else f"{shown}: {reason}"
        rows.append(row)
    by_number = {row.clause.number: row for row in rows}
    for row in reversed(rows):  # deepest first, so a heading sees its sub-clauses settled
        children = [
            r
            for n, r in by_number.items()
            if n.startswith(row.clause.number + ".") and n.count(".") == row.clause.number.count(".") + 1
        ]
        if not row.addressed and children and all(c.addressed for c in children):
            row.documents = sorted({d for c in children for d in c.documents})
            row.records = sorted({k for c in children for k in c.records})
    return rows
