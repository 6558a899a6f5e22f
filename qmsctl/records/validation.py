"""Turning pydantic's validation errors into findings a secretary understands."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from qmsctl.findings import Finding, Loc, Severity
from qmsctl.i18n import _
from qmsctl.records.values import DateProblem


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Annotated,):
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (list, dict, Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
    return None


def known_keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = next(
            (f for n, f in current.model_fields.items() if part in (n, f.alias)),
            None,
        )
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current


def _label(loc: Loc) -> str:
    # pydantic marks a mapping's key with a "[key]" part after it: the key itself is the label.
    parts = [str(part) for part in loc if not isinstance(part, int) and part != "[key]"]
    return ".".join(parts) or _("(whole record)")


_DATE_TYPES = {
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "datetime_parsing",
    "datetime_from_date_parsing",
    "date_type",
    "datetime_type",
}


class _LongNumber(int):
    """A number too long for Python to write out (past 4,300 digits): shown by its length."""

    def __repr__(self) -> str:
        return _("a number of about {n} digits").format(n=int(self.bit_length() * 0.30103) + 1)

    __str__ = __repr__


def _printable_value(value: Any) -> Any:
    """The value as a message may print it: a huge number (0x followed by thousands of digits)
    cannot be turned into text by Python, so it is told by its length."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 14_000:
        return _LongNumber(value)
    return value


def _describe(error: dict[str, Any]) -> tuple[str, str, str]:
    """(code, message, hint) for one pydantic error."""
    kind = error["type"]
    field = _label(tuple(error["loc"]))
    value = _printable_value(error.get("input"))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return (
            "S202",
            _("Required field '{field}' is missing").format(field=field),
            _("Add '{key}:' with its value.").format(key=error["loc"][-1]),
        )
    if kind == "value_error" and isinstance(ctx.get("error"), DateProblem):
        return (
            "S204",
            _("'{field}': {reason}").format(field=field, reason=ctx["error"]),
            _("Write dates as YYYY-MM-DD and times as YYYY-MM-DD HH:MM."),
        )
    fix = _("Correct the value; docs/records.md shows the form of every field.")
    if kind == "value_error":
        return "S203", _("'{field}': {reason}").format(field=field, reason=ctx.get("error", "")), fix
    if kind in _DATE_TYPES:
        return (
            "S204",
            _("'{field}': {value} is not a real date").format(field=field, value=value),
            _("Write dates as YYYY-MM-DD and times as YYYY-MM-DD HH:MM."),
        )
    if kind == "literal_error":
        return (
            "S203",
            _("'{field}': {value!r} is not one of {expected}").format(
                field=field, value=value, expected=ctx.get("expected", "")
            ),
            _("Copy one of the listed values exactly."),
        )
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        # YAML reads `010` as 10 and `0x1F` as 31: the id or code the file meant is lost.
        return (
            "S203",
            _("'{field}': text is expected, but YAML reads this value as the number {value}").format(
                field=field, value=value
            ),
            _('Put the value in quotes as it should read, e.g. {key}: "010".').format(key=error["loc"][-1]),
        )
    if kind in ("int_type", "float_type") and isinstance(value, str):
        return (
            "S203",
            _("'{field}': a number is expected, but the value is written as text ({value!r})").format(
                field=field, value=value
            ),
            _("Write the number without quotes."),
        )
    simple = {
        "string_type": _("text is expected"),
        "int_type": _("a whole number is expected"),
        "int_parsing": _("a whole number is expected"),
        "int_from_float": _("a whole number is expected"),
        "float_type": _("a number is expected"),
        "float_parsing": _("a number is expected"),
        "bool_type": _("true or false is expected"),
        "bool_parsing": _("true or false is expected"),
        "list_type": _("a list is expected"),
        "model_type": _("a mapping (key: value lines) is expected"),
        "model_attributes_type": _("a mapping (key: value lines) is expected"),
        "dict_type": _("a mapping (key: value lines) is expected"),
        "string_too_short": _("it must not be empty"),
        "string_pattern_mismatch": _("it must not be empty"),
        "too_short": _("it must not be empty"),
        "greater_than": _("it must be greater than {limit}").format(limit=ctx.get("gt")),
        "greater_than_equal": _("it must be at least {limit}").format(limit=ctx.get("ge")),
    }
    reason = simple.get(kind, error.get("msg", kind))
    return "S203", _("'{field}': {reason} (found {value!r})").format(field=field, reason=reason, value=value), fix


def place_of(loc: Any) -> Loc:
    """A pydantic error's location as a place in the file: a union's tag (`§one`, `§dated`:
    which form of a field was read) is no place."""
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith("§")))


def findings_from_validation(error: ValidationError, model: type[BaseModel], file: str, prefix: Loc) -> list[Finding]:
    findings = []
    for item in error.errors():
        loc = place_of(item["loc"])
        item["loc"] = loc
        if item["type"] == "extra_forbidden":
            key = str(loc[-1])
            parent = _model_at(model, loc[:-1])
            choices = known_keys(parent) if parent else []
            close = difflib.get_close_matches(key, choices, n=1, cutoff=0.6)
            if close:
                hint = _("Did you mean '{key}'?").format(key=close[0])
            elif " " in key.strip():
                # `{note: Đã nhận, đang xử lý}`: the comma ended the value and began a "key".
                hint = _("A comma inside {{ }} starts a new key: put the whole text in quotes.")
            else:
                hint = _("Known keys here: {keys}").format(keys=", ".join(choices))
            findings.append(
                Finding("S201", Severity.ERROR, file, _("Unknown key '{key}'").format(key=key), hint, prefix + loc)
            )
            continue
        code, message, hint = _describe(dict(item))
        findings.append(Finding(code, Severity.ERROR, file, message, hint, prefix + loc))
    return findings
