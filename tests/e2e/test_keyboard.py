"""Keyboard only: every control of the playground is reached with Tab and worked with Space, Enter or arrows."""

import pytest

from dae import i18n
from tools.browser import assert_no_exception, noisy_caption, wait_for_scores, wait_until_idle

pytestmark = pytest.mark.browser
en, zh = i18n.translator("en"), i18n.translator("zh")


def tab_to(page, accessible_name: str, presses: int = 80) -> None:
    """Press Tab until the focused element is labelled `accessible_name` (no mouse, no programmatic focus)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        label = page.evaluate(
            """() => { const e = document.activeElement;
            if (!e || !['INPUT', 'BUTTON', 'A'].includes(e.tagName)) return '';
            return e.getAttribute('aria-label') || (e.labels && e.labels[0]?.innerText) || e.innerText || ''; }"""
        )
        if label.strip().split("\n")[-1] == accessible_name:  # a button's text starts with its icon's name
            return
    raise AssertionError(f"Tab never reached {accessible_name!r}")


def test_the_playground_by_keyboard_alone(page):
    page.get_by_text(en("playground.draw_empty", source=en("source.test", index=0, label=7))).wait_for()

    tab_to(page, en("playground.input_draw"))  # the chosen input radio: arrows move the choice
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('index=0')")
    wait_for_scores(page)

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
