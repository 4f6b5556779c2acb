"""PSNR, SSIM and the classical filters in numpy, on real digits (test_evaluate.py checks them against TensorFlow)."""

import numpy as np
import pytest

from dae import baselines, metrics
from dae.noise import add_noise


def test_psnr_and_ssim_on_known_cases(test_digits):
    clean = test_digits[0][:20]
    assert np.all(metrics.psnr(clean, clean) == 100.0)
    np.testing.assert_allclose(metrics.ssim(clean, clean), 1.0, atol=1e-5)
    shifted = np.clip(clean + 0.1, 0, 1)
    mse = np.mean((shifted - clean) ** 2, axis=(1, 2))
    np.testing.assert_allclose(metrics.psnr(clean, shifted), 10 * np.log10(1 / mse), rtol=1e-4)
    assert np.all(metrics.ssim(clean, add_noise(clean, level=0.5)) < 0.6)


@pytest.mark.parametrize("name", baselines.BASELINES)
def test_classical_filters_help_at_f_05(test_digits, name):
    clean = test_digits[0][:300]
    noisy = add_noise(clean, "gaussian", 0.5, seed=0)
    filtered = baselines.denoise(name, noisy)
    assert filtered.shape == clean.shape
    gain = metrics.psnr(clean, filtered).mean() - metrics.psnr(clean, noisy).mean()
    assert gain > 2.5  # the reference figures: +2.9 (mean), +3.0 (blur), +4.8 dB (median)
