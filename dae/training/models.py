"""The four autoencoders in Keras, each an encoder and a decoder, and `load_pretrained()`.

Every model maps float32 images (N, 28, 28, 1) in [0, 1] to a code and back, ending in a
sigmoid. The sigmoid is its own layer so that Keras' binary cross-entropy can read the logits
beneath it (Keras does this for a sigmoid output), which is the loss the source articles used.

Run `python -m dae.training.models` to print each architecture with its shapes and parameter counts.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's start-up chatter off the console
import keras  # noqa: E402
from keras import layers  # noqa: E402

from dae.autoencoder import Anatomy, Autoencoder  # noqa: E402
from dae.cards import ArchitectureRow, ModelCard, read_card  # noqa: E402
from dae.catalog import MODEL_NAMES, check_file, restore_hint, weights_path  # noqa: E402

IMAGE_SHAPE = (28, 28, 1)


# --- basic_ae and easy_dae: one dense hidden layer --------------------------------------------


def dense_autoencoder(code_units: int) -> tuple[keras.Model, keras.Model]:
    """784 -> Dense(code_units, relu) -> Dense(784) logits -> sigmoid."""
    image = keras.Input(IMAGE_SHAPE, name="image")
    pixels = layers.Flatten(name="flatten")(image)
    code = layers.Dense(code_units, activation="relu", name="code")(pixels)
    encoder = keras.Model(image, code, name="encoder")

    code_in = keras.Input((code_units,), name="code")
    logits = layers.Dense(28 * 28, name="logits")(code_in)
    logits_image = layers.Reshape(IMAGE_SHAPE, name="logits_image")(logits)
    # The sigmoid comes last so that Keras' BCE finds the logits beneath it.
    reconstruction = layers.Activation("sigmoid", name="reconstruction")(logits_image)
    decoder = keras.Model(code_in, reconstruction, name="decoder")
    return encoder, decoder


# --- conv_dae: the 2017 article's convolutional denoiser --------------------------------------


def conv_dae() -> tuple[keras.Model, keras.Model]:
    """Three conv + pool stages down to a 4x4x32 code, three resize + conv stages back up.

    Upsampling uses Keras' nearest-neighbour Resizing, which samples with half-pixel centres:
    4 -> 7 picks source rows 0,0,1,2,2,3,3, where TF1's resize_nearest_neighbor picked
    0,0,1,1,2,2,3. Both are nearest-neighbour upsamplings; the 7 -> 14 -> 28 steps are exact 2x.
    """

    def conv(filters: int, name: str) -> layers.Conv2D:
        return layers.Conv2D(filters, 3, padding="same", activation="relu", name=name)

    def pool(name: str) -> layers.MaxPooling2D:
        return layers.MaxPooling2D(2, padding="same", name=name)

    image = keras.Input(IMAGE_SHAPE, name="image")
    x = pool("pool1")(conv(64, "conv1")(image))  # 14x14x64
    x = pool("pool2")(conv(64, "conv2")(x))  # 7x7x64
    code = pool("code")(conv(32, "conv3")(x))  # 4x4x32
    encoder = keras.Model(image, code, name="encoder")

    code_in = keras.Input((4, 4, 32), name="code")
    x = conv(32, "up1_conv")(layers.Resizing(7, 7, interpolation="nearest", name="up1_resize")(code_in))
    x = conv(64, "up2_conv")(layers.Resizing(14, 14, interpolation="nearest", name="up2_resize")(x))
    x = conv(64, "up3_conv")(layers.Resizing(28, 28, interpolation="nearest", name="up3_resize")(x))
    logits = layers.Conv2D(1, 3, padding="same", name="logits")(x)
    reconstruction = layers.Activation("sigmoid", name="reconstruction")(logits)
    decoder = keras.Model(code_in, reconstruction, name="decoder")
    return encoder, decoder


# --- dense_bottleneck_dae: the 2023 article's model, made to run ------------------------------


def dense_bottleneck_dae() -> tuple[keras.Model, keras.Model]:
    """Two conv + pool stages, Flatten, Dense(128) bottleneck; Dense(784) back to 7x7x16, two x2 ups.

    Deviations from the article (whose code does not run as written):
    - Flatten before Dense(128): the article applied Dense to the 7x7x32 map, which gives a
      7x7x128 "bottleneck" rather than 128 units.
    - Dense(784) is reshaped to 7x7x16 instead of 28x28x1, so the decoder's two x2 upsamplings
      end at 28x28 (the article's would have reached 112x112).
    - The last Conv2D emits logits and a separate sigmoid follows (same function, stable loss).
    """
    image = keras.Input(IMAGE_SHAPE, name="image")
    x = layers.Conv2D(32, 3, padding="same", activation="relu", name="conv1")(image)
    x = layers.MaxPooling2D(2, name="pool1")(x)  # 14x14x32
    x = layers.Conv2D(32, 3, padding="same", activation="relu", name="conv2")(x)
    x = layers.MaxPooling2D(2, name="pool2")(x)  # 7x7x32
    x = layers.Flatten(name="flatten")(x)
    code = layers.Dense(128, activation="relu", name="code")(x)
    encoder = keras.Model(image, code, name="encoder")

    code_in = keras.Input((128,), name="code")
    x = layers.Dense(784, activation="relu", name="expand")(code_in)
    x = layers.Reshape((7, 7, 16), name="reshape")(x)
    x = layers.Conv2DTranspose(32, 3, padding="same", activation="relu", name="deconv1")(x)
    x = layers.UpSampling2D(2, name="up1")(x)  # 14x14x32
    x = layers.Conv2DTranspose(32, 3, padding="same", activation="relu", name="deconv2")(x)
    x = layers.UpSampling2D(2, name="up2")(x)  # 28x28x32
    logits = layers.Conv2D(1, 3, padding="same", name="logits")(x)
    reconstruction = layers.Activation("sigmoid", name="reconstruction")(logits)
    decoder = keras.Model(code_in, reconstruction, name="decoder")
    return encoder, decoder


_BUILDERS = {
    "basic_ae": lambda: dense_autoencoder(64),
    "easy_dae": lambda: dense_autoencoder(32),
    "conv_dae": conv_dae,
    "dense_bottleneck_dae": dense_bottleneck_dae,
}


def describe(encoder: keras.Model, decoder: keras.Model) -> Anatomy:
    """A model's anatomy, measured from its Keras parts (the export writes it into the card)."""
    rows: list[ArchitectureRow] = []
    for part, submodel in (("encoder", encoder), ("decoder", decoder)):
        for layer in submodel.layers:
            shape = " x ".join(str(d) for d in layer.output.shape[1:])
            rows.append(
                {
                    "part": part,
                    "layer": layer.name,
                    "type": type(layer).__name__,
                    "output shape": shape,
                    "parameters": int(layer.count_params()),
                }
            )
    return Anatomy(
        latent_shape=tuple(encoder.output.shape[1:]),
        parameters=int(encoder.count_params() + decoder.count_params()),
        layers={
            "encoder": [layer.name for layer in encoder.layers[1:]],
            "decoder": [layer.name for layer in decoder.layers[1:]],
        },
        architecture=rows,
    )


def probes(encoder: keras.Model, decoder: keras.Model) -> dict[str, keras.Model]:
    """The four parts a model runs as (dae.autoencoder.PARTS): the two halves, and each half with every
    layer's output (for "Inside the conv DAE"). The export writes each as one ONNX file."""
    return {
        "encoder": encoder,
        "decoder": decoder,
        "encoder_layers": keras.Model(encoder.input, [layer.output for layer in encoder.layers[1:]]),
        "decoder_layers": keras.Model(decoder.input, [layer.output for layer in decoder.layers[1:]]),
    }


@dataclass
class KerasAutoencoder(Autoencoder):
    """An encoder, a decoder, and the two chained as one Keras model (the one that trains)."""

    name: str
    encoder: keras.Model
    decoder: keras.Model
    keras_model: keras.Model
    card: ModelCard | None = None

    def __post_init__(self) -> None:
        self.anatomy = describe(self.encoder, self.decoder)

    @functools.cached_property
    def parts(self) -> dict[str, keras.Model]:
        return probes(self.encoder, self.decoder)

    def _run(self, part: str, inputs: np.ndarray) -> list[np.ndarray]:
        outputs = _predict(self.parts[part], inputs)
        return outputs if isinstance(outputs, list) else [outputs]


def chain(name: str, encoder: keras.Model, decoder: keras.Model) -> KerasAutoencoder:
    """Encoder and decoder as one trainable model."""
    image = keras.Input(IMAGE_SHAPE, name="image")
    return KerasAutoencoder(name, encoder, decoder, keras.Model(image, decoder(encoder(image)), name=name))


def _predict(model: keras.Model, inputs: np.ndarray, chunk: int = 512) -> Any:
    """model's output(s) as numpy; a model with several outputs gives a list of arrays."""
    # predict_on_batch skips predict()'s per-call data-adapter set-up (tens of ms for one image);
    # chunking bounds the conv activations' memory for the 10k test set.
    if len(inputs) == 0:
        raise ValueError("no images given")
    chunks = [model.predict_on_batch(inputs[i : i + chunk]) for i in range(0, len(inputs), chunk)]
    if isinstance(chunks[0], (list, tuple)):
        return [np.concatenate([np.asarray(c[k]) for c in chunks]) for k in range(len(chunks[0]))]
    return np.concatenate([np.asarray(c) for c in chunks])


def build(name: str) -> KerasAutoencoder:
    """A freshly initialised model by name (see MODEL_NAMES)."""
    if name not in _BUILDERS:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}")
    return chain(name, *_BUILDERS[name]())


def load_pretrained(name: str, directory: Path | None = None) -> KerasAutoencoder:
    """The shipped model: the architecture built from code, weights read from weights/<name>.weights.h5.

    Only weights are read (no model config is deserialised), so a weights file cannot run code.
    """
    model = build(name)
    path = weights_path(name, directory)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: {restore_hint(name)}.")
    model.card = read_card(name, directory, exported=False)
    check_file(path, model.card["weights_sha256"], name)
    try:
        model.keras_model.load_weights(path)
    except (OSError, ValueError) as error:
        raise ValueError(f"{path} could not be read ({error}): {restore_hint(name)}.") from None
    return model


if __name__ == "__main__":
    for model_name in MODEL_NAMES:
        autoencoder = build(model_name)
        print(
            f"\n=== {model_name}: {autoencoder.info.title}, latent {autoencoder.latent_shape}, "
            f"{autoencoder.parameter_count:,} parameters"
        )
        autoencoder.encoder.summary()
        autoencoder.decoder.summary()
