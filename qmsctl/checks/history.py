"""Rules that need the records' history (`qmsctl check --since REV`), H901-H904.

Each compares a record as it was at REV with the record now (clause 7.5.3: changes to
documented information are controlled; records are not rewritten silently).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from qmsctl.findings import Finding, Severity
from qmsctl.i18n import _
from qmsctl.records.compare import Pair
from qmsctl.records.kinds import action_id
from qmsctl.records.models import ActionState

# Fields the approval of a revision sets: changing only these is not a new revision.
APPROVAL_FIELDS = {"status", "issued", "approved_by", "reviewed_by", "reviewed", "withdrawal", "history", "revision"}


def _fields(model: Any) -> dict[str, Any]:
    return dict(model.model_dump(mode="json"))


def changed_fields(old: Any, new: Any) -> list[str]:
    a, b = _fields(old), _fields(new)
    return [key for key in b if a.get(key) != b.get(key)] + [key for key in a if key not in b]


def check_history(pairs: list[Pair], since: str, verdict: Verdict | None = None) -> Iterator[Finding]:
    """The history rules on the records a change touched; `verdict` tells whether a finished
    ticket was on time (given by the folder's calendar and procedures)."""
    for pair in pairs:
        if pair.new is None:
            if pair.kind == "action" and pair.old is not None and pair.old.model.state is ActionState.CLOSED:
                yield Finding(
                    "H903",
                    Severity.ERROR,
                    pair.old.file,
                    _("Closed action {id} was deleted since {rev}").format(id=action_id(pair.old), rev=since),
                    _("A closed action is a record: keep it (git restore it)."),
                )
            continue
        if pair.old is None:
            continue
        if pair.kind == "document":
            yield from _document(pair, since)
        elif pair.kind == "action":
            yield from _action(pair, since)
        elif pair.kind == "ticket":
            yield from _ticket(pair, since, verdict)


def _document(pair: Pair, since: str) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    assert old is not None and new is not None
    was, now = old.model, new.model
    content = [f for f in changed_fields(was, now) if f not in APPROVAL_FIELDS]
    if old.body != new.body:
        content.append("body")
    # A draft is worked on freely; an issued document changes only through a new revision.
    if content and was.status not in ("draft", "review"):
        new_line = any(h.revision == now.revision for h in now.history) and len(now.history) > len(was.history)
        if now.revision <= was.revision or not new_line:
            yield Finding(
                "H901",
                Severity.ERROR,
                new.file,
                _("Document {code} changed ({fields}) since {rev} without a new revision and history line").format(
                    code=now.code, fields=", ".join(content), rev=since
                ),
                _("Raise 'revision' and add a line to 'history' saying what changed (qmsctl doc revise)."),
                new.loc + ("revision",),
            )
    if was.issued and now.issued and now.status == "effective" and now.issued < was.issued:
        yield Finding(
            "H902",
            Severity.ERROR,
            new.file,
            _("Document {code}: issue date moved back from {old} to {new}").format(
                code=now.code, old=was.issued.isoformat(), new=now.issued.isoformat()
            ),
            _("An issue date never goes backward; a new revision gets a later date."),
            new.loc + ("issued",),
        )


def _action(pair: Pair, since: str) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    assert old is not None and new is not None
    if old.model.state is not ActionState.CLOSED:
        return
    changed = changed_fields(old.model, new.model)
    # QT.CTCL 5.7: what follows a closed request is a new request, linked by `reopened_as`.
    reopening = changed == ["reopened_as"] and old.model.reopened_as is None
    if changed and not reopening:
        yield Finding(
            "H903",
            Severity.ERROR,
            new.file,
            _("Closed action {id} was changed since {rev} ({fields})").format(
                id=action_id(new), rev=since, fields=", ".join(changed)
            ),
            _("A closed action changes only by a reopen: open a new action and name it in 'reopened_as'."),
            new.loc + (changed[0],),
        )


Verdict = Callable[[Any], "bool | None"]  # a finished ticket -> on time (None: not judged)

# What names the evidence of a correction: a document's number (số 12/QĐ-UBND, 345/UBND-VP), a
# form (BM.ST.VP.05), or who confirmed it (by: ...).
_EVIDENCE = re.compile(r"\d+\s*/\s*[\w.\-]+|\bBM\.[\w.]+|\bby\s*:", re.IGNORECASE)
_WORD = re.compile(r"\w*[^\W\d_]\w*")


def says_something(note: str | None) -> bool:
    """A correction note is a sentence: at least three words with letters, not punctuation."""
    return len(_WORD.findall(note or "")) >= 3


def names_evidence(note: str | None) -> bool:
    return bool(_EVIDENCE.search(note or ""))


def _ticket(pair: Pair, since: str, verdict: Verdict | None = None) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    assert old is not None and new is not None
    was, now = old.model, new.model
    if was.completed is None:
        return
    moved = [f for f in ("received", "completed") if getattr(was, f) != getattr(now, f)]
    new_note = now.correction != was.correction and bool((now.correction or "").strip())
    if moved and not new_note:
        yield Finding(
            "H904",
            Severity.ERROR,
            new.file,
            _("Ticket {id} is finished, and its {fields} changed since {rev} without a correction note").format(
                id=now.id, fields=" and ".join(moved), rev=since
            ),
            _("Add 'correction:' saying why the time was wrong (a new note for each correction)."),
            new.loc + (moved[0],),
        )
    elif moved and not says_something(now.correction):
        yield Finding(
            "H904",
            Severity.ERROR,
            new.file,
            _("Ticket {id}: the correction note '{note}' says nothing").format(id=now.id, note=now.correction),
            _("Say in a sentence why the time was wrong and what shows the right one."),
            new.loc + ("correction",),
        )
    if verdict is None or now.completed is None:
        return
    before, after = verdict(was), verdict(now)
    if before is not None and after is not None and before != after and not names_evidence(now.correction):
        flip = _("late → on time") if after else _("on time → late")
        yield Finding(
            "H905",
            Severity.ERROR,
            new.file,
            _("Ticket {id}: the change since {rev} turns it {flip}, and its correction names no evidence").format(
                id=now.id, rev=since, flip=flip
            ),
            _(
                "Name the evidence in 'correction:': the document's number (số 12/QĐ-UBND), the form, or 'by:' who"
                " confirmed it."
            ),
            new.loc + ("correction",),
        )
