"""The whole lesson on each screen a class uses, in Chromium: a 1920 x 1080 projector shows the input, the noise
control and every model's row at once; every chosen model has a visible chip; a phone shows the pad and the
first model's row together after a stroke; Chinese names never leave one character alone on a line; every
tab of How it works is in view; the colour bars follow presentation mode's colour map both ways; Inside the
conv DAE moves with the same live control."""

from __future__ import annotations

import pytest

from dae import i18n
from dae.catalog import DENOISERS
from dae.render.pictures import colour_stops
from tests.e2e.conftest import sized_page
from tools.browser import LIVE_RANGE, LIVE_SHOWN, SCORES, THREE, wait_until_idle

pytestmark = pytest.mark.browser

# The lowest edge of the live control's pictures, names and scores: what must be on the first screen.
LIVE_BOTTOM = """() => Math.max(...[...document.querySelectorAll(
  '.live-root :is(img, canvas, figcaption, .live-scores, .live-about), .live-bar')]
  .map(e => e.getBoundingClientRect().bottom))"""
# Each line of each text as the browser laid it out: the characters that share a line's top.
LINES = """(selector) => [...document.querySelectorAll(selector)].filter(e => e.offsetParent).flatMap(e => {
  const text = e.textContent, range = document.createRange(), lines = new Map();
  const node = [...e.childNodes].find(n => n.nodeType === Node.TEXT_NODE) || e.firstChild;
  if (!node || node.nodeType !== Node.TEXT_NODE) return [];
  for (let i = 0; i < node.length; i++) {
    range.setStart(node, i); range.setEnd(node, i + 1);
    const rect = range.getClientRects()[0];
    if (!rect) continue;
    const top = Math.round(rect.top);
    lines.set(top, (lines.get(top) || '') + node.data[i]);
  }
  return [...lines.values()].map(line => [text, line.trim()]);
})"""


def open_page(browser, url: str, width: int, height: int, mobile: bool = False):
    return sized_page(browser, url, width, height, mobile, ready=f"{LIVE_SHOWN}, [data-testid=stTabs]")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_projector_shows_the_input_the_noise_control_and_every_row(browser, server_url, language):
    context, page = open_page(browser, f"{server_url}/?index=5&lang={language}&present=1", 1920, 1080)
    try:
        assert page.evaluate(f"() => {SCORES}.length") == len(DENOISERS)
        assert page.evaluate(LIVE_BOTTOM) <= 1080  # the U-Net's row, last, included
        assert page.locator(LIVE_RANGE).bounding_box()["y"] > 0
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (1024, 768), (390, 844)])
def test_every_chosen_model_has_a_whole_chip_in_view(browser, server_url, width, height):
    context, page = open_page(browser, f"{server_url}/?index=5&lang=zh", width, height, mobile=width < 500)
    try:
        chips = page.evaluate("""() => { const box = document.querySelector('.st-key-models_widget');
          const edge = box.getBoundingClientRect();
          return [...box.querySelectorAll('button')].map(b => { const r = b.getBoundingClientRect();
            const inside = r.left >= edge.left - 1 && r.right <= edge.right + 1;
            const onScreen = r.left >= 0 && r.right <= innerWidth && r.width > 0;  // in view, not only in its box
            return [b.innerText, inside && onScreen && b.scrollWidth <= b.clientWidth]; }); }""")
        names = [i18n.text("zh", f"model.{name}.title") for name in DENOISERS]
        assert [text for text, _ in chips] == names
        assert all(whole for _, whole in chips), chips
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_phone_shows_the_pad_and_the_first_models_row_after_a_stroke(browser, server_url, language):
    context, page = open_page(browser, f"{server_url}/?lang={language}", 390, 844, mobile=True)
    try:
        pad = page.locator("canvas.draw-pad")
        pad.scroll_into_view_if_needed()
        box = pad.bounding_box()
        page.mouse.move(box["x"] + THREE[0][0], box["y"] + THREE[0][1])
        page.mouse.down()
        for x, y in THREE[1:]:
            page.mouse.move(box["x"] + x, box["y"] + y, steps=4)
        page.mouse.up()
        page.get_by_text(i18n.text(language, "source.drawing")).first.wait_for()
        wait_until_idle(page)
        span = page.evaluate("""() => {
          const first = document.querySelector('.live-scores[data-method=basic_ae]');
          const row = [first, first.previousElementSibling, first.previousElementSibling.previousElementSibling];
          const bottom = Math.max(...row.map(e => e.getBoundingClientRect().bottom));
          const header = document.querySelector('[data-testid=stHeader]').getBoundingClientRect().height;
          return [bottom - document.querySelector('canvas.draw-pad').getBoundingClientRect().top, innerHeight - header];
        }""")
        assert span[0] <= span[1], span  # pad top to the first row's bottom fits under the app's header
    finally:
        context.close()


