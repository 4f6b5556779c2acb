"""The walkable map of a 2-D code, as JSON-ready data for the live control's "map" layout.

The server decodes a grid of points over the plane once per model (dae.latent.decode_plane) and sends
them as one sprite sheet; the browser (ui/components/live_noise.js) shows the cell under the pointer,
so moving over the map costs the server nothing. The test digits' codes are drawn as dots coloured
by their label, in a colour-blind-safe palette.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dae.latent import PlaneGrid
from dae.render.pictures import png_data_url

# Okabe and Ito's eight colour-blind-safe colours, then two of Paul Tol's: one per digit class.
CLASS_COLOURS = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2",
    "#D55E00", "#CC79A7", "#000000", "#999999", "#882255",
)  # fmt: skip
MAP_PIXELS = 480


def scatter(codes: np.ndarray, labels: np.ndarray, grid: PlaneGrid, pixels: int = MAP_PIXELS) -> str:
    """Every code as a 3 x 3 dot in its class's colour on white, in a random order (no class always on top)."""
    image = np.full((pixels, pixels, 3), 255, np.uint8)
    order = np.random.default_rng(0).permutation(len(codes))
    fractions = np.array([grid.fraction(code) for code in codes[order]])
    columns, rows = (np.clip(fractions * pixels, 1, pixels - 2).astype(int)).T
    palette = np.array([list(bytes.fromhex(colour[1:])) for colour in CLASS_COLOURS], np.uint8)
    inside = (fractions >= 0).all(axis=1) & (fractions <= 1).all(axis=1)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            image[rows[inside] + dy, columns[inside] + dx] = palette[labels[order][inside]]
    return png_data_url(image)


def sprite(grid: PlaneGrid) -> str:
    """The grid's decoded digits tiled size x size in one greyscale PNG, row 0 at the top."""
    tiles = (np.clip(grid.digits, 0, 1) * 255).round().astype(np.uint8)
    rows = tiles.reshape(grid.size, grid.size, 28, 28).transpose(0, 2, 1, 3)
    return png_data_url(rows.reshape(grid.size * 28, grid.size * 28))


def plane_frames(grid: PlaneGrid, codes: np.ndarray, labels: np.ndarray) -> dict[str, Any]:
    """What the map layout needs: the dots, the decoded grid, and the window's bounds."""
    return {
        "scatter": scatter(codes, labels, grid),
        "sprite": sprite(grid),
        "size": grid.size,
        "bounds": [grid.left, grid.right, grid.bottom, grid.top],
        "colours": list(CLASS_COLOURS),
    }


def marker(grid: PlaneGrid, code: np.ndarray, label: str) -> dict[str, Any]:
    """A labelled point on the map (the current digit, or a walk's end), at fractions of its width and height."""
    x, y = grid.fraction(code)
    return {"x": round(x, 4), "y": round(y, 4), "label": label, "inside": bool(0 <= x <= 1 and 0 <= y <= 1)}
