"""numpy -> pictures: crisp upscaling, colour maps, latent-code grids and feature-map mosaics.

Everything returns uint8 arrays ready for st.image (or PNG), so pages never touch pixel maths.
Images are upscaled here with nearest neighbour, so browsers show every pixel as a sharp square.
"""

from __future__ import annotations

import base64
import functools
import io
import math
from typing import Literal

import numpy as np
from PIL import Image

ColourMap = Literal["viridis", "cividis"]  # matplotlib's and Vega's names alike


@functools.lru_cache(maxsize=8)
def lookup_table(name: str) -> np.ndarray:
    """A colour map as 256 RGB colours, uint8 (256, 3): what every heatmap here and in the browser indexes."""
    from matplotlib import colormaps

    return (colormaps[name](np.linspace(0, 1, 256))[:, :3] * 255).round().astype(np.uint8)


def colour_stops(colour_map: ColourMap, count: int = 6) -> list[str]:
    """Evenly spaced colours of a colour map as CSS hex strings (for a colour-scale bar)."""
    table = lookup_table(colour_map)
    return ["#" + bytes(table[int(i)]).hex() for i in np.linspace(0, 255, count)]


def upscale(image: np.ndarray, scale: int) -> np.ndarray:
    """Repeat every pixel scale x scale times (nearest neighbour), keeping any channel axis."""
    return np.repeat(np.repeat(image, scale, axis=0), scale, axis=1)


def png_data_url(pixels: np.ndarray) -> str:
    """uint8 pixels (H, W) or (H, W, 3) -> a `data:image/png` URL, to inline a small picture in the page.

    st.image sends such a URL as it is: no /media/ file to store and fetch, and PNG keeps the sharp
    squares that st.image's own JPEG encoding (its default for arrays) would blur. A 140 px digit is ~1 KB.
    """
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", compress_level=1)  # fast: the pictures are tiny
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def grey_data_url(image: np.ndarray, size: int = 168) -> str:
    """A float image in [0, 1] -> a PNG data URL of it upscaled to about `size` pixels wide (see grey)."""
    return png_data_url(grey(image, size))


def grey(image: np.ndarray, size: int = 168) -> np.ndarray:
    """A float image in [0, 1] -> uint8 upscaled to about `size` pixels wide."""
    pixels = (np.clip(image, 0, 1) * 255).round().astype(np.uint8)
    return upscale(pixels, max(1, size // image.shape[1]))


def colourise(values: np.ndarray, vmin: float, vmax: float, colour_map: ColourMap = "viridis") -> np.ndarray:
    """Values -> RGB uint8 through a colour map; NaN (gaps in a mosaic) becomes white."""
    span = vmax - vmin if vmax > vmin else 1.0
    index = np.clip((np.nan_to_num(values, nan=vmin) - vmin) / span * 255, 0, 255).astype(np.uint8)
    rgb = lookup_table(colour_map)[index]
    rgb[np.isnan(values)] = 255
    return rgb


def grid_shape(units: int) -> tuple[int, int]:
    """The most square rows x cols layout for a flat code: 64 -> 8x8, 32 -> 4x8, 128 -> 8x16."""
    rows = int(math.sqrt(units))
    while units % rows:
        rows -= 1
    return rows, units // rows


def mosaic(maps: np.ndarray, columns: int | None = None, gap: int = 1) -> np.ndarray:
    """Feature maps (..., H, W, C) -> (..., rows*H + gaps, cols*W + gaps) float32, NaN in the gaps.

    Channel i is tile (i // cols, i % cols). Leading axes are a batch: 21 levels' codes in one call.
    """
    *batch, height, width, count = maps.shape
    columns = columns or grid_shape(count)[1]
    rows = math.ceil(count / columns)
    tiles = np.full((*batch, height + gap, width + gap, rows * columns), np.nan, np.float32)
    tiles[..., :height, :width, :count] = maps
    tiles = tiles.reshape(*batch, height + gap, width + gap, rows, columns)
    tiles = np.moveaxis(tiles, (-2, -1), (-4, -2))  # (..., rows, H + gap, columns, W + gap)
    out = tiles.reshape(*batch, rows * (height + gap), columns * (width + gap))
    return out[..., : rows * (height + gap) - gap, : columns * (width + gap) - gap]


def code_layout(code: np.ndarray) -> np.ndarray:
    """How a code is drawn: a flat code as a near-square grid, a (4, 4, 32) code as 32 tiles (NaN gaps)."""
    return code_layouts(np.asarray(code)[None])[0]


def code_layouts(codes: np.ndarray) -> np.ndarray:
    """code_layout for a batch of codes (one per level): (N, 64) -> (N, 8, 8); (N, 4, 4, 32) -> (N, 19, 39)."""
    codes = np.asarray(codes, np.float32)
    if codes.ndim == 4:
        return mosaic(codes, columns=8)
    return codes.reshape(len(codes), *grid_shape(codes[0].size))


def code_image(code: np.ndarray, size: int = 168, colour_map: ColourMap = "viridis") -> np.ndarray:
    """A latent code as a heatmap from 0 to its largest value (see code_layout)."""
    layout = code_layout(code)
    rgb = colourise(layout, 0.0, float(np.nanmax(layout)) or 1.0, colour_map)
    return upscale(rgb, max(1, size // layout.shape[1]))


def scaled_layouts(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each code's layout divided by its own largest value (0 ... 1, NaN gaps), and those largest values."""
    layouts = code_layouts(codes)
    tops = np.nanmax(layouts.reshape(len(layouts), -1), axis=1)
    return layouts / np.where(tops > 0, tops, 1.0)[:, None, None], tops


def code_strip(scaled: np.ndarray, colour_map: ColourMap = "viridis") -> np.ndarray:
    """Scaled code layouts (scaled_layouts) as heatmaps side by side, coloured in one pass."""
    coloured = colourise(scaled, 0.0, 1.0, colour_map)  # (N, H, W, 3)
    return np.concatenate(list(coloured), axis=1)


def feature_maps_image(maps: np.ndarray, size: int = 640, colour_map: ColourMap = "viridis") -> np.ndarray:
    """All channels of one layer's activation (H, W, C) as a mosaic on one shared colour scale."""
    layout = mosaic(maps, gap=max(1, maps.shape[0] // 7))
    low, high = float(np.nanmin(layout)), float(np.nanmax(layout))
    rgb = colourise(layout, low, high if high > low else low + 1, colour_map)
    return upscale(rgb, max(1, size // layout.shape[1]))
