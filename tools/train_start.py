"""Watch it learn, from pressing Train to the first epoch's pictures: `python -m tools.train_start [--api]`.

In Chromium (the default): a fresh `streamlit run app.py`, Watch it learn opened and Train pressed as soon as
the page is shown, or `--wait-first` seconds later (the first training: its trainer began getting ready when
the page was served); then `--pause` seconds after that one was stopped (the second); then as a denoiser (the
third); then a second after the third's first epoch (the fourth: the page stops the third, and the next
trainer is still getting ready). Each is timed from the click to the ten pictures of epoch 1 shown, then
stopped. Then the memory of the server process itself, of every process it started, and of the trainer
waiting for the next Train (resident, and its share of what it shares with other processes: PSS).
With --api: the first three through ui.training_job in this process, from request() to the first epoch
recorded (no page, so no fragment's half-second polling); the first requested at the moment its trainer
is asked for, the worst case.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from tools.browser import CHROMIUM, CHROMIUM_ARGS, IDLE, PICTURES_SHOWN
from tools.server import family, rss_mb, start_app, wait_until_healthy

if TYPE_CHECKING:
    from playwright.sync_api import Page

TARGETS = (5.0, 3.0, 3.0)  # seconds: the first training, then every one after it
CAPTIONS = "[...document.querySelectorAll('[data-testid=stImageCaption]')].map(e => e.innerText.trim())"
# A new training has no reconstructions until its first epoch: the previous one's go once Train's rerun is in.
NONE_SHOWN = f"() => !{CAPTIONS}.some(caption => caption.startsWith('epoch '))"
EPOCH_1_SHOWN = f"() => {CAPTIONS}.filter(caption => caption === 'epoch 1').length === 10 && ({PICTURES_SHOWN})()"


def _report(label: str, seconds: float, target: float) -> None:
    print(f"   {label:44s} {seconds:5.1f} s   target < {target:.0f} s   {'MET' if seconds < target else 'MISSED'}")


def _train(page: Page, stop: bool = True) -> float:
    """Press Train; seconds until epoch 1's ten pictures are shown. Then Stop (unless told not to)."""
    started = time.perf_counter()
    page.get_by_role("button", name="Train").click()
    page.wait_for_function(NONE_SHOWN, timeout=120_000, polling=50)
    page.wait_for_function(EPOCH_1_SHOWN, timeout=120_000, polling=50)
    shown = time.perf_counter() - started
    if stop:
        page.locator("[data-testid=stMain]").get_by_role("button", name="Stop", exact=True).click()
        page.get_by_text("Stopped after epoch").wait_for()
        page.wait_for_function(IDLE)
    return shown


def _is_trainer(pid: int) -> bool:
    try:
        return "tensorflow" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:  # ended meanwhile
        return False


def _pss_mb(pid: int) -> float:
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) / 1024


def _memory(server: int) -> None:
    print(f"   {'server process alone, RSS':44s} {rss_mb(server, children=False):5.0f} MB")
    print(f"   {'server and every process it started, RSS':44s} {rss_mb(server):5.0f} MB")
    for pid in [pid for pid in family(server) if _is_trainer(pid)]:
        label = "the trainer waiting for the next Train"
        print(f"   {label:44s} {rss_mb(pid, children=False):5.0f} MB RSS, {_pss_mb(pid):4.0f} MB PSS")


def in_browser(pause: float, wait_first: float) -> None:
    from playwright.sync_api import sync_playwright

    print("Train -> epoch 1's pictures shown, in Chromium (code 32)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        server, url = start_app()
        try:
            wait_until_healthy(url)
            page.goto(f"{url}/watch_it_learn")
            page.get_by_role("button", name="Train").wait_for(timeout=60_000)
            page.wait_for_function(IDLE, timeout=60_000)
            page.wait_for_timeout(wait_first * 1000)
            _report(f"first training ({wait_first:.0f} s after the page shows)", _train(page), TARGETS[0])
            page.wait_for_timeout(pause * 1000)
            _report(f"second ({pause:.0f} s after the first stopped)", _train(page), TARGETS[1])
            page.get_by_text("Train as a denoiser").click()
            page.wait_for_function(IDLE)
            page.wait_for_timeout(pause * 1000)
            _report("third, a denoiser", _train(page, stop=False), TARGETS[2])
            page.wait_for_timeout(1000)  # its next trainer has had a second to get ready
            _report("again, 1 s after the third's first epoch", _train(page), TARGETS[2])
            page.wait_for_timeout(pause * 1000)
            _memory(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=20)
            browser.close()


def through_the_api(pause: float) -> None:
    from ui import training_job

    print("request() -> epoch 1 recorded, through ui.training_job (2 epochs each, code 32)")
    watch = np.zeros((10, 28, 28), np.float32)
    training_job.prepare()  # what the page does when it is opened
    for label, level, target in zip(("first", "second", "third, a denoiser"), (0.0, 0.0, 0.5), TARGETS, strict=True):
        started = time.perf_counter()
        job = training_job.request({"code_units": 32, "noise_level": level, "epochs": 2, "watch": watch})
        while job.active and job.epochs_done == 0:
            time.sleep(0.01)
        _report(label, time.perf_counter() - started, target)
        while job.active:
            time.sleep(0.05)
        assert job.state == "done", job
        time.sleep(pause)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", action="store_true", help="through ui.training_job, without a browser")
    parser.add_argument("--pause", type=float, default=10, help="seconds between trainings (default 10)")
    parser.add_argument("--wait-first", type=float, default=0, help="seconds on the page before the first Train")
    args = parser.parse_args(argv)
    if args.api:
        through_the_api(args.pause)
    else:
        in_browser(args.pause, args.wait_first)


if __name__ == "__main__":
    main()
