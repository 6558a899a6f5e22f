"""The report's charts: Vega-Lite specifications built with altair from plain rows and rendered
to inline SVG by vl-convert, here or in a process of their own.

The renderer's start costs most of a second (part of it holding Python's lock), altair's import
half of one, and each chart about a tenth: a command that knows it will draw starts the
renderer's process first and hands it each chart's rows as soon as they are known; the chart is
built and drawn there, on the other processor, while the folder is read and the figures counted,
and the pictures are collected last. This module imports nothing of qmsctl, so that process
starts with altair and vl-convert alone.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

# Colours of the page and its charts, each with a contrast of at least 4.5:1 on white
# (WCAG AA for text), checked by the tests.
COLOURS = {
    "text": "#1a1a1a",
    "muted": "#4d4d4d",
    "on_time": "#1b6e3a",
    "late": "#b3261e",
    "overdue": "#8a4b00",
    "target": "#0b4f8a",
    "neutral": "#5c5c5c",
}
FONT = "Times New Roman, Liberation Serif, serif"
WIDTH = 560  # pixels of a chart's plot; the SVG scales down to a phone's width


def _config(chart: Any) -> Any:
    return (
        chart.configure(font=FONT, background="white")
        .configure_axis(
            labelColor=COLOURS["text"], titleColor=COLOURS["text"], labelFontSize=12, titleFontSize=12, labelLimit=300
        )
        .configure_legend(labelColor=COLOURS["text"], titleColor=COLOURS["text"], labelFontSize=12)
        .configure_title(color=COLOURS["text"], fontSize=14, anchor="start")
        .configure_view(stroke=None)
    )


def trend_chart(months: list[dict[str, Any]], target: float | None) -> Any:
    import altair as alt

    data = alt.Data(values=[m for m in months if m["rate"] is not None])
    line = (
        alt.Chart(data)
        .mark_line(point=True, color=COLOURS["on_time"])
        .encode(
            x=alt.X("month:N", title="Tháng", sort=None),
            y=alt.Y("rate:Q", title="Tỷ lệ đúng hạn (%)", scale=alt.Scale(domain=[0, 100])),
        )
    )
    layers = [line]
    if target is not None:
        rule = alt.Chart(alt.Data(values=[{"target": target * 100}])).mark_rule(
            color=COLOURS["target"], strokeDash=[6, 4]
        )
        layers.append(rule.encode(y="target:Q"))
    return _config(alt.layer(*layers).properties(width=WIDTH, height=220, title="Tỷ lệ đúng hạn 12 tháng"))


def stacked_chart(rows: list[dict[str, Any]], title: str, field: str) -> Any:
    import altair as alt

    order = [r[field] for r in rows]
    values = [
        {field: r[field], "kind": kind, "count": r[key]}
        for r in rows
        for kind, key in (("Đúng hạn", "on_time"), ("Trễ hạn", "late"), ("Quá hạn", "overdue"))
    ]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y(f"{field}:N", title=None, sort=order),
            x=alt.X("count:Q", title="Số hồ sơ"),
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(
                    domain=["Đúng hạn", "Trễ hạn", "Quá hạn"],
                    range=[COLOURS["on_time"], COLOURS["late"], COLOURS["overdue"]],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
        )
        .properties(width=WIDTH, height=max(80, 22 * len(rows)), title=title)
    )
    return _config(chart)


def bar_chart(values: list[dict[str, Any]], x: str, y: str, title: str, colour: str, x_title: str) -> Any:
    import altair as alt

    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color=colour)
        .encode(y=alt.Y(f"{y}:N", title=None, sort=None), x=alt.X(f"{x}:Q", title=x_title))
        .properties(width=WIDTH, height=max(60, 26 * len(values)), title=title)
    )
    return _config(chart)


def render_svg(build: Callable[..., Any], *rows: Any) -> str:
    """The chart `build(*rows)` makes, as an inline `<svg>` element."""
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(build(*rows).to_dict())
    return svg[svg.index("<svg") :]  # without the XML declaration


def _ending_at_once() -> None:
    """The renderer's process, told to end, ends without the interpreter taking down altair and
    the renderer (a tenth of a second the command would wait): its pictures are sent already."""
    import atexit
    import os

    atexit.register(os._exit, 0)


class Drawing:
    """A chart handed to the renderer; `svg()` waits for its picture."""

    def __init__(self, chart: tuple[Any, ...], future: Future[str] | None) -> None:
        self.chart, self.future = chart, future

    def svg(self) -> str:
        if self.future is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                return self.future.result()
            except BrokenProcessPool:  # the renderer's process died: drawn here
                pass
        return render_svg(*self.chart)


class Charts:
    """The renderer: with `early`, a process of its own, started now; else this process.
    A context manager, which ends the renderer's process."""

    def __init__(self, early: bool = False) -> None:
        self.pool: Any = None
        if early:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            # Spawned, not forked: a fork of a process in which the renderer has run hangs.
            self.pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=_ending_at_once)
            try:
                self.pool.submit(render_svg, bar_chart, [], "n", "name", "", COLOURS["text"], "")  # its start
            except (OSError, RuntimeError):  # no process can be started here: drawn in this one
                self.pool = None

    def __enter__(self) -> Charts:
        return self

    def __exit__(self, *failed: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def draw(self, build: Callable[..., Any], *rows: Any) -> Drawing:
        """Start drawing the chart `build(*rows)` makes (`build`: a function of this module);
        its picture is the returned drawing's `svg()`."""
        if self.pool is None:
            return Drawing((build, *rows), None)
        from concurrent.futures.process import BrokenProcessPool

        try:
            return Drawing((build, *rows), self.pool.submit(render_svg, build, *rows))
        except BrokenProcessPool:
            return Drawing((build, *rows), None)
