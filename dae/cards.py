"""A model's card (weights/<name>.json): how it was trained, how well it does, which files it ships as.

One schema (ModelCard), one writer (write_card) and one reader (read_card). Training fills in the
training half and export the files half, both through write_card; the app and the Keras loader read
through read_card, which refuses a card that is not JSON or lacks what the app shows.
"""

import json
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast

from dae.catalog import card_path, restore_hint


class Scores(TypedDict):
    psnr_db: float
    ssim: float


class Epoch(TypedDict):
    epoch: int
    loss: str  # "bce" or "mse": what this epoch minimised
    train_loss: float
    val_bce: float
    val_mse: float
    val_psnr_db: float
    seconds: float
    val_kl: NotRequired[float]  # a VAE's KL term, nats per digit (its reconstruction term is val_bce * 784)


class Training(TypedDict):
    epochs: int
    batch_size: int
    learning_rate: float
    noise_level: float
    schedule: str
    mse_epochs: int
    note: str
    seed: int
    optimizer: str
    loss: str
    train_images: int
    noise: str
    validation: str


class OnnxFile(TypedDict):
    file: str
    sha256: str


class OnnxExport(TypedDict):
    opset: int
    max_difference_from_keras: float
    files: dict[str, OnnxFile]  # part (encoder, decoder, encoder_layers, decoder_layers) -> file


class LayerNames(TypedDict):
    encoder: list[str]
    decoder: list[str]


# A row of the architecture table; "output shape" has a space, so the functional form.
ArchitectureRow = TypedDict(
    "ArchitectureRow", {"part": str, "layer": str, "type": str, "output shape": str, "parameters": int}
)


class ModelCard(TypedDict):
    name: str
    title: str
    description: str
    source: str
    latent_shape: list[int]
    parameters: int
    training: Training
    history: list[Epoch]
    test_metrics: dict[str, Scores]  # "gaussian_0.5" -> scores on the 10,000 test digits
    weights_file: str
    weights_sha256: str
    data_sha256: str  # the training and test digits' own SHA-256 (dae.data.DIGITS_SHA256), not a file's
    versions: dict[str, str]
    wall_time_s: float
    trained_on: str
    command: str
    knn5_accuracy: NotRequired[float]  # a 2-D code: 5-nearest-neighbour label accuracy on the test digits
    # Written by export, after training:
    onnx: NotRequired[OnnxExport]
    layers: NotRequired[LayerNames]
    architecture: NotRequired[list[ArchitectureRow]]


EXPORTED = ("onnx", "layers", "architecture")
# What each part must hold, checked on reading so that no page meets a half-written card.
_SHAPES: dict[str, Any] = {
    "": ModelCard,
    "training": Training,
    "onnx": OnnxExport,
    "layers": LayerNames,
}


class CardError(ValueError):
    """A card that is missing, not JSON, or lacks a field; the message names the file and the fix."""


def write_card(card: ModelCard, directory: Path | None = None) -> Path:
    """Write `card` beside its weights (the only place a card is written)."""
    path = card_path(card["name"], directory)
    path.write_text(json.dumps(card, indent=2) + "\n")
    return path


def read_card(name: str, directory: Path | None = None, exported: bool = True) -> ModelCard:
    """A model's card, checked: every field of the schema (with `exported`, the ONNX half too)."""
    path = card_path(name, directory)
    try:
        card = json.loads(path.read_text())
    except FileNotFoundError:
        raise CardError(f"card {path} is missing: {restore_hint(name)}.") from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise CardError(f"card {path} is damaged: {restore_hint(name)}.") from None
    missing = _missing_fields(card, exported)
    if missing:
        raise CardError(f"card {path} lacks {', '.join(missing)}: {restore_hint(name)}.")
    return cast(ModelCard, card)


def _missing_fields(card: Any, exported: bool) -> list[str]:
    if not isinstance(card, dict):
        return ["everything"]
    missing = [key for key in sorted(ModelCard.__required_keys__) if key not in card]
    if exported:
        missing += [key for key in EXPORTED if key not in card]
    for part, schema in _SHAPES.items():
        if part and isinstance(card.get(part), dict):
            missing += [f"{part}.{key}" for key in sorted(schema.__required_keys__) if key not in card[part]]
        elif part in card:
            missing.append(part)
    return missing
