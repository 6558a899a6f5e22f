"""What an export is, told by what it holds, not by its path: each agency's export carries a
manifest (its agency, period, cut and how many tickets it wrote), and a roll-up reads every
Parquet file once, by its real path, through a link of a plain name (a path may hold `[`, `*`
or `?`, which DuckDB and Spark would take for a pattern).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from qmsctl.findings import IncompleteRecords, UserError
from qmsctl.i18n import _

MANIFESTS = "manifests"


def write_manifest(target: Path, manifest: dict[str, Any]) -> None:
    """The manifest of one agency's export of one period, written last: an export cut short has
    none, and is refused."""
    folder = target / MANIFESTS
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{quote(manifest['agency'], safe='')}.{manifest['period'].replace('..', '_')}.json"
    (folder / name).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@dataclass
class Manifest:
    root: Path  # the export's folder, resolved
    agency: str
    name: str
    period: str
    as_of: str
    tickets: int


def _problem(path: Path, reason: str) -> IncompleteRecords:
    return IncompleteRecords(
        "U051",
        _("{path} is not a whole export of qmsctl: {reason}").format(path=path, reason=reason),
        hint=_("Export the agency again with qmsctl export, or remove it from the sources."),
    )


def read_manifests(root: Path, schema: int) -> list[Manifest]:
    """The manifests of an export's folder: a folder without one, or with one another version
    of qmsctl wrote or that is damaged, is refused."""
    folder = root / MANIFESTS
    paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if not paths:
        raise _problem(root, _("it has no manifest (an export cut short, or made by an older qmsctl)"))
    found = []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            manifest = Manifest(
                root, str(data["agency"]), str(data["name"]), str(data["period"]), str(data["as_of"]), data["tickets"]
            )
            if data["schema"] != schema or not isinstance(manifest.tickets, int) or manifest.tickets < 0:
                raise ValueError(data["schema"])
            datetime.strptime(manifest.as_of, "%Y-%m-%dT%H:%M")
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise _problem(path, _("its manifest cannot be read or is of another version")) from None
        found.append(manifest)
    return found


@dataclass
class ExportFiles:
    """The Parquet files of the exports, each once, by view, as links of plain names; the
    export each came from; and the manifests."""

    files: dict[str, list[str]] = field(default_factory=dict)
    root_of: dict[str, Path] = field(default_factory=dict)  # a link -> its export's folder
    real_of: dict[str, str] = field(default_factory=dict)  # a link -> the file it stands for
    manifests: list[Manifest] = field(default_factory=list)

    def root(self, filename: str) -> Path:
        return self.root_of[filename]

    def named(self, error: UserError) -> UserError:
        """The error with each link it names replaced by the file the link stands for."""
        for link, real in self.real_of.items():
            if link in error.message:
                error.message = error.message.replace(link, real)
        return error


def export_files(roots: list[Path], folders: dict[str, str], scratch: Path, schema: int) -> ExportFiles:
    """Every Parquet file of the exports' folders (`folders`: view -> the sub-folder holding
    it), each real file once however many sources reach it."""
    found = ExportFiles()
    seen: set[Path] = set()
    links = scratch / "links"
    for root in dict.fromkeys(roots):  # in order, each folder once
        found.manifests += read_manifests(root, schema)
    for view, sub in folders.items():
        found.files[view] = []
        for root in dict.fromkeys(roots):
            for path in sorted((root / sub).rglob("*.parquet")):
                real = path.resolve()
                if real in seen:
                    continue
                seen.add(real)
                link = links / view / f"{len(seen):07d}.parquet"
                link.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.symlink(real, link)
                except OSError:  # no links here (Windows without the right): a copy
                    shutil.copyfile(real, link)
                found.files[view].append(str(link))
                found.root_of[str(link)] = root
                found.real_of[str(link)] = str(real)
    return found


def check_against_manifests(found: ExportFiles, counted: dict[tuple[Path, str], int], period: str) -> None:
    """Each export holds what its manifest says it wrote: its period, and as many tickets for
    its agency (an export that lost its tickets/ folder, or a file of them, is refused)."""
    for manifest in found.manifests:
        if manifest.period != period:
            raise UserError(
                "U052",
                _("{file} holds the figures of {other}, not {period}").format(
                    file=manifest.root, other=manifest.period, period=period
                ),
                hint=_("Export the agency for this period: qmsctl export --period {period}").format(period=period),
            )
        have = counted.get((manifest.root, manifest.agency), 0)
        if have != manifest.tickets:
            raise _problem(
                manifest.root,
                _("agency {agency}: {n} tickets written, {m} found").format(
                    agency=manifest.agency, n=manifest.tickets, m=have
                ),
            )
    named = {(m.root, m.agency) for m in found.manifests}
    for root, agency in counted:
        if (root, agency) not in named:
            raise _problem(root, _("agency {agency} has tickets but no manifest").format(agency=agency))
