"""The app as students feel it, in a real Chromium (Playwright + Debian's chromium): part 4 of tools.bench.

Cold start: from launching `streamlit run app.py` to the Playground fully rendered. Pen: from lifting
the pen to every model's new frames shown (new scores on the page and every picture loaded). Drag:
the live noise control's picture updates per second while the mouse drags it (one move per browser
frame), the messages the page sends the server meanwhile (a rerun request is one), and from release
to the level recorded in the link. Then the server's resident memory with that one session.
"""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING

import numpy as np

from dae.catalog import DENOISERS
from tools.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    COUNT_SENDS,
    IDLE,
    LIVE_RANGE,
    PICTURES_SHOWN,
    SCORES,
    STROKES,
    stroke,
)
from tools.server import rss_mb, start_app, wait_until_healthy

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _scores(page: Page) -> str:
    return page.evaluate(f"() => {SCORES}.map(e => e.innerText).join('|')")


def _wait_for_new_scores(page: Page, old: str) -> None:
    page.wait_for_function(
        f"old => {{ const s = {SCORES}; return s.length === {len(DENOISERS)} && "
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
        page.locator(".draw-clear").click()
        page.get_by_text("Draw a digit in the black box").wait_for()
        page.wait_for_function(IDLE)
    return pen


def drags(page: Page, rounds: int) -> tuple[list[float], int, list[float]]:
    """Drag the live noise control back and forth `rounds` times (2 s each, a mouse move every frame).

    Returns the pictures' updates per second during each drag, the messages the page sent the server
    while the button was held (each rerun request is one), and the milliseconds from each release to
    the level recorded in the link.
    """
    page.get_by_text("Test digit", exact=True).click()
    page.wait_for_function(f"() => {SCORES}.length === {len(DENOISERS)} && ({IDLE})()")
    box = page.locator(LIVE_RANGE).bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    rates, sent_while_dragging, recorded = [], 0, []
    for index in range(rounds):
        page.mouse.move(box["x"] + box["width"] / 2, y)
        page.mouse.down()
        sent, shown, start = page.evaluate("() => window.__sent"), _frames_shown(page), time.perf_counter()
        while time.perf_counter() - start < 2.0:
            phase = (time.perf_counter() - start) / 2.0
            page.mouse.move(box["x"] + 4 + (box["width"] - 8) * abs(1 - 2 * phase), y)
        rates.append((_frames_shown(page) - shown) / (time.perf_counter() - start))
        sent_while_dragging += page.evaluate("() => window.__sent") - sent
        target = 0.1 + 0.8 * ((index * 7) % 10) / 10
        page.mouse.move(box["x"] + 4 + (box["width"] - 8) * target, y)
        level = page.locator(".live-value").inner_text()
        released = time.perf_counter()
        page.mouse.up()
        page.wait_for_function(f"() => location.search.includes('noise={level}') && ({IDLE})()")
        recorded.append((time.perf_counter() - released) * 1000)
    return rates, sent_while_dragging, recorded


# Moves the live control's slider to a new level on every animation frame for two seconds, as a fast
# drag does, and counts the animation frames in which the rows had painted a newer level since the last one
# (the browser computes each level's pictures after the input event, so a paint lands a frame or so later).
ANIMATED_DRAG = """() => new Promise((done) => {
  const input = document.querySelector('.live-root input[type=range]'), root = document.querySelector('.live-root');
  const top = Number(input.max); let frames = 0, last = Number(root.dataset.framesShown || 0), step = 0;
  const start = performance.now();
  const tick = () => {
    const now = Number(root.dataset.framesShown || 0);
    if (step > 0 && now > last) frames += 1;
    last = now; step += 1; input.value = String(step % (2 * top) < top ? step % top : top - (step % top));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const seconds = (performance.now() - start) / 1000;
    if (seconds < 2) requestAnimationFrame(tick); else done(frames / seconds);
  };
  requestAnimationFrame(tick);
})"""


def _frames_shown(page: Page) -> int:
    return int(page.locator(".live-root").get_attribute("data-frames-shown") or 0)


def browser_figures(rounds: int = 20) -> None:
    from playwright.sync_api import sync_playwright

    print(f"\n4. In the browser (Chromium, {rounds} interactions of each kind)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.add_init_script(COUNT_SENDS)
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
            _summary("pen lift -> every frame shown", pen, 300, 400)
            rates, sent, recorded = drags(page, max(3, rounds // 4))
            painted = [page.evaluate(ANIMATED_DRAG) for _ in range(3)]
            slowest, median = min(painted), statistics.median(painted)
            print(
                f"   {'dragging: frames painted / s':34s} median {median:6.0f}, slowest {slowest:4.0f}"
                f"   target >= 30   {'MET' if slowest >= 30 else 'MISSED'}"
            )
            print(f"   {'  (mouse drag, paced by Playwright)':34s} median {statistics.median(rates):6.0f} updates / s")
            print(
                f"   {'reruns requested while dragging':34s} {sent:6d}   target 0   {'MET' if sent == 0 else 'MISSED'}"
            )
            _summary("release -> level recorded (link)", recorded, 600, 900)
            rss = rss_mb(server.pid)
            print(
                f"   {'server RSS, one session':34s} {rss:6.0f} MB   target < 1536 MB   "
                f"{'MET' if rss < 1536 else 'MISSED'}"
            )
        finally:
            server.terminate()
            server.wait(timeout=20)
            browser.close()
