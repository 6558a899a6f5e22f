"""Benchmark: `qmsctl check` on 100,000 generated tickets against PyYAML's C loader alone.

    python bench/bench_check.py [--count 100000] [--layout ticket|month] [--changed]

Both read the same files after a first untimed pass has put them in the page
cache. The baseline parses every file with PyYAML's CSafeLoader, in as many
processes as `qmsctl check` has workers (one a core, at most 8); `qmsctl
check` runs as a fresh process (imports included, an empty cache), five times
each, taken in turn: the median, the fastest and the slowest are printed, and the
ratio of each check to the parse beside it. Peak memory is the resident memory of
the command's whole process tree (itself and its workers, summed), sampled every
20 ms. What a person waits for once the cache is warm is likewise the median of
five runs; every run's exit code is checked.

With --changed the folder is also committed to git, one ticket is edited, and
`qmsctl check --changed` (what changed and what refers to it) is timed too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import generate_tickets  # noqa: E402
import measure  # noqa: E402


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


def run(folder: Path, *arguments: str, expect: int = 0) -> measure.Run:
    """One run of qmsctl on the folder (its exit code checked: a check of the generated folder
    finds nothing)."""
    qmsctl = Path(sys.executable).parent / "qmsctl"
    return measure.run([str(qmsctl), "--records", str(folder), *arguments], expect=expect)


def time_everyday(folder: Path) -> None:
    """What a person waits for on a big folder once the cache is warm: each the median of five
    runs with the fastest and the slowest."""
    print(f"qmsctl check, nothing changed      : {measure.repeat(lambda: run(folder, 'check', '--format', 'json'))}")
    tickets = sorted((folder / "tickets").rglob("*.yaml"))

    def edit_and_check() -> measure.Run:
        ticket = tickets.pop()
        ticket.write_text(ticket.read_text(encoding="utf-8") + "# seen\n", "utf-8")
        return run(folder, "check", "--format", "json")

    print(f"qmsctl check, one file changed     : {measure.repeat(edit_and_check)}")
    print(f"qmsctl stats --period 2026, first  : {measure.Runs([run(folder, 'stats', '--period', '2026')])}")
    print(f"qmsctl stats --period 2026, again  : {measure.repeat(lambda: run(folder, 'stats', '--period', '2026'))}")

    def edit_and_count() -> measure.Run:
        ticket = tickets.pop()
        ticket.write_text(ticket.read_text(encoding="utf-8") + "# seen again\n", "utf-8")
        return run(folder, "stats", "--period", "2026")

    print(f"qmsctl stats, one file changed     : {measure.repeat(edit_and_count)}")
    add = ["ticket", "add", "--procedure", "QT.NC.01", "--received", "2026-12-30 09:00", "--subject", "Bench"]
    print(f"qmsctl ticket add                  : {measure.repeat(lambda: run(folder, *add))}")
    opened = ["action", "open", "--unit", "HCTC", "--source", "other", "--description", "Bench", "--by", "Bench"]
    before = set((folder / "actions").glob("*.yaml"))
    print(
        f"qmsctl action open                 : {measure.repeat(lambda: run(folder, *opened, '--date', '2026-12-30'))}"
    )
    actions = sorted(path.stem for path in set((folder / "actions").glob("*.yaml")) - before)
    for action in actions:  # accepted and assigned, untimed: a plan is made for an assigned action
        run(folder, "action", "accept", action, "--by", "Bench", "--reasons", "Bench", "--date", "2026-12-30")
        assign = ["--to", "HCTC", "--by", "Bench", "--due", "2027-01-20", "--date", "2026-12-30"]
        run(folder, "action", "assign", action, *assign)
    planned = ["--cause", "Bench", "--measure", "Bench | HCTC | 2027-01-15", "--approved-by", "Bench"]
    plans = measure.repeat(lambda: run(folder, "action", "plan", actions.pop(), *planned, "--date", "2026-12-31"))
    print(f"qmsctl action plan                 : {plans}")


def cold_check_against_the_baseline(folder: Path, workers: int) -> None:
    """The cold check and PyYAML alone, five times each, taken in turn (so a slower minute of
    the machine weighs on both), the check with an empty cache each time."""
    baseline(folder, workers)  # warm the page cache
    parses: list[measure.Run] = []
    checks: list[measure.Run] = []
    files = 0
    for _ in range(measure.RUNS):
        seconds, files = baseline(folder, workers)
        parses.append(measure.Run(seconds, 0.0))
        shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)
        checks.append(run(folder, "check", "--format", "json"))
    parse, check = measure.Runs(parses), measure.Runs(checks)
    ratios = sorted(c.seconds / p.seconds for c, p in zip(checks, parses, strict=True))
    print(f"files: {files}")
    print(
        f"PyYAML CSafeLoader alone, {workers} processes: {parse.median:6.2f} s "
        f"(min {min(r.seconds for r in parses):.2f}, max {max(r.seconds for r in parses):.2f})"
    )
    print(f"qmsctl check, cold, {workers} workers      : {check}")
    print(f"ratio check / parse, run by run    : median {ratios[len(ratios) // 2]:.2f} "
          f"(min {ratios[0]:.2f}, max {ratios[-1]:.2f})")  # fmt: skip


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
    print(f"cores: {os.cpu_count()}, tickets: {args.count}, layout: {args.layout}")
    cold_check_against_the_baseline(args.out, workers)
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
    # The edited ticket is a finding of its own? No: returned is a valid outcome; the check is clean.
    print(f"qmsctl check --changed, one ticket : {measure.repeat(lambda: run(folder, 'check', '--changed'))}")


if __name__ == "__main__":
    import pace  # beside this file

    print(pace.line("before"))
    main()
    print(pace.line("after"))
