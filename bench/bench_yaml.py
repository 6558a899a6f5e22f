"""Benchmark: YAML readers in Rust beside libyaml, for speed and for the same results.

    pip install yaml-rs ryaml        # not dependencies of qmsctl: measured here only
    python bench/bench_yaml.py [--tickets bench/out/records-100k] [--count 10000]

Speed: the first `--count` ticket files of a generated folder (bench/bench_check.py makes
one), parsed by PyYAML's CSafeLoader, by qmsctl's reader with libyaml alone (CSafeLoader with
the YAML 1.2 core rules, duplicate keys recorded, nesting and alias limits), by qmsctl's reader
as it runs (`yaml_rs` first for a plain file, `records/text.py`), by `yaml_rs` and by `ryaml`.
Sameness: every YAML file of the test corpus (tests/data, the demo records) and of the sample,
each reader's data compared with an independent reference, ruamel.yaml's pure-Python YAML 1.2
safe loader (its dates turned back into the text they were written as), and whether it refuses
the files that reader refuses. A reader that fails otherwise than by refusing (a crash) is
never counted the same. Each reader is timed five times, the readers taken in turn round by
round, and the median is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from qmsctl.records.text import TextProblem, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
Reader = Callable[[str], Any]


# Each reader, and the exceptions by which it refuses a text (any other is a crash).
Refusals = tuple[type[BaseException], ...]


def readers() -> dict[str, tuple[Reader, Refusals]]:
    found: dict[str, tuple[Reader, Refusals]] = {
        "PyYAML CSafeLoader": (lambda text: yaml.load(text, Loader=yaml.CSafeLoader), (yaml.YAMLError,)),  # noqa: S506
        "qmsctl, libyaml alone": (lambda text: parse_yaml(text, fast=False)[0], (TextProblem,)),
        "qmsctl, yaml_rs first": (lambda text: parse_yaml(text)[0], (TextProblem,)),
    }
    try:
        import yaml_rs

        found["yaml_rs"] = (lambda text: yaml_rs.loads(text, parse_datetime=False), (yaml_rs.YAMLDecodeError,))
    except ImportError:
        print("yaml_rs is not installed (pip install yaml-rs)")
    try:
        import ryaml

        found["ryaml"] = (ryaml.loads, (ValueError,))
    except ImportError:
        print("ryaml is not installed (pip install ryaml)")
    return found


def reference_reader() -> tuple[Reader, Refusals]:
    """ruamel.yaml's pure-Python YAML 1.2 safe loader, no part of qmsctl's reading: its dates
    turned back into the text they were written as (the records keep dates as text)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    loader = YAML(typ="safe", pure=True)

    def as_text(value: Any) -> Any:
        if isinstance(value, dict):
            return {as_text(k): as_text(v) for k, v in value.items()}
        if isinstance(value, list):
            return [as_text(v) for v in value]
        if isinstance(value, dt.datetime):
            return value.isoformat(sep=" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    return (lambda text: as_text(loader.load(text))), (YAMLError,)


def outcome(reader: tuple[Reader, Refusals], text: str) -> Any:
    read, refusals = reader
    try:
        return ("data", read(text))
    except refusals:
        return ("refused", None)
    except Exception as error:  # noqa: BLE001 - a crash is never the same as anything
        return ("crashed", repr(error))


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
    expected = [outcome(reference_reader(), text) for text in corpus]
    print(f"{len(texts)} ticket files timed; {len(corpus)} files compared with ruamel.yaml (pure, YAML 1.2)")
    times: dict[str, list[float]] = {name: [] for name in found}
    for _round in range(5):  # the readers in turn, round by round: a slower minute weighs on all
        for name, (read, _refusals) in found.items():
            started = time.perf_counter()
            for text in texts:
                read(text)
            times[name].append(time.perf_counter() - started)
    for name, reader in found.items():
        results = [outcome(reader, text) for text in corpus]
        same = sum(r == e for r, e in zip(results, expected, strict=True))
        crashed = sum(r[0] == "crashed" for r in results)
        spread = f"(min {min(times[name]):.2f}, max {max(times[name]):.2f})"
        print(
            f"{name:22} {statistics.median(times[name]):6.2f} s {spread}   "
            f"same as the reference: {same}/{len(corpus)}, crashed: {crashed}"
        )


if __name__ == "__main__":
    import pace  # beside this file

    print(pace.line("before"))
    main()
    print(pace.line("after"))
