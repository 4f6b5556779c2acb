"""Model cards: one schema, read and written in one place, refused when damaged or incomplete."""

import json
import shutil

import numpy as np
import pytest

from dae import cards, catalog, runtime
from dae.autoencoder import Anatomy
from dae.noise import add_noise


@pytest.mark.parametrize("name", catalog.MODEL_NAMES)
def test_shipped_cards_are_complete(name):
    card = cards.read_card(name)
    assert card["name"] == name and set(card["onnx"]["files"]) == {
        "encoder",
        "decoder",
        "encoder_layers",
        "decoder_layers",
    }
    anatomy = Anatomy.from_card(card)
    assert anatomy.latent_shape == tuple(card["latent_shape"]) and anatomy.parameters == card["parameters"]
    assert [row["layer"] for row in anatomy.architecture if row["part"] == "encoder"][1:] == anatomy.layers["encoder"]


def test_a_card_round_trips_through_the_one_writer(tmp_path):
    card = cards.read_card("easy_dae")
    path = cards.write_card(card, tmp_path)
    assert path == catalog.card_path("easy_dae", tmp_path)
    assert cards.read_card("easy_dae", tmp_path) == card


def test_damaged_or_incomplete_cards_are_refused_with_the_fix(tmp_path, monkeypatch, test_digits):
    shutil.copytree(catalog.weights_dir(), tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("DAE_WEIGHTS_DIR", str(tmp_path))
    catalog.card_path("basic_ae").write_text("{ not json")
    with pytest.raises(cards.CardError, match="damaged.*python -m dae.training.train basic_ae"):
        cards.read_card("basic_ae")
    card = json.loads(catalog.card_path("easy_dae").read_text())
    del card["training"]["schedule"], card["onnx"]
    catalog.card_path("easy_dae").write_text(json.dumps(card))
    with pytest.raises(cards.CardError, match="lacks onnx, training.schedule"):
        cards.read_card("easy_dae")
    catalog.card_path("conv_dae").unlink()
    with pytest.raises(cards.CardError, match="conv_dae.json is missing"):
        cards.read_card("conv_dae")
    # In the app, each such model is unavailable with that sentence; the others keep working.
    loaded = runtime.load_all()
    assert {name for name, model in loaded.items() if isinstance(model, runtime.Unavailable)} == {
        "basic_ae",
        "easy_dae",
        "conv_dae",
    }
    assert "training.schedule" in loaded["easy_dae"].reason
    others = [name for name in catalog.MODEL_NAMES if name not in ("basic_ae", "easy_dae", "conv_dae")]
    assert others and all(isinstance(loaded[name], runtime.OnnxAutoencoder) for name in others), loaded
    noisy = add_noise(test_digits[0][:8], "gaussian", 0.5, seed=1)  # and they denoise as their untouched files do
    monkeypatch.delenv("DAE_WEIGHTS_DIR")
    for name in others:
        np.testing.assert_allclose(loaded[name].reconstruct(noisy), runtime.load(name).reconstruct(noisy), atol=1e-6)


def test_a_card_before_the_export_is_read_by_training_only(tmp_path):
    card = cards.read_card("easy_dae")
    for key in cards.EXPORTED:
        del card[key]
    cards.write_card(card, tmp_path)
    assert cards.read_card("easy_dae", tmp_path, exported=False)["name"] == "easy_dae"
    with pytest.raises(cards.CardError, match="lacks onnx, layers, architecture"):
        cards.read_card("easy_dae", tmp_path)
