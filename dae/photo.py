"""A phone photo of a digit written on paper -> the digit's strokes, as MNIST would have drawn them.

A photo is not a drawing: the paper is grey and unevenly lit, the pen line is thin, the table shows
past the paper's edge, and anything else on the sheet is ink too. Five steps, each one idea:

1. `paper_light`: how bright the paper would be at each pixel without ink (a grey closing wipes out
   every mark narrower than the sheet's features), so dividing by it leaves the ink alone.
2. `ink_mask`: the pixels clearly darker than their paper, as one binary picture.
3. `digit_marks`: the marks that make the digit; marks cut by the photo's edge (the table, the
   paper's edge, a shadow) are dropped; a photo of many marks (a page of text) is refused, and so
   is one whose "paper" is shaded all over (a face, a picture).
4. `mnist_strokes`: the digit's box scaled into MNIST's 20x20 box and its strokes redrawn at MNIST's
   own thickness (pens are thinner than the pens of MNIST's writers, markers thicker).
5. The caller (dae.preprocess) centres the result by mass in 28x28, as MNIST did.

Run `python -m dae.photo <photo>` to print the digit as text.
"""

from __future__ import annotations

import sys

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
MAX_MARKS = 4  # a digit is one to three pen marks; a page of text or a face is dozens
MAX_FILL = 0.6  # of the digit's box: strokes never fill more; a face or a blot does
MAX_SHADED = 0.1  # of the paper around the marks may be shaded: a face's or a picture's is 30-70%


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


def ink_mask(dark: np.ndarray) -> np.ndarray:
    """True where the photo is clearly darker than its paper: at least half as dark as the pen."""
    ink_level = np.percentile(dark, 99.8)  # the pen's own darkness, whatever the light
    if ink_level < MIN_CONTRAST:
        raise PhotoRefusal("no_digit")
    return dark > max(MIN_CONTRAST, ink_level / 2)


def digit_marks(mask: np.ndarray, dark: np.ndarray) -> np.ndarray:
    """The marks that make the digit: not cut by the photo's edge, not specks, few, on clean paper."""
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
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
    outline = np.count_nonzero(mask & ~ndimage.binary_erosion(mask))
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
    dark = darkness(working)
    return mnist_strokes(digit_marks(ink_mask(dark), dark))


if __name__ == "__main__":
    from dae.preprocess import as_text, load_image, to_mnist

    with open(sys.argv[1], "rb") as file:
        print(as_text(to_mnist(load_image(file.read()))))
