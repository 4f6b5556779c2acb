"""Figures to download for slides and worksheets: the comparison on screen, and the digit itself.

Run `python -m dae.figure out.png` to write the comparison for test digit 0 at noise 0.5.
"""

from __future__ import annotations

import io
import sys
import textwrap
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from dae import views

if TYPE_CHECKING:
    from dae.pipeline import Result

PANEL = 140  # pixels per image, as on screen
GAP = 16
LABEL_WIDTH = 250
HEADER = 40
ROW = PANEL + 2 * GAP
COLUMNS = ("original", "noisy input", "latent code", "reconstruction")


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _rgb(pixels: np.ndarray) -> Image.Image:
    image = Image.fromarray(pixels)
    return image.convert("RGB")


def comparison_png(result: Result, titles: dict[str, str], caption: str) -> bytes:
    """Original | noisy | code | reconstruction, one row per model, with PSNR/SSIM and a caption."""
    width = LABEL_WIDTH + len(COLUMNS) * (PANEL + GAP) + GAP
    height = HEADER + len(result.outputs) * ROW + 2 * HEADER
    figure = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(figure)
    font, bold = ImageFont.load_default(size=15), ImageFont.load_default(size=17)
    for column, label in enumerate(COLUMNS):
        draw.text((LABEL_WIDTH + column * (PANEL + GAP), GAP), label, fill="black", font=bold)
    for row, output in enumerate(result.outputs):
        top = HEADER + row * ROW + GAP
        lines = textwrap.wrap(titles.get(output.name, output.name), 24)
        for line_index, line in enumerate(lines):
            draw.text((GAP, top + 22 * line_index), line, fill="black", font=bold)
        scores_top = top + 22 * len(lines) + 8
        draw.text((GAP, scores_top), f"PSNR {output.psnr_db:.1f} dB", fill="black", font=font)
        draw.text((GAP, scores_top + 22), f"SSIM {output.ssim:.2f}", fill="black", font=font)
        code = views.code_image(output.code, PANEL) if output.code is not None else None
        panels = [
            views.grey(result.clean, PANEL),
            views.grey(result.noisy, PANEL),
            code,
            views.grey(output.reconstruction, PANEL),
        ]
        for column, panel in enumerate(panels):
            if panel is not None:
                figure.paste(_rgb(panel), (LABEL_WIDTH + column * (PANEL + GAP), top))
    draw.text((GAP, height - 1.5 * HEADER), caption, fill="dimgray", font=font)
    return _png(figure)


def digit_png(digit: np.ndarray) -> bytes:
    """The 28x28 digit itself, 8-bit greyscale, white on black like MNIST."""
    return _png(Image.fromarray((np.clip(digit, 0, 1) * 255).round().astype(np.uint8), mode="L"))


if __name__ == "__main__":
    from dae import data, runtime
    from dae.catalog import MODEL_INFO
    from dae.pipeline import denoise_digit

    models = [m for m in runtime.load_all().values() if not isinstance(m, str)]
    outcome = denoise_digit(data.load_test_images()[0][0], models, "gaussian", 0.5, 0)
    titles = {name: info.title for name, info in MODEL_INFO.items()}
    with open(sys.argv[1] if len(sys.argv) > 1 else "comparison.png", "wb") as file:
        file.write(comparison_png(outcome, titles, "Test digit #0, gaussian noise 0.5, seed 0"))
