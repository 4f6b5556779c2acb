"""One digit through the whole demo: clean -> noisy -> each model's code and reconstruction -> scores.

This is what the Playground and Compare pages show; keeping it here (not in the pages) means the
same numbers come out of tests, benchmarks and the browser. The reconstruction is always made
from the noisy digit, never the clean one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dae import baselines, metrics
from dae.catalog import AnyAutoencoder
from dae.noise import add_noise


@dataclass(frozen=True)
class Denoised:
    """What one method did with the noisy digit."""

    name: str
    reconstruction: np.ndarray  # (28, 28) float32 in [0, 1]
    psnr_db: float
    ssim: float
    code: np.ndarray | None = None  # the latent code, for autoencoders


@dataclass(frozen=True)
class Result:
    clean: np.ndarray
    noisy: np.ndarray
    noisy_psnr_db: float
    noisy_ssim: float
    outputs: list[Denoised]


def denoise_digit(
    clean: np.ndarray,
    models: list[AnyAutoencoder],
    kind: str = "gaussian",
    level: float = 0.5,
    seed: int = 0,
    with_baselines: bool = False,
) -> Result:
    """Corrupt one (28, 28) digit and run it through every model (and optionally the classical filters)."""
    clean = np.asarray(clean, np.float32)
    noisy = add_noise(clean, kind, level, seed)
    names, codes, images = [], [], []
    for model in models:
        code = model.encode(noisy)
        names.append(model.name)
        codes.append(code[0])
        images.append(model.decode(code)[0])
    if with_baselines:
        for name in baselines.BASELINES:
            names.append(name)
            codes.append(None)
            images.append(baselines.denoise(name, noisy))
    candidates = np.stack([noisy, *images]) if images else noisy[None]
    psnrs = metrics.psnr(np.broadcast_to(clean, candidates.shape), candidates)
    ssims = metrics.ssim(np.broadcast_to(clean, candidates.shape), candidates)
    outputs = [
        Denoised(name, image, float(p), float(s), code)
        for name, image, code, p, s in zip(names, images, codes, psnrs[1:], ssims[1:], strict=True)
    ]
    return Result(clean, noisy, float(psnrs[0]), float(ssims[0]), outputs)
