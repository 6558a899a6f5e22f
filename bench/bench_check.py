"""Benchmark: `qmsctl check` on 100,000 generated tickets against PyYAML's C loader alone.

    python bench/bench_check.py [--count 100000] [--layout ticket|month] [--changed]

Both read the same files after a first untimed pass has put them in the page
cache. The baseline parses every file with PyYAML's CSafeLoader, in as many
processes as `qmsctl check` has workers (one a core, at most 8); `qmsctl
check` runs as a fresh process (imports included, no cache of its own). Peak
memory is the largest resident set of that process or any of its workers.
What a person waits for once the cache is warm is the median of three runs
(the machine is noisy).

With --changed the folder is also committed to git, one ticket is edited, and
`qmsctl check --changed` (what changed and what refers to it) is timed too.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import generate_tickets  # noqa: E402


def _parse(paths: list[Path]) -> int:
    for path in paths:
        text = path.read_bytes()
        if path.suffix == ".md":
            text = text.split(b"\n---", 1)[0].lstrip(b"-")
        yaml.load(text, Loader=yaml.CSafeLoader)
    return len(paths)


def baseline(folder: Path, processes: int) -> tuple[float, int]:
    files = sorted(folder.rglob("*.yaml")) + sorted(folder.rglob("*.md"))
    started = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        parsed = sum(pool.map(_parse, [files[i::processes] for i in range(processes)]))
    return time.perf_counter() - started, parsed


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


def median(times: int, measure: Callable[[], tuple[float, int]]) -> tuple[float, int]:
    runs = [measure() for _ in range(times)]
    return statistics.median(seconds for seconds, _code in runs), max(code for _seconds, code in runs)


def time_everyday(folder: Path) -> None:
    """What a person waits for on a big folder once the cache is warm (medians of three)."""
    unchanged_s, code = median(3, lambda: run(folder, "check", "--format", "json"))
    print(f"qmsctl check, nothing changed      : {unchanged_s:6.2f} s  (exit {code})")
    tickets = sorted((folder / "tickets").rglob("*.yaml"))

    def edit_and_check(ticket: Path) -> tuple[float, int]:
        ticket.write_text(ticket.read_text(encoding="utf-8") + "# seen\n", "utf-8")
        return run(folder, "check", "--format", "json")

    one_s, code = median(3, lambda: edit_and_check(tickets.pop()))
    print(f"qmsctl check, one file changed     : {one_s:6.2f} s  (exit {code})")
    stats_s, code = run(folder, "stats", "--period", "2026")
    print(f"qmsctl stats --period 2026, first  : {stats_s:6.2f} s  (exit {code})")
    stats_s, code = median(3, lambda: run(folder, "stats", "--period", "2026"))
    print(f"qmsctl stats --period 2026, again  : {stats_s:6.2f} s  (exit {code})")

    def edit_and_count(ticket: Path) -> tuple[float, int]:
        ticket.write_text(ticket.read_text(encoding="utf-8") + "# seen again\n", "utf-8")
        return run(folder, "stats", "--period", "2026")

    stats_s, code = median(3, lambda: edit_and_count(tickets.pop()))
    print(f"qmsctl stats, one file changed     : {stats_s:6.2f} s  (exit {code})")
    add_s, code = median(
        3, lambda: run(folder, "ticket", "add", "--procedure", "QT.NC.01", "--received", "2026-12-30 09:00")
    )
    print(f"qmsctl ticket add                  : {add_s:6.2f} s  (exit {code})")
    opened = ["action", "open", "--unit", "HCTC", "--source", "other", "--description", "Bench", "--by", "Bench"]
    before = set((folder / "actions").glob("*.yaml"))
    opened_s, code = median(3, lambda: run(folder, *opened, "--date", "2026-12-30"))
    print(f"qmsctl action open                 : {opened_s:6.2f} s  (exit {code})")
    actions = sorted(path.stem for path in set((folder / "actions").glob("*.yaml")) - before)
    for action in actions:  # accepted and assigned, untimed: a plan is made for an assigned action
        run(folder, "action", "accept", action, "--by", "Bench", "--reasons", "Bench", "--date", "2026-12-30")
        run(
            folder,
            "action",
            "assign",
            action,
            "--to",
            "HCTC",
            "--by",
            "Bench",
            "--due",
            "2027-01-20",
            "--date",
            "2026-12-30",
        )
    planned = ["--cause", "Bench", "--measure", "Bench | HCTC | 2027-01-15", "--approved-by", "Bench"]
    plan_s, code = median(3, lambda: run(folder, "action", "plan", actions.pop(), *planned, "--date", "2026-12-31"))
    print(f"qmsctl action plan                 : {plan_s:6.2f} s  (exit {code})")


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
    workers = min(os.cpu_count() or 1, 8)  # as `qmsctl check` has
    baseline(args.out, workers)  # warm the page cache
    parse_s, files = baseline(args.out, workers)
    check_s, peak_mib, code = run_check(args.out)
    print(f"cores: {os.cpu_count()}, files: {files}, tickets: {args.count}, layout: {args.layout}")
    print(f"PyYAML CSafeLoader alone, {workers} processes: {parse_s:6.2f} s")
    print(f"qmsctl check, cold, {workers} workers      : {check_s:6.2f} s  (exit {code})")
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
    import pace  # beside this file

    print(pace.line("before"))
    main()
    print(pace.line("after"))
