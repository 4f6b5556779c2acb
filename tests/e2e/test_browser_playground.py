"""The Playground's rows computed in the student's browser: the same pictures and numbers as the server's, any
level in 0.01 steps, the rows following the pen with nothing sent until it lifts, Compare's models and classical
filters, and the server's pictures for a browser that cannot run WebAssembly."""

import numpy as np
import pytest

from dae.catalog import DENOISERS
from dae.data import load_test_images
from dae.i18n import english
from dae.pipeline import denoise_digit
from dae.render.frames import score_text
from dae.runtime import load
from tools.browser import CHROMIUM, CHROMIUM_ARGS, COUNT_SENDS, LIVE_RANGE, THREE, stroke, wait_until_idle

pytestmark = pytest.mark.browser

# Every row's shown texts and its pictures' grey levels, read from the canvases the browser drew.
SHOWN = """() => [...document.querySelectorAll('.live-scores[data-method]')].map((scores) => {
  const canvas = scores.previousElementSibling.querySelector('canvas');
  const pixels = canvas.getContext('2d').getImageData(0, 0, 28, 28).data.filter((_, i) => i % 4 === 0);
  const code = scores.previousElementSibling.previousElementSibling.querySelector('figcaption');
  return { method: scores.dataset.method, scores: scores.innerText, pixels: [...pixels], code: code?.innerText };
})"""


FRAMES = "Number(document.querySelector('.live-root').dataset.framesShown)"  # updates of the rows so far
# What the pad tells the page while the pen moves (draw_pad.js), for the drawing as it is now.
TELL = """const canvas = document.querySelector('canvas.draw-pad');
const pixels = canvas.getContext('2d').getImageData(0, 0, 280, 280).data;
document.dispatchEvent(new CustomEvent('dae-drawing', { detail: { pixels, width: 280, height: 280 } }))"""


def computed_at(page, level: str) -> None:
    page.wait_for_function(
        "(level) => { const root = document.querySelector('.live-root');"
        " return root?.dataset.engine === 'browser' && root.dataset.level === level; }",
        arg=level,
        timeout=60_000,
    )


# Levels off the server's old 0.05 steps and at both ends of the slider, each with its own kind, digit and seed.
ANY_LEVEL = [(349, "salt_and_pepper", 0.37, 5), (12, "gaussian", 0.01, 3), (77, "masking", 0.99, 8)]


@pytest.mark.parametrize(("index", "kind", "level", "seed"), ANY_LEVEL)
def test_the_browser_shows_the_servers_pictures_and_scores_at_any_level(page, server_url, index, kind, level, seed):
    page.goto(f"{server_url}/?index={index}&kind={kind}&noise={level:.2f}&seed={seed}")
    computed_at(page, f"{level:.2f}")
    shown = {row["method"]: row for row in page.evaluate(SHOWN)}
    digit = load_test_images()[0][index]
    result = denoise_digit(digit, [load(name) for name in DENOISERS], kind, level, seed)
    assert shown["noisy"]["scores"] == score_text(result.noisy_psnr_db, result.noisy_ssim, english)
    assert np.array_equal(shown["noisy"]["pixels"], np.round(result.noisy * 255).ravel())
    for output in result.outputs:
        row = shown[output.name]
        assert row["scores"] == score_text(output.psnr_db, output.ssim, english), output.name
        assert np.abs(np.array(row["pixels"]) - np.round(output.reconstruction * 255).ravel()).max() <= 1, output.name
        assert row["code"].endswith(f"0 to {float(np.max(output.code)):.2f}"), output.name


def test_the_level_moves_in_hundredths_and_the_link_keeps_it(page, server_url):
    page.goto(f"{server_url}/?index=0&noise=0.50")
    computed_at(page, "0.50")
    slider = page.locator(LIVE_RANGE)
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    computed_at(page, "0.53")
    page.wait_for_function("() => new URLSearchParams(location.search).get('noise') === '0.53'")
    # The link keeps it: opened afresh, the link shows that level, the slider on it and the rows computed there.
    shown = page.evaluate(SHOWN)
    opened = page.context.new_page()
    opened.goto(page.url)
    computed_at(opened, "0.53")
    assert opened.locator(".live-value").inner_text() == "0.53"
    assert opened.evaluate(SHOWN) == shown


