import numpy as np
import pytest

from dae import catalog
from dae.data import sha256_of
from dae.metrics import psnr
from dae.noise import add_noise
from dae.training import models

EXPECTED = {  # name: (latent shape, parameters from the source articles / our fixed decoder)
    "basic_ae": ((64,), 101_200),
    "easy_dae": ((32,), 50_992),
    "conv_dae": ((4, 4, 32), 121_281),
    "dense_bottleneck_dae": ((128,), 325_713),
    "unet_dae": ((4, 4, 32), 115_961),  # issue 13: no more than conv_dae's 121,281
    "vae_2d": ((2,), 1_068_820),  # the mean's and the log-variance's Dense(2) both count
    "ae_2d": ((2,), 1_068_306),
}

# The quality bar: mean PSNR (dB) on 1,000 test digits, gaussian noise at the model's own level.
QUALITY_BAR = {
    "basic_ae": (0.0, 21.0),
    "easy_dae": (0.5, 16.5),
    "conv_dae": (0.5, 20.0),
    "dense_bottleneck_dae": (0.2, 23.0),
    "unet_dae": (0.5, 21.0),
    "vae_2d": (0.0, 15.0),  # the decoded mean of a clean digit
    "ae_2d": (0.0, 15.0),
}


@pytest.fixture(scope="module")
def pretrained():
    return {name: models.load_pretrained(name) for name in catalog.MODEL_NAMES}


def test_model_names_cover_the_seed_models_and_the_new_ones():
    assert set(catalog.MODEL_NAMES) == set(EXPECTED)


@pytest.mark.parametrize("name", catalog.MODEL_NAMES)
def test_architecture_shapes_and_parameter_counts(name):
    model = models.build(name)
    latent_shape, parameters = EXPECTED[name]
    assert model.latent_shape == latent_shape
    assert model.parameter_count == parameters
    assert model.keras_model.output.shape[1:] == (28, 28, 1)


@pytest.mark.parametrize("name", catalog.MODEL_NAMES)
def test_pretrained_round_trip(pretrained, test_digits, name):
    model = pretrained[name]
    images = test_digits[0][:16]
    codes = model.encode(images)
    assert codes.shape == (16, *EXPECTED[name][0]) and codes.dtype == np.float32
    reconstruction = model.reconstruct(images)
    assert reconstruction.shape == (16, 28, 28) and reconstruction.dtype == np.float32
    assert reconstruction.min() >= 0 and reconstruction.max() <= 1
    if model.decoder_inputs == 1:
        np.testing.assert_allclose(model.decode(codes), reconstruction, atol=1e-5)
    else:  # a U-Net's decoder reads the skips too: the code alone is refused, not decoded wrongly
        with pytest.raises(ValueError, match="skip connections"):
            model.decode(codes)
    # One image without a batch axis works too.
    np.testing.assert_allclose(model.reconstruct(images[0]), reconstruction[:1], atol=1e-5)


@pytest.mark.parametrize("name", catalog.MODEL_NAMES)
def test_shipped_model_meets_the_quality_bar(pretrained, test_digits, name):
    level, bar = QUALITY_BAR[name]
    clean = test_digits[0]
    noisy = add_noise(clean, "gaussian", level, seed=0) if level else clean
    reconstruction = pretrained[name].reconstruct(noisy)
    score = psnr(clean, reconstruction).mean()
    assert score >= bar, f"{name}: {score:.2f} dB < {bar} dB"
    if level:
        # The reconstruction comes from the noisy input (the trap two tutorials fell into):
        # it must differ from the reconstruction of the clean digit and beat the noisy input.
        assert not np.allclose(reconstruction, pretrained[name].reconstruct(clean), atol=1e-3)
        assert score > psnr(clean, noisy).mean() + 5


@pytest.mark.parametrize("name", catalog.MODEL_NAMES)
def test_card_describes_the_shipped_weights(pretrained, name):
    card = pretrained[name].card
    assert card["name"] == name and card["parameters"] == EXPECTED[name][1]
    assert card["weights_sha256"] == sha256_of(catalog.weights_path(name))
    assert len(card["history"]) == card["training"]["epochs"]


def test_missing_weights_name_the_command_that_restores_them(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m dae.training.train conv_dae"):
        models.load_pretrained("conv_dae", tmp_path)


def test_unknown_model_is_refused():
    with pytest.raises(ValueError, match="unknown model"):
        models.build("vae")


@pytest.mark.parametrize(
    ("offset", "written"),
    [
        (5000, b"\xff\xfe"),  # two bytes of weights changed: Keras would load the file without a word
        (0, b"NOTHDF5!"),  # the HDF5 signature gone: loading it would fail with h5py's "file signature not found"
    ],
)
def test_altered_weights_are_refused_before_loading(tmp_path, offset, written):
    """The SHA-256 refusal comes first: for a file Keras cannot open, its own error never shows (it was never
    asked), and the message is the hash check's, not load_pretrained's "could not be read"."""
    import shutil

    shutil.copytree(catalog.weights_dir(), tmp_path, dirs_exist_ok=True)
    with open(tmp_path / "easy_dae.weights.h5", "r+b") as weights:
        weights.seek(offset)
        weights.write(written)
    with pytest.raises(ValueError, match="SHA-256.*python -m dae.training.train easy_dae") as refused:
        models.load_pretrained("easy_dae", tmp_path)
    assert "could not be read" not in str(refused.value) and "signature" not in str(refused.value)
    assert refused.value.__cause__ is None and refused.value.__context__ is None  # raised before any load failed
