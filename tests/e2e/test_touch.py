"""Drawing with a finger on a tablet-sized screen (1024 x 768, touch events only)."""

import pytest

from dae.catalog import DENOISERS
from tests.e2e.conftest import screenshot
from tools.browser import THREE, wait_for_scores

pytestmark = pytest.mark.browser


def test_a_finger_can_draw_a_digit(browser, server_url):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(server_url)
        first = wait_for_scores(page)  # before the touch: the models already at work on test digit #0
        assert page.get_by_text("your drawing").count() == 0
        assert page.locator(".draw-root").get_attribute("data-strokes") in (None, "0")  # an empty pad
        canvas = page.locator("canvas.draw-pad").first
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        touch = context.new_cdp_session(page)

        def finger(kind: str, x: float | None = None, y: float | None = None) -> None:
            points = [] if x is None else [{"x": box["x"] + x, "y": box["y"] + y, "radiusX": 4, "radiusY": 4}]
            touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        finger("touchStart", *THREE[0])
        for (x0, y0), (x1, y1) in zip(THREE, THREE[1:], strict=False):
            for step in range(1, 7):
                finger("touchMove", x0 + (x1 - x0) * step / 6, y0 + (y1 - y0) * step / 6)
        finger("touchEnd")
        page.wait_for_function("() => document.querySelector('.draw-root').dataset.strokes === '1'")  # on the pad
        drawn = wait_for_scores(page, previous=first)  # new scores: the models rebuilt the finger's digit
        assert len(drawn) == len(DENOISERS)
        page.get_by_text("your drawing").first.wait_for()  # rendered in the same run as the scores
        assert page.get_by_text("test digit #0").count() == 0  # the drawing replaced the test digit
        screenshot(page, "tablet-finger-drawn-3")
    finally:
        context.close()
