"""Targets of quality objectives: '>= 97%', '≤ 2', '100%'."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "=": operator.eq,
}
_SYMBOLS = {"≥": ">=", "≤": "<=", "==": "="}
_TARGET = re.compile(r"^\s*(>=|<=|>|<|=)?\s*(\d+(?:[.,]\d+)?)\s*(%)?\s*$")


@dataclass(frozen=True)
class Target:
    op: str
    value: float  # a fraction when `percent`
    percent: bool

    def met(self, actual: float) -> bool:
        # Rates are compared as exact fractions rounded to 1e-9: 0.97 is 97 %.
        return _OPS[self.op](round(actual, 9), round(self.value, 9))

    def __str__(self) -> str:
        """As a form prints it, in Vietnamese: '≥ 97,5%', '≤ 2'."""
        shown = f"{self.value * 100:g}%" if self.percent else f"{self.value:g}"
        shown = shown.replace(".", ",")
        if self.percent and self.op == ">=" and self.value >= 1:
            return shown  # "≥ 100%" cannot be exceeded: the target is all of them
        return f"{ {'>=': '≥', '<=': '≤'}.get(self.op, self.op) } {shown}".strip()


def parse_target(text: str) -> Target | None:
    """A target, or None when it cannot be read. A bare '97%' means at least 97 %."""
    for symbol, op in _SYMBOLS.items():
        text = text.replace(symbol, op)
    match = _TARGET.match(text)
    if not match:
        return None
    op = match.group(1) or ">="
    value = float(match.group(2).replace(",", "."))
    percent = match.group(3) is not None
    return Target(op, value / 100 if percent else value, percent)


def target_text(text: str) -> str:
    """A target as pages and forms print it ('>= 97%' as '≥ 97%'); the record's own text when
    it cannot be read (check reports it)."""
    target = parse_target(text)
    return str(target) if target else text
