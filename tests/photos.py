"""Phone photos of MNIST test digits written in pen on paper, made here (seeded) for the tests.

What students actually send: a thin pen line (the digit's skeleton, 2-5 px wide), dark blue or black
ink on off-white paper, light falling unevenly across the sheet, the table showing past the paper's
edge on one side, the sheet turned a little, sensor noise and JPEG compression.

Exercise books add printed lines under the ink (`LINED_PAPER`): ruled lines, squared paper, or
tianzige (田字格: squares with a dashed cross inside), 1-3 px wide, light blue, grey, red or green,
fainter than the pen, turned with the sheet; the digit spans a few rules or squares, or sits in a cell.
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


def _place(strokes: np.ndarray, size: tuple[int, int], rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """The strokes on a `size` (h, w) sheet, near its centre, turned by up to 10 degrees (also returned)."""
    angle = rng.uniform(-10, 10)
    turned = ndimage.rotate(strokes, angle, order=1, reshape=True)
    sheet = np.zeros(size, np.float32)
    top = (size[0] - turned.shape[0]) // 2 + int(rng.integers(-size[0] // 12, size[0] // 12))
    left = (size[1] - turned.shape[1]) // 2 + int(rng.integers(-size[1] // 12, size[1] // 12))
    sheet[top : top + turned.shape[0], left : left + turned.shape[1]] = turned
    return sheet, angle


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


LINED_PAPER = ("ruled", "squared", "tianzige")
LINE_COLOURS = {"light blue": (90, 140, 210), "grey": (110, 110, 115), "red": (210, 60, 70), "green": (90, 170, 110)}
INKS = {"blue-black": (35, 40, 85), "black": (30, 30, 32), "blue": (40, 60, 150)}


def _rules(across: np.ndarray, spacing: float, width: float) -> np.ndarray:
    """How much of each pixel lines `width` px wide, one every `spacing` px of `across`, cover (0..1)."""
    distance = np.abs((across + spacing / 2) % spacing - spacing / 2)
    return np.clip(width / 2 + 0.5 - distance, 0.0, 1.0)


def _dashes(along: np.ndarray, dash: float) -> np.ndarray:
    return (along % (2 * dash) < dash).astype(np.float32)


def printed_lines(kind: str, size: tuple[int, int], centre: np.ndarray, angle: float, height: int,
                  rng: np.random.Generator) -> np.ndarray:
    """The cover (0..1) of an exercise book's printed lines, turned by `angle` like the digit written at
    `centre` (row, col), `height` px tall: across 1.5-4 rules, over 2-6 squares, or in a tianzige cell 1.2-1.6
    times its size (a grid of cells, each with its dashed cross), near the cell's middle."""
    rows, cols = np.mgrid[0 : size[0], 0 : size[1]].astype(np.float32)
    turn = np.deg2rad(angle)
    rows, cols = rows - np.float32(centre[0]), cols - np.float32(centre[1])
    down, across = rows * np.cos(turn) + cols * np.sin(turn), cols * np.cos(turn) - rows * np.sin(turn)
    width = rng.uniform(1.0, 3.0) * min(size) / 480
    if kind == "ruled":
        spacing = height / rng.uniform(1.5, 4.0)
        return _rules(down + rng.uniform(0, spacing), spacing, width)
    if kind == "squared":
        spacing = height / rng.uniform(2.0, 6.0)
        return np.maximum(_rules(down + rng.uniform(0, spacing), spacing, width),
                          _rules(across + rng.uniform(0, spacing), spacing, width))
    cell = height * rng.uniform(1.2, 1.6)
    down, across = down + rng.uniform(-0.08, 0.08) * cell, across + rng.uniform(-0.08, 0.08) * cell
    sides = np.maximum(_rules(down + cell / 2, cell, width), _rules(across + cell / 2, cell, width))
    dash, thin = rng.uniform(4.0, 10.0) * min(size) / 480, max(1.0, 0.7 * width)
    cross = np.maximum(_rules(down, cell, thin) * _dashes(across, dash),
                       _rules(across, cell, thin) * _dashes(down, dash))
    return np.maximum(sides, cross)


def _digit_centre(strokes: np.ndarray) -> np.ndarray:
    rows, cols = np.nonzero(strokes > 0.5)
    return np.array([rows.min() + rows.max(), cols.min() + cols.max()]) / 2


def paper_photo(
    digit: np.ndarray | None, seed: int, size: tuple[int, int] = (480, 640), lines: str | None = None
) -> bytes:
    """An MNIST digit as a JPEG phone photo of it written in pen on paper (None: the blank sheet), plain or
    printed with `lines` (one of LINED_PAPER) drawn with a random generator of their own (a plain sheet's
    photo is the same with or without them)."""
    rng = np.random.default_rng(seed)
    height, pen = int(rng.uniform(0.35, 0.6) * min(size)), rng.uniform(2.0, 5.0) * min(size) / 480
    strokes, angle = (np.zeros(size), 0.0) if digit is None else _place(pen_strokes(digit, height, pen), size, rng)
    paper = np.array([238, 234, 222]) * rng.uniform(0.9, 1.0)
    ink = np.array(INKS["blue-black"] if rng.random() < 0.5 else INKS["black"])
    picture = np.broadcast_to(paper, (*size, 3))
    if lines:
        picture, ink = _printed_on(picture, lines, strokes, angle, height, np.random.default_rng((seed, 1)))
    picture = picture * (1 - strokes[..., None]) + ink * strokes[..., None]
    wood = np.array([120, 85, 55]) * (0.8 + 0.2 * ndimage.gaussian_filter(rng.random(size), (1, 12)))[..., None]
    picture = np.where(_table(size, rng)[..., None], wood, picture) * _light(size, rng)
    picture = ndimage.gaussian_filter(picture, (0.8, 0.8, 0)) + rng.normal(0, 3, picture.shape)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(picture, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=int(rng.integers(70, 92)))
    return buffer.getvalue()


def _printed_on(paper: np.ndarray, kind: str, strokes: np.ndarray, angle: float, height: int,
                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The paper with `kind` of lines printed on it, in a colour and strength of their own, and the ink the
    student wrote with. The lines come out 0.1-0.5 darker than the paper, the pen 0.6-0.85: fainter."""
    size = paper.shape[:2]
    centre = _digit_centre(strokes) if strokes.any() else rng.uniform(0.3, 0.7, 2) * size
    cover = printed_lines(kind, size, centre, angle, height, rng)[..., None]
    colour = np.array(list(LINE_COLOURS.values())[rng.integers(len(LINE_COLOURS))])
    printed = paper + rng.uniform(0.5, 1.0) * (colour - paper)
    ink = np.array(list(INKS.values())[rng.integers(len(INKS))])
    return paper + cover * (printed - paper), ink
