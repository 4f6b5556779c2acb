"""The README's screenshots of the Playground, retaken: `python -m tools.screenshots` (writes docs/*.png).

Each is a real `streamlit run app.py` in Chromium at a classroom's screen sizes, in both languages:
a laptop (1440x900), a projector in presentation mode (1920x1080), a tablet (1024x768), a phone (390x844).
"""

from __future__ import annotations

from dae.catalog import REPO_ROOT
from tools.browser import CHROMIUM, CHROMIUM_ARGS, IDLE
from tools.server import start_app, wait_until_healthy

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
                for name, (width, height, extra) in SCREENS.items():
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(f"{url}/?index=3&noise=0.50&lang={language}{extra}")
                    page.locator(".live-root img").first.wait_for(timeout=60_000)
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


if __name__ == "__main__":
    main()
