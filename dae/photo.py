"""A phone photo of a digit written on paper -> the digit's strokes, as MNIST would have drawn them.

A photo is not a drawing: the paper is grey and unevenly lit, the pen line is thin, the table shows
past the paper's edge, exercise books print lines under the digit, and anything else on the sheet is
ink too. Six steps, each one idea:

1. `paper_light`: how bright the paper would be at each pixel without ink (a grey closing wipes out
   every mark narrower than the sheet's features), so dividing by it leaves the ink alone.
2. `without_lines`: an exercise book's printed lines (ruled, squared, tianzige) taken out. They are
   thin, straight, longer than any stroke of a digit (they cross the sheet), parallel, turned by the
   sheet's one angle, and fainter than the pen: so the darkness of thin runs nearly half the photo
   long, in two or more parallel rows at the sheet's angle, is divided out, but never more of it than
   a printed line could have (ink stays ink where a stroke crosses a line or runs along one).
3. `ink_mask`: the pixels clearly darker than their paper, as one binary picture.
4. `digit_marks`: the marks that make the digit; marks cut by the photo's edge (the table, the
   paper's edge, a shadow) are dropped; a photo of many marks (a page of text) is refused, and so
   is one whose "paper" is shaded all over (a face, a picture).
5. `mnist_strokes`: the digit's box scaled into MNIST's 20x20 box and its strokes redrawn at MNIST's
   own thickness (pens are thinner than the pens of MNIST's writers, markers thicker).
6. The caller (dae.preprocess) centres the result by mass in 28x28, as MNIST did.

`python -m dae.preprocess <photo>` prints a photo's digit as text (dae.preprocess calls this module,
never the other way round).
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

WORKING_SIDE = 800  # photos are reduced to this longest side first: plenty for one digit, and fast
SUPERSAMPLE = 4  # strokes are redrawn at 4x MNIST's resolution, then averaged down (anti-aliasing)
# The width a photo's strokes are redrawn at, in pixels of the 20x20 box. Chosen so that the finished
# 28x28 digits measure like MNIST's own (stroke_width at 4x: median 2.6 px for both on 200 test digits,
# tests/test_photos.py); the anti-aliased reduction and the refit into 20x20 take a little off.
MNIST_STROKE = 2.8
MIN_CONTRAST = 0.2  # ink at least 20% darker than its paper; paper's own texture and noise stay under
INK_PERCENTILE = 99.8  # the darkest 0.2% of a photo: the pen's own darkness, whatever the light
FAINT = 0.5  # of the ink threshold: how faint a mark may be and still join ink to the photo's edge
MAX_MARKS = 4  # a digit is one to three pen marks; a page of text or a face is dozens
MAX_FILL = 0.6  # of the digit's box: strokes never fill more; a face or a blot does
MAX_SHADED = 0.1  # of the paper around the marks may be shaded: a face's or a picture's is 30-70%

# Printed lines are looked for at half the working size (max-pooled, so a 1 px line keeps its darkness).
SHEET_ANGLES = np.arange(-12.0, 12.01, 0.5)  # degrees: a sheet photographed turned a little, as the tips ask
LINE_FAN = (-1.5, 0.0, 1.5)  # degrees about the sheet's angle: a photo taken a little off straight above
# makes its lines converge a little
LINE_LENGTH = 0.45  # of the photo's side: a printed line runs on across the sheet, a digit's stroke stops short
LINE_WIDTH = 8  # px at half size: wider than a printed line, narrower than the shade at the table's edge
LINE_WOBBLE = 3  # px at half size across the line: a line a pixel off straight (JPEG, a curved page) still runs
LINE_GAP = 50  # a gap of 1/50 of the photo's side does not end a line (tianzige's dashed cross, a crossing)
MIN_LINES = 2  # parallel lines at least: a ruled, squared or tianzige sheet repeats its lines
LINE_SHARE = 0.6  # of the pen's darkness at most is taken away as line: lines are fainter than the pen,
# so where a stroke lies along a line the ink stays ink
LINE_PART = 0.5  # a pixel loses its line only where the line makes at least half of its darkness: not
# where a line meets a stroke twice as dark, or the shade at the table's edge (which would fall apart)
MEND = 5  # px: a gap a line's crossing left in a stroke, as wide as the line, is closed again


class PhotoRefusal(ValueError):
    """The photo holds no digit we can read; `key` names the sentence in dae/locales (image.*)."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def paper_light(grey: np.ndarray) -> np.ndarray:
    """The paper's brightness under this photo's light: marks thinner than 1/8 of the photo removed."""
    small = np.asarray(Image.fromarray(grey).reduce(4))  # light varies slowly: 4x fewer pixels suffice
    size = max(3, max(small.shape) // 8)
    closed = ndimage.grey_closing(small, size=(size, size))
    light = ndimage.uniform_filter(closed, size // 2 + 1)
    return np.asarray(Image.fromarray(light).resize((grey.shape[1], grey.shape[0]), Image.Resampling.BILINEAR))


def darkness(grey: np.ndarray) -> np.ndarray:
    """How much darker than its paper each pixel is: 0 for paper, near 1 for black ink."""
    return np.clip(1.0 - grey / np.maximum(paper_light(grey), 1e-3), 0.0, 1.0)


def sheet_angle(dark: np.ndarray) -> float:
    """The angle (degrees, counterclockwise as ndimage.rotate turns) of the sheet's printed lines: the one
    along which the thin marks pile up into the sharpest rows and columns (profiles of a Radon transform)."""
    thin = dark - ndimage.grey_opening(dark, size=(LINE_WIDTH, LINE_WIDTH))  # not the table's broad shade
    rows, cols = np.nonzero(thin > MIN_CONTRAST / 4)  # the paper's grain left out
    if len(rows) == 0:
        return 0.0
    weights = thin[rows, cols]

    def sharpness(angle: float) -> float:
        profiles = [np.bincount(place, weights) for place in _places(rows, cols, angle)]
        return float(sum(np.sum(profile**2) for profile in profiles))

    coarse = max(SHEET_ANGLES, key=sharpness)
    return float(max(np.arange(coarse - 0.4, coarse + 0.41, 0.1), key=sharpness))


def _places(rows: np.ndarray, cols: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """Which of the rows, and which of the columns, turned by `angle`, each pixel lies on (from 0)."""
    turn = np.deg2rad(angle)
    down, across = rows * np.cos(turn) + cols * np.sin(turn), cols * np.cos(turn) - rows * np.sin(turn)
    return np.round(down - down.min()).astype(np.int64), np.round(across - across.min()).astype(np.int64)


def _opening(image: np.ndarray, size: int, axis: int) -> np.ndarray:
    """A grey opening along one axis: what is narrower than `size` there is shaved off."""
    return ndimage.maximum_filter1d(ndimage.minimum_filter1d(image, size, axis), size, axis)


def _long_thin_runs(level: np.ndarray, inside: np.ndarray, length: int, gap: int) -> np.ndarray:
    """How dark the thin, level runs at least `length` px long are, pixel by pixel (0 elsewhere). Beyond
    the photo's edge (~inside) a run may go on: a line leaving the photo is as long as it needs to be."""
    background = _opening(np.where(inside, level, 1.0), LINE_WIDTH, 0)
    thin = np.where(inside, level - background, 0.0)  # a white top-hat across the run: its own darkness
    joined = -_opening(-ndimage.maximum_filter1d(thin, LINE_WOBBLE, 0), gap, 1)  # a closing: gaps bridged
    # A grey opening along the run, `length` long, in which the photo's outside counts as dark enough.
    shortest = ndimage.minimum_filter1d(np.where(inside, joined, 1.0), length, 1)
    return np.minimum(ndimage.maximum_filter1d(np.where(inside, shortest, 0.0), length, 1), thin)


def _sheared(image: np.ndarray, slope: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each column moved down by `slope` px per column, whole pixels (nothing resampled, so a thin line
    keeps its darkness, and the move is undone exactly): a line rising by `slope` comes out level. Also
    where the photo is in the result, and each column's move."""
    moves = np.round(np.arange(image.shape[1]) * slope).astype(np.int64)
    moves -= moves.min()
    rows = np.arange(image.shape[0] + moves.max())[:, None] - moves[None, :]
    inside = (rows >= 0) & (rows < image.shape[0])
    level = image[np.clip(rows, 0, image.shape[0] - 1), np.arange(image.shape[1])]
    return np.where(inside, level, 0.0), inside, moves


def _lines_along(dark: np.ndarray, angle: float, axis: int) -> np.ndarray:
    """The darkness of the lines turned by `angle` degrees from the rows (axis 1) or columns (axis 0)."""
    image, slope = (dark, np.tan(np.deg2rad(angle))) if axis == 1 else (dark.T, -np.tan(np.deg2rad(angle)))
    level, inside, moves = _sheared(image, slope)
    gap = max(3, round(max(dark.shape) / LINE_GAP))
    runs = _long_thin_runs(level, inside, int(LINE_LENGTH * image.shape[1]) | 1, gap)
    back = runs[np.arange(image.shape[0])[:, None] + moves[None, :], np.arange(image.shape[1])]
    return back if axis == 1 else back.T


def _lighten(dark: np.ndarray, line: np.ndarray) -> np.ndarray:
    """`dark` with the line's darkness divided out: a line printed under ink darkens it the way it darkens
    the paper (light passes both), so a stroke crossing a line keeps its own darkness."""
    through = 1.0 - np.minimum(line, dark)  # the light the line lets through; none where both are black
    kept = np.divide(1.0 - dark, through, out=np.zeros_like(dark), where=through > 0)  # black stays black, no NaN
    return np.clip(1.0 - kept, 0.0, 1.0)


def _parallel_lines(lines: np.ndarray, angle: float, axis: int) -> int:
    """How many separate lines, turned by `angle` from the rows (axis 1) or columns (axis 0), are marked."""
    rows, cols = np.nonzero(lines)
    if len(rows) == 0:
        return 0
    down, across = _places(rows, cols, angle)
    return int(ndimage.label(np.bincount(down if axis == 1 else across) > 0)[1])


def line_layer(dark: np.ndarray) -> np.ndarray:
    """The darkness the printed lines add at each pixel (0 off them). The rows' lines are taken out before
    the columns' are looked for: where two cross, each hides the other's thinness. A long straight stroke
    alone (a 1, the bar of a 7 written large) is no printed line: those come in parallel rows."""
    height, width = dark.shape[0] // 2 * 2, dark.shape[1] // 2 * 2
    half = dark[:height, :width].reshape(height // 2, 2, width // 2, 2).max(axis=(1, 3))
    angle = sheet_angle(half)
    rest = half
    for axis in (1, 0):
        lines = np.max([_lines_along(rest, angle + turn, axis) for turn in LINE_FAN], axis=0)
        if _parallel_lines(lines > MIN_CONTRAST / 2, angle, axis) >= MIN_LINES:
            rest = _lighten(rest, lines)
    layer = np.zeros_like(dark)
    layer[:height, :width] = np.repeat(np.repeat(1.0 - (1.0 - half) / np.maximum(1.0 - rest, 1e-3), 2, 0), 2, 1)
    return np.minimum(layer, dark)


def without_lines(dark: np.ndarray) -> np.ndarray:
    """The darkness with an exercise book's printed lines divided out (the same, on plain paper)."""
    line = np.minimum(line_layer(dark), LINE_SHARE * np.percentile(dark, INK_PERCENTILE))
    line[line < LINE_PART * dark] = 0.0
    clean = _lighten(dark, line)
    # Where a stroke crosses a line the two are hard to part (ink as pale as the line): whatever gap that
    # leaves in the stroke is closed again, on the line's pixels only.
    crossed = line > 0
    clean[crossed] = np.maximum(clean, ndimage.grey_closing(clean, size=(MEND, MEND)))[crossed]
    return clean


def ink_mask(dark: np.ndarray) -> np.ndarray:
    """True where the photo is clearly darker than its paper: at least half as dark as the pen."""
    ink_level = np.percentile(dark, INK_PERCENTILE)
    if ink_level < MIN_CONTRAST:
        raise PhotoRefusal("no_digit")
    return dark > max(MIN_CONTRAST, ink_level / 2)


def _cut_by_edge(marks: np.ndarray) -> np.ndarray:
    """The marks (8-connected) that the photo's edge cuts, whole."""
    labels, _ = ndimage.label(marks, structure=np.ones((3, 3)))
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    return np.isin(labels, edge[edge > 0])


def digit_marks(mask: np.ndarray, dark: np.ndarray) -> np.ndarray:
    """The marks that make the digit: not cut by the photo's edge, not specks, few, on clean paper."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    # Cut by the edge even through fainter pixels (dark[mask].min() is the ink threshold): the shade along
    # the table's edge is as dark as the threshold in places, and falls apart into pieces on the paper.
    edge = np.unique(labels[_cut_by_edge(dark > FAINT * dark[mask].min())])
    sizes = ndimage.sum_labels(mask, labels, index=np.arange(count + 1))
    sizes[edge] = 0
    sizes[sizes < max(mask.shape) / 20] = 0  # specks: noise, dust, the paper's grain
    if sizes.max(initial=0) == 0:
        raise PhotoRefusal("no_digit")
    marks = np.flatnonzero(sizes >= 0.1 * sizes.max())
    if len(marks) > MAX_MARKS or sizes.sum() > 2 * sizes[marks].sum():  # scattered marks, or much litter
        raise PhotoRefusal("many_marks")
    digit = np.isin(labels, marks)
    rows, cols = np.nonzero(digit)
    inked = digit[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1].mean()
    paper = ~ndimage.binary_dilation(mask, iterations=2)  # away from every mark and from the edge's
    shading = ndimage.uniform_filter(dark, 5)[paper]  # averaged: a dithered or grainy paper is still paper
    if inked > MAX_FILL or np.mean(shading > 0.05) > MAX_SHADED:
        raise PhotoRefusal("picture")  # a blot, or shading all over: a face, a picture
    return digit


def stroke_width(mask: np.ndarray) -> float:
    """Mean width of the strokes in pixels: a stroke of width w and length L has area w*L and an
    outline of about 2L, so w = 2 * area / outline."""
    outline = int(np.count_nonzero(mask & ~ndimage.binary_erosion(mask)))
    return 2.0 * np.count_nonzero(mask) / max(outline, 1)


def mnist_strokes(marks: np.ndarray, box: int = 20) -> np.ndarray:
    """The marks' bounding box fitted into `box`, the strokes at MNIST's width, anti-aliased, in [0, 1]."""
    rows, cols = np.nonzero(marks)
    crop = marks[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1].astype(np.float32)
    scale = box * SUPERSAMPLE / max(crop.shape)
    size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
    fitted = np.asarray(Image.fromarray(crop, mode="F").resize(size, Image.Resampling.BILINEAR)) > 0.35
    fitted = np.pad(fitted, SUPERSAMPLE * 2)
    change = (MNIST_STROKE * SUPERSAMPLE - stroke_width(fitted)) / 2
    if change > 0:  # thicken: every pixel within `change` of a stroke
        fitted = ndimage.distance_transform_edt(~fitted) <= change
    elif change < 0:  # thin, but never below a one-pixel line
        fitted = ndimage.distance_transform_edt(fitted) > min(-change, stroke_width(fitted) / 2 - 1)
    strokes = Image.fromarray(fitted.astype(np.float32), mode="F")
    small = strokes.reduce(SUPERSAMPLE) if min(fitted.shape) >= SUPERSAMPLE else strokes
    return np.clip(np.asarray(small), 0.0, 1.0)


def photo_digit(grey: np.ndarray) -> np.ndarray:
    """A greyscale photo in [0, 1] -> the digit in a 20x20 box, in [0, 1]. Dark ink on light paper,
    or chalk on a blackboard: the photo's edge tells which (paper, or the board, fills most of it)."""
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    if np.median(border) < 0.5:
        grey = 1.0 - grey
    reduce = max(1, int(np.ceil(max(grey.shape) / WORKING_SIDE)))
    working = np.asarray(Image.fromarray(grey.astype(np.float32), mode="F").reduce(reduce))
    dark = without_lines(darkness(working))
    return mnist_strokes(digit_marks(ink_mask(dark), dark))
