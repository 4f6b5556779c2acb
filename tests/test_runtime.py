"""The app's ONNX inference path: the same numbers as Keras, and hash-checked files."""

import shutil

import numpy as np
import pytest

from dae import catalog, runtime
from dae.noise import add_noise
from dae.training import models


@pytest.mark.parametrize("name", catalog.MODEL_NAMES)
def test_onnx_matches_keras(name, test_digits):
    fast, reference = runtime.load(name), models.load_pretrained(name)
    noisy = add_noise(test_digits[0][:256], "gaussian", 0.5, seed=2)
    codes = reference.encode(noisy)
    np.testing.assert_allclose(fast.encode(noisy), codes, atol=1e-4)
    if fast.decoder_inputs == 1:
        np.testing.assert_allclose(fast.decode(codes), reference.decode(codes), atol=1e-4)
    np.testing.assert_allclose(fast.reconstruct(noisy), reference.reconstruct(noisy), atol=1e-4)
    np.testing.assert_allclose(fast.reconstruct(noisy[0]), reference.reconstruct(noisy[0]), atol=1e-4)
    for (fast_name, fast_maps), (keras_name, keras_maps) in zip(
        fast.activations(noisy[0]), reference.activations(noisy[0]), strict=True
    ):
        assert fast_name == keras_name
        np.testing.assert_allclose(fast_maps, keras_maps, atol=1e-4)
    assert fast.latent_shape == reference.latent_shape and fast.parameter_count == reference.parameter_count
    assert fast.architecture() == reference.architecture()


def test_damaged_or_missing_onnx_files_are_refused(tmp_path, monkeypatch, test_digits):
    shutil.copytree(catalog.weights_dir(), tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("DAE_WEIGHTS_DIR", str(tmp_path))
    with open(catalog.onnx_path("conv_dae", "decoder"), "r+b") as onnx_file:
        onnx_file.seek(200)
        onnx_file.write(b"\x00\x01\x02")
    with pytest.raises(ValueError, match="SHA-256.*python -m dae.training.export conv_dae"):
        runtime.load("conv_dae")
    catalog.onnx_path("easy_dae", "encoder").unlink()
    with pytest.raises(FileNotFoundError, match="easy_dae.encoder.onnx is missing"):
        runtime.load("easy_dae")
    loaded = runtime.load_all()
    assert isinstance(loaded["conv_dae"], runtime.Unavailable) and isinstance(loaded["easy_dae"], runtime.Unavailable)
    assert "easy_dae.encoder.onnx is missing" in loaded["easy_dae"].reason
    # The others keep working: each loads from the same folder and denoises a digit as its untouched files do.
    others = [name for name in catalog.MODEL_NAMES if name not in ("conv_dae", "easy_dae")]
    assert all(isinstance(loaded[name], runtime.OnnxAutoencoder) for name in others), loaded
    noisy = add_noise(test_digits[0][:8], "gaussian", 0.5, seed=1)
    monkeypatch.delenv("DAE_WEIGHTS_DIR")
    for name in others:
        np.testing.assert_allclose(loaded[name].reconstruct(noisy), runtime.load(name).reconstruct(noisy), atol=1e-6)
