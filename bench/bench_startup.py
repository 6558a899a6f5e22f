"""Benchmark: what a person waits for on the demo folder, side by side in one run.

    python bench/bench_startup.py [--records records] [--runs 5]

Each command runs as a fresh process (imports included), the median of `--runs` wall
times (at least five) with the fastest and the slowest; a run that exits with an unexpected
code stops the benchmark. "Cold" runs with an empty cache folder (a first run after an install or a clone);
"warm" runs again with the cache the previous run left. The ticket for `due` is the
first one of the folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import measure  # noqa: E402

QMSCTL = [sys.executable, "-m", "qmsctl"]


def wall(arguments: list[str], env: dict[str, str], records: Path, runs: int, cold: bool = False) -> measure.Runs:
    def once() -> measure.Run:
        if cold:
            shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
        return measure.run([*QMSCTL, *arguments], env=env, cwd=records)

    return measure.repeat(once, runs)


def first_ticket(records: Path) -> str:
    for path in sorted((records / "tickets").rglob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip("- ").startswith("id:"):
                return line.split(":", 1)[1].strip()
    raise SystemExit("no ticket in the folder")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=Path("records"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    records = args.records.resolve()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        env.pop("QMSCTL_NO_CACHE", None)
        ticket = first_ticket(records)
        rows = [
            ("qmsctl --help", wall(["--help"], env, records, args.runs), "≤ 0.3 s"),
            ("qmsctl check, cold cache", wall(["check"], env, records, args.runs, cold=True), "≤ 1.0 s"),
            ("qmsctl check, warm cache", wall(["check"], env, records, args.runs), "≤ 0.4 s"),
            (f"qmsctl due {ticket}", wall(["due", ticket], env, records, args.runs), "≤ 0.5 s"),
            ("qmsctl stats --period 2026, warm", wall(["stats", "-p", "2026"], env, records, args.runs), ""),
        ]
    print(f"{records.name}: {sum(1 for _ in records.rglob('*.y*ml'))} files, cores: {os.cpu_count()}")
    for name, runs, target in rows:
        print(f"{name:45} {runs}  {target}")


if __name__ == "__main__":
    import pace  # beside this file

    print(pace.line("before"))
    main()
    print(pace.line("after"))
