"""Benchmark: `qmsctl import tickets` of a 100,000-row XLSX export into an empty tickets folder,
then the same export again (nothing to change).

    python bench/bench_import.py [--count 100000]

The export comes from bench/generate_export.py (the demo's procedures, a year of dossiers);
the agency is a copy of the demo records without its tickets. Each import runs as a fresh
process, its check before writing included.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import generate_export  # noqa: E402
import measure  # noqa: E402


def run_import(records: Path, export: Path) -> measure.Run:
    """One import (its exit code checked: every generated row is written)."""
    qmsctl = Path(sys.executable).parent / "qmsctl"
    return measure.run(
        [str(qmsctl), "--records", str(records), "import", "tickets", str(export), "--map", "motcua-xlsx"]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "import")
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    export = args.out / "export.xlsx"
    # The generator draws dossiers and letters (about 73 % dossiers); the export keeps the dossiers.
    drawn = str(int(args.count / 0.73))
    generate_export.main([str(export), "--count", drawn, "--start", "2026-01-02", "--end", "2026-10-30"])
    records = args.out / "records"
    shutil.copytree(HERE.parent / "records", records, ignore=shutil.ignore_patterns("tickets"))
    print(f"export: {export.stat().st_size / 2**20:.1f} MiB")
    print(f"first import : {measure.Runs([run_import(records, export)])}")
    print(f"same again   : {measure.repeat(lambda: run_import(records, export))}")


if __name__ == "__main__":
    import pace  # beside this file

    print(pace.line("before"))
    main()
    print(pace.line("after"))