def test_the_rows_follow_the_pen_and_nothing_is_sent_until_it_lifts(page, server_url):
    page.add_init_script(COUNT_SENDS)
    page.goto(server_url)
    computed_at(page, "0.50")
    wait_until_idle(page)
    before = page.evaluate(SHOWN)
    frames, sent = page.evaluate(f"() => [{FRAMES}, window.__sent]")
    stroke(page, THREE, steps=20)  # the pen stays down
    page.wait_for_function(f"(n) => {FRAMES} > n + 5", arg=frames)
    during = page.evaluate(SHOWN)
    assert page.evaluate("() => window.__sent") == sent  # the models followed the pen with no message to the server
    assert [row["scores"] for row in during] != [row["scores"] for row in before]
    page.mouse.up()
    page.wait_for_function("(n) => window.__sent > n", arg=sent)  # the drawing goes to the server once lifted
    page.wait_for_function("() => document.querySelector('.live-about').innerText.includes('your drawing')")
    wait_until_idle(page)
    servers = page.evaluate(SHOWN)  # the rows of the server's digit (read from the pad's PNG)
    # The browser's own digit of the same drawing, as while the pen moved: the rows do not jump at the lift.
    frames = page.evaluate(f"() => {{ {TELL}; return {FRAMES}; }}")
    page.wait_for_function(f"(n) => {FRAMES} > n", arg=frames)
    browsers = page.evaluate(SHOWN)
    for server, own in zip(servers, browsers, strict=True):
        assert server["scores"] == own["scores"], server["method"]
        assert np.abs(np.array(server["pixels"]) - own["pixels"]).max() <= 1, server["method"]


def test_a_browser_without_webassembly_gets_the_servers_pictures_and_a_sentence(browser, server_url):
    # A Chromium of its own, without a JIT, as some locked-down browsers run (Edge's strict security mode): V8
    # then has no WebAssembly at all. (--noexpose-wasm no longer hides it.)
    without = browser.browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--js-flags=--jitless"])
    try:
        page = without.new_page(viewport={"width": 1400, "height": 1000})
        assert page.evaluate("() => typeof WebAssembly") == "undefined"
        page.goto(f"{server_url}/?index=3&noise=0.37")
        page.wait_for_selector(".live-root[data-engine=server] img.strip", timeout=60_000)
        assert "cannot run the models" in page.locator(".live-status").inner_text()
        assert page.locator(".live-root").get_attribute("data-level") == "0.35"  # the server's nearest frame
        scores = page.locator(".live-scores[data-method]")
        assert scores.count() == 1 + len(DENOISERS) and "PSNR" in scores.last.inner_text()
    finally:
        without.close()


# Compare's grid: each panel's method, scores and grey levels, in the order shown.
GRID = """() => [...document.querySelectorAll('.live-grid figure')].map((figure) => {
  const scores = figure.querySelector('.live-scores');
  const pixels = figure.querySelector('canvas').getContext('2d').getImageData(0, 0, 28, 28).data;
  return { method: scores.dataset.method, scores: scores.innerText, pixels: [...pixels.filter((_, i) => i % 4 === 0)] };
})"""


def test_compare_runs_the_models_and_the_filters_in_the_browser_best_first(page, server_url):
    index, kind, level, seed = 3, "masking", 0.73, 2
    page.goto(f"{server_url}/compare?index={index}&kind={kind}&noise={level:.2f}&seed={seed}")
    computed_at(page, f"{level:.2f}")
    shown = page.evaluate(GRID)
    result = denoise_digit(load_test_images()[0][index], [load(name) for name in DENOISERS], kind, level, seed, True)
    by_name = {output.name: output for output in result.outputs}
    assert [row["method"] for row in shown] == [o.name for o in sorted(result.outputs, key=lambda o: -o.psnr_db)]
    for row in shown:
        output = by_name[row["method"]]
        assert row["scores"] == score_text(output.psnr_db, output.ssim, english), row["method"]
        assert np.abs(np.array(row["pixels"]) - np.round(output.reconstruction * 255).ravel()).max() <= 1, row["method"]
