"""Corruptions a denoising autoencoder learns to undo: gaussian, salt-and-pepper, masking.

Every kind is seeded, and the level only scales a noise field drawn once from the seed: moving
the app's slider with a fixed seed changes how much noise there is, never its pattern.

Run `python -m dae.noise` to print how far each kind moves real MNIST digits.
"""

from __future__ import annotations

import numpy as np

NOISE_KINDS = ("gaussian", "salt_and_pepper", "masking")
# How far each kind goes at level 1: the noise's standard deviation, the fraction of pixels hit, the
# fraction of the image erased. At the old reach of 1 for all, masking at 0.5 erased the digit whole.
REACH = {"gaussian": 1.0, "salt_and_pepper": 0.4, "masking": 0.3}
LEVEL_STEP = 0.05  # the app's noise control moves in these steps
LEVELS = np.round(np.arange(0.0, 1.0 + LEVEL_STEP / 2, LEVEL_STEP), 2)  # 0.00, 0.05, ... 1.00: the live frames


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
    """
    if kind not in NOISE_KINDS:
        raise ValueError(f"unknown noise kind {kind!r}; choose one of {', '.join(NOISE_KINDS)}")
    level = float(level)
    if not 0.0 <= level <= 1.0 or not np.isfinite(level):
        raise ValueError(f"noise level must be between 0 and 1, got {level}")
    images = np.asarray(images, np.float32)
    rng = np.random.default_rng(seed)
    if kind == "gaussian":
        field = rng.standard_normal(images.shape, dtype=np.float32)
        return np.clip(images + level * REACH[kind] * field, 0.0, 1.0)
    if kind == "salt_and_pepper":
        # A pixel is hit when its uniform draw falls below the level, so a higher level hits
        # a superset of the pixels hit at a lower one.
        hit = rng.random(images.shape, dtype=np.float32) < level * REACH[kind]
        salt = rng.random(images.shape, dtype=np.float32) < 0.5
        return np.where(hit, salt.astype(np.float32), images)
    return _erase_squares(images, level * REACH[kind], rng)


def _erase_squares(images: np.ndarray, level: float, rng: np.random.Generator) -> np.ndarray:
    height, width = images.shape[-2:]
    side = np.sqrt(level) * np.array([height, width])
    flat = images.reshape(-1, height, width)
    # Each image's square grows around one seeded centre as the level rises.
    # Centres keep the whole square inside the frame, so it covers exactly the fraction asked for.
    centres = rng.uniform(0.0, 1.0, size=(flat.shape[0], 2)) * ([height, width] - side) + side / 2
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
