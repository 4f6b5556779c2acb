"""The README's screenshots, retaken: `python -m tools.screenshots` (writes docs/*.png).

Each is a real `streamlit run app.py` in Chromium, in both languages: the Playground at a classroom's
screen sizes (a laptop 1440x900, a projector in presentation mode 1920x1080, a tablet 1024x768, a phone
390x844), Latent space's map of the VAE's 2-D code with a point pinned and the walk half way, and the
first screen of every other page in presentation mode on the projector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dae.catalog import REPO_ROOT
from tools.browser import CHROMIUM, CHROMIUM_ARGS, IDLE, LIVE_SHOWN, PICTURES_SHOWN
from tools.server import start_app, wait_until_healthy

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SCREENS = {  # name -> (width, height, extra query)
    "laptop": (1440, 900, ""),
    "projector": (1920, 1080, "&present=1"),
    "tablet": (1024, 768, ""),
    "phone": (390, 844, ""),
}


def main() -> None:
    from playwright.sync_api import sync_playwright

    server, url = start_app()
    try:
        wait_until_healthy(url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for language in ("en", "zh"):
                latent_map(browser, url, language)
                presented(browser, url, language)
                for name, (width, height, extra) in SCREENS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(f"{url}/?index=3&noise=0.50&lang={language}{extra}")
                    page.locator(LIVE_SHOWN).first.wait_for(timeout=60_000)
                    page.wait_for_function(IDLE)
                    page.wait_for_timeout(500)  # the pictures' last paint
                    path = REPO_ROOT / "docs" / f"screen-{name}-{language}.png"
                    if name == "phone":  # the page stacks; show the models, as a student scrolls to them
                        page.locator(".live-root").screenshot(path=path)
                    else:
                        page.screenshot(path=path)
                    print(f"wrote {path.relative_to(REPO_ROOT)}")
                    page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


PRESENTED = {  # page -> what shows it is drawn (the live control draws itself after the rerun)
    "latent_space": ".live-root img",
    "inside_conv_dae": "[data-testid=stExpander] img",
    "compare": LIVE_SHOWN,
    "watch_it_learn": "[data-testid=stImageContainer] img",
    "how_it_works": "[data-testid=stVegaLiteChart]",
}


def presented(browser: Browser, url: str, language: str) -> None:
    """Every page but the Playground (screen-projector) as the class sees it: presentation mode, 1920x1080."""
    for name, ready in PRESENTED.items():
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(f"{url}/{name}?index=3&lang={language}&present=1")
        page.locator(ready).first.wait_for(timeout=60_000)
        page.wait_for_function(IDLE)
        page.wait_for_function(PICTURES_SHOWN)
        path = REPO_ROOT / "docs" / f"present-{name}-{language}.png"
        page.screenshot(path=path)
        print(f"wrote {path.relative_to(REPO_ROOT)}")
        page.close()


def latent_map(browser: Browser, url: str, language: str) -> None:
    """The map with the pointer on it, a pinned point, and the walk to the second digit at step 5 of 10."""
    page = browser.new_page(viewport={"width": 1440, "height": 1700})  # all of it in view: no sticky header over it
    page.goto(f"{url}/latent_space?index=0&lang={language}")
    plane = page.locator(".live-plane")
    plane.locator("img").wait_for(timeout=60_000)
    page.wait_for_function(IDLE)
    box = plane.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.42, box["y"] + box["height"] * 0.3)
    page.locator(".live-root input[type=range]").focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.mouse.move(box["x"] + box["width"] * 0.62, box["y"] + box["height"] * 0.55)
    path = REPO_ROOT / "docs" / f"screen-map-{language}.png"
    page.locator(".live-root").screenshot(path=path)
    print(f"wrote {path.relative_to(REPO_ROOT)}")
    page.close()


if __name__ == "__main__":
    main()
