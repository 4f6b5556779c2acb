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


# --- unet_dae: conv_dae's size, with skip connections ------------------------------------------


def unet_dae() -> tuple[keras.Model, keras.Model]:
    """conv_dae's shape (28 -> 14 -> 7 -> a 4x4x32 code and back), plus skip connections.

    Each upsampling stage also reads the encoder's map of the same size (concatenated), so fine
    detail bypasses the code: the encoder returns [code, skip_7, skip_14, skip_28] and the decoder
    reads all four. 115,961 parameters, under conv_dae's 121,281.
    """

    def conv(filters: int, name: str) -> layers.Conv2D:
        return layers.Conv2D(filters, 3, padding="same", activation="relu", name=name)

    def pool(name: str) -> layers.MaxPooling2D:
        return layers.MaxPooling2D(2, padding="same", name=name)

    image = keras.Input(IMAGE_SHAPE, name="image")
    skip_28 = conv(32, "conv1")(image)  # 28x28x32
    skip_14 = conv(48, "conv2")(pool("pool1")(skip_28))  # 14x14x48
    skip_7 = conv(40, "conv3")(pool("pool2")(skip_14))  # 7x7x40
    code = conv(32, "code")(pool("pool3")(skip_7))  # 4x4x32, as conv_dae's
    encoder = keras.Model(image, [code, skip_7, skip_14, skip_28], name="encoder")

    inputs = [
        keras.Input((4, 4, 32), name="code"),
        keras.Input((7, 7, 40), name="skip_7"),
        keras.Input((14, 14, 48), name="skip_14"),
        keras.Input((28, 28, 32), name="skip_28"),
    ]
    x = inputs[0]
    for stage, (size, skip, filters) in enumerate(zip((7, 14, 28), inputs[1:], (48, 32, 24), strict=True), 1):
        x = layers.Resizing(size, size, interpolation="nearest", name=f"up{stage}_resize")(x)
        x = layers.Concatenate(name=f"up{stage}_skip")([x, skip])
        x = conv(filters, f"up{stage}_conv")(x)
    logits = layers.Conv2D(1, 3, padding="same", name="logits")(x)
    reconstruction = layers.Activation("sigmoid", name="reconstruction")(logits)
    decoder = keras.Model(inputs, reconstruction, name="decoder")
    return encoder, decoder


# --- vae_2d and ae_2d: a code of two numbers, a map you can draw -------------------------------


def dense_2d(variational: bool) -> tuple[keras.Model, keras.Model]:
    """784 -> 512 -> 256 -> a 2-D code -> 256 -> 512 -> 784, dense and ReLU.

    The variational encoder returns [code, log_var]: the code is the mean of a Gaussian whose
    log-variance is the second output; training decodes a sample of it (Sampling), the app the mean.
    """
    image = keras.Input(IMAGE_SHAPE, name="image")
    x = layers.Flatten(name="flatten")(image)
    x = layers.Dense(512, activation="relu", name="dense1")(x)
    x = layers.Dense(256, activation="relu", name="dense2")(x)
    code = layers.Dense(2, name="code")(x)  # linear: a ReLU would fold the plane into one quadrant
    outputs = [code, layers.Dense(2, name="log_var")(x)] if variational else code
    encoder = keras.Model(image, outputs, name="encoder")

    code_in = keras.Input((2,), name="code")
    x = layers.Dense(256, activation="relu", name="dense3")(code_in)
    x = layers.Dense(512, activation="relu", name="dense4")(x)
    logits = layers.Dense(28 * 28, name="logits")(x)
    logits_image = layers.Reshape(IMAGE_SHAPE, name="logits_image")(logits)
    reconstruction = layers.Activation("sigmoid", name="reconstruction")(logits_image)
    decoder = keras.Model(code_in, reconstruction, name="decoder")
    return encoder, decoder


