"""The drawing pad in Chromium: a stroke reaches the models when the pen lifts, Undo takes the last one back,
Clear empties the pad and keeps the last digit on the models."""

import pytest

from tools.browser import STROKES, THREE, assert_no_exception, draw, wait_for_scores

pytestmark = pytest.mark.browser


def test_undo_and_clear(page):
    page.get_by_text("Draw", exact=True).click()
    first = wait_for_scores(page)  # the test digit, until the first stroke
    draw(page, THREE)
    three = wait_for_scores(page, first)
    assert page.locator(".draw-root").get_attribute("data-strokes") == "1"
    draw(page, STROKES[2])  # a line through the 3
    crossed = wait_for_scores(page, three)
    assert page.locator(".draw-root").get_attribute("data-strokes") == "2"
    page.get_by_role("button", name="Undo", exact=True).click()
    assert wait_for_scores(page, crossed) == three  # the same drawing, so the same numbers
    assert page.locator(".draw-root").get_attribute("data-strokes") == "1"  # the last stroke taken back, only it
    page.get_by_role("button", name="Clear", exact=True).click()
    page.get_by_text("Draw a digit in the black box; until you do, the models show your drawing").wait_for()
    assert page.locator(".draw-root").get_attribute("data-strokes") == "0"
    assert wait_for_scores(page) == three  # the models keep the last drawing
    assert_no_exception(page)
