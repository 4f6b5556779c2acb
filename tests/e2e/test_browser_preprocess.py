"""The browser makes the server's digit of a drawing: ui/components/preprocess.js, loaded from the real app
server into the app's own page, turns a canvas painted as the drawing pad paints into the same 28 x 28
digit that dae.preprocess makes of that canvas's PNG (what the pad sends), for seeded random drawings:
polylines, curves, dots, several strokes, and lines across the whole pad whose thin boxes make the fit's
rounding land on halves. A blank or faint pad is no digit in both; bad input is refused in words."""

import base64
import math
from pathlib import Path

import numpy as np
import pytest

from dae import preprocess
from dae.metrics import psnr
from ui.browser_models import COMPONENT, ROUTE

pytestmark = pytest.mark.browser

PAD = Path(__file__).resolve().parents[2] / "ui" / "components" / "draw_pad.js"
MODULE_PATH = f"{ROUTE}/{COMPONENT}/preprocess.js"
SIZE, INK, SEED = 280, 22, 5
MIN_PSNR, MAX_GAP = 35.0, 1e-5  # dB; the module's claim: the server's digit to within float32 rounding

# Each drawing painted as draw_pad.js paints (black ground, one path per stroke, a one-point stroke a dot),
# in the given colour (the pad's is white); then its digit in the browser, its PNG and the time taken.
RUN = """async ([module, drawings, size, ink]) => {
  const { digitFromPixels } = await import(module);
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext("2d");
  const paint = ({ strokes, colour }) => {
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, size, size);
    for (const points of strokes) {
      ctx.strokeStyle = ctx.fillStyle = colour;
      ctx.lineWidth = ink;
      ctx.lineCap = ctx.lineJoin = "round";
      ctx.beginPath();
      if (points.length === 1) {
        ctx.arc(points[0][0], points[0][1], ink / 2, 0, 2 * Math.PI);
        ctx.fill();
        continue;
      }
      ctx.moveTo(...points[0]);
      for (const point of points.slice(1)) ctx.lineTo(...point);
      ctx.stroke();
    }
  };
  const encode = (array) => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
  return drawings.map((drawing) => {
    paint(drawing);
    const pixels = ctx.getImageData(0, 0, size, size).data;
    const start = performance.now();
    const answer = digitFromPixels(pixels, size, size);
    const ms = performance.now() - start;
    const kind = Object.keys(answer)[0];
    const png = canvas.toDataURL("image/png").split(",")[1];
    return { kind, digit: answer.digit ? encode(answer.digit) : null, png, ms };
  });
}"""

MISTAKES = """async (module) => {
  const { digitFromPixels } = await import(module);
  const said = (...args) => { try { digitFromPixels(...args); return null; } catch (error) { return error.message; } };
  const pixels = new Uint8ClampedArray(280 * 280 * 4);
  return [
    said([0, 0, 0, 255], 1, 1),
    said(null, 280, 280),
    said(new Float32Array(280 * 280 * 4), 280, 280),
    said(pixels, 280.5, 280),
    said(new Uint8Array(4 * 4 * 4), 4, 4),
    said(pixels, 280, 100),
  ];
}"""


def polyline(rng: np.random.Generator) -> list[list[list[float]]]:
    """One stroke of 2 to 8 points in a random box, anywhere from a few pixels to the whole pad, thin or wide."""
    width, height = rng.uniform(2, SIZE, 2) * rng.choice([[1, 1], [1, 0.1], [0.1, 1]])
    left, top = rng.uniform(0, SIZE - width), rng.uniform(0, SIZE - height)
    points = rng.uniform(0, 1, (rng.integers(2, 9), 2)) * [width, height] + [left, top]
    return [points.tolist()]


def curve(rng: np.random.Generator) -> list[list[list[float]]]:
    """An arc of an ellipse, as the pointer would give it: many short segments."""
    centre = rng.uniform(60, 220, 2)
    radii = rng.uniform(5, 100, 2)
    start = rng.uniform(0, 2 * math.pi)
    angles = start + np.linspace(0, rng.uniform(0.5, 2) * math.pi, int(rng.integers(10, 60)))
    return [(centre + radii * np.stack([np.cos(angles), np.sin(angles)], axis=1)).tolist()]


def dots(rng: np.random.Generator) -> list[list[list[float]]]:
    """One to three taps, some near the edges."""
    return [[rng.uniform(-5, SIZE + 5, 2).tolist()] for _ in range(rng.integers(1, 4))]


def strokes(rng: np.random.Generator) -> list[list[list[float]]]:
    """A digit-like drawing: two or three strokes, polylines and curves."""
    return [stroke for _ in range(rng.integers(2, 4)) for stroke in (polyline, curve)[rng.integers(2)](rng)]


