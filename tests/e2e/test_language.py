"""English and Chinese in a real browser: the switch, the link, every page, the downloaded figure."""

import numpy as np
import pytest
from PIL import Image

from dae import i18n
from tests.conftest import PAGE_PATHS
from tests.e2e.conftest import screenshot
from tools.browser import LIVE_RANGE, THREE, assert_no_exception, draw, wait_for_scores, wait_until_idle

pytestmark = pytest.mark.browser
zh = i18n.translator("zh")


def test_switch_to_chinese_and_share_the_link(page, browser):
    page.get_by_role("heading", name=i18n.english("playground.title")).wait_for()
    page.get_by_role("radio", name="中文").click()
    page.get_by_role("heading", name=zh("playground.title")).wait_for()
    assert "lang=zh" in page.url
    page.get_by_text(zh("playground.input_test"), exact=True).click()
    wait_for_scores(page)
    page.get_by_text(zh("panel.reconstruction")).first.wait_for()
    screenshot(page, "playground-zh")

    # Drawing still works, and its messages are Chinese.
    page.get_by_text(zh("playground.input_draw"), exact=True).click()
    page.get_by_text(zh("playground.draw_empty", source=zh("source.test", index=0, label=7))).wait_for()
    draw(page, THREE)
    wait_for_scores(page)
    page.get_by_text(zh("source.drawing")).first.wait_for()

    # Even the uploader's own words, which Streamlit draws itself, are Chinese.
    page.get_by_text(zh("playground.input_upload"), exact=True).click()
    shown = page.locator("[data-testid=stFileUploaderDropzoneInstructions] span").first
    shown.wait_for()
    assert zh("uploader.limits", limit=5) in shown.evaluate("e => getComputedStyle(e, '::after').content")

    # The comparison downloads in Chinese too (drawn with the Chinese font the README installs).
    page.get_by_text(zh("playground.input_test"), exact=True).click()
    wait_for_scores(page)
    with page.expect_download() as download:
        page.get_by_role("button", name=zh("playground.download_figure")).click()
    figure = Image.open(download.value.path())
    assert figure.format == "PNG" and figure.width > 600

    # Another page keeps the language; a student opening the copied link sees Chinese too.
    page.get_by_role("link", name=zh("nav.compare")).click()
    page.get_by_role("heading", name=zh("compare.title")).wait_for()
    link = page.url
    assert "lang=zh" in link
    student = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        student.goto(link)
        student.get_by_role("heading", name=zh("compare.title")).wait_for(timeout=60_000)
        assert_no_exception(student)
    finally:
        student.close()

    # And back to English.
    page.get_by_role("radio", name="English").click()
    page.get_by_role("heading", name=i18n.english("compare.title")).wait_for()
    assert "lang=" not in page.url
    assert_no_exception(page)


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_opens_in_chinese_from_a_link(page, server_url, path):
    page.goto(f"{server_url}/{path}?lang=zh&index=7")
    page.locator("h1").first.wait_for()
    title = page.locator("h1").first.inner_text()
    assert any("\u4e00" <= char <= "\u9fff" for char in title), title
    wait_until_idle(page)  # the whole page, not only its title: the screenshot shows what a class sees
    assert_no_exception(page)
    body = page.locator("[data-testid=stMain]").inner_text()
    letters = np.array([char.isascii() and char.isalpha() for char in body])
    chinese = np.array(["\u4e00" <= char <= "\u9fff" for char in body])
    assert chinese.sum() > letters.sum(), f"{path}: more Latin letters than Chinese characters"
    screenshot(page, f"page-{path or 'playground'}-zh")


def test_a_link_to_a_page_is_the_first_request_of_a_fresh_server(browser):
    """Before any st.navigation has run, Streamlit runs pages/ as a legacy app; the link must survive."""
    from tools.server import start_app, wait_until_healthy

    process, url = start_app()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        wait_until_healthy(url)
        page.goto(f"{url}/compare?lang=zh&index=7&noise=0.30")
        page.get_by_role("heading", name=zh("compare.title")).wait_for(timeout=60_000)
        page.get_by_text(zh("source.test", index=7, label=9)).first.wait_for()
        assert "noise=0.30" in page.url and "/compare" in page.url
        assert_no_exception(page)
    finally:
        page.close()
        process.terminate()
        process.wait(timeout=20)


def test_switching_language_keeps_every_choice(page, server_url):
    """The input, the noise kind and the chosen models survive a language switch and the next move."""
    page.goto(f"{server_url}/?index=42&models=easy_dae,conv_dae&kind=masking")
    wait_for_scores(page, count=2)
    page.get_by_role("radio", name="中文").click()
    page.get_by_role("heading", name=zh("playground.title")).wait_for()
    wait_for_scores(page, count=2)
    page.locator(LIVE_RANGE).press("ArrowRight")  # the next move after the switch
    page.wait_for_function("() => location.search.includes('noise=0.51')")
    wait_for_scores(page, count=2)
    assert page.get_by_role("radio", name=zh("playground.input_test")).is_checked()
    assert page.get_by_role("combobox", name=zh("noise.kind_label")).input_value() == zh("noise.kind.masking")
    for name in ("easy_dae", "conv_dae"):
        assert page.get_by_text(zh(f"model.{name}.title")).count() >= 2  # the chosen tag and the row
    assert "index=42" in page.url and "kind=masking" in page.url and "lang=zh" in page.url
    assert "models=easy_dae%2Cconv_dae" in page.url
    assert_no_exception(page)
