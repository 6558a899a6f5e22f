"""Line and column of a finding, from the ruamel.yaml round-trip tree.

Only the files that have findings are read this way: the round-trip loader is
the slowest one, and the only one that keeps positions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from qmsctl.findings import Finding
from qmsctl.records.text import decode, split_front_matter


def _round_trip_tree(text: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = True
    return yaml.load(text)


def position(tree: Any, loc: tuple[Any, ...]) -> tuple[int, int]:
    """1-based (line, column) of the deepest part of `loc` found in the tree."""
    line, column = 0, 0
    node = tree
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line, column = node.lc.key(part)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, column = node.lc.item(part)
            node = node[part]
        else:
            break
    return line + 1, column + 1


def resolve_positions(root: Path, findings: list[Finding]) -> None:
    """Fill line and column of the findings that have a loc and no line yet."""
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.line is None and finding.file:
            by_file.setdefault(finding.file, []).append(finding)
    for file, pending in by_file.items():
        try:
            text = decode((root / file).read_bytes())
            offset = 0
            if file.endswith(".md"):
                text, _body, offset = split_front_matter(text)
            tree = _round_trip_tree(text)
        except Exception:  # noqa: BLE001 - a position is a courtesy, never a failure
            for finding in pending:
                finding.line, finding.column = 1, 1
            continue
        for finding in pending:
            line, column = position(tree, finding.loc)
            finding.line, finding.column = line + offset, column
