"""Watch it learn in Chromium: training runs in a child process; Stop keeps what was learned and shows only
while training; the server's memory comes back once the child is gone."""

import time

import pytest
from playwright.sync_api import expect

from tools.browser import assert_no_exception, wait_until_idle
from tools.server import rss_mb

pytestmark = pytest.mark.browser


def stop_button(page):
    return page.locator("[data-testid=stMain]").get_by_role("button", name="Stop", exact=True)


def test_stop_keeps_what_was_learned_and_the_memory_comes_back(page, server_pid):
    page.get_by_role("link", name="Watch it learn").click()
    page.get_by_text("Train as a denoiser").wait_for()
    wait_until_idle(page)
    slider = page.locator("input[type=range][aria-label='Epochs']")
    slider.focus()
    for _ in range(12):  # 8 epochs -> 20: long enough to stop half way
        slider.press("ArrowRight")
    wait_until_idle(page)
    assert stop_button(page).count() == 0  # nothing to stop yet
    before_mb = rss_mb(server_pid)
    page.get_by_role("button", name="Train").click()
    page.get_by_text("Epoch 2 of 20", exact=False).wait_for(timeout=120_000)
    stop_button(page).click()
    stopped = page.get_by_text("Stopped after epoch")
    stopped.wait_for()
    epoch = int(stopped.inner_text().split("epoch ")[1].split(" ")[0])
    assert 2 <= epoch < 20
    assert page.get_by_text(f"epoch {epoch}", exact=True).count() >= 10  # its ten reconstructions stay
    assert page.locator("[data-testid=stVegaLiteChart]").count() >= 1  # and its loss curve
    expect(stop_button(page)).to_have_count(0)  # gone once the fragment's run after Stop ends
    deadline = time.time() + 30
    while rss_mb(server_pid) - before_mb > 50 and time.time() < deadline:
        page.wait_for_timeout(500)
    assert rss_mb(server_pid) - before_mb <= 50, (before_mb, rss_mb(server_pid))
    assert_no_exception(page)