class Sampling(layers.Layer):
    """z = mean + exp(log_var / 2) * noise, adding the KL divergence from N(0, I) to the loss.

    The KL term is divided by the 784 pixels because Keras' binary cross-entropy is a mean per pixel:
    the total is then the usual VAE loss (summed cross-entropy + KL) divided by 784.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(1337)

    def call(self, mean: Any, log_var: Any) -> Any:
        self.add_loss(kl_divergence(mean, log_var) / (28 * 28))
        noise = keras.random.normal(keras.ops.shape(mean), seed=self.seed_generator)
        return mean + keras.ops.exp(0.5 * log_var) * noise


def kl_divergence(mean: Any, log_var: Any) -> Any:
    """KL(N(mean, exp(log_var)) || N(0, I)) per digit, averaged over the batch (nats); numpy or tensors."""
    ops = keras.ops
    return ops.mean(-0.5 * ops.sum(1 + log_var - ops.square(mean) - ops.exp(log_var), axis=-1))


_BUILDERS = {
    "basic_ae": lambda: dense_autoencoder(64),
    "easy_dae": lambda: dense_autoencoder(32),
    "conv_dae": conv_dae,
    "dense_bottleneck_dae": dense_bottleneck_dae,
    "unet_dae": unet_dae,
    "vae_2d": lambda: dense_2d(variational=True),
    "ae_2d": lambda: dense_2d(variational=False),
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
        latent_shape=tuple(encoder.outputs[0].shape[1:]),
        parameters=int(encoder.count_params() + decoder.count_params()),
        layers={
            "encoder": [layer.name for layer in computing_layers(encoder)],
            "decoder": [layer.name for layer in computing_layers(decoder)],
        },
        architecture=rows,
    )


def probes(encoder: keras.Model, decoder: keras.Model) -> dict[str, keras.Model]:
    """The four parts a model runs as (dae.autoencoder.PARTS): the two halves, and each half with every
    layer's output (for "Inside the conv DAE"). The export writes each as one ONNX file."""
    return {
        "encoder": encoder,
        "decoder": decoder,
        "encoder_layers": keras.Model(encoder.inputs, [layer.output for layer in computing_layers(encoder)]),
        "decoder_layers": keras.Model(decoder.inputs, [layer.output for layer in computing_layers(decoder)]),
    }


def computing_layers(model: keras.Model) -> list[keras.Layer]:
    """A functional model's layers after its inputs (a U-Net's decoder has four inputs)."""
    return [layer for layer in model.layers if not isinstance(layer, layers.InputLayer)]


@dataclass
class KerasAutoencoder(Autoencoder):
    """An encoder, a decoder, and the two chained as one Keras model (and its logits twin, which trains)."""

    name: str
    encoder: keras.Model
    decoder: keras.Model
    keras_model: keras.Model
    training_model: keras.Model  # the same layers, ending at the logits (see chain)
    card: ModelCard | None = None

    def __post_init__(self) -> None:
        self.anatomy = describe(self.encoder, self.decoder)

    @property
    def variational(self) -> bool:
        """A VAE: its encoder also returns the code's log-variance."""
        return "log_var" in self.encoder.output_names

    @functools.cached_property
    def parts(self) -> dict[str, keras.Model]:
        return probes(self.encoder, self.decoder)

    def _run(self, part: str, inputs: list[np.ndarray]) -> list[np.ndarray]:
        outputs = _predict(self.parts[part], inputs)
        return outputs if isinstance(outputs, list) else [outputs]


def chain(name: str, encoder: keras.Model, decoder: keras.Model) -> KerasAutoencoder:
    """Encoder and decoder as one trainable model; a variational encoder's code is sampled on the way."""
    image = keras.Input(IMAGE_SHAPE, name="image")
    encoded = encoder(image)
    encoded = encoded if isinstance(encoded, (list, tuple)) else [encoded]
    if "log_var" in encoder.output_names:
        decoder_inputs = [Sampling(name="sampling")(*encoded)]
    else:
        decoder_inputs = list(encoded[: len(decoder.inputs)])  # the code, and a U-Net's skips
    decoder_inputs = decoder_inputs if len(decoder_inputs) > 1 else decoder_inputs[0]
    # Training reads the logits beneath the sigmoid: a loss on the sigmoid's output stops learning where it
    # saturates, unless the backend looks through it (TensorFlow's does; JAX's, on the GPU machine, does not).
    logits_decoder = keras.Model(decoder.inputs, decoder.get_layer("reconstruction").input, name="decoder_logits")
    return KerasAutoencoder(
        name,
        encoder,
        decoder,
        keras.Model(image, decoder(decoder_inputs), name=name),
        keras.Model(image, logits_decoder(decoder_inputs), name=f"{name}_logits"),
    )


def loss_on_logits(loss_name: str) -> Any:
    """The training loss on the logits model's output: binary cross-entropy, or MSE of the sigmoid (PSNR's)."""
    if loss_name == "bce":
        return keras.losses.BinaryCrossentropy(from_logits=True)

    def mse(clean: Any, logits: Any) -> Any:
        return keras.ops.mean(keras.ops.square(clean - keras.ops.sigmoid(logits)), axis=(1, 2, 3))

    return mse


def _predict(model: keras.Model, inputs: list[np.ndarray], chunk: int = 512) -> Any:
    """model's output(s) as numpy, one array per input; a model with several outputs gives a list of arrays."""
    # predict_on_batch skips predict()'s per-call data-adapter set-up (tens of ms for one image);
    # chunking bounds the conv activations' memory for the 10k test set.
    size = len(inputs[0])
    if size == 0:
        raise ValueError("no images given")
    chunks = [
        model.predict_on_batch(
            [array[i : i + chunk] for array in inputs] if len(inputs) > 1 else inputs[0][i : i + chunk]
        )
        for i in range(0, size, chunk)
    ]
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
