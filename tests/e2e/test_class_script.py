"""The README's class script ("Presenting it in class"), walked in Chromium as a teacher follows it, in both
languages: each claim it makes is checked on the numbers the app shows at that step.

The digit comes from the README itself, so the script and this test cannot drift apart.
"""

from __future__ import annotations

import json
import re

import pytest

from dae import i18n
from dae.catalog import DENOISERS, REPO_ROOT
from tools.browser import LIVE_RANGE, SCORES, assert_no_exception, noisy_caption, wait_until_idle

pytestmark = pytest.mark.browser

README = (REPO_ROOT / "README.md").read_text()
SCRIPT = README.split("## Presenting it in class", 1)[1].split("\n## ", 1)[0]
DIGIT = int(re.search(r"choose \*\*Test digit\*\* and type \*\*(\d+)\*\*", SCRIPT).group(1))
SCORE = re.compile(r"PSNR (-?\d+\.\d) dB · SSIM (-?\d+\.\d+)")
DENOISING = [name for name in DENOISERS if name != "basic_ae"]


def shown_scores(page) -> dict[str, tuple[float, float]]:
    """Each model's PSNR and SSIM as the page shows them."""
    texts = page.evaluate(f"() => Object.fromEntries({SCORES}.map(e => [e.dataset.method, e.innerText]))")
    return {name: tuple(map(float, SCORE.search(text).groups())) for name, text in texts.items()}  # type: ignore[misc]


def noisy_scores(page) -> tuple[float, float]:
    return tuple(map(float, SCORE.search(noisy_caption(page)).groups()))  # type: ignore[return-value]


def move_slider(page, key: str, presses: int, level: str) -> None:
    """Keys on the live noise control, as a teacher at the laptop would; waits until the level is recorded."""
    page.locator(LIVE_RANGE).focus()
    for _ in range(presses):
        page.keyboard.press(key)
    page.wait_for_function(f"() => location.search.includes('noise={level}')")
    wait_until_idle(page)
    assert page.locator(".live-value").inner_text() == level


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_class_script_holds_on_screen(browser, server_url, language):
    t = i18n.translator(language)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{server_url}/?lang={language}")
    page.locator(LIVE_RANGE).wait_for()
    wait_until_idle(page)

    # "choose Test digit and type N, with the noise at 0: every model draws it back, at 15 dB or more"
    page.get_by_text(t("playground.input_test"), exact=True).click()
    field = page.get_by_label(t("playground.test_index", last=9999))
    field.fill(str(DIGIT))
    field.press("Enter")
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('index') === '{DIGIT}'")
    wait_until_idle(page)
    move_slider(page, "Home", 1, "0.00")
    clean = shown_scores(page)
    assert sorted(clean) == sorted(DENOISERS)
    assert all(psnr >= 15.0 for psnr, _ in clean.values()), clean

    # "Raise the noise to 0.5: the plain autoencoder falls to within 2 dB of the noisy input's own score,
    # while every denoiser stays at least 5 dB above it"
    move_slider(page, "PageUp", 5, "0.50")
    noisy = noisy_scores(page)
    half = shown_scores(page)
    assert abs(half["basic_ae"][0] - noisy[0]) <= 2.0, (half, noisy)
    assert all(half[name][0] >= half["basic_ae"][0] + 5.0 for name in DENOISING), half

    # "Switch the noise kind to Masking: on this digit none of the models scores above the masked input, in
    # PSNR or SSIM"
    page.get_by_role("combobox", name=t("noise.kind_label")).click()
    page.get_by_role("option", name=t("noise.kind.masking")).click()
    page.wait_for_function("() => location.search.includes('kind=masking')")
    wait_until_idle(page)
    masked = noisy_scores(page)
    erased = shown_scores(page)
    assert all(psnr < masked[0] and ssim < masked[1] for psnr, ssim in erased.values()), (erased, masked)

    # "... and over all 10,000 test digits none does on average (Compare's chart)": the numbers it charts
    evaluation = json.loads((REPO_ROOT / "weights" / "evaluation.json").read_text())["kinds"]["masking"]
    at_half = {method: levels["0.5"]["psnr_db"] for method, levels in evaluation.items()}
    assert all(at_half[name] < at_half["noisy_input"] for name in DENOISERS), at_half

    # "Share the view: ... every student who opens the link sees the same digit, noise, models and language"
    student = context.new_page()
    student.goto(page.url)
    student.locator(LIVE_RANGE).wait_for()
    wait_until_idle(student)
    assert student.locator(".live-value").inner_text() == "0.50"
    assert shown_scores(student) == erased and noisy_scores(student) == masked
    assert student.get_by_role("heading", name=t("playground.title")).count() == 1
    assert_no_exception(page)
    assert_no_exception(student)
    context.close()
