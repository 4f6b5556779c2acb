"""What every autoencoder offers, whatever runs it: encode, decode, reconstruct, every layer's output.

Two engines run the same models: Keras while training (dae.training.models) and onnxruntime in the
app (dae.runtime). Each only says how to run one of four parts on a batch (`_run`); the shapes, the
batching and the metadata are here, once. A model's metadata (its Anatomy) is measured from the Keras
model, written into its card by the export, and read back from the card by the app.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np

from dae.cards import ArchitectureRow, LayerNames, ModelCard
from dae.catalog import MODEL_INFO, ModelInfo
from dae.data import as_image_batch

PARTS = ("encoder", "decoder", "encoder_layers", "decoder_layers")  # the four exported graphs of a model
# What a layer does, told by a part of its name; each is explained under inside.role in the locales.
LAYER_ROLES = ("conv", "pool", "code", "resize", "logits", "reconstruction")


def layer_role(layer: str) -> str | None:
    """The first of LAYER_ROLES in a layer's name, or None."""
    return next((role for role in LAYER_ROLES if role in layer), None)


@dataclass(frozen=True)
class Anatomy:
    """A model's shape: its code, its size, its layers in the order data flows."""

    latent_shape: tuple[int, ...]
    parameters: int
    layers: LayerNames  # the layers after each part's input, whose outputs activations() returns
    architecture: list[ArchitectureRow]

    @classmethod
    def from_card(cls, card: ModelCard) -> Anatomy:
        """The anatomy an exported card records (read_card has checked that it is all there)."""
        if "layers" not in card or "architecture" not in card:
            raise ValueError(f"the card of {card['name']} has not been through the export yet")
        return cls(tuple(card["latent_shape"]), int(card["parameters"]), card["layers"], card["architecture"])


class Autoencoder(ABC):
    """An encoder and a decoder; float32 images (N, 28, 28) in [0, 1] in, codes and images out."""

    name: str
    anatomy: Anatomy

    @abstractmethod
    def _run(self, part: str, inputs: list[np.ndarray]) -> list[np.ndarray]:
        """Run one of PARTS on a batch (one array per input of that part); every output, as numpy arrays."""

    @property
    def info(self) -> ModelInfo:
        return MODEL_INFO[self.name]

    @property
    def latent_shape(self) -> tuple[int, ...]:
        return self.anatomy.latent_shape

    @property
    def parameter_count(self) -> int:
        return self.anatomy.parameters

    def architecture(self) -> list[ArchitectureRow]:
        """One row per layer: part (encoder/decoder), layer name, type, output shape, parameters."""
        return self.anatomy.architecture

    @property
    def decoder_inputs(self) -> int:
        """How many of the encoder's outputs the decoder reads: 1, or a U-Net's code and its 3 skips."""
        return sum(row["part"] == "decoder" and row["type"] == "InputLayer" for row in self.anatomy.architecture) or 1

    def encode(self, images: np.ndarray) -> np.ndarray:
        """float32 images (N, 28, 28) in [0, 1] -> codes (N, *latent_shape); a VAE's code is its mean."""
        return self._run("encoder", [as_image_batch(images)[..., None]])[0]

    def decode(self, codes: np.ndarray) -> np.ndarray:
        """codes (N, *latent_shape) -> float32 images (N, 28, 28) in [0, 1]."""
        if self.decoder_inputs > 1:
            raise ValueError(f"{self.name}'s decoder also reads the encoder's skip connections, not the code alone")
        codes = np.ascontiguousarray(codes, np.float32).reshape((-1, *self.latent_shape))
        if len(codes) == 0:
            raise ValueError("no codes given")
        return self._run("decoder", [codes])[0][..., 0]

    def encode_and_reconstruct(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(codes, reconstructions) of float32 images (N, 28, 28), running the encoder once."""
        encoded = self._run("encoder", [as_image_batch(images)[..., None]])
        return encoded[0], self._run("decoder", encoded[: self.decoder_inputs])[0][..., 0]

    def reconstruct(self, images: np.ndarray) -> np.ndarray:
        """float32 images (N, 28, 28) in [0, 1] -> reconstructions of the same shape."""
        return self.encode_and_reconstruct(images)[1]

    def activations(self, image: np.ndarray) -> list[tuple[str, np.ndarray]]:
        """Every layer's output for one (28, 28) image, in the order data flows: [(layer name, array)]."""
        batch = [as_image_batch(image)[:1, ..., None]]
        encoder_outputs = self._run("encoder_layers", batch)
        decoder_outputs = self._run("decoder_layers", self._run("encoder", batch)[: self.decoder_inputs])
        names = self.anatomy.layers["encoder"] + self.anatomy.layers["decoder"]
        return [(name, array[0]) for name, array in zip(names, encoder_outputs + decoder_outputs, strict=True)]

    def is_encoder_layer(self, layer: str) -> bool:
        return layer in self.anatomy.layers["encoder"]
