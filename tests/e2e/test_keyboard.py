"""Keyboard only: every control of the playground is reached with Tab and worked with Space, Enter or arrows."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dae import i18n
from tests.photos import paper_photo
from tools.browser import THREE, assert_no_exception, draw, noisy_caption, wait_for_scores, wait_until_idle

pytestmark = pytest.mark.browser
en, zh = i18n.translator("en"), i18n.translator("zh")

# The focused element's accessible name: its aria-label, its label's text, or its own text.
FOCUSED = """() => { const e = document.activeElement;
    if (!e || !['INPUT', 'BUTTON', 'A'].includes(e.tagName)) return '';
    return e.getAttribute('aria-label') || (e.labels && e.labels[0]?.innerText) || e.innerText || ''; }"""
# Every control on the page that Tab can stop at (shown, enabled, not taken out of the tab order), each marked
# with a number. A radio group or a button group is one control: Tab enters it once, arrows move inside it.
MARK_CONTROLS = """() => {
    const shown = e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden';
    const focusable = [...document.querySelectorAll('input, button, select, textarea, a[href], [tabindex]')].filter(
        e => !e.disabled && e.tabIndex >= 0 && shown(e));
    const controls = [...new Set(focusable.map(e => e.closest('[role=radiogroup], [data-testid=stButtonGroup]') || e))];
    controls.forEach((c, i) => { c.dataset.tabControl = String(i); });
    const widgets = [...document.querySelectorAll('[data-testid=stElementContainer]')].filter(
        w => shown(w) && w.querySelector('input, button, select, textarea, a[href]'));
    return {  // and each element that holds a control but no tab stop (none: its +/- or its menu button aside)
        names: controls.map(c => (c.getAttribute('aria-label') || c.innerText || c.tagName).trim().split('\\n').pop()),
        untabbable: widgets.filter(w => !focusable.some(e => w.contains(e))).map(w => w.innerText.slice(0, 40))}; }"""
LABEL_3 = re.compile(r"test digit #\d+ \(label 3\)")
# The option a focused select box's arrows have reached.
HIGHLIGHTED = "() => document.getElementById(document.activeElement.getAttribute('aria-activedescendant'))?.innerText"
FOCUSED_CONTROL = "() => document.activeElement?.closest('[data-tab-control]')?.dataset.tabControl ?? null"


def tab_to(page, accessible_name: str, presses: int = 80) -> None:
    """Press Tab until the focused element is labelled `accessible_name` (no mouse, no programmatic focus)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        label = page.evaluate(FOCUSED).strip().split("\n")[-1]  # a button's text starts with its icon's name
        if re.fullmatch(rf"(?:[^\w\s]+ )?{re.escape(accessible_name)}", label):  # or after a symbol: "↶ Undo"
            return
    raise AssertionError(f"Tab never reached {accessible_name!r}")


def choose_with_arrows(page, option: str) -> None:
    """In the focused select box: Arrow Down opens it and moves down the options to `option`; Enter picks it."""
    for _ in range(15):
        page.keyboard.press("ArrowDown")
        if page.evaluate(HIGHLIGHTED) == option:
            page.keyboard.press("Enter")
            return
    raise AssertionError(f"Arrow Down never reached {option!r}")


def controls_tab_misses(page) -> list[str]:
    """Tab twice round the whole page; the names of the controls it never focused (none, on a page a keyboard
    can use)."""
    wait_until_idle(page)
    marked = page.evaluate(MARK_CONTROLS)
    names = marked["names"]
    assert len(names) > 15, names  # the probe found the page's controls
    assert marked["untabbable"] == []  # and none of them is out of Tab's reach altogether
    reached = set()
    for _ in range(2 * len(names) + 10):
        page.keyboard.press("Tab")
        reached.add(page.evaluate(FOCUSED_CONTROL))
    return [name for index, name in enumerate(names) if str(index) not in reached]


