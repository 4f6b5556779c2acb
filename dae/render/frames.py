"""The server's pictures for the live noise control, as JSON-ready data: one frame per noise level.

Made only for a browser that cannot run the models (a lesson's browser computes its own pictures). Each
method's row (method_row) runs all 21 levels (0.00 ... 1.00) in one batch (dae.pipeline.method_levels), and
this module turns the results into score texts and, per panel, one PNG strip holding its 21 pictures side
by side (one encode instead of 21: PNG encoding was a third of the server's work). The browser
(ui/components/live_noise.js) shows frame i of each strip when the slider is at level i.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

from dae import i18n
from dae.autoencoder import Autoencoder
from dae.catalog import MODEL_NAMES
from dae.noise import LEVELS
from dae.pipeline import Denoised, method_levels
from dae.render.pictures import (
    ColourMap,
    code_strip,
    colour_stops,
    grey_data_url,
    grid_shape,
    png_data_url,
    scaled_layouts,
)

IDENTICAL_DB = 99.0  # metrics.psnr caps an exact copy at 100 dB: say "identical", not a number


def score_text(psnr_db: float, ssim: float, t: i18n.Translate) -> str:
    """PSNR and SSIM as a student reads them; an exact copy says so instead of showing 100 dB."""
    if psnr_db >= IDENTICAL_DB:
        return t("live.identical")
    return t("live.scores_text", psnr=psnr_db, ssim=ssim)


def method_title(method: str, t: i18n.Translate = i18n.english) -> str:
    """A method of dae.training.evaluate (a model, a classical filter, or the noisy input itself) for people."""
    return t(f"model.{method}.title") if method in MODEL_NAMES else t(f"baseline.{method}")


def strip(images: list[np.ndarray]) -> str:
    """Float images in [0, 1], side by side in one greyscale PNG (frame i at x = 28 i)."""
    return grey_data_url(np.concatenate(images, axis=1), 28)


def code_cells(scaled: np.ndarray, tops: np.ndarray, tiled: bool) -> dict[str, Any]:
    """What a pointer over a code's picture needs to name the cell and its value at each level: the
    picture's grid, and every cell's value as a byte of its level's largest value (base64).
    `scaled` and `tops` are pictures.scaled_layouts of the levels' codes."""
    return {
        "rows": int(scaled.shape[1]),
        "columns": int(scaled.shape[2]),
        "tile": 4 if tiled else 0,  # a conv code: 4 x 4 tiles, one pixel apart, 8 to a row
        "tops": [round(float(top), 4) for top in tops],
        "bytes": base64.b64encode((np.nan_to_num(scaled) * 255).round().astype(np.uint8).tobytes()).decode("ascii"),
    }


def code_shape(code: np.ndarray, t: i18n.Translate) -> str:
    """How a code is laid out in its picture: "4 x 4 x 32", or "64 = 8 x 8" for a flat code."""
    if code.ndim > 1:
        return " x ".join(str(size) for size in code.shape)
    rows, columns = grid_shape(code.size)
    return t("live.flat_shape", size=code.size, rows=rows, columns=columns)


def method_name(method: Autoencoder | str) -> str:
    """A model's name, or a classical filter's (dae.baselines names them)."""
    return method if isinstance(method, str) else method.name


def method_row(
    clean: np.ndarray, noisy: np.ndarray, method: Autoencoder | str, t: i18n.Translate, colour_map: ColourMap
) -> dict[str, Any]:
    """One model's (or classical filter's, by name) row of the live control at every level of `noisy`
    (dae.pipeline.noisy_levels of `clean`), with its title in the session's language."""
    name = method_name(method)
    row = method_frames(method_levels(clean, noisy, method), method_title(name, t), t, colour_map)
    if not isinstance(method, str) and method.decoder_inputs > 1:  # a U-Net's code is not all its decoder reads
        row["note"] = t("live.bypass")
    return row


def input_frames(
    clean: np.ndarray, noisy: np.ndarray, psnrs: np.ndarray, ssims: np.ndarray, t: i18n.Translate
) -> dict[str, Any]:
    """The levels, the clean digit and its noisy version at each level (pipeline.noisy_levels) with its scores;
    the methods' rows are made apart (method_frames)."""
    return {
        "levels": [f"{level:.2f}" for level in LEVELS],
        "original": grey_data_url(clean, 28),
        "noisy": strip(list(noisy)),
        "noisy_scores": [
            t("live.clean") if level == 0 else score_text(float(psnr), float(ssim), t)
            for level, psnr, ssim in zip(LEVELS, psnrs, ssims, strict=True)
        ],
    }


def method_frames(outputs: list[Denoised], title: str, t: i18n.Translate, colour_map: ColourMap) -> dict[str, Any]:
    """One model's (or filter's) reconstruction, code and scores at every level: one row of the live control."""
    name = outputs[0].name
    frames: dict[str, Any] = {
        "name": name,
        "title": title,
        "reconstructions": strip([output.reconstruction for output in outputs]),
        "scores": [score_text(output.psnr_db, output.ssim, t) for output in outputs],
        "psnr": [round(output.psnr_db, 2) for output in outputs],
    }
    if outputs[0].code is not None:
        codes = np.stack([np.asarray(output.code) for output in outputs])
        scaled, tops = scaled_layouts(codes)
        frames["code_caption"] = t(f"model.{name}.code")
        frames["code_shape"] = code_shape(codes[0], t)
        frames["codes"] = png_data_url(code_strip(scaled, colour_map))
        frames["code_aspect"] = scaled.shape[2] / scaled.shape[1]
        frames["code_cells"] = code_cells(scaled, tops, tiled=codes.ndim == 4)
        frames["colour_stops"] = colour_stops(colour_map)
        shape = frames["code_shape"]
        frames["code_ranges"] = [t("live.code_range", shape=shape, top=float(code.max())) for code in codes]
    return frames