def across(slant: float, tall: bool) -> list[list[list[float]]]:
    """A line right across the pad (the pointer left it), `slant` pixels from level: a box 280 wide and
    about 22 + slant high, so the fitted height (box height x 20 / 280) passes every half, e.g. 35 -> 2.5."""
    points = [[-20.0, 120.0], [SIZE + 20.0, 120.0 + slant]]
    return [[point[::-1] for point in points] if tall else points]


def drawings() -> list[list[list[list[float]]]]:
    rng = np.random.default_rng(SEED)
    made = [kind(rng) for kind in (polyline, curve, dots, strokes) for _ in range(15)]
    made += [across(slant, tall=False) for slant in range(60)]  # every box height from about 22 to 82
    made += [across(slant + rng.uniform(0, 1), tall=True) for slant in range(0, 60, 4)]
    made += [[[[0.0, y], [SIZE, y + 5.0]] for y in range(5, SIZE, 18)]]  # most of the pad: not a drawing
    return made


def server_digit(png: str) -> tuple[str, np.ndarray | None]:
    """What the server makes of the pad's PNG (ui.draw.digit_from_drawing, without Streamlit's cache)."""
    image = preprocess.load_image(base64.b64decode(png))
    if not preprocess._is_drawing(preprocess._as_grey_array(image)):
        return "notDrawing", None
    try:
        return "digit", preprocess.to_mnist(image)
    except preprocess.EmptyImageError:
        return "empty", None


def run(page, server_url: str, drawings: list, colour: str = "#fff") -> list[dict]:
    sent = [{"strokes": strokes, "colour": colour} for strokes in drawings]
    return page.evaluate(RUN, [f"{server_url}/{MODULE_PATH}", sent, SIZE, INK])


def test_the_browser_makes_the_servers_digit_of_a_drawing(page, server_url, monkeypatch):
    pad = PAD.read_text()
    assert f"const SIZE = {SIZE};" in pad and f"const INK = {INK};" in pad  # RUN paints as the pad does
    fitted = []  # the server's fitted sizes before rounding, e.g. 20 x 2.5
    fit_box = preprocess._fit_box
    monkeypatch.setattr(preprocess, "_fit_box", lambda digit, box: fitted.append(digit.shape) or fit_box(digit, box))
    made = drawings()
    answers = run(page, server_url, made)
    scores, gaps = [], []
    for strokes, answer in zip(made, answers, strict=True):
        kind, digit = server_digit(answer["png"])
        assert answer["kind"] == kind, strokes
        if digit is not None:
            ours = np.frombuffer(base64.b64decode(answer["digit"]), np.float32).reshape(28, 28)
            scores.append(float(psnr(digit, ours)[0]))
            gaps.append(float(np.abs(ours - digit).max()))
            assert scores[-1] >= MIN_PSNR and gaps[-1] <= MAX_GAP, (strokes, scores[-1], gaps[-1])
    assert len(scores) >= 60 and sum(a["kind"] == "notDrawing" for a in answers) == 1
    halves = [shape for shape in fitted if min(shape) * 20 / max(shape) % 1 == 0.5]
    assert len(halves) >= 3, "too few drawings make the fit round a half (Python rounds it to even)"
    times = sorted(answer["ms"] for answer in answers[1:])  # the first call also compiles the module
    print(
        f"\n{len(scores)} digits ({len(halves)} fits rounding a half): min PSNR {min(scores):.1f} dB, "
        f"max |difference| {max(gaps):.2g}; digitFromPixels on {SIZE} x {SIZE}: first {answers[0]['ms']:.1f} ms, "
        f"then median {times[len(times) // 2]:.2f} ms, max {times[-1]:.2f} ms"
    )
    assert times[len(times) // 2] < 5


def test_a_blank_or_faint_pad_is_no_digit(page, server_url):
    some = drawings()[:10]
    for colour in ("#111", "#262626"):  # 38 / 255 is just under the contrast a digit needs (0.15)
        for answer in run(page, server_url, some, colour):
            assert answer["kind"] == "empty" and server_digit(answer["png"])[0] == "empty"
    [blank] = run(page, server_url, [[]])
    assert blank["kind"] == "empty" and server_digit(blank["png"])[0] == "empty"


def test_the_browser_says_what_it_needs(page, server_url):
    said = page.evaluate(MISTAKES, f"{server_url}/{MODULE_PATH}")
    needs = "digitFromPixels takes RGBA pixels as a Uint8ClampedArray (a canvas's getImageData().data) or a Uint8Array"
    assert said[:3] == [f"{needs}, got Array.", f"{needs}, got null.", f"{needs}, got Float32Array."]
    assert said[3] == "digitFromPixels takes a width and height of at least 8 whole pixels, got 280.5 x 280."
    assert said[4] == "digitFromPixels takes a width and height of at least 8 whole pixels, got 4 x 4."
    assert said[5] == "280 x 100 pixels take 112000 RGBA values (4 per pixel), got 313600."
