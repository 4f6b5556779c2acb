"""A clean log: a full tour on a server of its own (every page in both languages and in presentation mode,
a language switch on the Playground, an upload and a refused file, bad links, training started and
stopped) leaves no warning, traceback or error line in the server's log. The test reads that log."""

from __future__ import annotations

import pytest

from dae import i18n
from tests.conftest import PAGE_PATHS
from tests.e2e.conftest import EXPECTED_LOG, REPO
from tests.photos import paper_photo
from tools.browser import assert_no_exception, wait_until_idle
from tools.server import start_app, wait_until_healthy

pytestmark = pytest.mark.browser

BAD_LINKS = [
    "/?index=99999&noise=-3&models=unknown&kind=bogus&lang=xx&seed=abc&present=maybe",
    "/compare?noise=abc&kind=&models=,,",
    "/no_such_page",
    "/latent_space?index=-1",
]


def open_and_settle(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid=stMainBlockContainer] h1")
    wait_until_idle(page)
    assert_no_exception(page)


def playground_by_hand(page, url: str, digit) -> None:
    """Switch language there and back, upload a photo of a digit on paper, then a file that is no image."""
    open_and_settle(page, f"{url}/?index=3")
    page.get_by_role("radio", name="中文").click()
    page.get_by_role("heading", name=i18n.text("zh", "playground.title")).wait_for()
    page.get_by_role("radio", name="English").click()
    page.get_by_role("heading", name=i18n.english("playground.title")).wait_for()
    page.get_by_text(i18n.english("playground.input_upload"), exact=True).click()
    uploader = page.locator("[data-testid=stFileUploaderDropzoneInput]")
    uploader.set_input_files({"name": "seven.jpg", "mimeType": "image/jpeg", "buffer": paper_photo(digit, seed=1)})
    page.get_by_text("your photo").first.wait_for()
    uploader.set_input_files({"name": "notes.png", "mimeType": "image/png", "buffer": b"not a picture at all"})
    page.get_by_text("Keeping the previous digit").wait_for()
    wait_until_idle(page)
    assert_no_exception(page)


def train_and_stop(page, url: str) -> None:
    open_and_settle(page, f"{url}/watch_it_learn")
    page.get_by_role("button", name="Train").click()
    page.get_by_text("Epoch 1 of", exact=False).wait_for(timeout=120_000)
    page.locator("[data-testid=stMain]").get_by_role("button", name="Stop", exact=True).click()
    page.get_by_text("Stopped after epoch").wait_for()
    wait_until_idle(page)


def test_a_full_tour_leaves_the_log_clean(browser, test_digits):
    path = REPO / "artifacts" / "streamlit-tour.log"
    path.parent.mkdir(exist_ok=True)
    with open(path, "w") as log:
        process, url = start_app(log)
        try:
            wait_until_healthy(url)
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            page.set_default_timeout(60_000)
            playground_by_hand(page, url, test_digits[0][0])
            for query in ("?index=5", "?index=5&lang=zh", "?index=5&present=1"):
                for name in PAGE_PATHS:
                    open_and_settle(page, f"{url}/{name}{query}")
            for link in BAD_LINKS:
                open_and_settle(page, url + link)
            train_and_stop(page, url)
            context.close()
        finally:
            process.terminate()
            process.wait(timeout=20)
    lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    assert any("Uvicorn server started" in line or "You can now view" in line for line in lines)  # the log is read
    assert [line for line in lines if not EXPECTED_LOG.match(line)] == []
