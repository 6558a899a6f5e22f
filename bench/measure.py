"""How the benchmarks measure a command: wall time, the peak memory of its whole process tree
(the command and every worker it starts, summed while they run), and its exit code, checked;
repeated runs reported as their median with the fastest and the slowest.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

RUNS = 5  # every figure is the median of at least this many runs
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Run:
    seconds: float
    peak_mib: float


@dataclass
class Runs:
    runs: list[Run]

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(r.peak_mib for r in self.runs)

    def __str__(self) -> str:
        times = [r.seconds for r in self.runs]
        return (
            f"{self.median:6.2f} s (min {min(times):.2f}, max {max(times):.2f}, n={len(times)}; "
            f"peak {self.peak_mib:.0f} MiB)"
        )


def _children() -> dict[int, list[int]]:
    """Each process's children, from /proc."""
    found: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        found.setdefault(int(fields[1]), []).append(int(entry))
    return found


def tree_rss_mib(root: int) -> float:
    """The resident memory of a process and all its descendants, in MiB."""
    children, total, stack = _children(), 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total / (1 << 20)


def run(command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, expect: int = 0) -> Run:
    """One run of a command: its wall time and the peak memory of its process tree (sampled
    every 20 ms). A run that exits with another code than `expect` stops the benchmark."""
    peak = 0.0
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mib(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != expect:
        raise SystemExit(
            f"{' '.join(command)} exited {process.returncode}, not {expect}:\n{err.decode(errors='replace')[-2000:]}"
        )
    return Run(seconds, peak)


def repeat(measure: Callable[[], Run], runs: int = RUNS) -> Runs:
    return Runs([measure() for _ in range(max(runs, RUNS))])
