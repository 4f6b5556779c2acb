"""What a projector shows: the page's visible texts (font size, box), pictures (size) and overlapping labels.

Browser probes (JavaScript run by Playwright) shared by the presentation-mode test and the screenshots.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

# Every visible text run: its element's computed font size and the run's own box (Range rects), in the app.
TEXTS = """() => {
  const walker = document.createTreeWalker(document.querySelector('[data-testid=stAppViewContainer]'),
                                           NodeFilter.SHOW_TEXT);
  const found = [];
  // What of a text's box its scrolling or clipping ancestors let show (a multiselect's hidden tags: nothing).
  const clipped = (element, r) => {
    let box = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    // Every box that scrolls or clips hides what lies outside it, up to the page's own scroller (stMain).
    for (let e = element; e && e.dataset.testid !== 'stMain'; e = e.parentElement) {
      const style = getComputedStyle(e);
      const c = e.getBoundingClientRect();
      if (style.overflowX !== 'visible') {
        box = {...box, left: Math.max(box.left, c.left), right: Math.min(box.right, c.right)};
      }
      if (style.overflowY !== 'visible') {
        box = {...box, top: Math.max(box.top, c.top), bottom: Math.min(box.bottom, c.bottom)};
      }
    }
    return box.right > box.left && box.bottom > box.top ? box : null;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const element = node.parentElement;
    if (!text || !element || element.closest('script, style, [aria-hidden=true], .sr-only')) continue;
    const style = getComputedStyle(element);
    if (style.visibility !== 'visible' || parseFloat(style.opacity) === 0 || parseFloat(style.fontSize) === 0) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const boxes = [...range.getClientRects()].map(r => clipped(element, r))
      .filter(r => r && r.right - r.left > 1 && r.bottom - r.top > 1 && r.right > 0 && r.bottom > 0);
    if (!boxes.length) continue;
    found.push({text: text.slice(0, 40), size: parseFloat(style.fontSize), tag: element.tagName,
                boxes: boxes.map(r => [r.left, r.top, r.right, r.bottom])});
  }
  return found;
}"""

# Pictures: images, canvases and role=img boxes (not icons, not charts), keyed by label and order of appearance.
PICTURES = """() => {
  const seen = {};
  const all = document.querySelectorAll('[data-testid=stMain] :is(img, canvas, [role=img])');
  return [...all].filter(e => !e.closest('[data-testid=stVegaLiteChart]'))  // charts: their text is what grows
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width >= 24 && getComputedStyle(e).visibility === 'visible')
    .map(([e, r]) => {
      const label = (e.getAttribute('alt') || e.getAttribute('aria-label') || e.tagName).replace(/[0-9.,()=-]+/g, '#');
      seen[label] = (seen[label] || 0) + 1;
      return {key: `${label} ${seen[label]}`, width: r.width, height: r.height};
    });
}"""


def texts(page: Page) -> list[dict[str, Any]]:
    return page.evaluate(TEXTS)


def pictures(page: Page) -> dict[str, float]:
    return {picture["key"]: picture["width"] for picture in page.evaluate(PICTURES)}


def _overlap(a: list[float], b: list[float]) -> float:
    """The area two boxes share, as a fraction of the smaller one."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height / smaller


def overlapping(found: list[dict[str, Any]], tolerance: float = 0.2) -> list[tuple[str, str]]:
    """Pairs of different text runs whose boxes cover more than `tolerance` of the smaller one."""
    runs = [(item["text"], box) for item in found for box in item["boxes"]]
    pairs = []
    for i, (text, box) in enumerate(runs):
        for other, other_box in runs[i + 1 :]:
            if _overlap(box, other_box) > tolerance:
                pairs.append((text, other))
    return pairs
