"""The machine's pace when a benchmark runs: a fixed piece of Python work, timed.

Figures taken on different days, or on different machines of the same kind, differ by
half or more (the same code, the same folder). Each benchmark prints this pace before and
after its runs, so its figures can be set beside others: a figure measured at a pace of
0.30 s is not to be compared with one measured at 0.15 s.
"""

from __future__ import annotations

import time


def _work() -> int:
    total = 0
    for number in range(2_000_000):
        total += number * number % 7
    return total


def pace(runs: int = 5) -> float:
    """The fastest of `runs` timings of the fixed work, in seconds."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        _work()
        best = min(best, time.perf_counter() - started)
    return best


def line(when: str) -> str:
    return f"machine's pace {when:6}: {pace():6.3f} s (a fixed loop, fastest of five)"


if __name__ == "__main__":
    print(line("now"))
