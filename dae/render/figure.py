"""Figures to download for slides and worksheets: the comparison on screen, and the digit itself.

Run `python -m dae.render.figure out.png [en|zh]` to write the comparison for test digit 0 at noise 0.5.
"""

from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from dae import i18n
from dae.render import pictures

if TYPE_CHECKING:
    from dae.pipeline import Result

PANEL = 140  # pixels per image, as on screen
GAP = 16
LABEL_WIDTH = 250
HEADER = 40
ROW = PANEL + 2 * GAP
COLUMNS = ("original", "noisy", "code", "reconstruction")  # locale keys under panel.
# Pillow's built-in font has no Chinese; these are the Debian packages' fonts that do (README: install).
CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font that draws Chinese as well as Latin when one is installed, else Pillow's own."""
    for path in CJK_FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def can_write(text: str) -> bool:
    """Whether the figure's font has every character of `text` (ASCII always works)."""
    if text.isascii():
        return True
    return any(Path(path).exists() for path in CJK_FONTS)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _rgb(pixels: np.ndarray) -> Image.Image:
    image = Image.fromarray(pixels)
    return image.convert("RGB")


def comparison_png(result: Result, titles: dict[str, str], caption: str, t: i18n.Translate = i18n.english) -> bytes:
    """Original | noisy | code | reconstruction, one row per model, with PSNR/SSIM and a caption."""
    width = LABEL_WIDTH + len(COLUMNS) * (PANEL + GAP) + GAP
    caption_lines = textwrap.wrap(caption, 100 if caption.isascii() else 50)[:3]  # a Chinese character is ~2 wide
    height = HEADER + len(result.outputs) * ROW + HEADER // 2 + 22 * len(caption_lines) + GAP
    figure = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(figure)
    font, bold = _font(15), _font(17)
    for column, key in enumerate(COLUMNS):
        draw.text((LABEL_WIDTH + column * (PANEL + GAP), GAP), t(f"panel.{key}"), fill="black", font=bold)
    for row, output in enumerate(result.outputs):
        top = HEADER + row * ROW + GAP
        title = titles.get(output.name, output.name)
        lines = textwrap.wrap(title, 24 if title.isascii() else 12)  # a Chinese character is about two wide
        for line_index, line in enumerate(lines):
            draw.text((GAP, top + 22 * line_index), line, fill="black", font=bold)
        scores_top = top + 22 * len(lines) + 8
        draw.text((GAP, scores_top), i18n.fill("PSNR {psnr:.1f} dB", psnr=output.psnr_db), fill="black", font=font)
        draw.text((GAP, scores_top + 22), i18n.fill("SSIM {ssim:.2f}", ssim=output.ssim), fill="black", font=font)
        code = pictures.code_image(output.code, PANEL) if output.code is not None else None
        panels = [
            pictures.grey(result.clean, PANEL),
            pictures.grey(result.noisy, PANEL),
            code,
            pictures.grey(output.reconstruction, PANEL),
        ]
        for column, panel in enumerate(panels):
            if panel is not None:
                figure.paste(_rgb(panel), (LABEL_WIDTH + column * (PANEL + GAP), top))
    for index, line in enumerate(caption_lines):
        draw.text((GAP, HEADER + len(result.outputs) * ROW + HEADER // 2 + 22 * index), line, fill="dimgray", font=font)
    return _png(figure)


def digit_png(digit: np.ndarray) -> bytes:
    """The 28x28 digit itself, 8-bit greyscale, white on black like MNIST."""
    return _png(Image.fromarray((np.clip(digit, 0, 1) * 255).round().astype(np.uint8), mode="L"))


if __name__ == "__main__":
    from dae import data, runtime
    from dae.pipeline import denoise_digit

    language = sys.argv[2] if len(sys.argv) > 2 else i18n.DEFAULT_LANGUAGE
    t = i18n.translator(language)
    models = runtime.load_working()
    outcome = denoise_digit(data.load_test_images()[0][0], models, "gaussian", 0.5, 0)
    titles = {model.name: t(f"model.{model.name}.title") for model in models}
    source = t("source.test", index=0, label=7)
    caption = t("figure.caption", source=source, kind=t("noise.kind.gaussian"), level=0.5, seed=0)
    with open(sys.argv[1] if len(sys.argv) > 1 else "comparison.png", "wb") as file:
        file.write(comparison_png(outcome, titles, caption, t))
