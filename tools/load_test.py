"""Many students at once, and one student for a long time: `python -m tools.load_test`.

Load (default): a real `streamlit run app.py` and --sessions Chromium sessions (Playwright browser
contexts), each opened on its own test digit through a link, each moving the noise slider once a
second for --seconds. Every update is checked: the session still shows its own digit, and the
noisy input's PSNR under the images is the one this digit and noise level must give (computed
here, independently), so any state leaking between sessions shows up as an error.
Soak (--soak N): one session, N consecutive updates, the server's memory before and after.

Prints errors, update latency (median / p95 / max), and the server's RSS per session.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from typing import TYPE_CHECKING

import numpy as np

from dae.catalog import DENOISERS
from dae.data import load_test_images
from dae.metrics import psnr
from dae.noise import add_noise
from tools.browser import CHROMIUM, CHROMIUM_ARGS, IDLE, LIVE_RANGE, SCORES
from tools.server import cpu_seconds, rss_mb, start_app, wait_until_healthy

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Locator, Page

NOISY_CAPTION = "() => document.querySelector('.live-scores[data-method=noisy]')?.innerText"
REST_S = 0.4  # the live control sends a level once no key has moved it for 400 ms (live_noise.js)


def expected_noisy_psnr(images: np.ndarray, index: int, level: float) -> str:
    noisy = add_noise(images[index], "gaussian", level, seed=0)
    return f"{psnr(images[index], noisy)[0]:.1f}"


async def open_session(browser: Browser, link: str) -> tuple[BrowserContext, Page, Locator]:
    """A new browser context on `link`, once every model's row is shown; returns it, its page and slider."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(60_000)
    await page.goto(link)
    await page.wait_for_function(
        f"() => {SCORES}.length === {len(DENOISERS)} && ({NOISY_CAPTION})() !== undefined && ({IDLE})()"
    )
    return context, page, page.locator(LIVE_RANGE)


async def one_session(
    browser: Browser, url: str, index: int, seconds: float, images: np.ndarray, results: dict
) -> None:
    context, page, slider = await open_session(browser, f"{url}/?index={index}&noise=0.50&kind=gaussian&seed=0")
    level, direction = 0.5, 1
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        tick = time.perf_counter()
        if not 0.1 <= level + 0.01 * direction <= 0.9:  # an arrow key moves 0.01
            direction = -direction
        level = round(level + 0.01 * direction, 2)
        await slider.focus()
        await slider.press("ArrowRight" if direction > 0 else "ArrowLeft")
        start = time.perf_counter() + REST_S  # when the control sends the level to the server
        try:
            await page.wait_for_function(
                f"level => location.search.includes('noise=' + level) && ({IDLE})()", arg=f"{level:.2f}", timeout=30_000
            )
            results["latency"].append((time.perf_counter() - start) * 1000)
            caption = await page.evaluate(NOISY_CAPTION)
            own_digit = await page.get_by_text(f"test digit #{index} ").count()
            expected = expected_noisy_psnr(images, index, level)
            if f"PSNR {expected} dB" not in caption or own_digit == 0:
                results["errors"].append(f"session {index}: level {level} shows {caption!r}, expected {expected} dB")
            if await page.locator("[data-testid=stException]").count():
                results["errors"].append(f"session {index}: an exception is on the page")
        except Exception as error:  # a timeout is an error to report, not a crash of the test
            results["errors"].append(f"session {index}: {type(error).__name__} at level {level}")
        results["updates"] += 1
        await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - tick)))
    await context.close()


async def run(sessions: int, seconds: float, soak: int) -> int:
    from playwright.async_api import async_playwright

    images, _ = load_test_images()
    server, url = start_app()
    results: dict = {"latency": [], "errors": [], "updates": 0}
    try:
        await asyncio.to_thread(wait_until_healthy, url)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            warm = await browser.new_page()  # this first session also loads the shared models
            await warm.goto(f"{url}/?index=0")
            await warm.wait_for_function(f"() => {SCORES}.length === {len(DENOISERS)} && ({IDLE})()", timeout=60_000)
            await warm.close()
            if soak:
                await soak_test(browser, url, soak, server.pid, images, results)
            else:
                await load(browser, url, sessions, seconds, server.pid, images, results)
            await browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 1 if results["errors"] else 0


async def load(
    browser: Browser, url: str, sessions: int, seconds: float, pid: int, images: np.ndarray, results: dict
) -> None:
    """`sessions` students at once, each moving the noise once a second; then CPU and memory per session."""
    idle_rss = rss_mb(pid)
    indices = [37 * k + 1 for k in range(sessions)]
    cpu_before, wall_before = cpu_seconds(pid), time.perf_counter()
    await asyncio.gather(*(one_session(browser, url, i, seconds, images, results) for i in indices))
    server_cpu, wall = cpu_seconds(pid) - cpu_before, time.perf_counter() - wall_before
    busy_rss = rss_mb(pid)
    report(results, f"{sessions} sessions x {seconds:.0f} s, one noise change per second each")
    print(
        f"server CPU: {server_cpu:.1f} s over {wall:.0f} s ({server_cpu / wall:.0%} of one core), "
        f"{server_cpu / max(results['updates'], 1) * 1000:.0f} ms per update including page loads; "
        "the rest of the 2 cores ran the test's own Chromium"
    )
    print(
        f"server RSS: {idle_rss:.0f} MB warm and idle, {busy_rss:.0f} MB with {sessions} sessions "
        f"({(busy_rss - idle_rss) / sessions:.1f} MB per session)"
    )


async def soak_test(browser: Browser, url: str, updates: int, pid: int, images: np.ndarray, results: dict) -> None:
    context, page, slider = await open_session(browser, f"{url}/?index=7&noise=0.50&seed=0")
    await slider.focus()
    start_rss = None
    for step in range(updates):
        if step == 20:
            start_rss = rss_mb(pid)  # after the first updates have warmed every cache
        level = 0.5 + 0.01 * (step % 8 + 1 if (step // 8) % 2 == 0 else 8 - step % 8 - 1)
        await slider.press("ArrowRight" if (step // 8) % 2 == 0 else "ArrowLeft")  # between 0.50 and 0.58
        began = time.perf_counter() + REST_S
        try:
            await page.wait_for_function(
                f"level => location.search.includes('noise=' + level) && ({IDLE})()", arg=f"{level:.2f}", timeout=30_000
            )
            results["latency"].append((time.perf_counter() - began) * 1000)
        except Exception as error:
            results["errors"].append(f"update {step}: {type(error).__name__}")
        results["updates"] += 1
    end_rss = rss_mb(pid)
    report(results, f"soak: {updates} consecutive updates in one session")
    growth = end_rss - (start_rss or end_rss)
    print(
        f"server RSS: {start_rss:.0f} MB after 20 updates, {end_rss:.0f} MB after {updates}: "
        f"{growth:+.1f} MB   target < 50 MB   {'MET' if growth < 50 else 'MISSED'}"
    )
    await context.close()


def report(results: dict, title: str) -> None:
    latency = results["latency"]
    print(f"{title}: {results['updates']} updates, {len(results['errors'])} errors")
    for error in results["errors"][:10]:
        print(f"  error: {error}")
    if latency:
        print(
            f"update latency: median {statistics.median(latency):.0f} ms, "
            f"p95 {np.percentile(latency, 95):.0f} ms, max {max(latency):.0f} ms"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--soak", type=int, default=0, help="run the soak test with this many updates instead")
    args = parser.parse_args(argv)
    sys.exit(asyncio.run(run(args.sessions, args.seconds, args.soak)))


if __name__ == "__main__":
    main(sys.argv[1:])
