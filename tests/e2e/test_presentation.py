"""Presentation mode covers the whole screen: on every page, in both languages, on a 1920 x 1080 projector,
every visible text is at least 20 px (inputs, tags, chart axes and legends included), every picture at
least 1.5x its size outside presentation mode, and no two texts overlap (Chromium's computed font sizes
and text boxes, tools/presentation.py)."""

from __future__ import annotations

import pytest

from tests.conftest import PAGE_PATHS
from tools import presentation
from tools.browser import LIVE_SHOWN, PICTURES_SHOWN, wait_until_still

pytestmark = pytest.mark.browser

# Each page, and what shows it is drawn: the live control renders itself after the rerun is over.
READY = {
    "": LIVE_SHOWN,
    "latent_space": ".live-root img",
    "inside_conv_dae": "[data-testid=stExpander] img",
    "compare": LIVE_SHOWN,
    "watch_it_learn": "[data-testid=stImageContainer] img",
    "how_it_works": "[data-testid=stVegaLiteChart] svg, [data-testid=stVegaLiteChart] canvas",
}


def open_page(page, url: str, ready: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid=stMainBlockContainer] h1")
    page.locator(ready).first.wait_for()
    wait_until_still(page)
    page.wait_for_function(PICTURES_SHOWN)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_presentation_mode_is_large_everywhere_with_no_overlaps(browser, server_url, language):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(60_000)
    small, shrunk, overlaps = {}, {}, {}
    try:
        for path in PAGE_PATHS:
            ready = READY[path]
            name = path or "playground"
            open_page(page, f"{server_url}/{path}?index=5&lang={language}", ready)
            normal = presentation.pictures(page)
            open_page(page, f"{server_url}/{path}?index=5&lang={language}&present=1", ready)
            large, texts = presentation.pictures(page), presentation.texts(page)
            assert len(texts) > 15 and (normal or path == "how_it_works"), name  # the probes found texts, pictures
            small[name] = sorted({(item["text"], item["size"]) for item in texts if item["size"] < 20})
            shrunk[name] = {key: round(large.get(key, 0) / width, 2) for key, width in normal.items()}
            shrunk[name] = {key: ratio for key, ratio in shrunk[name].items() if ratio < 1.5}
            overlaps[name] = presentation.overlapping(texts)
    finally:
        context.close()
    assert {name: found for name, found in small.items() if found} == {}
    assert {name: found for name, found in shrunk.items() if found} == {}
    assert {name: found for name, found in overlaps.items() if found} == {}
