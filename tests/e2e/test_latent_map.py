"""The walkable map of a 2-D code in Chromium: the decoder's digit follows the pointer with no server rerun,
a click pins a point, the walk's slider scrubs along the line, and the current digit is a labelled marker."""

import re

import numpy as np
import pytest

from dae import data, latent, runtime
from tests.e2e.conftest import REPO, counting_page, screenshot
from tools.browser import assert_no_exception, wait_until_idle

pytestmark = pytest.mark.browser
# How long the live control waits after a key step before a layout that sends (Playground, Compare) sends its level.
REST_MS = int(re.search(r"const REST_MS = (\d+);", (REPO / "ui/components/live_frames.js").read_text())[1])


@pytest.fixture
def map_page(browser, server_url):
    with counting_page(browser, f"{server_url}/latent_space?index=0", ".live-plane img", height=1000) as page:
        page.locator(".live-plane").scroll_into_view_if_needed()
        yield page


def shown(page) -> int:
    return int(page.locator(".live-root").get_attribute("data-frames-shown") or 0)


def test_moving_over_the_map_decodes_every_point_without_a_rerun(map_page):
    page = map_page
    box = page.locator(".live-plane").bounding_box()
    before_frames, before_sent = shown(page), page.evaluate("() => window.__sent")
    for step in range(90):  # a sweep across the map, as a pointer moves
        page.mouse.move(box["x"] + box["width"] * (0.05 + step / 100), box["y"] + box["height"] * (0.2 + step / 150))
    # Every move showed a point, in the handler itself (counted, not timed: the rate is the benchmark's).
    assert shown(page) - before_frames >= 90
    assert page.evaluate("() => window.__sent") == before_sent  # the server heard nothing
    under = page.locator(".live-tile").first
    position = under.evaluate("node => node.style.backgroundPosition")
    assert position and position != "0% 0%"
    assert "z = (" in page.locator(".live-tile-figure figcaption").first.inner_text()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)  # pin the centre
    pinned = page.locator(".live-tile-figure figcaption").nth(1).inner_text()
    assert "z = (" in pinned and page.locator(".live-pin.pinned").is_visible()
    screenshot(page, "latent-map")
    assert_no_exception(page)


def test_the_current_digit_is_a_labelled_marker_where_its_code_is(map_page):
    page = map_page
    marker = page.locator(".live-pin.here")
    assert marker.is_visible() and marker.inner_text() == "this digit"
    vae = runtime.load("vae_2d")
    images, _ = data.load_test_images()
    codes = vae.encode(images)
    x, y = latent.PlaneGrid(*latent.plane_bounds(codes), 1, np.zeros((1, 28, 28))).fraction(codes[0])
    plane, pin = page.locator(".live-plane").bounding_box(), marker.bounding_box()
    assert abs(pin["x"] + pin["width"] / 2 - (plane["x"] + x * plane["width"])) < 4
    assert abs(pin["y"] + pin["height"] / 2 - (plane["y"] + y * plane["height"])) < 4


def test_the_walk_scrubs_along_the_line_by_keyboard(map_page):
    page = map_page
    walker = page.locator(".live-pin.walker")
    start = walker.bounding_box()
    before_sent = page.evaluate("() => window.__sent")
    slider = page.locator(".live-root input[type=range]")
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    assert page.locator(".live-value").inner_text() == "10/10"
    end, second = walker.bounding_box(), page.locator(".live-pin.end").bounding_box()
    assert abs(end["x"] - start["x"]) + abs(end["y"] - start["y"]) > 20
    assert abs(end["x"] + end["width"] / 2 - (second["x"] + second["width"] / 2)) < 4
    page.clock.fast_forward(REST_MS + 100)  # the control's rest timer fires now: a rows layout sends its level here
    page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve)))")  # and has sent
    assert page.evaluate("() => window.__sent") == before_sent  # a walk step is never sent
    assert_no_exception(page)


def decoded_in(edit) -> np.ndarray:
    """The grey levels of a decode layout's first picture, as the browser drew it."""
    pixels = edit.locator("canvas").first.evaluate(
        "c => [...c.getContext('2d').getImageData(0, 0, 28, 28).data].filter((_, i) => i % 4 === 0)"
    )
    return np.array(pixels)


def expected(model, code) -> np.ndarray:
    return np.round(np.clip(model.decode(np.asarray(code, np.float32)[None])[0], 0, 1) * 255).ravel()


