import base64
import json

import numpy as np
import pytest

from dae.noise import FIELDS, NOISE_KINDS, REACH, add_noise, apply_fields, fields_payload, unit_fields


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


def _old_add_noise(images, kind, level, seed):
    """add_noise as it was before unit_fields (commit 89498d5), kept verbatim as the reference."""
    reach = {"gaussian": 1.0, "salt_and_pepper": 0.4, "masking": 0.3}
    level = float(level)
    images = np.asarray(images, np.float32)
    rng = np.random.default_rng(seed)
    if kind == "gaussian":
        field = rng.standard_normal(images.shape, dtype=np.float32)
        return np.clip(images + level * reach[kind] * field, 0.0, 1.0)
    if kind == "salt_and_pepper":
        hit = rng.random(images.shape, dtype=np.float32) < level * reach[kind]
        salt = rng.random(images.shape, dtype=np.float32) < 0.5
        return np.where(hit, salt.astype(np.float32), images)
    level, (height, width) = level * reach[kind], images.shape[-2:]
    side = np.sqrt(level) * np.array([height, width])
    flat = images.reshape(-1, height, width)
    centres = rng.uniform(0.0, 1.0, size=(flat.shape[0], 2)) * ([height, width] - side) + side / 2
    rows = np.arange(height)[None, :, None] + 0.5
    cols = np.arange(width)[None, None, :] + 0.5
    inside = (np.abs(rows - centres[:, 0, None, None]) < side[0] / 2) & (
        np.abs(cols - centres[:, 1, None, None]) < side[1] / 2
    )
    return np.where(inside, 0.0, flat).astype(np.float32).reshape(images.shape)


HUNDREDTHS = [step / 100 for step in range(101)]  # the slider's levels: i / 100 is the double of "0.07"


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_fields_at_every_hundredth_give_the_old_pictures_bit_for_bit(test_digits, kind):
    """The browser's noise is apply_fields on one digit's unit fields: at every level the slider reaches, it
    must give the very pictures add_noise always gave, so shared links keep their pictures and scores."""
    digits = test_digits[0][:40]
    for index, digit in enumerate(digits):
        seed = 1000 + 37 * index
        fields = unit_fields(kind, seed)
        for level in HUNDREDTHS:
            expected = _old_add_noise(digit, kind, level, seed)
            noisy = apply_fields(digit, kind, level, fields)
            assert noisy.dtype == np.float32 and np.array_equal(noisy, expected), (index, level)
            assert np.array_equal(add_noise(digit, kind, level, seed), expected), (index, level)


@pytest.mark.parametrize("kind", NOISE_KINDS)
@pytest.mark.parametrize("shape", [(28, 28), (7, 28, 28), (2, 3, 28, 28), (5, 20, 24), (0, 28, 28)])
def test_add_noise_is_unchanged_on_every_shape(test_digits, kind, shape):
    """A batch still draws one field for its whole shape, as before."""
    images = np.resize(test_digits[0][:12], shape)
    for level in (0.0, 0.07, 0.33, 0.5, 0.81, 1.0):
        np.testing.assert_array_equal(add_noise(images, kind, level, 9), _old_add_noise(images, kind, level, 9))
        assert add_noise(images, kind, level, 9).dtype == np.float32


def test_gaussian_and_salt_and_pepper_take_any_shape_as_before():
    values = np.linspace(0, 1, 10, dtype=np.float32)
    for kind in ("gaussian", "salt_and_pepper"):
        np.testing.assert_array_equal(add_noise(values, kind, 0.6, 2), _old_add_noise(values, kind, 0.6, 2))


def test_fields_payload_decodes_to_the_unit_fields():
    for kind in NOISE_KINDS:
        payload = json.loads(json.dumps(fields_payload(kind, 42)))  # as the browser receives it
        assert payload["kind"] == kind and payload["seed"] == 42 and payload["reach"] == REACH[kind]
        fields = unit_fields(kind, 42)
        assert set(payload["fields"]) == set(fields) == set(FIELDS[kind])
        for name, field in fields.items():
            sent = payload["fields"][name]
            if name == "centres":
                assert np.array_equal(np.array([sent]), field)  # float64 exactly, through JSON text
            else:
                assert np.array_equal(np.frombuffer(base64.b64decode(sent), "<f4").reshape(28, 28), field)


def test_fields_that_do_not_fit_are_refused(test_digits):
    digit = test_digits[0][0]
    with pytest.raises(ValueError, match="needs the field 'salt', got hit"):
        apply_fields(digit, "salt_and_pepper", 0.5, {"hit": unit_fields("salt_and_pepper", 1)["hit"]})
    with pytest.raises(ValueError, match=r"must be float32 of shape \(28, 28\).*got float32 of shape \(3, 28, 28\)"):
        apply_fields(digit, "gaussian", 0.5, unit_fields("gaussian", 1, (3, 28, 28)))
    with pytest.raises(ValueError, match="must be float32 .* got float64"):
        apply_fields(digit, "gaussian", 0.5, {"normal": np.zeros((28, 28))})
    with pytest.raises(ValueError, match=r"'centres' must be float64 of shape \(1, 2\)"):
        apply_fields(digit, "masking", 0.5, unit_fields("masking", 1, (4, 28, 28)))
    with pytest.raises(ValueError, match="between 0 and 1"):
        apply_fields(digit, "masking", 1.01, unit_fields("masking", 1))
    with pytest.raises(ValueError, match="unknown noise kind"):
        unit_fields("speckle", 1)
