"""One digit through the whole demo: clean -> noisy -> each model's code and reconstruction -> scores.

This is what the Playground and Compare pages show; keeping it here (not in the pages) means the
same numbers come out of tests, benchmarks and the browser. The reconstruction is always made
from the noisy digit, never the clean one. One function does the work, for one noise level or for
many at once (one batch per model): a single update and the live slider's frames are the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dae import baselines, metrics
from dae.autoencoder import Autoencoder
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
    models: Sequence[Autoencoder],
    kind: str = "gaussian",
    level: float = 0.5,
    seed: int = 0,
    with_baselines: bool = False,
) -> Result:
    """Corrupt one (28, 28) digit and run it through every model (and optionally the classical filters)."""
    return denoise_levels(clean, models, kind, [level], seed, with_baselines)[0]


def denoise_levels(
    clean: np.ndarray,
    models: Sequence[Autoencoder],
    kind: str,
    levels: Sequence[float],
    seed: int = 0,
    with_baselines: bool = False,
) -> list[Result]:
    """denoise_digit at every level, in one batch per model: one Result per level, in order."""
    clean = np.asarray(clean, np.float32)
    noisy = np.stack([add_noise(clean, kind, float(level), seed) for level in levels])
    methods: list[tuple[str, np.ndarray, np.ndarray | None]] = []  # (name, reconstructions, codes)
    for model in models:
        codes, reconstructions = model.encode_and_reconstruct(noisy)
        methods.append((model.name, reconstructions, codes))
    if with_baselines:
        methods += [(name, baselines.denoise(name, noisy), None) for name in baselines.BASELINES]
    candidates = np.stack([noisy, *(images for _, images, _ in methods)])  # (1 + methods, levels, 28, 28)
    reference = np.broadcast_to(clean, candidates.shape)
    psnrs = metrics.psnr(reference, candidates).reshape(candidates.shape[:2])
    ssims = metrics.ssim(reference, candidates).reshape(candidates.shape[:2])
    return [
        Result(
            clean,
            noisy[i],
            float(psnrs[0, i]),
            float(ssims[0, i]),
            [
                Denoised(name, images[i], float(psnrs[m, i]), float(ssims[m, i]), None if codes is None else codes[i])
                for m, (name, images, codes) in enumerate(methods, start=1)
            ],
        )
        for i in range(len(levels))
    ]
