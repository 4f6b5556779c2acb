"""Watch it learn in Chromium: training runs in a child process; Train during a training starts it over; Stop
keeps what was learned and shows only while training; the server never loads TensorFlow (its memory figures are
the benchmarks'); a denoiser shows its noisy inputs beside the reconstructions, and a second training follows
the first."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tools.browser import assert_no_exception, wait_until_idle

pytestmark = pytest.mark.browser


def stop_button(page):
    return page.locator("[data-testid=stMain]").get_by_role("button", name="Stop", exact=True)


def open_with_epochs(page, arrows: int) -> None:
    """Watch it learn, its Epochs slider moved `arrows` steps from 8 (negative: down)."""
    page.get_by_role("link", name="Watch it learn").click()
    page.get_by_text("Train as a denoiser").wait_for()
    wait_until_idle(page)
    slider = page.locator("input[type=range][aria-label='Epochs']")
    slider.focus()
    for _ in range(abs(arrows)):
        slider.press("ArrowRight" if arrows > 0 else "ArrowLeft")
    wait_until_idle(page)


def test_stop_keeps_what_was_learned_and_the_training_stays_out_of_the_server(page, server_pid):
    open_with_epochs(page, 12)  # 8 epochs -> 20: long enough to stop half way
    assert stop_button(page).count() == 0  # nothing to stop yet
    page.get_by_role("button", name="Train").click()
    page.get_by_text("Epoch 2 of 20", exact=False).wait_for(timeout=120_000)
    page.get_by_role("button", name="Train").click()  # again, half way: the training starts over
    page.get_by_text("Epoch 1 of 20", exact=False).wait_for(timeout=120_000)
    page.get_by_text("Epoch 2 of 20", exact=False).wait_for(timeout=120_000)
    stop_button(page).click()
    stopped = page.get_by_text("Stopped after epoch")
    stopped.wait_for()
    epoch = int(stopped.inner_text().split("epoch ")[1].split(" ")[0])
    assert 2 <= epoch < 20
    assert page.get_by_text(f"epoch {epoch}", exact=True).count() >= 10  # its ten reconstructions stay
    assert page.locator("[data-testid=stVegaLiteChart]").count() >= 1  # and its loss curve
    expect(stop_button(page)).to_have_count(0)  # gone once the fragment's run after Stop ends
    # TensorFlow (~500 MB) is loaded only in the trainers, processes of their own: the server's memory stays its
    # own (checked by its library files, not by an RSS figure that a busy machine's timing moves).
    assert "tensorflow" not in Path(f"/proc/{server_pid}/maps").read_text()
    assert_no_exception(page)


def test_a_denoiser_shows_its_noisy_inputs_and_a_second_training_follows(page):
    open_with_epochs(page, -6)  # 8 epochs -> 2
    page.get_by_text("Train as a denoiser").click()
    wait_until_idle(page)
    for _ in range(2):
        page.get_by_role("button", name="Train").click()
        page.get_by_text("epoch 1", exact=True).first.wait_for(timeout=120_000)
        page.get_by_text("Trained 2 epochs").wait_for(timeout=120_000)
        wait_until_idle(page)  # the whole page runs once more when a training ends
        expect(page.get_by_text("noisy input", exact=True)).to_have_count(10)  # one beside each reconstruction
        expect(page.get_by_text("epoch 2", exact=True)).to_have_count(10)
        expect(page.get_by_text("target", exact=True)).to_have_count(10)
        screenshot(page, "page-watch-it-learn-denoiser")
    page.get_by_text("Train as a denoiser").click()  # a plain autoencoder is shown the clean digits only
    wait_until_idle(page)
    page.get_by_role("button", name="Train").click()
    page.get_by_text("epoch 1", exact=True).first.wait_for(timeout=120_000)
    page.get_by_text("Trained 2 epochs").wait_for(timeout=120_000)
    wait_until_idle(page)
    expect(page.get_by_text("noisy input", exact=True)).to_have_count(0)
    assert_no_exception(page)
