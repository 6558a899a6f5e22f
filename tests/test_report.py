"""The leaders' report: one HTML file opened in headless Chromium with every request blocked,
its charts drawn, its headline equal to `stats`, valid HTML, printable, readable on a phone."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import html5lib
import pytest
from typer.testing import CliRunner

from qmsctl.charts import COLOURS
from qmsctl.cli.main import app
from qmsctl.report import percent
from tests.conftest import DEMO

runner = CliRunner()
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


QUESTION = ["--period", "2026-Q3", "--as-of", "2026-11-23"]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("report") / "bao-cao.html"
    result = runner.invoke(app, ["--records", str(DEMO), "report", *QUESTION, "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


def stats_rates() -> dict[str, float | None]:
    result = runner.invoke(app, ["--records", str(DEMO), "stats", *QUESTION, "--format", "json"])
    return json.loads(result.stdout)["rates"]  # type: ignore[no-any-return]


def test_the_page_is_one_valid_self_contained_file(page_file: Path) -> None:
    text = page_file.read_text(encoding="utf-8")
    assert page_file.stat().st_size < 2 * 1024 * 1024
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)  # raises on any parse error
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(", text, re.IGNORECASE)
    assert not re.search(r"(src|href)=[\"']?https?:", text, re.IGNORECASE)
    assert '<html lang="vi">' in text and "Tỷ lệ hồ sơ giải quyết đúng hạn" in text


def test_targets_are_printed_as_a_leader_reads_them(page_file: Path) -> None:
    """The objective's target as the forms print it ('≥ 97%'), not as the record writes it."""
    text = page_file.read_text(encoding="utf-8")
    assert "Chỉ tiêu ≥ 97%" in text and "chỉ tiêu ≥ 97%" in text  # the headline and the chart's text
    assert "&gt;=" not in text and ">= " not in text


def test_a_percent_sign_stays_on_its_number_s_line(page_file: Path) -> None:
    """'-8,51 điểm %' once broke before its sign on a phone; a no-break space holds them."""
    text = page_file.read_text(encoding="utf-8")
    assert "điểm&nbsp;%" in text and re.search(r"\d,\d\d\u00a0%", text)
    assert not re.search(r"[\dm] %", text)


def test_every_chart_has_a_text_alternative_with_its_numbers(page_file: Path) -> None:
    tree = html5lib.parse(page_file.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    figures = tree.findall(".//figure")
    assert len(figures) == 5
    for figure in figures:
        image = next(e for e in figure.iter() if e.get("role") == "img")
        assert re.search(r"\d", image.get("aria-label", "")), image.get("aria-label")
        assert figure.find(".//details") is not None


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("name", list(COLOURS))
def test_every_colour_reads_on_white(name: str) -> None:
    ratio = (1.05) / (_luminance(COLOURS[name]) + 0.05)
    assert ratio >= 4.5, (name, ratio)


def test_headless_chromium_shows_it_with_no_network_and_no_error(page_file: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))

        def block(route: object) -> None:
            request = route.request  # type: ignore[attr-defined]
            if request.url.startswith(("file:", "data:")):
                route.continue_()  # type: ignore[attr-defined]
            else:
                requests.append(request.url)
                route.abort()  # type: ignore[attr-defined]

        page.route("**/*", block)
        page.goto(page_file.as_uri())
        assert requests == [] and errors == []
        charts = page.locator("figure svg")
        assert charts.count() == 5
        for index in range(5):
            box = charts.nth(index).bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 50
            assert charts.nth(index).locator("path, rect, line, text").count() > 5
        rates = stats_rates()
        shown = [page.locator(".card .rate").nth(i).inner_text() for i in range(3)]
        assert shown == [percent(rates["lien-thong"]), percent(rates["noi-bo"]), percent(rates["all"])]
        page.screenshot(path=str(tmp_path / "first-screen.png"))
        page.pdf(path=str(tmp_path / "report.pdf"), format="A4")
        assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        phone.route("**/*", block)
        phone.goto(page_file.as_uri())
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
        # The charts' text is as large as on a desk (the chart scrolls sideways in its box).
        smallest = phone.evaluate(
            "Math.min(...[...document.querySelectorAll('.chart svg text')]"
            ".filter(t => t.textContent.trim()).map(t => t.getBoundingClientRect().height))"
        )
        assert smallest >= 9, smallest
        phone.screenshot(path=str(tmp_path / "phone.png"))
        browser.close()
    assert requests == []


def test_a_long_list_of_late_dossiers_is_cut_and_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from qmsctl import report

    monkeypatch.setattr(report, "SHOWN_ROWS", 5)
    target = tmp_path / "r.html"
    assert runner.invoke(app, ["--records", str(DEMO), "report", *QUESTION, "-o", str(target)]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    tree = html5lib.parse(text, namespaceHTMLElements=False)
    late_table = tree.findall(".//section[@aria-labelledby='late']//tbody/tr")
    assert len(late_table) == 5
    assert re.search(r"5 hồ sơ trễ nhiều nhất trong \d+ hồ sơ", text)


def test_charts_drawn_in_their_own_process_are_the_same_and_survive_its_death() -> None:
    import os
    import signal

    from qmsctl.charts import Charts, bar_chart

    chart = (bar_chart, [{"status": "Đạt", "count": 3}], "count", "status", "Mục tiêu", COLOURS["target"], "Số")
    here = Charts().draw(*chart).svg()
    assert here.startswith("<svg") and "Mục tiêu" in here
    with Charts(early=True) as charts:
        assert charts.draw(*chart).svg() == here
        for pid in list(charts.pool._processes):  # the renderer's process dies: the page is still made
            os.kill(pid, signal.SIGKILL)
        assert charts.draw(*chart).svg() == here
        assert charts.draw(*chart).svg() == here
