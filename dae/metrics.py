"""Image quality: PSNR and SSIM per image, in numpy, computed exactly as tf.image.psnr / tf.image.ssim.

Both use data range 1 (images in [0, 1]); SSIM uses tf.image.ssim's defaults: an 11x11 Gaussian
window with sigma 1.5 applied without padding (so 18x18 positions on a 28x28 digit), k1 = 0.01,
k2 = 0.03. tests/test_evaluate.py checks both against TensorFlow on real digits. Numpy keeps
TensorFlow (seconds to import) off the app's path.
"""

from __future__ import annotations

import functools

import numpy as np

_WINDOW, _SIGMA, _K1, _K2 = 11, 1.5, 0.01, 0.03


def _as_batch(images: np.ndarray) -> np.ndarray:
    images = np.asarray(images, np.float32)
    return images.reshape(-1, *images.shape[-2:])


def psnr(reference: np.ndarray, test: np.ndarray) -> np.ndarray:
    """Per-image PSNR in dB of `test` against `reference`, both (N, 28, 28) or (28, 28) in [0, 1].

    An exact copy has infinite PSNR; it is reported as 100 dB so means stay finite.
    """
    squared_error = np.mean((_as_batch(reference) - _as_batch(test)) ** 2, axis=(1, 2))
    with np.errstate(divide="ignore"):
        values = -10.0 * np.log10(squared_error)
    return np.minimum(values, 100.0).astype(np.float32)


def _gaussian_window() -> np.ndarray:
    offsets = np.arange(_WINDOW, dtype=np.float64) - (_WINDOW - 1) / 2
    weights = np.exp(-(offsets**2) / (2 * _SIGMA**2))
    return weights / weights.sum()


@functools.lru_cache(maxsize=4)
def _window_rows(size: int) -> np.ndarray:
    """(size - 10, size): row i holds the Gaussian window at columns i ... i + 10, so G @ x @ G.T is the
    window's weighted mean at every position that fits, as two small matrix products."""
    rows, window = np.zeros((size - _WINDOW + 1, size)), _gaussian_window()
    for i in range(len(rows)):
        rows[i, i : i + _WINDOW] = window
    return rows


def _local_mean(images: np.ndarray) -> np.ndarray:
    """Gaussian-weighted mean over every 11x11 window that fits (no padding), separably."""
    rows, columns = _window_rows(images.shape[-2]), _window_rows(images.shape[-1])
    return rows @ images @ columns.T


def ssim(reference: np.ndarray, test: np.ndarray) -> np.ndarray:
    """Per-image SSIM (-1 ... 1, 1 = identical) of `test` against `reference`."""
    x, y = _as_batch(reference).astype(np.float64), _as_batch(test).astype(np.float64)
    c1, c2 = _K1**2, _K2**2
    # The four local means in one pass: a batch of a few digits is mostly per-call overhead.
    mean_x, mean_y, mean_xy, mean_squares = _local_mean(np.stack([x, y, x * y, x * x + y * y]))
    luminance = (2 * mean_x * mean_y + c1) / (mean_x**2 + mean_y**2 + c1)
    covariance2 = 2 * mean_xy - 2 * mean_x * mean_y
    variances = mean_squares - mean_x**2 - mean_y**2
    structure = (covariance2 + c2) / (variances + c2)
    return np.mean(luminance * structure, axis=(1, 2)).astype(np.float32)


def mean_psnr_ssim(reference: np.ndarray, test: np.ndarray, chunk: int = 2000) -> tuple[float, float]:
    """Mean PSNR and mean SSIM over a set of images (chunked to bound memory)."""
    psnrs, ssims = [], []
    for i in range(0, len(reference), chunk):
        psnrs.append(psnr(reference[i : i + chunk], test[i : i + chunk]))
        ssims.append(ssim(reference[i : i + chunk], test[i : i + chunk]))
    return float(np.concatenate(psnrs).mean()), float(np.concatenate(ssims).mean())
