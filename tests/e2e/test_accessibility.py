"""Accessible by the standard's own test: axe-core (npm, pinned in tools/a11y/package-lock.json; its browser
file committed as tools/a11y/axe.min.js, so no test needs the registry) on every page, in English, Chinese and
presentation mode, with a test digit loaded: no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PAGE_PATHS
from tools.browser import wait_until_still

pytestmark = pytest.mark.browser

A11Y = Path(__file__).resolve().parents[2] / "tools" / "a11y"
AXE = A11Y / "axe.min.js"  # tests/test_web_assets.py checks it is the version the lockfile pins
# No animation or transition left running on the page (a fade that axe caught half way has ended).
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, where: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""


def serious(page) -> list[dict]:
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def axe_source() -> str:
    return AXE.read_text()


@pytest.mark.parametrize("query", ["?index=5", "?index=5&lang=zh", "?index=5&present=1"])
def test_no_serious_or_critical_violations_on_any_page(browser, server_url, axe_source, query):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    found: dict[str, list] = {}
    try:
        for path in PAGE_PATHS:
            page.goto(f"{server_url}/{path}{query}")
            page.wait_for_selector("[data-testid=stMainBlockContainer] h1")
            wait_until_still(page)
            page.evaluate(axe_source)
            found[path or "playground"] = serious(page)
            if found[path or "playground"]:  # what stays once the page has settled, not a fade caught half way
                page.wait_for_function(SETTLED)
                wait_until_still(page)
                found[path or "playground"] = serious(page)
    finally:
        context.close()
    assert len(found) == len(PAGE_PATHS)
    assert {page: bad for page, bad in found.items() if bad} == {}
