"""Benchmark: `qmsctl report` for a year of generated tickets, end to end, and the file's size.

    python bench/bench_report.py [--folder bench/out/records-100k] [--count 100000]

The folder is generated as `bench_check.py` does when it is missing. The first run fills the
parse cache (as any first command does); the figure is the median of the next three, each a
fresh process.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import generate_tickets  # noqa: E402
import measure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, default=HERE / "out" / "records-100k")
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    if not (args.folder / "qms.yaml").exists():
        generate_tickets.main(
            ["--records", str(HERE.parent / "records"), "--out", str(args.folder), "--count", str(args.count),
             "--start", "2026-01-01", "--end", "2026-12-31", "--layout", "ticket"]
        )  # fmt: skip
    env = {**os.environ, "QMSCTL_TODAY": "2027-01-31", "XDG_CACHE_HOME": tempfile.mkdtemp(prefix="qmsctl-bench-")}
    target = Path(tempfile.mkdtemp(prefix="qmsctl-report-")) / "report.html"
    command = [sys.executable, "-m", "qmsctl", "--records", str(args.folder), "report", "--period", "2026"]
    first = measure.run([*command, "-o", str(target)], env=env)
    print(f"qmsctl report --period 2026, first run (cache filled) : {measure.Runs([first])}")
    warm = measure.repeat(lambda: measure.run([*command, "-o", str(target)], env=env))
    print(f"qmsctl report --period 2026, warm                     : {warm}")
    print(f"size of the page                                      : {target.stat().st_size / 1024:6.0f} KiB")


if __name__ == "__main__":
    import pace  # beside this file

    print(pace.line("before"))
    main()
    print(pace.line("after"))
