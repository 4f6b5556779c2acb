"""A real `streamlit run app.py` server and a real Chromium, shared by the browser tests."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest

from tools.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    COUNT_SENDS,
    LIVE_SHOWN,
    PICTURES_SHOWN,
    TRACK_RERUNS,
    wait_until_idle,
    wait_until_still,
)
from tools.server import start_app, wait_until_healthy

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"


# What a healthy server prints; anything else (a warning, a traceback) fails the browser tests.
EXPECTED_LOG = re.compile(
    r"^(\S+ \S+ Uvicorn server started on .*|You can now view your Streamlit app.*|URL: .*|Stopping\.\.\.)$"
)


SERVER: dict[str, int] = {}  # the running server's process id, for memory checks


@pytest.fixture(scope="session")
def server_pid(server_url) -> int:
    return SERVER["pid"]


@pytest.fixture(scope="session")
def server_url():
    (REPO / "artifacts").mkdir(exist_ok=True)
    path = REPO / "artifacts" / "streamlit-e2e.log"
    with open(path, "w") as log:
        process, url = start_app(log)
        SERVER["pid"] = process.pid
        try:
            wait_until_healthy(url)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=20)
    unexpected = [
        line for line in path.read_text().splitlines() if line.strip() and not EXPECTED_LOG.match(line.strip())
    ]
    assert unexpected == [], "the server logged during the browser tour:\n" + "\n".join(unexpected[:20])


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (or set DAE_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield TrackedBrowser(chromium)
        chromium.close()


class TrackedBrowser:
    """Chromium whose every page tracks its reruns (tools.browser.TRACK_RERUNS), so that wait_until_idle waits for
    the rerun an action asked for instead of giving it a moment to begin."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.add_init_script(TRACK_RERUNS)
        return context

    def new_page(self, **options):
        page = self._browser.new_page(**options)  # its own context, closed with it
        page.context.add_init_script(TRACK_RERUNS)
        return page

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture
def page(browser, server_url, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)  # generous: CI machines can be slow
    page.goto(server_url)
    page.wait_for_selector("[data-testid=stApp]")
    yield page
    screenshot(page, f"last-{request.node.name}")  # what the page showed when the test ended, pass or fail
    context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name.replace('/', '_')}.png", full_page=True)  # a page's path names no folder


def sized_page(browser, url: str, width: int, height: int, mobile: bool = False, ready: str = LIVE_SHOWN):
    """A new context of this screen size (a phone's touch included) at `url`, once `ready` is drawn, the rerun
    over and its pictures shown; returns (context, page): the caller closes the context."""
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_selector("[data-testid=stMainBlockContainer] h1")
    page.locator(ready).first.wait_for()
    wait_until_still(page)
    page.wait_for_function(PICTURES_SHOWN)
    return context, page


@contextlib.contextmanager
def counting_page(browser, url: str, ready: str, height: int = 900):
    """A page at `url` that counts what it sends the server (window.__sent), once `ready` is on it and idle. Its
    clock is Playwright's (flowing as usual): page.clock.fast_forward(ms) fires the timers due within `ms` at once,
    so a test can see what a timer sends without waiting for it."""
    context = browser.new_context(viewport={"width": 1440, "height": height})
    context.add_init_script(COUNT_SENDS)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.clock.install()
    page.goto(url)
    page.locator(ready).first.wait_for()
    wait_until_idle(page)
    try:
        yield page
    finally:
        context.close()
