"""Corruptions a denoising autoencoder learns to undo: gaussian, salt-and-pepper, masking.

Every kind is seeded, and the level only scales a noise field drawn once from the seed: moving
the app's slider with a fixed seed changes how much noise there is, never its pattern.

Run `python -m dae.noise` to print how far each kind moves real MNIST digits.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

NOISE_KINDS = ("gaussian", "salt_and_pepper", "masking")
# How far each kind goes at level 1: the noise's standard deviation, the fraction of pixels hit, the
# fraction of the image erased. At the old reach of 1 for all, masking at 0.5 erased the digit whole.
REACH = {"gaussian": 1.0, "salt_and_pepper": 0.4, "masking": 0.3}
# unit_fields' draws per kind: float32 pixel fields, except masking's float64 centres (one row per image).
FIELDS = {"gaussian": ("normal",), "salt_and_pepper": ("hit", "salt"), "masking": ("centres",)}
LEVEL_STEP = 0.05  # the server's precomputed frames (a browser that cannot run the models, Compare)
LEVELS = np.round(np.arange(0.0, 1.0 + LEVEL_STEP / 2, LEVEL_STEP), 2)  # 0.00, 0.05, ... 1.00: the live frames
FINE_STEP = 0.01  # a level in a link and on a slider the browser computes: two decimals
FINE_LEVELS = np.round(np.arange(0.0, 1.0 + FINE_STEP / 2, FINE_STEP), 2)  # 0.00, 0.01, ... 1.00


def level_index(level: float) -> int:
    """Which of LEVELS a level in 0 ... 1 is (the nearest)."""
    return int(round(level / LEVEL_STEP))


def add_noise(images: np.ndarray, kind: str = "gaussian", level: float = 0.5, seed: int = 0) -> np.ndarray:
    """Corrupt float images in [0, 1] of shape (..., 28, 28); returns float32 in [0, 1].

    Every kind is calibrated for teaching (REACH): level 0 is clean, 0.5 leaves a digit damaged but
    recognisable to a person, 1 is as hard as a lesson needs.
    gaussian         clip(x + level * N(0, 1), 0, 1): at 0.5, the seed models' training noise.
    salt_and_pepper  a fraction 0.4 * level of the pixels set to 0 or 1 (half each): 20% at 0.5.
    masking          one square per image erased to 0, covering 0.3 * level of it: at 0.5, a square
                     of 11 x 11 pixels, a part of the digit; at 1, one of 15 x 15.
    The same as apply_fields(images, kind, level, unit_fields(kind, seed, images.shape)): one field is
    drawn for the whole shape, so a batch's pattern is not its digits' one-by-one patterns.
    """
    level = _checked(kind, level)  # before drawing: a bad call on a large batch fails at once
    images = np.asarray(images, np.float32)
    return apply_fields(images, kind, level, unit_fields(kind, seed, images.shape))


def _checked(kind: str, level: float) -> float:
    if kind not in NOISE_KINDS:
        raise ValueError(f"unknown noise kind {kind!r}; choose one of {', '.join(NOISE_KINDS)}")
    level = float(level)
    if not 0.0 <= level <= 1.0 or not np.isfinite(level):
        raise ValueError(f"noise level must be between 0 and 1, got {level}")
    return level


def unit_fields(kind: str, seed: int, shape: tuple[int, ...] = (28, 28)) -> dict[str, np.ndarray]:
    """The seeded random draws add_noise makes for images of `shape`, before any level is applied.

    gaussian         {"normal": float32 N(0, 1), shape}
    salt_and_pepper  {"hit": float32 U[0, 1), shape, "salt": float32 U[0, 1), shape}: a pixel is hit
                     when hit < level * reach, and then set to 1 where salt < 0.5, else 0
    masking          {"centres": float64 U[0, 1), (images, 2)}: each image's square centre (row, column)
                     as a fraction of the room the square leaves
    The browser gets these for one 28 x 28 digit (fields_payload) and applies any level itself.
    """
    _checked(kind, 0.0)
    shape = tuple(int(size) for size in shape)
    rng = np.random.default_rng(seed)
    # The draws' order and calls are add_noise's since the start: changing them changes every shared link.
    if kind == "gaussian":
        return {"normal": rng.standard_normal(shape, dtype=np.float32)}
    if kind == "salt_and_pepper":
        hit = rng.random(shape, dtype=np.float32)
        return {"hit": hit, "salt": rng.random(shape, dtype=np.float32)}
    if len(shape) < 2:
        raise ValueError(f"masking needs images of shape (..., height, width), got {shape}")
    return {"centres": rng.uniform(0.0, 1.0, size=(int(np.prod(shape[:-2])), 2))}


def apply_fields(images: np.ndarray, kind: str, level: float, fields: dict[str, np.ndarray]) -> np.ndarray:
    """Corrupt `images` at `level` with the unit fields of unit_fields(kind, seed, images.shape)."""
    level = _checked(kind, level)
    images = np.asarray(images, np.float32)
    _check_fields(images.shape, kind, fields)
    # numpy < 2 casts the Python float level * reach to float32 against a float32 array (value-based
    # casting): the product, the sum and the comparison below are float32, as noise.js does them.
    if kind == "gaussian":
        return np.clip(images + level * REACH[kind] * fields["normal"], 0.0, 1.0)
    if kind == "salt_and_pepper":
        # A pixel is hit when its uniform draw falls below the level, so a higher level hits
        # a superset of the pixels hit at a lower one.
        hit = fields["hit"] < level * REACH[kind]
        return np.where(hit, (fields["salt"] < 0.5).astype(np.float32), images)
    return _erase_squares(images, level * REACH[kind], fields["centres"])


def _check_fields(shape: tuple[int, ...], kind: str, fields: dict[str, np.ndarray]) -> None:
    for name in FIELDS[kind]:
        if name not in fields:
            raise ValueError(f"{kind} noise needs the field {name!r}, got {', '.join(fields) or 'none'}")
        field = fields[name]
        # Another dtype would round differently from add_noise (and from noise.js), silently.
        want, dtype = ((int(np.prod(shape[:-2])), 2), np.float64) if name == "centres" else (shape, np.float32)
        if np.shape(field) != want or np.asarray(field).dtype != dtype:
            raise ValueError(
                f"the {kind} field {name!r} must be {np.dtype(dtype).name} of shape {want} for images of shape "
                f"{shape}, got {np.asarray(field).dtype.name} of shape {np.shape(field)}"
            )


def fields_payload(kind: str, seed: int) -> dict[str, Any]:
    """What the browser needs to show one 28 x 28 digit's noise at any level, as JSON (noise.js decodes it).

    {"kind", "seed", "reach": REACH[kind], "fields": {name: base64 of 784 little-endian float32}} for
    gaussian and salt_and_pepper; masking's "centres" is [row, column], two JSON numbers. The reach travels
    with the fields so the browser's noise cannot drift from the server's calibration.
    """
    encoded: dict[str, Any] = {}
    for name, field in unit_fields(kind, seed).items():
        if name == "centres":
            encoded[name] = [float(value) for value in field[0]]  # JSON numbers round-trip float64 exactly
        else:
            encoded[name] = base64.b64encode(field.astype("<f4").tobytes()).decode("ascii")
    return {"kind": kind, "seed": int(seed), "reach": REACH[kind], "fields": encoded}


def _erase_squares(images: np.ndarray, level: float, draws: np.ndarray) -> np.ndarray:
    height, width = images.shape[-2:]
    side = np.sqrt(level) * np.array([height, width])
    flat = images.reshape(-1, height, width)
    # Each image's square grows around one seeded centre as the level rises.
    # Centres keep the whole square inside the frame, so it covers exactly the fraction asked for.
    centres = draws * ([height, width] - side) + side / 2
    rows = np.arange(height)[None, :, None] + 0.5
    cols = np.arange(width)[None, None, :] + 0.5
    inside = (np.abs(rows - centres[:, 0, None, None]) < side[0] / 2) & (
        np.abs(cols - centres[:, 1, None, None]) < side[1] / 2
    )
    return np.where(inside, 0.0, flat).astype(np.float32).reshape(images.shape)


if __name__ == "__main__":
    from dae.data import load_test_images

    clean, _ = load_test_images()
    for kind in NOISE_KINDS:
        for level in (0.2, 0.5, 0.8):
            noisy = add_noise(clean[:1000], kind, level)
            mse = float(np.mean((noisy - clean[:1000]) ** 2))
            print(f"{kind:16s} level {level:.1f}: mean squared change {mse:.4f}")
