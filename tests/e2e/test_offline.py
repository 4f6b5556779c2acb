"""Offline means offline: a tour through every page, in both languages and in presentation mode, with a test
digit loaded, asks nothing of any address but the app's own (a classroom may have no internet)."""

import pytest

from tests.conftest import PAGE_PATHS
from tools.browser import wait_until_idle

pytestmark = pytest.mark.browser


def test_a_tour_of_every_page_requests_only_the_app_itself(browser, server_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        for query in ("?index=5", "?index=5&lang=zh", "?index=5&present=1"):
            for path in PAGE_PATHS:
                page.goto(f"{server_url}/{path}{query}")
                page.wait_for_selector("[data-testid=stMainBlockContainer] h1")
                wait_until_idle(page)
    finally:
        context.close()
    local = (server_url, "data:", "blob:", "about:")
    foreign = sorted({url for url in requested if not url.startswith(local)})
    assert len(requested) > 50  # the tour did load pages, scripts, fonts and pictures
    assert foreign == [], foreign
