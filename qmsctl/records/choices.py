"""The closed lists of values that record fields take and that commands offer as choices.

Kept apart from the models so that a command's help can list them without loading pydantic.
"""

from __future__ import annotations

from typing import Literal, get_args

# Where an action comes from (BM.CTCL.01, box one).
ActionSource = Literal[
    "nonconforming-output",
    "customer-feedback",
    "internal-audit",
    "management-review",
    "objective",
    "risk",
    "other",
]

# The kinds of controlled document (the manual's list of documents).
DocumentType = Literal["manual", "policy", "objectives", "procedure", "instruction", "form", "record-list", "external"]

ACTION_SOURCES: tuple[str, ...] = get_args(ActionSource)
DOCUMENT_TYPES: tuple[str, ...] = get_args(DocumentType)
