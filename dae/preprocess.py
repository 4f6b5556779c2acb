"""Turn a drawing, a photo or any image-like array into an MNIST-style digit.

MNIST digits are light ink on black, their bounding box scaled (keeping the aspect ratio, with
anti-aliasing) to fit 20x20, then placed in a 28x28 frame so that their centre of mass sits at
the centre. `to_mnist` does the same to whatever a user gives us; `load_image` decodes uploads.

Anything unusable is refused with ImageError (a ValueError) and a sentence a student can act on,
kept as a locale key (`image.*` in dae/locales) so the app can say it in the student's language;
EmptyImageError (an ImageError) means there is simply no digit yet, e.g. a blank canvas.

Run `python -m dae.preprocess <image file>` to print the 28x28 result as text.
"""

from __future__ import annotations

import io
import sys
import warnings
from typing import Any

import numpy as np
from PIL import Image, ImageOps

from dae import i18n, photo

ACCEPTED_FORMATS = {"PNG", "JPEG"}
MAX_UPLOAD_PIXELS = 25_000_000  # a 25-megapixel phone photo is fine; a decompression bomb is not
MIN_SIDE = 8  # smaller than this cannot hold a recognisable digit
INK_THRESHOLD = 0.1  # pixels fainter than this (after contrast stretch) count as background


class ImageError(ValueError):
    """An input we cannot use; `key` and `params` name the message in dae/locales (str() is English)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = f"image.{key}", params
        super().__init__(i18n.english(self.key, **params))


class EmptyImageError(ImageError):
    """There is no digit in the image (blank canvas, uniform photo)."""


def load_image(data: bytes) -> Image.Image:
    """Decode an uploaded PNG or JPEG into a greyscale PIL image (alpha composited away).

    The header is checked first: format, then size, so an oversized image is refused before its
    pixels are decoded. Phone photos are turned upright from their EXIF orientation.
    """
    if not data:
        raise ImageError("empty_file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image_format = image.format
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("bomb") from None
    except Exception:
        raise ImageError("unreadable") from None
    if image_format not in ACCEPTED_FORMATS:
        raise ImageError("unsupported_format", format=image_format) if image_format else ImageError("unreadable")
    if width * height > MAX_UPLOAD_PIXELS:
        raise ImageError("too_many_pixels", width=width, height=height, limit=MAX_UPLOAD_PIXELS // 1_000_000)
    if min(width, height) < MIN_SIDE:
        raise ImageError("too_small", width=width, height=height)
    try:
        image.load()
        return _to_greyscale(ImageOps.exif_transpose(image))
    except Exception:
        raise ImageError("damaged") from None


def _to_greyscale(image: Image.Image) -> Image.Image:
    """Any PIL mode -> 'L' (8-bit grey), or 'F' for 16/32-bit greys; alpha is composited away."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        pixels = np.asarray(image.convert("I"), np.float64)
        top = 65535.0 if image.mode.startswith("I;16") or pixels.max() > 255 else 255.0
        return Image.fromarray((pixels / top).astype(np.float32), mode="F")
    if image.mode == "F":
        return image
    if "A" in image.getbands() or image.mode == "P" and "transparency" in image.info:
        rgba = np.asarray(image.convert("RGBA"))
        grey = _composite(rgba.astype(np.float32) / 255.0)
        return Image.fromarray((grey * 255).round().astype(np.uint8), mode="L")
    return image.convert("L")  # RGB, CMYK, P, 1, YCbCr, LAB...


def _composite(rgba: np.ndarray) -> np.ndarray:
    """RGBA in [0, 1] -> grey: over black when the opaque pixels are light (a canvas's white
    strokes), over white when they are dark (dark ink on a transparent background)."""
    luminance = rgba[..., :3] @ np.array([0.299, 0.587, 0.114], np.float32)
    alpha = rgba[..., 3]
    opaque = alpha > 0.5
    light_ink = not opaque.any() or np.median(luminance[opaque]) >= 0.5
    background = 0.0 if light_ink else 1.0
    return luminance * alpha + background * (1 - alpha)


def _as_grey_array(image: Any) -> np.ndarray:
    """A PIL image or an array (H, W), (H, W, 1), (H, W, 3) or (H, W, 4) -> float32 (H, W) in [0, 1]."""
    if isinstance(image, Image.Image):
        if image.width * image.height > MAX_UPLOAD_PIXELS:
            raise ImageError("too_large")
        image = np.asarray(_to_greyscale(image))
    if not isinstance(image, np.ndarray):
        raise ImageError("not_an_image", type=type(image).__name__)
    array = _checked_shape(image)
    array = _unit_range(array)
    if array.ndim == 3:
        array = _composite(array) if array.shape[-1] == 4 else array @ np.array([0.299, 0.587, 0.114], np.float32)
    return np.clip(array, 0.0, 1.0)


