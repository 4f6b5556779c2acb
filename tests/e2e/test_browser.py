"""A student's session in a real browser: draw, add noise, pick a test digit, upload a photo, visit every page."""

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dae.data import load_test_images
from dae.i18n import english
from tests.conftest import PAGE_FILES
from tests.e2e.conftest import screenshot
from tools.browser import (
    LIVE_RANGE,
    THREE,
    assert_no_exception,
    draw,
    noisy_caption,
    scores,
    wait_for_scores,
    wait_until_idle,
)

pytestmark = pytest.mark.browser


def test_draw_noise_pick_and_upload(page):
    # Before any stroke: a hint, and the models already at work on a test digit.
    page.get_by_text("Draw a digit in the black box").wait_for()
    first = wait_for_scores(page)
    assert page.get_by_text("test digit #0 (label 7)").count() >= 1

    draw(page, THREE)
    drawn = wait_for_scores(page, previous=first)
    page.get_by_text("your drawing").first.wait_for()  # the server's digit, once the pen-lift rerun is over
    screenshot(page, "playground-drawn-3")

    # Drag the noise slider to the right: the noisy digit and the scores change.
    before_caption = noisy_caption(page)
    slider = page.locator(LIVE_RANGE)
    box = slider.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    page.wait_for_function(
        "old => document.querySelector('.live-scores[data-method=noisy]').innerText !== old", arg=before_caption
    )
    page.wait_for_function("() => /noise=0\\.[6-9]/.test(location.search)")
    wait_until_idle(page)
    assert float(slider.input_value()) > 10  # the 21 levels' index: past 0.50
    assert scores(page) != drawn
    screenshot(page, "playground-more-noise")

    # Pick test digit #123.
    page.get_by_text("Test digit", exact=True).click()
    number = page.locator("[data-testid=stNumberInput] input").first
    number.fill("123")
    number.press("Enter")
    page.get_by_text("test digit #123").first.wait_for()
    picked = wait_for_scores(page)
    screenshot(page, "playground-test-digit")

    # Upload a photo-like PNG: a test digit, dark ink on light paper, 10x larger.
    page.get_by_text("Upload", exact=True).click()
    page.locator("input[type=file]").set_input_files(files=[photo_of_a_digit()])
    page.get_by_text("your photo digit.png").first.wait_for()
    assert wait_for_scores(page, previous=picked) != picked
    screenshot(page, "playground-upload")
    assert_no_exception(page)


def photo_of_a_digit() -> dict:
    """Test digit #42 as a photo-like PNG to upload: dark ink on light paper, 10x larger."""
    digit = load_test_images()[0][42]
    photo = Image.fromarray(((1 - digit) * 200 + 40).astype(np.uint8)).resize((280, 280), Image.BILINEAR)
    buffer = io.BytesIO()
    photo.save(buffer, format="PNG")
    return {"name": "digit.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_upload_of_a_non_image_warns_and_keeps_running(page):
    shown = wait_for_scores(page)  # test digit #0's rows, until another digit comes
    page.get_by_text("Upload", exact=True).click()
    wait_until_idle(page)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "notes.png", "mimeType": "image/png", "buffer": b"this is not a picture"}]
    )
    warning = page.get_by_text("not an image we can read")
    warning.wait_for()
    wait_until_idle(page)
    # The models keep running on the previous digit: its rows still there, the same numbers, and said so.
    assert "Keeping the previous digit" in warning.inner_text()
    assert scores(page) == shown and page.get_by_text("test digit #0 (label 7)").count() >= 1
    # And the session goes on: the next file, a photo of a digit, is taken.
    page.locator("input[type=file]").set_input_files(files=[photo_of_a_digit()])
    page.get_by_text("your photo digit.png").first.wait_for()
    assert wait_for_scores(page, previous=shown) != shown
    assert_no_exception(page)


# What each page shows last: once it is on screen, the page has run to its end. A page missing here fails.
LAST_SECTIONS = {
    "pages/playground.py": "Download the digit (28x28 PNG)",
    "pages/latent_space.py": "New digits from nothing",
    "pages/inside_conv_dae.py": "reconstruction",
    "pages/compare.py": "Over all 10,000 test digits",
    "pages/watch_it_learn.py": "Train as a denoiser",
    "pages/how_it_works.py": "Where we differ from the source articles",
}


@pytest.mark.parametrize("file", PAGE_FILES)  # every page app.py has (tests/conftest.py reads them there)
def test_every_page_renders_in_the_browser(page, file):
    title, last_section = english(f"nav.{Path(file).stem}"), LAST_SECTIONS[file]
    page.get_by_role("link", name=title).click()
    page.get_by_text(last_section).first.wait_for()
    wait_until_idle(page)
    assert_no_exception(page)
    assert page.locator("[data-testid=stAlertContentError]").count() == 0
    screenshot(page, f"page-{title.lower().replace(' ', '-')}")


def test_the_comparison_downloads_as_a_png(page):
    page.get_by_text("Test digit", exact=True).click()
    wait_for_scores(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download this comparison (PNG)").click()
    path = download_info.value.path()
    image = Image.open(path)
    assert image.format == "PNG" and image.width > 600
    with page.expect_download() as digit_info:
        page.get_by_role("button", name="Download the digit (28x28 PNG)").click()
    assert Image.open(digit_info.value.path()).size == (28, 28)


def test_watch_it_learn_in_the_browser(page):
    page.get_by_role("link", name="Watch it learn").click()
    page.get_by_text("Train as a denoiser").wait_for()
    wait_until_idle(page)
    slider = page.locator("input[type=range][aria-label='Epochs']")
    slider.focus()
    for _ in range(6):  # 8 epochs -> 2
        slider.press("ArrowLeft")
    wait_until_idle(page)
    page.get_by_role("button", name="Train").click()
    page.get_by_text("Trained 2 epochs").wait_for(timeout=120_000)
    assert page.get_by_text("epoch 2", exact=True).count() >= 10  # ten reconstructions after epoch 2
    assert_no_exception(page)
    screenshot(page, "page-watch-it-learn-trained")
