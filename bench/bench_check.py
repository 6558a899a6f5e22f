"""Benchmark: `qmsctl check` on 100,000 generated tickets against PyYAML's C loader alone.

    python bench/bench_check.py [--count 100000] [--layout ticket|month] [--changed]

Both read the same files after a first untimed pass has put them in the page
cache. The baseline parses every file with PyYAML's CSafeLoader in one
process; `qmsctl check` runs as a fresh process (imports included, no cache
of its own), with its worker processes on both cores. Peak memory is the
largest resident set of that process or any of its workers.

With --changed the folder is also committed to git, one ticket is edited, and
`qmsctl check --changed` (what changed and what refers to it) is timed too.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import generate_tickets  # noqa: E402


def baseline(folder: Path) -> tuple[float, int]:
    files = sorted(folder.rglob("*.yaml")) + sorted(folder.rglob("*.md"))
    started = time.perf_counter()
    for path in files:
        text = path.read_bytes()
        if path.suffix == ".md":
            text = text.split(b"\n---", 1)[0].lstrip(b"-")
        yaml.load(text, Loader=yaml.CSafeLoader)
    return time.perf_counter() - started, len(files)


def run(folder: Path, *arguments: str) -> tuple[float, int]:
    qmsctl = Path(sys.executable).parent / "qmsctl"
    started = time.perf_counter()
    done = subprocess.run(
        [str(qmsctl), "--records", str(folder), *arguments], capture_output=True, stdin=subprocess.DEVNULL
    )
    return time.perf_counter() - started, done.returncode


def run_check(folder: Path, *options: str) -> tuple[float, float, int]:
    elapsed, code = run(folder, "check", "--format", "json", *options)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak_mib, code


def time_everyday(folder: Path) -> None:
    """What a person waits for on a big folder once the cache is warm."""
    unchanged_s, _peak, code = run_check(folder)
    print(f"qmsctl check, nothing changed      : {unchanged_s:6.2f} s  (exit {code})")
    ticket = sorted((folder / "tickets").rglob("*.yaml"))[-1]
    ticket.write_text(ticket.read_text(encoding="utf-8") + "# seen\n", "utf-8")
    one_s, _peak, code = run_check(folder)
    print(f"qmsctl check, one file changed     : {one_s:6.2f} s  (exit {code})")
    stats_s, code = run(folder, "stats", "--period", "2026")
    print(f"qmsctl stats --period 2026, first  : {stats_s:6.2f} s  (exit {code})")
    stats_s, code = run(folder, "stats", "--period", "2026")
    print(f"qmsctl stats --period 2026, again  : {stats_s:6.2f} s  (exit {code})")
    ticket.write_text(ticket.read_text(encoding="utf-8") + "# seen again\n", "utf-8")
    stats_s, code = run(folder, "stats", "--period", "2026")
    print(f"qmsctl stats, one file changed     : {stats_s:6.2f} s  (exit {code})")
    add_s, code = run(folder, "ticket", "add", "--procedure", "QT.NC.01", "--received", "2026-12-30 09:00")
    print(f"qmsctl ticket add                  : {add_s:6.2f} s  (exit {code})")
    opened_s, code = run(
        folder,
        "action",
        "open",
        "--unit",
        "HCTC",
        "--source",
        "other",
        "--description",
        "Bench",
        "--by",
        "Bench",
        "--date",
        "2026-12-30",
    )
    print(f"qmsctl action open                 : {opened_s:6.2f} s  (exit {code})")


def main() -> None:
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="qmsctl-bench-cache-")  # a cold cache
    os.environ["QMSCTL_TODAY"] = "2027-01-31"  # after the last generated ticket: none is in the future
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--layout", choices=["ticket", "month"], default="ticket")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "records-100k")
    parser.add_argument("--changed", action="store_true", help="Also time check --changed after one edit.")
    args = parser.parse_args()
    generate_tickets.main(
        [
            "--records",
            str(HERE.parent / "records"),
            "--out",
            str(args.out),
            "--count",
            str(args.count),
            "--start",
            "2026-01-01",
            "--end",
            "2026-12-31",
            "--layout",
            args.layout,
        ]
    )
    baseline(args.out)  # warm the page cache
    parse_s, files = baseline(args.out)
    check_s, peak_mib, code = run_check(args.out)
    print(f"cores: {os.cpu_count()}, files: {files}, tickets: {args.count}, layout: {args.layout}")
    print(f"PyYAML CSafeLoader alone, 1 process : {parse_s:6.2f} s")
    print(f"qmsctl check, cold, 2 workers      : {check_s:6.2f} s  (exit {code})")
    print(f"ratio check / parse                : {check_s / parse_s:6.2f}")
    print(f"peak memory                        : {peak_mib:6.0f} MiB")
    time_everyday(args.out)
    if args.changed:
        time_changed(args.out)


def time_changed(folder: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@b", "GIT_COMMITTER_NAME": "b"}
    env["GIT_COMMITTER_EMAIL"] = "b@b"
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "bench"]):
        subprocess.run(["git", *command], cwd=folder, check=True, env=env)
    ticket = next((folder / "tickets").rglob("*.yaml"))
    ticket.write_text(ticket.read_text(encoding="utf-8").replace("outcome: done", "outcome: returned"), "utf-8")
    changed_s, peak_mib, code = run_check(folder, "--changed")
    print(f"qmsctl check --changed, one ticket : {changed_s:6.2f} s  (exit {code}, peak {peak_mib:.0f} MiB)")


if __name__ == "__main__":
    main()
