"""Benchmark: YAML readers in Rust beside libyaml, for speed and for the same results.

    pip install yaml-rs ryaml        # not dependencies of qmsctl: measured here only
    python bench/bench_yaml.py [--tickets bench/out/records-100k] [--count 10000]

Speed: the first `--count` ticket files of a generated folder (bench/bench_check.py makes
one), parsed by PyYAML's CSafeLoader, by qmsctl's reader with libyaml alone (CSafeLoader with
the YAML 1.2 core rules, duplicate keys recorded, nesting and alias limits), by qmsctl's reader
as it runs (`yaml_rs` first for a plain file, `records/text.py`), by `yaml_rs` and by `ryaml`.
Sameness: every YAML file of the test corpus (tests/data, the demo records) and of the sample,
each reader's data compared with qmsctl's libyaml reader's (dates kept as text), and whether it
refuses the files that reader refuses.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from qmsctl.records.text import TextProblem, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
Reader = Callable[[str], Any]


def readers() -> dict[str, Reader]:
    found: dict[str, Reader] = {
        "PyYAML CSafeLoader": lambda text: yaml.load(text, Loader=yaml.CSafeLoader),  # noqa: S506
        "qmsctl, libyaml alone": lambda text: parse_yaml(text, fast=False)[0],
        "qmsctl, yaml_rs first": lambda text: parse_yaml(text)[0],
    }
    try:
        import yaml_rs

        found["yaml_rs"] = lambda text: yaml_rs.loads(text, parse_datetime=False)
    except ImportError:
        print("yaml_rs is not installed (pip install yaml-rs)")
    try:
        import ryaml

        found["ryaml"] = ryaml.loads
    except ImportError:
        print("ryaml is not installed (pip install ryaml)")
    return found


def outcome(read: Reader, text: str) -> Any:
    try:
        return ("data", read(text))
    except (TextProblem, Exception):  # noqa: BLE001 - any refusal is a refusal
        return ("refused", None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=Path, default=ROOT / "bench/out/records-100k")
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    sample = sorted((args.tickets / "tickets").rglob("*.yaml"))[: args.count]
    if not sample:
        raise SystemExit(f"no ticket files under {args.tickets}: run bench/bench_check.py first")
    texts = [path.read_text(encoding="utf-8") for path in sample]
    corpus = [
        path.read_text(encoding="utf-8", errors="replace")
        for folder in (ROOT / "tests/data", ROOT / "records")
        for path in sorted(folder.rglob("*.y*ml"))
    ] + texts
    found = readers()
    reference = [outcome(found["qmsctl, libyaml alone"], text) for text in corpus]
    print(f"{len(texts)} ticket files timed; {len(corpus)} files compared")
    for name, read in found.items():
        started = time.perf_counter()
        for text in texts:
            read(text)
        seconds = time.perf_counter() - started
        same = sum(outcome(read, text) == expected for text, expected in zip(corpus, reference, strict=True))
        print(f"{name:22} {seconds:6.2f} s   same result as libyaml in qmsctl: {same}/{len(corpus)}")


if __name__ == "__main__":
    import pace  # beside this file

    print(pace.line("before"))
    main()
    print(pace.line("after"))
