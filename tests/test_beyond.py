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
