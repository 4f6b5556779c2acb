import numpy as np
import pytest

from dae.noise import NOISE_KINDS, add_noise


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_range_dtype_and_determinism(test_digits, kind):
    clean = test_digits[0][:100]
    noisy = add_noise(clean, kind, 0.5, seed=3)
    assert noisy.shape == clean.shape and noisy.dtype == np.float32
    assert noisy.min() >= 0.0 and noisy.max() <= 1.0
    np.testing.assert_array_equal(noisy, add_noise(clean, kind, 0.5, seed=3))
    assert not np.array_equal(noisy, add_noise(clean, kind, 0.5, seed=4))
    assert not np.array_equal(noisy, clean)
    np.testing.assert_array_equal(add_noise(clean, kind, 0.0, seed=3), clean)


def test_gaussian_matches_the_seed_models_formula(test_digits):
    clean = test_digits[0][:50]
    field = np.random.default_rng(7).standard_normal(clean.shape, dtype=np.float32)
    np.testing.assert_allclose(add_noise(clean, "gaussian", 0.5, seed=7), np.clip(clean + 0.5 * field, 0, 1))


def test_gaussian_level_scales_the_same_field(test_digits):
    clean = test_digits[0][:50]
    low, high = add_noise(clean, "gaussian", 0.2, 1), add_noise(clean, "gaussian", 0.4, 1)
    unclipped = (low > 0) & (low < 1) & (high > 0) & (high < 1)
    np.testing.assert_allclose((high - clean)[unclipped], 2 * (low - clean)[unclipped], atol=1e-5)
    # Mean PSNR of noisy test digits at f = 0.5 is the published 9.38 dB.
    noisy = add_noise(test_digits[0], "gaussian", 0.5, seed=0)
    psnr = 10 * np.log10(1 / np.mean((noisy - test_digits[0]) ** 2, axis=(1, 2)))
    assert abs(psnr.mean() - 9.38) < 0.1


@pytest.mark.parametrize("kind", ["salt_and_pepper", "masking"])
def test_higher_level_corrupts_a_superset(test_digits, kind):
    clean = test_digits[0][:50]
    low, high = add_noise(clean, kind, 0.2, 5), add_noise(clean, kind, 0.6, 5)
    changed_low, changed_high = low != clean, high != clean
    assert changed_high.sum() > changed_low.sum()
    # Pixels hit at the low level stay hit at the high level.
    assert np.all(high[changed_low] == low[changed_low])


def test_salt_and_pepper_fraction():
    grey = np.full((200, 28, 28), 0.5, np.float32)
    noisy = add_noise(grey, "salt_and_pepper", 0.75, 0)
    hit = noisy != 0.5
    assert abs(hit.mean() - 0.3) < 0.01  # 0.4 of the pixels at level 1
    assert abs((noisy[hit] == 1).mean() - 0.5) < 0.02


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_every_kind_is_calibrated_for_a_lesson(test_digits, kind):
    """0 is clean; 0.5 damages a digit without wiping it out; 1 is clearly harder than 0.5."""
    clean = test_digits[0][:300]
    np.testing.assert_array_equal(add_noise(clean, kind, 0.0, 1), clean)
    ink = clean > 0.5
    half, full = add_noise(clean, kind, 0.5, 1), add_noise(clean, kind, 1.0, 1)
    kept = ((half > 0.5) & ink).sum(axis=(1, 2)) / ink.sum(axis=(1, 2))  # the digit's strokes still there
    assert np.median(kept) >= 0.6, f"{kind} at 0.5 keeps only {np.median(kept):.0%} of the strokes"
    assert np.mean((half - clean) ** 2) > 0.01  # but damaged
    assert np.mean((full - clean) ** 2) > 1.5 * np.mean((half - clean) ** 2)


def test_bad_arguments_are_refused(test_digits):
    with pytest.raises(ValueError, match="unknown noise kind"):
        add_noise(test_digits[0][:1], "speckle")
    with pytest.raises(ValueError, match="between 0 and 1"):
        add_noise(test_digits[0][:1], "gaussian", -3)
    with pytest.raises(ValueError, match="between 0 and 1"):
        add_noise(test_digits[0][:1], "gaussian", float("nan"))
