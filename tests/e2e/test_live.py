"""The live noise control in Chromium: pictures follow a drag and held arrow keys with no server rerun;
the level reaches the server (and the link) once the slider rests."""

import pytest

from dae.catalog import DENOISERS
from tests.e2e.conftest import counting_page, screenshot
from tools.browser import LIVE_RANGE, assert_no_exception, noisy_caption, scores, wait_until_idle

pytestmark = pytest.mark.browser


@pytest.fixture
def live_page(browser, server_url):
    with counting_page(browser, f"{server_url}/?index=3&noise=0.50", LIVE_RANGE) as page:
        yield page


FRAMES = "Number(document.querySelector('.live-root').dataset.framesShown)"


def shown(page) -> int:
    return int(page.locator(".live-root").get_attribute("data-frames-shown") or 0)


def sent(page) -> int:
    return page.evaluate("() => window.__sent")


def test_a_drag_moves_every_picture_without_a_rerun(live_page):
    page = live_page
    assert len(scores(page)) == len(DENOISERS)
    before_scores, before_frames, before_sent = scores(page), shown(page), sent(page)
    box = page.locator(LIVE_RANGE).bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] / 2, y)
    page.mouse.down()
    for step in range(60):  # back and forth along the whole track, button held
        page.mouse.move(box["x"] + 4 + (box["width"] - 8) * abs(30 - step) / 30, y)
    assert sent(page) == before_sent  # nothing reached the server while dragging
    # The browser computes a level as the slider passes it (the latest asked for; the rate is the benchmark's).
    page.wait_for_function(f"(n) => {FRAMES} > n", arg=before_frames)
    page.wait_for_function("() => document.querySelector('.live-root').dataset.level"
                           " === document.querySelector('.live-value').innerText")
    page.mouse.move(box["x"] + box["width"] - 2, y)
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('noise=1.00')")  # recorded once released
    wait_until_idle(page)
    assert sent(page) > before_sent
    assert scores(page) != before_scores and page.locator(".live-value").inner_text() == "1.00"
    screenshot(page, "live-dragged-to-1")
    assert_no_exception(page)


def test_held_arrow_keys_step_the_pictures_and_send_once(live_page):
    page = live_page
    slider = page.locator(LIVE_RANGE)
    slider.focus()
    before_sent, before_frames = sent(page), shown(page)
    for _ in range(4):
        page.keyboard.press("ArrowLeft")  # as a held key repeats, faster than the 400 ms rest
    assert sent(page) == before_sent and page.locator(".live-value").inner_text() == "0.46"
    page.wait_for_function("() => document.querySelector('.live-root').dataset.level === '0.46'")  # computed
    assert shown(page) > before_frames
    page.wait_for_function("() => location.search.includes('noise=0.46')")
    wait_until_idle(page)
    assert sent(page) == before_sent + 1  # four steps, one message: the level, once the slider rested
    assert slider.get_attribute("aria-valuetext") == "0.46"
    page.keyboard.press("Home")
    page.wait_for_function("() => document.querySelector('.live-value').innerText === '0.00'")
    assert noisy_caption(page) == "clean: no noise yet"  # level 0 is clean, not "100 dB"
    page.wait_for_function("() => location.search.includes('noise=0.00')")
    assert_no_exception(page)


def test_the_level_survives_a_new_digit_and_the_link(live_page, server_url):
    page = live_page
    page.locator(LIVE_RANGE).focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('noise=0.51')")
    wait_until_idle(page)
    number = page.locator("[data-testid=stNumberInput] input").first
    number.fill("42")
    number.press("Enter")
    page.get_by_text("test digit #42").first.wait_for()
    wait_until_idle(page)
    assert page.locator(".live-value").inner_text() == "0.51"
    assert "index=42" in page.url and "noise=0.51" in page.url


def test_the_level_follows_the_student_to_compare_and_back(live_page):
    # A resting slider's rerun keeps the level the control opened at (its data unchanged, sent as a
    # reference); a page built again must still open at the level the student left it.
    page = live_page
    page.locator(LIVE_RANGE).focus()
    page.keyboard.press("PageUp")  # 0.1: a level Compare's frames (steps of 0.05) have too
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('noise=0.65')")
    wait_until_idle(page)
    for name, layout in (("Compare", "grid"), ("Playground", "rows")):
        page.get_by_role("link", name=name).first.click()
        page.locator(f".live-root[data-layout={layout}] .live-value").wait_for()
        wait_until_idle(page)
        assert page.locator(".live-value").inner_text() == "0.65", name
        assert "noise=0.65" in page.url
    assert_no_exception(page)


def test_pointing_at_a_code_cell_names_it_and_its_value(live_page):
    live_page.wait_for_function("() => document.querySelector('.live-root').dataset.level === '0.50'")
    from dae import data, runtime
    from dae.noise import add_noise

    page = live_page
    digit = data.load_test_images()[0][3]
    code = runtime.load("conv_dae").encode(add_noise(digit, "gaussian", 0.5, seed=0))[0]  # (4, 4, 32)
    picture = page.locator(".live-root .code").nth(2)  # the conv DAE's row: 32 maps of 4 x 4, 8 to a row
    box = picture.bounding_box()
    columns, rows = 8 * 5 - 1, 4 * 5 - 1  # tiles and the one-pixel gaps between them
    # Map 9 is in the second row of tiles, second column; its cell (2, 1):
    x, y = (5 + 1 + 0.5) / columns * box["width"], (5 + 2 + 0.5) / rows * box["height"]
    page.mouse.move(box["x"] + x, box["y"] + y)
    caption = picture.locator("xpath=..").locator("figcaption")
    page.wait_for_function("e => e.innerText.startsWith('map 9 (2, 1): ')", arg=caption.element_handle())
    shown = float(caption.inner_text().rsplit(": ", 1)[1])
    assert abs(shown - code[2, 1, 9]) <= code.max() / 255 + 0.005
    page.mouse.move(box["x"] - 30, box["y"] - 30)  # away: the value range again
    page.wait_for_function("e => e.innerText.startsWith('4 x 4 x 32')", arg=caption.element_handle())
