"""Benchmark: the edits a secretary makes, on a city's folder of month list files, side by side
with the same edits on the demo.

    python bench/bench_edits.py [--count 100000] [--years 1] [--import-rows 10000]

The folder is generated with the demo's generator in the layout agencies use: one list file a
month (about 8,000-13,000 tickets each for 100,000 a year); `--years 10 --count 1000000` makes
ten years of such files. After a first `check` (the cache warm, as on any working day), each
command runs as a fresh process, five times, alternating with the same command on a copy of the
demo: the median, the fastest and the slowest of each are printed, and the ratio of the medians.
Every run's exit code is checked. `ticket step` and `ticket complete` act on a ticket in the
middle of a month file; each run edits another one, so each run finds the file it edits changed
by the run before (the facts the edit remembers are what the next run reads). Then an export of
`--import-rows` dossiers of a month to come (January 2027: new ids) is imported into the folder,
and (with `--years` > 1) `check` is timed unchanged, after one changed file, and cold against
PyYAML's C loader in two processes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import bench_check  # noqa: E402
import generate_export  # noqa: E402
import generate_tickets  # noqa: E402
import measure  # noqa: E402

QMSCTL = str(Path(sys.executable).parent / "qmsctl")


def run(folder: Path, *arguments: str) -> measure.Run:
    return measure.run([QMSCTL, "--records", str(folder), *arguments])


def open_tickets_in_the_middle(folder: Path, count: int) -> list[str]:
    """Ids of tickets still open, from the middle of the latest month file that holds enough."""
    for month in sorted((folder / "tickets").rglob("*.yaml"), reverse=True):
        tickets: list[dict[str, Any]] = yaml.load(month.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        found = [t["id"] for t in tickets[len(tickets) // 3 :] if "completed" not in t][:count]
        if len(found) == count:
            return found
    raise SystemExit(f"no month file of {folder} holds {count} open tickets in its middle")


def side_by_side(name: str, big: Path, demo: Path, make: Any) -> None:
    """`make(folder, i)` gives the arguments of the i-th run on that folder."""
    runs: dict[Path, list[measure.Run]] = {big: [], demo: []}
    for i in range(measure.RUNS):
        for folder in (big, demo):
            runs[folder].append(run(folder, *make(folder, i)))
    city, small = measure.Runs(runs[big]), measure.Runs(runs[demo])
    print(f"{name:<34}: city {city}")
    print(f"{'':<34}  demo {small}; ratio {city.median / small.median:.2f}")


def quality(big: Path, demo: Path) -> None:
    """The commands of the rest of the quality manual: an edit of a register (which reads no
    ticket), a survey's figures, and the two that count every ticket of two years (the yearly
    analysis, a management review's inputs)."""

    def risk(folder: Path, i: int) -> list[str]:
        return ["risk", "add", "2026", "--unit", "HCTC", "--description", f"Bench {i}", "--likelihood", "2",
                "--impact", "2", "--date", "2026-11-20"]  # fmt: skip

    side_by_side("risk add", big, demo, risk)
    side_by_side("survey stats --by unit", big, demo, lambda folder, i: ["survey", "stats", "KS-2025", "--by", "unit"])
    side_by_side("analysis --year 2026", big, demo, lambda f, i: ["analysis", "--year", "2026", "--date", "2026-12-31"])

    def review(folder: Path, i: int) -> list[str]:
        return ["review", "new", "--date", f"2026-12-{20 + i}", "--period", "2026"]

    side_by_side("review new --period 2026", big, demo, review)


def main() -> None:
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="qmsctl-bench-cache-")
    os.environ["QMSCTL_TODAY"] = "2027-01-31"
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "edits")
    parser.add_argument(
        "--quality-only", action="store_true", help="only the risk, survey, analysis and review commands"
    )
    args = parser.parse_args()
    big, demo = args.out / "city", args.out / "demo"
    shutil.rmtree(args.out, ignore_errors=True)
    first = 2027 - args.years
    generate_tickets.main(
        ["--records", str(HERE.parent / "records"), "--out", str(big), "--count", str(args.count)]
        + ["--start", f"{first}-01-01", "--end", "2026-11-30", "--layout", "month"]
    )
    shutil.copytree(HERE.parent / "records", demo)
    files = list((big / "tickets").rglob("*.yaml"))
    print(f"cores: {os.cpu_count()}, tickets: {args.count}, month files: {len(files)}, "
          f"largest {max(p.stat().st_size for p in files) / 2**20:.1f} MiB")  # fmt: skip
    print(f"first check (untimed warm-up)     : {measure.Runs([run(big, 'check', '--format', 'json')])}")
    run(demo, "check", "--format", "json")

    quality(big, demo)
    if args.quality_only:
        return

    def add(folder: Path, i: int) -> list[str]:
        day = "2026-12-30" if folder == big else "2026-11-20"
        return ["ticket", "add", "--procedure", "QT.NC.01", "--received", f"{day} 09:{i:02d}", "--subject", "Bench"]

    side_by_side("ticket add", big, demo, add)
    stepped = {
        big: open_tickets_in_the_middle(big, 2 * measure.RUNS),
        demo: open_tickets_in_the_middle(demo, 2 * measure.RUNS),
    }
    at = {big: "2027-01-30 10:00", demo: "2026-11-20 17:00"}

    def step(folder: Path, i: int) -> list[str]:
        return ["ticket", "step", stepped[folder][i], "--at", at[folder], "--by", "Bench", "--action", "xem xét"]

    side_by_side("ticket step (middle of a month)", big, demo, step)

    def complete(folder: Path, i: int) -> list[str]:
        return ["ticket", "complete", stepped[folder][measure.RUNS + i], "--at", at[folder]]

    side_by_side("ticket complete", big, demo, complete)

    def action(folder: Path, i: int) -> list[str]:
        return ["action", "open", "--unit", "HCTC", "--source", "other", "--description", f"Bench {i}",
                "--by", "Bench", "--date", "2026-12-30"]  # fmt: skip

    side_by_side("action open", big, demo, action)
    if args.import_rows:
        export = args.out / "export.xlsx"
        generate_export.main([str(export), "--count", str(int(args.import_rows / 0.73)), "--start", "2027-01-04",
                              "--end", "2027-01-29", "--seed", "11"])  # fmt: skip
        command = ["import", "tickets", str(export), "--map", "motcua-xlsx"]
        print(f"import of an export into the city : {measure.Runs([run(big, *command)])}")
    if args.years > 1:
        print(f"check, nothing changed            : {measure.repeat(lambda: run(big, 'check', '--format', 'json'))}")
        months = sorted((big / "tickets").rglob("*.yaml"))

        def edit_and_check() -> measure.Run:
            month = months.pop()
            with month.open("a", encoding="utf-8") as handle:
                handle.write("# seen\n")
            return run(big, "check", "--format", "json")

        print(f"check, one month file changed     : {measure.repeat(edit_and_check)}")
        bench_check.cold_check_against_the_baseline(big, 2)


if __name__ == "__main__":
    import pace  # beside this file

    print(pace.line("before"))
    main()
    print(pace.line("after"))
