"""The engines a few commands need, installed apart from the base: `qmsctl[report]` (the
report's charts: altair and vl-convert), `qmsctl[rollup]` (Parquet exports and the province
roll-up: DuckDB), `qmsctl[spark]` (the roll-up on Apache Spark). `check`, `stats`, `due`, the
edits, `render` and `agenda` need none of them."""

from __future__ import annotations

import importlib
from types import ModuleType

from qmsctl.findings import UserError
from qmsctl.i18n import _


def require(extra: str, *modules: str) -> None:
    """A usage error naming `extra` unless every module is installed (found, not imported:
    the report's renderer imports them in a process of its own)."""
    from importlib.util import find_spec

    for module in modules:
        if find_spec(module) is None:
            raise _missing(module, extra)


def engine(module: str, extra: str) -> ModuleType:
    """The module, or a usage error naming the extra that installs it (U058, exit 2)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise _missing(module, extra) from None


def _missing(module: str, extra: str) -> UserError:
    return UserError(
        "U058",
        _("This command needs {module}, installed with the {extra} extra").format(module=module, extra=extra),
        hint=_("Install it with: pip install 'qmsctl[{extra}]'").format(extra=extra),
    )