@pytest.mark.parametrize(("path", "width"), [("compare", 1920), ("compare", 1024), ("", 1920), ("", 1024)])
def test_no_chinese_name_leaves_one_character_alone_on_a_line(browser, server_url, path, width):
    context, page = open_page(browser, f"{server_url}/{path}?index=5&lang=zh&present=1", width, 1080)
    try:
        lines = page.evaluate(LINES, ".live-root figcaption, .live-about strong, .live-head")
        assert len(lines) >= 8  # the probe found the names
        alone = [(text, line) for text, line in lines if len(line) == 1 and not line.isascii()]
        assert alone == []
    finally:
        context.close()


@pytest.mark.parametrize(("width", "present", "language"), [(1024, "&present=1", "en"), (390, "", "zh")])
def test_every_tab_of_how_it_works_is_in_view(browser, server_url, width, present, language):
    context, page = open_page(browser, f"{server_url}/how_it_works?lang={language}{present}", width, 844)
    try:  # the page's style sheet applied (a first visit can draw the tabs a moment before it)
        page.wait_for_function("() => getComputedStyle(document.querySelector('[role=tablist]')).flexWrap === 'wrap'")
        tabs = page.evaluate("""() => { const list = document.querySelector('[data-testid=stTabs] [role=tablist]');
          const edge = list.getBoundingClientRect();
          return [...list.querySelectorAll('[role=tab]')].map(t => t.getBoundingClientRect().right)
            .map(right => right <= edge.right + 1 && right <= innerWidth); }""")
        assert len(tabs) == 7 and all(tabs)
    finally:
        context.close()


def rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_the_colour_bars_follow_presentation_mode_both_ways(browser, server_url):
    context, page = open_page(browser, f"{server_url}/?index=5", 1440, 900)
    bars = "() => [...document.querySelectorAll('.live-scale')].map(e => getComputedStyle(e).backgroundImage)"
    try:
        for switched_to, colour_map in [("1", "cividis"), (None, "viridis")]:
            page.get_by_text(i18n.english("common.presentation")).click()
            if switched_to:
                page.wait_for_function("() => location.search.includes('present=1')")
            else:
                page.wait_for_function("() => !location.search.includes('present=1')")
            wanted = [rgb(stop) for stop in colour_stops(colour_map)]
            first = f"linear-gradient(to right, {wanted[0]}"
            page.wait_for_function(f"() => ({bars})().every(b => b.startsWith('{first}'))")
            shown = page.evaluate(bars)
            assert len(shown) == len(DENOISERS) and all(all(stop in bar for stop in wanted) for bar in shown)
    finally:
        context.close()


def test_inside_the_conv_dae_moves_with_the_live_control(browser, server_url):
    context, page = open_page(browser, f"{server_url}/inside_conv_dae?index=5&noise=0.50", 1440, 900)
    try:
        maps = "() => document.querySelector('[data-testid=stExpander] img').src"  # the first layer's, open
        before, scores = page.evaluate(maps), page.evaluate(f"() => {SCORES}.map(e => e.innerText)")
        page.locator(LIVE_RANGE).focus()
        page.keyboard.press("PageUp")
        # Computed in the browser, with no rerun: the scores change before the level reaches the server.
        page.wait_for_function("() => document.querySelector('.live-root').dataset.level === '0.60'")
        assert page.evaluate(f"() => {SCORES}.map(e => e.innerText)") != scores
        page.wait_for_function("() => location.search.includes('noise=0.60')")  # then the server's level
        page.wait_for_function(f"(old) => ({maps})() !== old", arg=before)  # and the layers' maps follow
    finally:
        context.close()
