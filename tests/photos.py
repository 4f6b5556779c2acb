"""Phone photos of MNIST test digits written in pen on paper, made here (seeded) for the tests.

What students actually send: a thin pen line (the digit's skeleton, 2-5 px wide), dark blue or black
ink on off-white paper, light falling unevenly across the sheet, the table showing past the paper's
edge on one side, the sheet turned a little, sensor noise and JPEG compression.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from scipy import ndimage
from skimage.morphology import skeletonize


def pen_strokes(digit: np.ndarray, height: int, pen: float) -> np.ndarray:
    """The digit's centre line, `height` px tall, drawn with a round pen `pen` px wide (0..1)."""
    big = ndimage.zoom(digit, height / 20, order=1)  # the digit's 20 px box becomes `height`
    centre_line = skeletonize(big > 0.5)
    rows, cols = np.nonzero(centre_line)
    pad = int(pen) + 2
    centre_line = np.pad(centre_line[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1], pad)
    return np.clip(pen / 2 + 0.5 - ndimage.distance_transform_edt(~centre_line), 0.0, 1.0)


def _place(strokes: np.ndarray, size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """The strokes on a `size` (h, w) sheet, near its centre, turned by up to 10 degrees."""
    turned = ndimage.rotate(strokes, rng.uniform(-10, 10), order=1, reshape=True)
    sheet = np.zeros(size, np.float32)
    top = (size[0] - turned.shape[0]) // 2 + int(rng.integers(-size[0] // 12, size[0] // 12))
    left = (size[1] - turned.shape[1]) // 2 + int(rng.integers(-size[1] // 12, size[1] // 12))
    sheet[top : top + turned.shape[0], left : left + turned.shape[1]] = turned
    return sheet


def _light(size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Uneven light: brighter on one side, and the soft shadow of a phone or a hand."""
    rows, cols = np.mgrid[0 : size[0], 0 : size[1]] / max(size)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = rows * np.sin(angle) + cols * np.cos(angle)
    light = 1.0 - rng.uniform(0.15, 0.4) * (ramp - ramp.min()) / np.ptp(ramp)
    centre = rng.uniform(0, 1, 2)
    shadow = np.exp(-((rows - centre[0]) ** 2 + (cols - centre[1]) ** 2) / 0.08)
    return (light * (1 - rng.uniform(0.1, 0.25) * shadow))[..., None]


def _table(size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """True where the table shows: past a straight paper edge cutting one corner of the frame."""
    rows, cols = np.mgrid[0 : size[0], 0 : size[1]].astype(np.float32)
    corner = rng.integers(0, 4)
    rows = rows if corner < 2 else size[0] - 1 - rows
    cols = cols if corner % 2 == 0 else size[1] - 1 - cols
    reach = rng.uniform(0.15, 0.3) * min(size)
    return rows / reach + cols / (reach * rng.uniform(1.0, 2.5)) < 1.0


def paper_photo(digit: np.ndarray | None, seed: int, size: tuple[int, int] = (480, 640)) -> bytes:
    """An MNIST digit as a JPEG phone photo of it written in pen on paper (None: the blank sheet)."""
    rng = np.random.default_rng(seed)
    height, pen = int(rng.uniform(0.35, 0.6) * min(size)), rng.uniform(2.0, 5.0) * min(size) / 480
    strokes = np.zeros(size) if digit is None else _place(pen_strokes(digit, height, pen), size, rng)
    paper = np.array([238, 234, 222]) * rng.uniform(0.9, 1.0)
    ink = np.array([35, 40, 85]) if rng.random() < 0.5 else np.array([30, 30, 32])
    picture = paper * (1 - strokes[..., None]) + ink * strokes[..., None]
    wood = np.array([120, 85, 55]) * (0.8 + 0.2 * ndimage.gaussian_filter(rng.random(size), (1, 12)))[..., None]
    picture = np.where(_table(size, rng)[..., None], wood, picture) * _light(size, rng)
    picture = ndimage.gaussian_filter(picture, (0.8, 0.8, 0)) + rng.normal(0, 3, picture.shape)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=int(rng.integers(70, 92)))
    return buffer.getvalue()
