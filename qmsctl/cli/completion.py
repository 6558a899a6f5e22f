"""Shell completion of what the folder holds: ticket and action ids, document, procedure and
unit codes. It answers while a person presses Tab, so it never reads the records as records:
ids and codes come from file names, and from the `id:`/`code:` lines of list files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_ID_LINE = re.compile(r"^(?:- )?\s*id:\s*['\"]?([^\s'\"#]+)", re.MULTILINE)
_CODE = re.compile(r"\bcode:\s*['\"]?([^\s'\",}#]+)")
_MONTH_FILE = re.compile(r"^\d{4}-\d{2}\.ya?ml$")


def _root(ctx: Any) -> Path | None:
    from qmsctl.records.folder import find_records_folder

    given = None
    while ctx is not None:
        given = given or ctx.params.get("records") or ctx.params.get("records_here")
        ctx = ctx.parent
    try:
        return find_records_folder(Path(given) if given else None)
    except Exception:  # noqa: BLE001 - no folder, nothing to offer
        return None


def _stems(folder: Path, suffixes: tuple[str, ...] = (".yaml", ".yml")) -> Iterator[str]:
    if folder.is_dir():
        for path in folder.iterdir():
            if path.suffix in suffixes and not path.name.startswith("."):
                yield path.stem


def ticket_ids(root: Path) -> Iterator[str]:
    """A ticket file of its own is named by its id; a month's list is scanned for `id:` lines."""
    for path in (root / "tickets").rglob("*.y*ml"):
        if _MONTH_FILE.match(path.name):
            try:
                yield from _ID_LINE.findall(path.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
        elif not path.name.startswith("."):
            yield path.stem


def unit_codes(root: Path) -> Iterator[str]:
    try:
        yield from _CODE.findall((root / "units.yaml").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return


# The forms `render` makes (forms/render.py's, kept here so that completion imports no form
# code; a test holds the two the same), and the set a period's pack holds.
FORMS = (
    "BM.ST.VP.01", "BM.ST.VP.02", "BM.ST.VP.03", "BM.ST.VP.04", "BM.ST.VP.05", "BM.ST.VP.06",
    "BM.CTCL.01", "BM.CTCL.02", "PL3", "DANH-MUC", "PHIEU-BO-SUNG", "PHIEU-XIN-LOI", "RUI-RO", "PHIEU-KHAO-SAT",
    "KET-QUA-KHAO-SAT", "PHAN-TICH", "pack",
)  # fmt: skip


SOURCES = {
    "form": lambda root: iter((*FORMS, *_stems(root / "documents", (".md",)))),
    "ticket": ticket_ids,
    "action": lambda root: _stems(root / "actions"),
    "document": lambda root: _stems(root / "documents", (".md",)),
    "procedure": lambda root: _stems(root / "procedures"),
    "unit": unit_codes,
}


def offer(kind: str):  # type: ignore[no-untyped-def]
    """A completion function for typer: the ids or codes of `kind` that start as typed (in any case)."""

    def complete(ctx: Any, incomplete: str) -> list[str]:
        root = _root(ctx)
        if root is None:
            return []
        wanted = incomplete.casefold()
        return sorted({v for v in SOURCES[kind](root) if v.casefold().startswith(wanted)})

    return complete
