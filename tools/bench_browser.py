"""The app as students feel it, in a real Chromium (Playwright + Debian's chromium): part 4 of tools.bench.

Cold start: from launching `streamlit run app.py` to the Playground fully rendered. Slider: from
releasing the noise slider to every panel updated. Pen: from lifting the pen to every model's
reconstruction shown (its new scores on the page and every picture loaded). Then the server's
resident memory with that one session.
"""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING

import numpy as np

from dae.catalog import MODEL_NAMES
from tools.browser import CHROMIUM, CHROMIUM_ARGS, IDLE, PICTURES_SHOWN, SCORES, STROKES, stroke
from tools.server import rss_mb, start_app, wait_until_healthy

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _scores(page: Page) -> str:
    return page.evaluate(f"() => {SCORES}.map(e => e.innerText).join('|')")


def _wait_for_new_scores(page: Page, old: str) -> None:
    page.wait_for_function(
        f"old => {{ const s = {SCORES}; return s.length === {len(MODEL_NAMES)} && "
        f"s.map(e => e.innerText).join('|') !== old && ({IDLE})() && ({PICTURES_SHOWN})(); }}",
        arg=old,
        polling="raf",
    )


def _summary(label: str, values: list[float], median_target: float, p95_target: float) -> None:
    median, p95 = statistics.median(values), float(np.percentile(values, 95))
    ok = median < median_target and p95 < p95_target
    print(
        f"   {label:34s} median {median:6.0f} ms, p95 {p95:6.0f} ms   "
        f"target < {median_target:.0f} / {p95_target:.0f} ms   {'MET' if ok else 'MISSED'}"
    )


def pen_lifts(page: Page, rounds: int) -> list[float]:
    """Milliseconds from lifting the pen to every model's new reconstruction shown, over `rounds` strokes."""
    pen = []
    for index in range(rounds):
        old = _scores(page)
        stroke(page, STROKES[index % len(STROKES)], steps=4, shift=(index // len(STROKES)) * 4)
        start = time.perf_counter()
        page.mouse.up()
        _wait_for_new_scores(page, old)
        pen.append((time.perf_counter() - start) * 1000)
        page.get_by_role("button", name="Reset canvas & history").click()
        page.get_by_text("Draw a digit in the black box").wait_for()
        page.wait_for_function(IDLE)
    return pen


def slider_releases(page: Page, rounds: int) -> list[float]:
    """Milliseconds from releasing the noise slider to every panel updated, over `rounds` drags."""
    page.get_by_text("Test digit", exact=True).click()
    page.wait_for_function(f"() => {SCORES}.length === {len(MODEL_NAMES)} && ({IDLE})()")
    slider = page.locator("[data-testid=stSlider] input[type=range]").first
    thumb = slider.locator("xpath=../..")
    track = slider.locator("xpath=../../..").bounding_box()
    assert track is not None
    released = []
    for index in range(rounds):
        target = 0.15 + 0.7 * ((index * 7) % 10) / 10  # levels all over the track, never the same twice
        old = _scores(page)
        grab = thumb.bounding_box()
        assert grab is not None
        page.mouse.move(grab["x"] + grab["width"] / 2, grab["y"] + grab["height"] / 2)
        page.mouse.down()
        page.mouse.move(track["x"] + target * track["width"], grab["y"] + grab["height"] / 2, steps=3)
        start = time.perf_counter()
        page.mouse.up()
        _wait_for_new_scores(page, old)
        released.append((time.perf_counter() - start) * 1000)
    return released


def browser_figures(rounds: int = 20) -> None:
    from playwright.sync_api import sync_playwright

    print(f"\n4. In the browser (Chromium, {rounds} interactions of each kind)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.perf_counter()
        server, url = start_app()
        try:
            wait_until_healthy(url)
            page.goto(url)
            page.get_by_text("Draw a digit in the black box").wait_for(timeout=60_000)
            page.wait_for_function(IDLE, timeout=60_000)
            cold = time.perf_counter() - started
            print(
                f"   {'cold start (run -> playground shown)':34s} {cold:6.1f} s   target < 15 s   "
                f"{'MET' if cold < 15 else 'MISSED'}"
            )
            pen = pen_lifts(page, rounds)
            _summary("slider release -> all panels", slider_releases(page, rounds), 300, 600)
            _summary("pen lift -> reconstructions", pen, 300, 600)
            rss = rss_mb(server.pid)
            print(
                f"   {'server RSS, one session':34s} {rss:6.0f} MB   target < 1536 MB   "
                f"{'MET' if rss < 1536 else 'MISSED'}"
            )
        finally:
            server.terminate()
            server.wait(timeout=20)
            browser.close()
