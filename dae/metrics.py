"""Image quality: PSNR and SSIM per image, with TensorFlow's standard implementations.

Both use data range 1 (images in [0, 1]); SSIM uses tf.image.ssim's defaults (11x11 Gaussian
window, sigma 1.5, k1 0.01, k2 0.03), which fit inside a 28x28 digit.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf


def _as_nhwc(images: np.ndarray) -> tf.Tensor:
    images = np.asarray(images, np.float32)
    return tf.convert_to_tensor(images.reshape(-1, *images.shape[-2:], 1))


def psnr(reference: np.ndarray, test: np.ndarray) -> np.ndarray:
    """Per-image PSNR in dB of `test` against `reference`, both (N, 28, 28) or (28, 28) in [0, 1].

    An exact copy has infinite PSNR; it is reported as 100 dB so means stay finite.
    """
    values = tf.image.psnr(_as_nhwc(reference), _as_nhwc(test), max_val=1.0).numpy()
    return np.nan_to_num(values, posinf=100.0).astype(np.float32)


def ssim(reference: np.ndarray, test: np.ndarray) -> np.ndarray:
    """Per-image SSIM (-1 ... 1, 1 = identical) of `test` against `reference`."""
    return tf.image.ssim(_as_nhwc(reference), _as_nhwc(test), max_val=1.0).numpy().astype(np.float32)


def mean_psnr_ssim(reference: np.ndarray, test: np.ndarray, chunk: int = 2000) -> tuple[float, float]:
    """Mean PSNR and mean SSIM over a set of images (chunked to bound memory)."""
    psnrs, ssims = [], []
    for i in range(0, len(reference), chunk):
        psnrs.append(psnr(reference[i : i + chunk], test[i : i + chunk]))
        ssims.append(ssim(reference[i : i + chunk], test[i : i + chunk]))
    return float(np.concatenate(psnrs).mean()), float(np.concatenate(ssims).mean())