def _checked_shape(array: np.ndarray) -> np.ndarray:
    """(H, W), (H, W, 3) or (H, W, 4), of a size we accept; (H, W, 1) is taken as (H, W)."""
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim not in (2, 3) or array.ndim == 3 and array.shape[-1] not in (3, 4):
        raise ImageError("bad_shape", shape=array.shape)
    if min(array.shape[:2]) < MIN_SIDE:
        raise ImageError("too_small", width=array.shape[1], height=array.shape[0])
    if array.shape[0] * array.shape[1] > MAX_UPLOAD_PIXELS:
        raise ImageError("too_large")
    return array


def _unit_range(array: np.ndarray) -> np.ndarray:
    """Booleans, 8- or 16-bit integers, or floats (in [0, 1] or up to 255) -> float32 in [0, 1]."""
    if array.dtype == bool:
        return array.astype(np.float32)
    if array.dtype.kind in "ui":
        top = 255.0 if array.dtype.itemsize == 1 or array.max(initial=0) <= 255 else 65535.0
        if array.min(initial=0) < 0:
            raise ImageError("negative")
        return array.astype(np.float32) / top
    if array.dtype.kind != "f":
        raise ImageError("bad_dtype", dtype=array.dtype)
    array = array.astype(np.float64)  # float32 would overflow to inf on huge values
    if not np.isfinite(array).all():
        raise ImageError("not_finite")
    if array.min(initial=0) < 0:
        raise ImageError("negative")
    if array.max(initial=0) > 1:
        array = array / (255.0 if array.max() <= 255 else array.max())
    return array.astype(np.float32)


def to_mnist(image: Any) -> np.ndarray:
    """Any canvas array, photo or PIL image -> float32 (28, 28) digit in [0, 1], MNIST-style."""
    grey = _as_grey_array(image)
    if _is_drawing(grey):
        digit = _drawn_digit(grey)
    else:
        try:
            digit = photo.photo_digit(grey)
        except photo.PhotoRefusal as refusal:
            raise (EmptyImageError if refusal.key == "no_digit" else ImageError)(refusal.key) from None
    rows, cols = np.nonzero(digit)
    return _centre_in_frame(_fit_box(digit[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1], 20))


def _is_drawing(grey: np.ndarray) -> bool:
    """Light strokes on a flat black ground (the drawing pad, MNIST itself), not a photo: at least
    half the pixels are black. A photo's paper (or blackboard) is never that dark and even."""
    return bool(np.mean(grey < 0.05) >= 0.5)


def _drawn_digit(grey: np.ndarray) -> np.ndarray:
    """Light strokes on a dark ground -> the strokes alone, stretched so the ground is 0 and ink 1."""
    background, ink = np.median(grey), np.percentile(grey, 99.5)
    if ink - background < 0.15:
        raise EmptyImageError("no_digit")
    grey = np.clip((grey - background) / (ink - background), 0.0, 1.0)
    grey[grey < INK_THRESHOLD] = 0.0
    return grey


def _fit_box(digit: np.ndarray, box: int) -> np.ndarray:
    height, width = digit.shape
    scale = box / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # LANCZOS on a float image is the anti-aliased downscale MNIST's 20x20 boxes went through.
    resized = Image.fromarray(digit.astype(np.float32), mode="F").resize(size, Image.Resampling.LANCZOS)
    return np.clip(np.asarray(resized), 0.0, 1.0)


def _centre_in_frame(digit: np.ndarray, frame: int = 28) -> np.ndarray:
    height, width = digit.shape
    total = digit.sum()
    centre_row = (digit.sum(axis=1) @ np.arange(height)) / total
    centre_col = (digit.sum(axis=0) @ np.arange(width)) / total
    # MNIST put the centre of mass at pixel index 14 (measured over its test set: 14.0 +- 0.3).
    top = int(np.clip(round(frame / 2 - centre_row), 0, frame - height))
    left = int(np.clip(round(frame / 2 - centre_col), 0, frame - width))
    out = np.zeros((frame, frame), np.float32)
    out[top : top + height, left : left + width] = digit
    return out


def as_text(digit: np.ndarray) -> str:
    """A 28x28 digit as characters, darkest to brightest, for terminals and logs."""
    shades = " .:-=+*#%@"
    return "\n".join("".join(shades[min(9, int(v * 10))] * 2 for v in row) for row in digit)


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as file:
        print(as_text(to_mnist(load_image(file.read()))))
