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
    noisy = noisy_levels(clean, kind, levels, seed)
    noisy_psnrs, noisy_ssims = scores(clean, noisy)
    methods: list[Autoencoder | str] = [*models, *(baselines.BASELINES if with_baselines else ())]
    outputs = [method_levels(clean, noisy, method) for method in methods]
    return [
        Result(clean, noisy[i], float(noisy_psnrs[i]), float(noisy_ssims[i]), [output[i] for output in outputs])
        for i in range(len(levels))
    ]


def noisy_levels(clean: np.ndarray, kind: str, levels: Sequence[float] | np.ndarray, seed: int = 0) -> np.ndarray:
    """The digit at each noise level, one pattern (the seed's) scaled: (levels, 28, 28)."""
    clean = np.asarray(clean, np.float32)
    return np.stack([add_noise(clean, kind, float(level), seed) for level in levels])


def method_levels(clean: np.ndarray, noisy: np.ndarray, method: Autoencoder | str) -> list[Denoised]:
    """One model (or a classical filter, by name) on each noisy version of `clean`: one Denoised each.

    Apart from denoise_levels so that the app can keep each model's result on its own: the Playground
    and Compare show the same models on the same digit, and the second page reuses the first's work.
    """
    if isinstance(method, str):
        name, codes, reconstructions = method, None, baselines.denoise(method, noisy)
    else:
        name, (codes, reconstructions) = method.name, method.encode_and_reconstruct(noisy)
    psnrs, ssims = scores(clean, reconstructions)
    return [
        Denoised(name, reconstructions[i], float(psnrs[i]), float(ssims[i]), None if codes is None else codes[i])
        for i in range(len(noisy))
    ]


def scores(clean: np.ndarray, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PSNR and SSIM of each of `images` (N, 28, 28) against the one clean digit."""
    reference = np.broadcast_to(np.asarray(clean, np.float32), images.shape)
    return metrics.psnr(reference, images), metrics.ssim(reference, images)
