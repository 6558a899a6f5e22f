"""A seeded mutation fuzzer of the demo folder through the real command: each case copies
`records/`, mutates one to three of its files with the suite's mutator, and runs
`qmsctl check` in a process of its own. Anything but exit 0 or 1 (a crash is 3, a signal is
negative) or a run over the time limit is a failure, kept with its seed and case to replay.

    python scripts/fuzz_demo.py [--cases 3000] [--seed 0] [--jobs 2] [--timeout 60]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_fuzz import mutate  # noqa: E402 - the suite's mutator, one copy


def case(seed: int, number: int, work: Path, timeout: float) -> str | None:
    """None when the case ended with 0 or 1; else what went wrong."""
    rng = random.Random(seed * 1_000_003 + number)
    source = ROOT / "records"
    files = sorted(p.relative_to(source) for p in source.rglob("*.yaml") if ".schemas" not in p.parts)
    root = work / f"case-{number}"
    shutil.copytree(source, root)
    try:
        for _ in range(rng.randint(1, 3)):
            file = root / rng.choice(files)
            file.write_bytes(mutate(file.read_bytes(), rng))
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "QMSCTL_LANG": "en"}
        try:
            done = subprocess.run(
                [sys.executable, "-m", "qmsctl", "--records", str(root), "check"],
                capture_output=True, timeout=timeout, env=env, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return f"seed {seed} case {number}: no answer in {timeout:.0f} s"
        if done.returncode not in (0, 1):
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            return f"seed {seed} case {number}: exit {done.returncode} {' '.join(tail)}"
        return None
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60)
    options = parser.parse_args()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qmsctl-fuzz-") as folder, ThreadPoolExecutor(options.jobs) as pool:
        work = Path(folder)
        results = pool.map(lambda n: case(options.seed, n, work, options.timeout), range(options.cases))
        for number, failure in enumerate(results, start=1):
            if failure:
                failures.append(failure)
                print(failure, flush=True)
            if number % 100 == 0:
                print(f"{number} cases, {len(failures)} failures", flush=True)
    print(f"{options.cases} cases (seed {options.seed}): {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
