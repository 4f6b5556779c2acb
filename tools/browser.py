"""What every browser check of the app shares: Chromium's launch flags, the page-idle condition, where
the scores are, a test stroke, and a few sync Playwright helpers (browser tests and tools.bench_browser).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from dae.catalog import DENOISERS

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Debian's Chromium, driven by Playwright; these flags keep it off the (closed) network.
CHROMIUM = os.environ.get("DAE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# A rerun is over: no status widget, and no element left over from the previous run.
IDLE = "() => !document.querySelector('[data-testid=stStatusWidget]') && !document.querySelector('[data-stale=true]')"
# The PSNR/SSIM texts beside the reconstructions, one per model row (a JavaScript array expression).
SCORES = "[...document.querySelectorAll('.live-scores[data-method]')].filter(e => e.dataset.method !== 'noisy')"
NOISY_SCORE = "document.querySelector('.live-scores[data-method=noisy]')"
LIVE_RANGE = ".live-root input[type=range]"
# The live control has shown a level: its pictures drawn (the browser's) or chosen from the server's strips.
LIVE_SHOWN = ".live-root[data-frames-shown]"
# Counts what the page sends the server (every rerun request is one message on Streamlit's websocket).
COUNT_SENDS = """window.__sent = 0;
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (...args) { window.__sent += 1; return send.apply(this, args); };"""
# The scores alone are not the reconstructions: a picture is shown only once its image has loaded.
PICTURES_SHOWN = (
    "() => [...document.querySelectorAll('[data-testid=stMain] img')].every(i => i.complete && i.naturalWidth)"
)

# Digit-like strokes in canvas pixels (the canvas is 280 x 280); THREE is the tests' own.
THREE = [(90, 70), (140, 50), (190, 70), (180, 120), (130, 140), (185, 165), (190, 215), (140, 240), (90, 220)]
STROKES = [
    THREE,
    [(80, 60), (200, 60), (150, 150), (120, 240)],
    [(140, 40), (140, 240)],
    [(190, 60), (100, 60), (95, 140), (170, 140), (190, 200), (150, 240), (90, 230)],
]


def scores(page: Page) -> list[str]:
    """The PSNR/SSIM texts beside the reconstructions."""
    return page.evaluate(f"() => {SCORES}.map(e => e.innerText)")


# No fade or slide still under way (a page that just reran fades its elements back in): finite animations only.
STILL = """() => document.getAnimations().every(a => a.playState !== 'running'
                                                 || a.effect?.getTiming().iterations === Infinity)"""


def wait_until_still(page: Page) -> None:
    """Until the rerun is over and every element has finished fading in: what a measurement should see."""
    wait_until_idle(page)
    page.wait_for_function(STILL)


# Counts when the page last asked for a rerun and when it last heard a run end, so that a wait knows a rerun
# is still to come without waiting "a moment" for it to begin. A widget asks for its rerun in its own event
# handler, so the ask is counted before the click or key press that caused it returns. On Streamlit's websocket
# a rerun request is the BackMsg whose field is rerun_script (11, length-delimited: first byte 0x5A), and a run's
# end is the ForwardMsg with script_finished (field 6, a varint), unless its status is FINISHED_EARLY_FOR_RERUN
# (2: another run follows). Reruns asked for while one runs are folded into one run, so the wait compares when
# the last ask and the last end happened, not how many of each.
TRACK_RERUNS = """(() => {
  const reruns = window.__reruns = { askedAt: -1, endedAt: -1 };
  const bytesOf = (data) => data instanceof ArrayBuffer ? new Uint8Array(data)
    : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  const finishedStatus = (bytes) => {  // the top-level fields of a ForwardMsg: script_finished's value, or null
    let at = 0;
    const varint = () => { let value = 0, scale = 1, byte;
      do { byte = bytes[at++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80 && at < bytes.length);
      return value; };
    while (at < bytes.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) { const value = varint(); if (field === 6) return value; }
      else if (wire === 2) { const length = varint(); at += length; }  // (at += varint() would add to the old at)
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else return null;
    }
    return null;
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const bytes = bytesOf(data);
    if (bytes && bytes[0] === 0x5a) reruns.askedAt = performance.now();
    if (!this.__tracked) {
      this.__tracked = true;
      this.addEventListener('message', (event) => {
        const received = bytesOf(event.data), status = received && finishedStatus(received);
        if (status !== null && status !== 2) reruns.endedAt = performance.now();
      });
    }
    return send.apply(this, arguments);
  };
})();"""
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
# No live control still computing pictures it was asked for (ui/components/live_browser.js, Latest).
PICTURES_CURRENT = "() => !document.querySelector('.live-root[data-computing=true]')"
# Every rerun the page asked for has run and ended, and the page shows no leftover of a previous run.
RERUNS_DONE = f"() => window.__reruns.endedAt > window.__reruns.askedAt && ({IDLE})()"


def wait_until_idle(page: Page) -> None:
    """Until every rerun the page has asked for is over. Pages opened without TRACK_RERUNS (a tool's own) can
    only be given a moment for a rerun to begin."""
    if page.evaluate("() => window.__reruns === undefined"):
        page.wait_for_timeout(250)
        page.wait_for_function(IDLE)
        page.wait_for_function(PICTURES_CURRENT)
        return
    page.wait_for_function(RERUNS_DONE)
    # A control takes its rerun's data in an effect React runs after the frame that shows the rerun's end; two
    # frames later it has taken it, and asked for its pictures if the browser computes them.
    page.evaluate(TWO_FRAMES)
    page.wait_for_function(PICTURES_CURRENT)


def wait_for_scores(page: Page, previous: list[str] | None = None, count: int = len(DENOISERS)) -> list[str]:
    """Wait for one PSNR/SSIM text per model, different from `previous` when given."""
    page.wait_for_function(
        f"([n, old]) => {{ const now = {SCORES}.map(e => e.innerText);"
        " return now.length === n && (old === null || now.join() !== old.join()); }",
        arg=[count, previous],
    )
    wait_until_idle(page)
    return scores(page)


def noisy_caption(page: Page) -> str:
    """The noisy input's scores (or "clean" at level 0)."""
    return page.evaluate(f"() => {NOISY_SCORE}.innerText")


def stroke(page: Page, points: list[tuple[int, int]], steps: int = 6, shift: int = 0) -> None:
    """Move the mouse, button held, through `points` on the canvas (shifted right by `shift` px); the pen
    stays down, so a benchmark can time from lifting it."""
    canvas = page.locator("canvas.draw-pad").first
    canvas.wait_for()
    page.wait_for_function(IDLE)  # a rerun in progress can still move the canvas
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + points[0][0] + shift, box["y"] + points[0][1])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(box["x"] + x + shift, box["y"] + y, steps=steps)


def draw(page: Page, points: list[tuple[int, int]]) -> None:
    """Draw one stroke through `points` on the canvas, and lift the pen; on a page that tracks its reruns, until
    the pad has asked for its rerun (it does so once it has read its canvas, after the pen-up event), so that a
    wait_until_idle after this waits for that rerun."""
    stroke(page, points)
    asked = page.evaluate("() => window.__reruns === undefined ? null : window.__reruns.askedAt")
    page.mouse.up()
    if asked is not None:
        page.wait_for_function("(before) => window.__reruns.askedAt > before", arg=asked)


def assert_no_exception(page: Page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0
