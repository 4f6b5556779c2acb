"""What the project ships, without loading anything heavy: model names, descriptions, file paths, hash checks.

The Keras models (dae.training.models), the app's ONNX runtime (dae.runtime) and the cards (dae.cards)
look files up here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dae import i18n
from dae.data import sha256_of

DENOISERS = ("basic_ae", "easy_dae", "conv_dae", "dense_bottleneck_dae", "unet_dae")  # the Playground's rows
MAP_MODELS = ("vae_2d", "ae_2d")  # 2-D codes: the Latent space page's map
MODEL_NAMES = DENOISERS + MAP_MODELS
REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ModelInfo:
    title: str
    description: str
    source: str


# Titles and descriptions live with every other string in dae/locales; this is the English for code and cards.
MODEL_INFO: dict[str, ModelInfo] = {
    name: ModelInfo(*(i18n.english(f"model.{name}.{field}") for field in ("title", "description", "source")))
    for name in MODEL_NAMES
}


def weights_dir() -> Path:
    """Where shipped weights live: $DAE_WEIGHTS_DIR, or weights/ in the repository."""
    return Path(os.environ.get("DAE_WEIGHTS_DIR") or REPO_ROOT / "weights")


def weights_path(name: str, directory: Path | None = None) -> Path:
    return (directory or weights_dir()) / f"{name}.weights.h5"


def onnx_path(name: str, part: str, directory: Path | None = None) -> Path:
    """The exported ONNX file of one part: encoder, decoder, encoder_layers or decoder_layers."""
    return (directory or weights_dir()) / f"{name}.{part}.onnx"


def evaluation_path() -> Path:
    """dae.training.evaluate's results, which the Compare page charts."""
    return weights_dir() / "evaluation.json"


def card_path(name: str, directory: Path | None = None) -> Path:
    return (directory or weights_dir()) / f"{name}.json"


def restore_hint(name: str) -> str:
    return (
        f"recreate it with `python -m dae.training.train {name}` "
        f"(or `python -m dae.training.export {name}` for .onnx files)"
    )


def check_file(path: Path, expected_sha256: str | None, name: str) -> None:
    """Refuse a missing file, or one whose SHA-256 is not the card's (or not in it), naming the fix."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: {restore_hint(name)}.")
    if not expected_sha256:
        raise ValueError(f"{path} has no SHA-256 recorded in its card, so it was not opened: {restore_hint(name)}.")
    if sha256_of(path) != expected_sha256:
        raise ValueError(f"{path} does not match the SHA-256 in its card: {restore_hint(name)}.")