def test_the_playground_by_keyboard_alone(page, test_digits):
    # Playwright turns on catching file choosers without waiting for it: a listener from the start has it on
    # long before Enter opens one (with expect_file_chooser alone, a third of the runs missed the chooser).
    page.on("filechooser", lambda chooser: None)
    page.get_by_text(en("playground.draw_empty", source=en("source.test", index=0, label=7))).wait_for()
    first = wait_for_scores(page)
    assert controls_tab_misses(page) == []  # drawing: the pad's Undo and Clear, the noise, the models' chips ...

    draw(page, THREE)  # the pen is the mouse's (or a finger's); the pad's buttons are the keyboard's
    wait_for_scores(page, first)
    tab_to(page, en("draw.undo"))
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.draw-root').dataset.strokes === '0'")
    wait_until_idle(page)

    tab_to(page, en("playground.input_draw"))  # the chosen input radio: arrows move the choice
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('index=0')")
    wait_for_scores(page)
    assert controls_tab_misses(page) == []  # ... a test digit: its number, its label and Random too

    tab_to(page, en("playground.test_index", last=9999))  # the number field: arrows step it, Enter sends it
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.get_by_text(en("source.test", index=1, label=2)).first.wait_for()
    wait_until_idle(page)

    tab_to(page, en("playground.label"))  # a select box: arrows open it and move, Enter picks
    choose_with_arrows(page, "3")
    page.get_by_text(LABEL_3).first.wait_for()
    wait_until_idle(page)
    picked = page.url

    for _ in range(3):  # a button: Enter presses it, and a new 3 comes (the same 3 three times running: 1 in 10^9)
        if page.evaluate(FOCUSED).strip().split("\n")[-1] != en("playground.random"):
            tab_to(page, en("playground.random"))  # a rerun replacing the button can take the focus with it
        page.keyboard.press("Enter")
        try:
            page.wait_for_function("old => location.href !== old", arg=picked, timeout=15_000)  # another index
            break
        except PlaywrightTimeout:  # the same 3 drawn again (or the press lost to a rerun): press again
            wait_until_idle(page)
    assert page.url != picked
    page.get_by_text(LABEL_3).first.wait_for()

    tab_to(page, en("noise.kind_label"))  # another select box: salt and pepper, the next kind
    before = wait_for_scores(page)
    choose_with_arrows(page, en("noise.kind.salt_and_pepper"))
    page.wait_for_function("() => location.search.includes('kind=salt_and_pepper')")
    before = wait_for_scores(page, before)

    tab_to(page, en("model.basic_ae.title"))  # the models' chips, one group: Space turns the first off
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('models=') && !location.search.includes('basic_ae')")
    wait_for_scores(page, count=len(before) - 1)

    tab_to(page, en("playground.input_test"))
    page.keyboard.press("ArrowRight")  # upload: its button opens the file chooser with Enter
    page.locator("[data-testid=stFileUploaderDropzone] button").wait_for()
    wait_until_idle(page)
    assert controls_tab_misses(page) == []
    for _ in range(80):  # to the uploader's button (named "Upload" like the radio's choice)
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('[data-testid=stFileUploaderDropzone]')"):
            break
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    photo = paper_photo(test_digits[0][0], seed=1)
    chooser.value.set_files({"name": "seven.jpg", "mimeType": "image/jpeg", "buffer": photo})
    page.get_by_text("your photo").first.wait_for()
    wait_until_idle(page)

    tab_to(page, en("live.level"))  # the slider: arrows step it by 0.01, Page Up by 0.1
    before = noisy_caption(page)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("PageUp")
    page.wait_for_function("() => location.search.includes('noise=0.62')")  # three steps, maybe three reruns
    wait_until_idle(page)
    assert noisy_caption(page) != before

    tab_to(page, en("noise.new"))  # a button: Enter presses it
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('seed=1')")
    wait_until_idle(page)  # Enter on a button that a rerun is replacing can be lost

    tab_to(page, en("playground.download_figure"))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".png")
    tab_to(page, en("playground.download_digit"))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".png")

    tab_to(page, en("common.presentation"))  # past the end of the page, round to the top
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('present=1')")

    tab_to(page, "English")  # the language switch: arrows move to a language, Space picks it
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    page.get_by_role("heading", name=zh("playground.title")).wait_for()
    assert "lang=zh" in page.url
    assert_no_exception(page)
