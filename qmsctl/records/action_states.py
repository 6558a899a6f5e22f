"""The corrective-action state table of QT.CTCL 5.2-5.7, one table: each section of BM.CTCL.01,
the section it needs before it, the state it brings and the command step that fills it.

The model derives an action's state from it, `check` proves the sections' order with it (A501)
and the edit commands allow a step only from the state it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class ActionState(str, Enum):
    OPEN = "open"
    ACCEPTED = "accepted"
    ASSIGNED = "assigned"
    PLANNED = "planned"
    VERIFIED = "verified"
    CLOSED = "closed"


S = ActionState


@dataclass(frozen=True)
class Section:
    name: str  # the key of BM.CTCL.01's section in an action file
    needs: str  # the section that must come before it ("" for the request)
    state: ActionState | None  # the state it brings; progress notes bring none
    step: str  # the command step that fills it (`qmsctl action STEP`)
    clause: str  # QT.CTCL
    also_from: frozenset[ActionState] = frozenset()  # states it may also be filled in again


SECTIONS: tuple[Section, ...] = (
    Section("request", "", S.OPEN, "open", "5.2.1"),
    Section("need", "request", S.ACCEPTED, "accept", "5.2.2"),
    Section("assignment", "need", S.ASSIGNED, "assign", "5.3"),
    Section("plan", "assignment", S.PLANNED, "plan", "5.4", frozenset({S.PLANNED})),  # 5.5: a plan may change
    Section("progress", "plan", None, "progress", "5.5"),
    Section("verification", "plan", S.VERIFIED, "verify", "5.6"),
    Section("closure", "verification", S.CLOSED, "close", "5.7"),
)
_BY_NAME = {section.name: section for section in SECTIONS}
BY_STEP = {section.step: section for section in SECTIONS}


def state_of(action: Any) -> ActionState:
    """The state an action's filled sections put it in (docs/records.md: derived, never stored).
    A verification that found it ineffective closes it once the new action is named."""
    v = action.verification
    if v is not None and not v.effective and action.reopened_as:
        return S.CLOSED
    for section in reversed(SECTIONS):
        if section.state is not None and getattr(action, section.name):
            return section.state
    return S.OPEN


def state_on(action: Any, day: Any) -> ActionState:
    """The state the action was in at the end of `day`: from the sections dated that day or
    before (a review's minutes state what was known at the meeting, not what came after)."""
    v = action.verification
    if v is not None and not v.effective and action.reopened_as and v.on <= day:
        return S.CLOSED
    for section in reversed(SECTIONS):
        value = getattr(action, section.name)
        when = getattr(value, "on", None) or getattr(value, "approved_on", None)
        if section.state is not None and value and when is not None and when <= day:
            return section.state
    return S.OPEN


def allowed_from(step: str) -> list[ActionState]:
    """The states a step may start from, in the procedure's order."""
    section = BY_STEP[step]
    needed = _BY_NAME[section.needs].state
    states = {needed, *section.also_from} if needed else set(section.also_from)
    return [state for state in S if state in states]


def next_steps(state: ActionState) -> list[str]:
    """The steps that move an action on from `state` (a plan changed in place is not one)."""
    return [s.step for s in SECTIONS if s.needs and _BY_NAME[s.needs].state is state]


def has_evidence(action: Any) -> bool:
    """QT.CTCL 5.7: an action is closed only on a verification that names its evidence."""
    return action.verification is not None and bool((action.verification.evidence or "").strip())
