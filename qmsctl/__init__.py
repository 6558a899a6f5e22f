"""qmsctl: quality records of a Vietnamese state agency (TCVN ISO 9001:2015) kept in git.

`qmsctl.open(root)` reads an agency's records folder and returns the `Agency` object that
everything else works from (see docs/api.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Agency", "open", "__version__"]

if TYPE_CHECKING:
    from pathlib import Path

    from qmsctl.agency import Agency
    from qmsctl.figures import Cut


def open(  # noqa: A001 - the library's entry, like sqlite3.connect
    root: Path | str,
    workers: int | None = None,
    as_of: Cut | None = None,
    ticket: str | None = None,
    counting: bool = False,
) -> Agency:
    """The agency whose records folder is `root`, read once; its figures are judged as of
    `as_of` (default: now, docs/rules.md section 4). With `ticket`, only what that ticket needs is read;
    with `counting`, the tickets are read as the facts the figures need, remembered between
    runs (for figures of a big folder)."""
    from qmsctl.agency import Agency

    return Agency.open(root, workers, as_of, ticket, counting)


def __getattr__(name: str) -> Any:
    if name == "Agency":  # imported on first use, so `import qmsctl` costs nothing
        from qmsctl.agency import Agency

        return Agency
    raise AttributeError(name)
