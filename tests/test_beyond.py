"""The models beyond the two articles (issue 13), run as the app runs them: their quality bars on 1,000 test digits."""

import numpy as np
import pytest

from dae import data, latent, runtime
from dae.metrics import psnr
from dae.noise import add_noise


@pytest.fixture(scope="module")
def train_set():
    (images, labels), _ = data.load_mnist()
    return data.to_float(images), labels


def test_the_unet_beats_conv_dae_at_its_size(test_digits):
    clean = test_digits[0]
    noisy = add_noise(clean, "gaussian", 0.5, seed=0)
    unet, conv = runtime.load("unet_dae"), runtime.load("conv_dae")
    assert unet.parameter_count <= conv.parameter_count
    assert unet.latent_shape == conv.latent_shape == (4, 4, 32)  # the same bottleneck; the skips go around it
    unet_db = float(psnr(clean, unet.reconstruct(noisy)).mean())
    conv_db = float(psnr(clean, conv.reconstruct(noisy)).mean())
    assert unet_db >= 21.0 and unet_db > conv_db + 0.5, (unet_db, conv_db)


def test_the_unet_skips_carry_what_the_code_does_not(test_digits):
    """Zero the whole bottleneck: conv_dae loses the digit, the U-Net still draws most of it from its skips."""
    clean = test_digits[0][:200]
    scores = {}
    for name in ("conv_dae", "unet_dae"):
        model = runtime.load(name)
        encoded = model._run("encoder", [clean[..., None]])
        encoded[0] = np.zeros_like(encoded[0])
        blind = model._run("decoder", encoded[: model.decoder_inputs])[0][..., 0]
        scores[name] = float(psnr(clean, blind).mean())
    assert scores["unet_dae"] > scores["conv_dae"] + 3, scores


def test_the_vae_encoder_gives_a_mean_and_a_log_variance(test_digits):
    vae = runtime.load("vae_2d")
    mean, log_var = vae._run("encoder", [test_digits[0][:8, ..., None]])
    assert mean.shape == log_var.shape == (8, 2)
    np.testing.assert_array_equal(vae.encode(test_digits[0][:8]), mean)  # the app uses the mean
    assert np.all(np.exp(log_var) < 1)  # each digit is more certain than the prior N(0, 1)


@pytest.mark.parametrize("name, accuracy", [("vae_2d", 0.75), ("ae_2d", 0.6)])
def test_a_2d_code_is_a_map_of_the_digits(test_digits, train_set, name, accuracy):
    model = runtime.load(name)
    images, labels = test_digits
    train_images, train_labels = train_set
    codes = model.encode(images)
    assert float(psnr(images, model.decode(codes)).mean()) >= 15.0
    assert latent.knn_accuracy(model.encode(train_images), train_labels, codes, labels) >= accuracy


def test_the_vae_card_records_both_terms_of_its_loss():
    card = runtime.load("vae_2d").card
    assert all(epoch["val_kl"] > 0 and epoch["val_bce"] > 0 for epoch in card["history"])
    assert card["knn5_accuracy"] >= 0.75


def test_the_map_decodes_a_grid_over_the_codes_and_places_digits_on_it(test_digits):
    from dae.render import plane

    vae = runtime.load("vae_2d")
    images, labels = test_digits
    codes = vae.encode(images)
    bounds = latent.plane_bounds(codes)
    grid = latent.decode_plane(vae, bounds, size=8)
    assert grid.digits.shape == (64, 28, 28)
    inside = np.mean([0 <= x <= 1 and 0 <= y <= 1 for x, y in map(grid.fraction, codes)])
    assert inside > 0.98  # the window holds nearly every digit
    # The top-left cell is decoded from the window's top-left corner: larger y is higher up.
    corner = np.array(
        [[grid.left + (grid.right - grid.left) / 16, grid.top - (grid.top - grid.bottom) / 16]], np.float32
    )
    np.testing.assert_allclose(grid.digits[0], vae.decode(corner)[0], atol=1e-6)
    frames = plane.plane_frames(grid, codes, labels)
    assert frames["sprite"].startswith("data:image/png") and frames["size"] == 8
    marker = plane.marker(grid, codes[0], "this digit")
    assert marker["inside"] and (marker["x"], marker["y"]) == pytest.approx(grid.fraction(codes[0]), abs=1e-4)


def test_new_digits_come_from_the_prior():
    from scipy import stats

    vae = runtime.load("vae_2d")
    codes, digits = latent.sample_prior(vae, 8, seed=3)
    assert codes.shape == (8, 2) and digits.shape == (8, 28, 28)
    np.testing.assert_allclose(digits, vae.decode(codes), atol=1e-6)  # each digit is its code's decode
    # The codes are draws from N(0, I): 4,000 of them have N(0, 1) marginals (Kolmogorov-Smirnov), mean 0 and
    # identity covariance within a few standard errors (0.016 for a mean, 0.022 for a variance), and a rotation
    # leaves them N(0, 1) too (a normal, not just any pair of normal marginals).
    many, _ = latent.sample_prior(vae, 4000, seed=5)
    for axis in (*many.T, many @ np.array([1.0, 1.0]) / np.sqrt(2)):
        assert stats.kstest(axis, "norm").pvalue > 0.001
    np.testing.assert_allclose(many.mean(axis=0), [0, 0], atol=0.08)
    np.testing.assert_allclose(np.cov(many.T), np.eye(2), atol=0.1)
    np.testing.assert_array_equal(latent.sample_prior(vae, 8, seed=3)[0], codes)  # seeded: a class sees the same
    assert not np.array_equal(latent.sample_prior(vae, 8, seed=4)[0], codes)
    assert digits.max(axis=(1, 2)).min() > 0.5  # each has strokes, not a blank
