"""What a 1024 x 768 projector and a phone show: no sidebar covering the page, no cut-off button labels,
an out-of-range test digit number that stays readable in its field, and each row's pictures level at the top."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sized_page as open_page
from tools.browser import wait_until_idle

pytestmark = pytest.mark.browser

# Buttons whose label does not fit: the label's text is wider than the box that shows it.
CUT_LABELS = """() => [...document.querySelectorAll('[data-testid=stMain] button')]
  .filter(b => b.getBoundingClientRect().width > 0)
  .flatMap(b => [...b.querySelectorAll('p, span, div')].filter(e => e.scrollWidth > e.clientWidth + 1))
  .map(e => e.textContent)"""
# In each model row of the live control: the top of the code picture and of the reconstruction.
ROW_TOPS = """() => [...document.querySelectorAll('.live-table .code')].map(code => {
  const row = [...code.closest('.live-table').children];
  const picture = row[row.indexOf(code.closest('figure, div')) + 1]?.querySelector('img, canvas');
  return [code.getBoundingClientRect().top, picture ? picture.getBoundingClientRect().top : null];
})"""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_1024_projector_shows_the_whole_page_and_whole_labels(browser, server_url, language):
    context, page = open_page(browser, f"{server_url}/?index=5&lang={language}", 1024, 768)
    try:
        sidebar = page.locator("[data-testid=stSidebar]")
        assert sidebar.count() == 0 or not sidebar.is_visible()  # the pages are in the top bar
        assert page.get_by_role("link", name="Compare" if language == "en" else "对比").first.is_visible()
        expect(page.get_by_test_id("stDownloadButton")).to_have_count(2)  # they come last: wait for both
        assert page.evaluate(CUT_LABELS) == []
        # The whole page's width on the screen: nothing runs off its right edge to be scrolled to.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 1024
        main = page.locator("[data-testid=stMainBlockContainer]").bounding_box()
        assert main["x"] >= 0 and main["x"] + main["width"] <= 1024, main
    finally:
        context.close()


def test_an_out_of_range_test_digit_number_stays_readable(browser, server_url):
    context, page = open_page(browser, f"{server_url}/?index=5", 1024, 768)
    try:
        field = page.locator(".st-key-test_index input")
        field.fill("99999")
        field.press("Enter")
        wait_until_idle(page)
        assert page.evaluate("() => { const i = document.querySelector('.st-key-test_index input');"
                             " return i.scrollWidth <= i.clientWidth; }")  # the number is not cut
        assert "outside the allowed range" in page.locator(".st-key-test_index [role=alert]").inner_text()
        hint = page.locator(".st-key-test_index").get_by_text("Press Enter to apply")
        if hint.count():  # Streamlit's "Press Enter to apply" sits right of the digits, not on them
            number_right = page.evaluate("""() => { const i = document.querySelector('.st-key-test_index input');
                const c = document.createElement('canvas').getContext('2d'); c.font = getComputedStyle(i).font;
                return i.getBoundingClientRect().left + parseFloat(getComputedStyle(i).paddingLeft)
                       + c.measureText(i.value).width; }""")
            assert hint.bounding_box()["x"] > number_right
        assert "test digit #5" in page.locator(".live-root").inner_text()  # the digit shown is kept
    finally:
        context.close()


def test_a_phones_rows_keep_their_pictures_level(browser, server_url):
    context, page = open_page(browser, f"{server_url}/?index=5", 390, 844, mobile=True)
    try:
        tops = page.evaluate(ROW_TOPS)
        assert len(tops) >= 4 and all(picture is not None for _, picture in tops)
        assert max(abs(code - picture) for code, picture in tops) <= 2
    finally:
        context.close()
