"""Vega-Lite charts rendered to inline SVG by vl-convert, here or in a process of their own.

The renderer's start costs most of a second (part of it holding Python's lock) and each chart
about a tenth: a command that knows it will draw starts the renderer's process first, hands it
each chart as soon as its numbers are known and collects the pictures last, so the drawing runs
on the other processor while the folder is read and the figures counted. This module imports
nothing of qmsctl, so the renderer's process starts with little more than vl-convert.
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

_WARM_UP: dict[str, Any] = {"mark": "point", "data": {"values": []}}


def render_svg(spec: dict[str, Any]) -> str:
    """The chart of a Vega-Lite specification, as an inline `<svg>` element."""
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(spec)
    return svg[svg.index("<svg") :]  # without the XML declaration


class Drawing:
    """A chart handed to the renderer; `svg()` waits for its picture."""

    def __init__(self, spec: dict[str, Any], future: Future[str] | None) -> None:
        self.spec, self.future = spec, future

    def svg(self) -> str:
        if self.future is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                return self.future.result()
            except BrokenProcessPool:  # the renderer's process died: drawn here
                pass
        return render_svg(self.spec)


class Charts:
    """The renderer: with `early`, a process of its own, started now; else this process.
    A context manager, which ends the renderer's process."""

    def __init__(self, early: bool = False) -> None:
        self.pool: Any = None
        if early:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            # Spawned, not forked: a fork of a process in which the renderer has run hangs.
            self.pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"))
            self.pool.submit(render_svg, _WARM_UP)

    def __enter__(self) -> Charts:
        return self

    def __exit__(self, *failed: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def draw(self, chart: Any) -> Drawing:
        """Start drawing an altair chart; its picture is the returned drawing's `svg()`."""
        spec = chart.to_dict()
        if self.pool is None:
            return Drawing(spec, None)
        from concurrent.futures.process import BrokenProcessPool

        try:
            return Drawing(spec, self.pool.submit(render_svg, spec))
        except BrokenProcessPool:
            return Drawing(spec, None)