def test_editing_a_unit_or_a_map_decodes_any_value_in_the_browser(map_page):
    page = map_page
    digit = data.load_test_images()[0][0]
    for name in ("Basic autoencoder", "Convolutional denoising autoencoder"):
        page.get_by_text(name, exact=True).click()
        edit = page.locator(".live-root[data-layout=decode]").first  # the edit, not the walk below it
        edit.locator("input[type=range]").wait_for()
        wait_until_idle(page)
        edit.scroll_into_view_if_needed()
        frames, sent = int(edit.get_attribute("data-frames-shown") or 0), page.evaluate("() => window.__sent")
        box = edit.locator("input[type=range]").bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + 4, y)
        page.mouse.down()
        for step in range(40):  # the whole range, button held
            page.mouse.move(box["x"] + 4 + (box["width"] - 8) * step / 39, y)
        page.mouse.up()
        edit.locator(".live-value").wait_for()
        page.wait_for_function(  # the position the slider rests at, decoded
            "([e, n]) => Number(e.dataset.framesShown) > n"
            " && e.dataset.level === e.querySelector('.live-value').innerText",
            arg=[edit.element_handle(), frames],
        )
        model = runtime.load("basic_ae" if name.startswith("Basic") else "conv_dae")
        code, value = model.encode(digit)[0], np.float32(edit.get_attribute("data-value"))
        if code.ndim == 1:
            unit = int(page.locator(".st-key-unit_basic_ae input").input_value())
            edited = latent.edit_code(code, unit, float(value))
            assert edit.locator(".live-scores").first.inner_text() == f"unit {unit} = {value:.2f}"
        else:
            feature_map = int(page.locator(".st-key-map_conv_dae input").input_value())
            edited = latent.scale_map(code, feature_map, float(value))
        assert np.abs(decoded_in(edit) - expected(model, edited)).max() <= 1, name
        assert page.evaluate("() => window.__sent") == sent  # an edit is the browser's alone
    assert_no_exception(page)


def test_the_walk_decodes_every_point_of_the_line(map_page):
    page = map_page
    page.get_by_text("Basic autoencoder", exact=True).click()
    walk = page.locator(".live-root[data-layout=decode]").nth(1)
    walk.locator("input[type=range]").wait_for()
    wait_until_idle(page)
    walk.locator("input[type=range]").focus()
    for _ in range(37):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.dataset.level === '0.37'", arg=walk.element_handle())
    model = runtime.load("basic_ae")
    images = data.load_test_images()[0]
    here, there = model.encode(images[[0, 1]])
    point = (1 - 0.37) * here + 0.37 * there
    assert np.abs(decoded_in(walk) - expected(model, point)).max() <= 1


def test_the_two_digits_labels_stay_apart_when_their_points_meet(map_page):
    """The second digit set to this digit itself: both markers on one point, their labels side by side."""
    page = map_page
    field = page.locator(".st-key-plane_walk_end input")
    field.fill("0")
    field.press("Enter")
    page.wait_for_function("() => !document.querySelector('.live-pin.end').hidden"
                           " && document.querySelector('.live-pin.end').classList.contains('label-left')")
    wait_until_idle(page)
    here = page.locator(".live-pin.here span").bounding_box()
    end = page.locator(".live-pin.end span").bounding_box()
    assert here and end
    assert end["x"] + end["width"] <= here["x"] or here["x"] + here["width"] <= end["x"]  # no overlap
    assert_no_exception(page)


def test_the_map_decodes_the_exact_point_under_the_pointer_as_the_server_does(map_page):
    """Not the nearest of the server's 24 x 24 grid: the browser runs the decoder at the pointer's own z."""
    page = map_page
    vae = runtime.load("vae_2d")
    page.wait_for_selector(".live-root[data-decoder=ready]")  # until then, the grid's nearest picture
    box = page.locator(".live-plane").bounding_box()
    under = page.locator(".live-tile").first
    for x, y in ((0.13, 0.71), (0.5, 0.5), (0.862, 0.244), (0.31, 0.07), (0.77, 0.93)):
        decoded = int(page.locator(".live-root").get_attribute("data-decoded") or 0)
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
        page.wait_for_function(
            "(n) => Number(document.querySelector('.live-root').dataset.decoded || 0) > n", arg=decoded, timeout=60_000
        )
        z = np.array(under.evaluate("node => JSON.parse(node.dataset.z)"), np.float32)
        shown = under.evaluate(
            "node => [...node.querySelector('canvas').getContext('2d').getImageData(0, 0, 28, 28).data]"
            ".filter((_, i) => i % 4 === 0)"
        )
        expected = np.round(np.clip(vae.decode(z[None])[0], 0, 1) * 255).ravel()
        assert np.abs(np.array(shown) - expected).max() <= 1, (x, y, z)
        caption = page.locator(".live-tile-figure figcaption").first.inner_text()
        assert f"z = ({z[0]:.2f}, {z[1]:.2f})" in caption
