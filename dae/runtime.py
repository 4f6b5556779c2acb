"""The app's inference path: each model's exported ONNX files run by onnxruntime.

Same interface as dae.models.Autoencoder (encode, decode, reconstruct, activations, metadata), but
no TensorFlow: onnxruntime imports in 0.1 s where TensorFlow takes seconds, and one digit through
the conv DAE takes about half a millisecond. The files come from `python -m dae.export`; each is
checked against the SHA-256 in the model's card before it is opened.

Run `python -m dae.runtime` to time every model on one digit and on the 10,000 test digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import onnxruntime

from dae.catalog import MODEL_INFO, MODEL_NAMES, ModelInfo, check_file, onnx_path, read_card
from dae.data import as_image_batch

PARTS = ("encoder", "decoder", "encoder_layers", "decoder_layers")
SMALL_BATCH = 32  # up to this many images, one thread is fastest; above, both cores
CHUNK = 256  # bounds the conv activations' memory on large batches


def _options(threads: int) -> onnxruntime.SessionOptions:
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    # Spinning threads burn a core while idle, which starves other sessions on a 2-core server.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


@dataclass
class OnnxAutoencoder:
    """One shipped model, served from its ONNX files. Sessions are thread-safe and shared by all users."""

    name: str
    card: dict[str, Any]
    sessions: dict[tuple[str, int], onnxruntime.InferenceSession] = field(default_factory=dict, repr=False)

    @property
    def info(self) -> ModelInfo:
        return MODEL_INFO[self.name]

    @property
    def latent_shape(self) -> tuple[int, ...]:
        return tuple(self.card["latent_shape"])

    @property
    def parameter_count(self) -> int:
        return int(self.card["parameters"])

    def architecture(self) -> list[dict[str, Any]]:
        return self.card["architecture"]

    def _run(self, part: str, inputs: np.ndarray) -> list[np.ndarray]:
        threads = 1 if len(inputs) <= SMALL_BATCH else 2
        session = self.sessions[(part, threads)]
        input_name = session.get_inputs()[0].name
        chunks = [session.run(None, {input_name: inputs[i : i + CHUNK]}) for i in range(0, len(inputs), CHUNK)]
        return [np.concatenate([chunk[k] for chunk in chunks]) for k in range(len(chunks[0]))]

    def encode(self, images: np.ndarray) -> np.ndarray:
        """float32 images (N, 28, 28) in [0, 1] -> codes (N, *latent_shape)."""
        return self._run("encoder", as_image_batch(images)[..., None])[0]

    def decode(self, codes: np.ndarray) -> np.ndarray:
        """codes (N, *latent_shape) -> float32 images (N, 28, 28) in [0, 1]."""
        codes = np.ascontiguousarray(codes, np.float32).reshape((-1, *self.latent_shape))
        return self._run("decoder", codes)[0][..., 0]

    def reconstruct(self, images: np.ndarray) -> np.ndarray:
        """float32 images (N, 28, 28) in [0, 1] -> reconstructions of the same shape."""
        return self.decode(self.encode(images))

    def activations(self, image: np.ndarray) -> list[tuple[str, np.ndarray]]:
        """Every layer's output for one (28, 28) image, in the order data flows: [(layer name, array)]."""
        encoder_outputs = self._run("encoder_layers", as_image_batch(image)[:1, ..., None])
        decoder_outputs = self._run("decoder_layers", encoder_outputs[-1])
        names = self.card["layers"]["encoder"] + self.card["layers"]["decoder"]
        return [(name, array[0]) for name, array in zip(names, encoder_outputs + decoder_outputs, strict=True)]


def load(name: str) -> OnnxAutoencoder:
    """Open one model's four ONNX files (hash-checked against its card) for one- and two-thread use."""
    if name not in MODEL_NAMES:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}")
    card = read_card(name)
    files = card.get("onnx", {}).get("files", {})
    sessions = {}
    for part in PARTS:
        path = onnx_path(name, part)
        check_file(path, files.get(part, {}).get("sha256") or "missing from card", name)
        for threads in (1, 2):
            try:
                sessions[(part, threads)] = onnxruntime.InferenceSession(
                    str(path), _options(threads), providers=["CPUExecutionProvider"]
                )
            except Exception as error:  # onnxruntime raises its own exception types for bad files
                raise ValueError(f"{path} could not be opened ({type(error).__name__}).") from None
    return OnnxAutoencoder(name, card, sessions)


def load_all() -> dict[str, OnnxAutoencoder | str]:
    """Every model, or the sentence saying why it could not be loaded (the others still work).

    Not cached here: the app caches successes per server (st.cache_resource) and retries failures.
    """
    loaded: dict[str, OnnxAutoencoder | str] = {}
    for name in MODEL_NAMES:
        try:
            loaded[name] = load(name)
        except (OSError, ValueError) as error:
            loaded[name] = str(error)
    return loaded


if __name__ == "__main__":
    import time

    from dae.data import load_test_images

    images, _ = load_test_images()
    for model_name, model in load_all().items():
        if isinstance(model, str):
            print(f"{model_name}: {model}")
            continue
        model.reconstruct(images[:1])
        start = time.perf_counter()
        for index in range(200):
            model.reconstruct(images[index])
        single = (time.perf_counter() - start) / 200 * 1000
        start = time.perf_counter()
        model.reconstruct(images)
        print(f"{model_name:22s} one digit {single:.3f} ms, 10,000 digits {time.perf_counter() - start:.2f} s")
