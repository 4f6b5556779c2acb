"""The app's inference path: each model's exported ONNX files run by onnxruntime.

The same dae.autoencoder.Autoencoder as the Keras models of dae.training (encode, decode, reconstruct,
activations, metadata), but no TensorFlow: onnxruntime imports in 0.1 s where TensorFlow takes
seconds, and one digit through the conv DAE takes about half a millisecond. The files come from
`python -m dae.training.export`; each is checked against the SHA-256 in the model's card before it
is opened.

Run `python -m dae.runtime` to time every model on one digit and on the 10,000 test digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import onnxruntime

from dae.autoencoder import PARTS, Anatomy, Autoencoder
from dae.cards import ModelCard, read_card
from dae.catalog import MODEL_NAMES, check_file, onnx_path

SMALL_BATCH = 32  # up to this many images (a live control's 21 levels), one thread: less CPU in all; above, both cores
CHUNK = 256  # bounds the conv activations' memory on large batches


def _options(threads: int) -> onnxruntime.SessionOptions:
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    # Spinning threads burn a core while idle, which starves other sessions on a 2-core server.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


@dataclass(frozen=True)
class Unavailable:
    """A model that could not be loaded, and the sentence saying why (it names the file and the fix)."""

    name: str
    reason: str


@dataclass
class OnnxAutoencoder(Autoencoder):
    """One shipped model, served from its ONNX files. Sessions are thread-safe and shared by all users."""

    name: str
    card: ModelCard
    sessions: dict[tuple[str, int], onnxruntime.InferenceSession] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.anatomy = Anatomy.from_card(self.card)

    def _run(self, part: str, inputs: list[np.ndarray]) -> list[np.ndarray]:
        size = len(inputs[0])
        session = self.sessions[(part, 1 if size <= SMALL_BATCH else 2)]
        names = [node.name for node in session.get_inputs()]  # in the Keras model's order (the export checks)
        chunks = [
            session.run(None, {name: array[i : i + CHUNK] for name, array in zip(names, inputs, strict=True)})
            for i in range(0, size, CHUNK)
        ]
        return [np.concatenate([chunk[k] for chunk in chunks]) for k in range(len(chunks[0]))]


def load(name: str) -> OnnxAutoencoder:
    """Open one model's four ONNX files (hash-checked against its card) for one- and two-thread use."""
    if name not in MODEL_NAMES:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}")
    card = read_card(name)
    files = card["onnx"]["files"] if "onnx" in card else {}
    sessions = {}
    for part in PARTS:
        path = onnx_path(name, part)
        check_file(path, files[part]["sha256"] if part in files else None, name)
        for threads in (1, 2):
            try:
                sessions[(part, threads)] = onnxruntime.InferenceSession(
                    str(path), _options(threads), providers=["CPUExecutionProvider"]
                )
            except Exception as error:  # onnxruntime raises its own exception types for bad files
                raise ValueError(f"{path} could not be opened ({type(error).__name__}).") from None
    return OnnxAutoencoder(name, card, sessions)


def load_or_explain(name: str) -> OnnxAutoencoder | Unavailable:
    """The model, or why it could not be loaded (a missing, altered or damaged file or card)."""
    try:
        return load(name)
    except (OSError, ValueError) as error:  # CardError is a ValueError
        return Unavailable(name, str(error))


def load_all() -> dict[str, OnnxAutoencoder | Unavailable]:
    """Every model, or why it could not be loaded (the others still work).

    Not cached here: the app caches successes per server (st.cache_resource) and retries failures.
    """
    return {name: load_or_explain(name) for name in MODEL_NAMES}


def load_working() -> list[OnnxAutoencoder]:
    """The models that load, skipping the others (for command lines and benchmarks)."""
    return [model for model in load_all().values() if isinstance(model, OnnxAutoencoder)]


if __name__ == "__main__":
    import time

    from dae.data import load_test_images

    images, _ = load_test_images()
    for model_name, model in load_all().items():
        if isinstance(model, Unavailable):
            print(f"{model_name}: {model.reason}")
            continue
        model.reconstruct(images[:1])
        start = time.perf_counter()
        for index in range(200):
            model.reconstruct(images[index])
        single = (time.perf_counter() - start) / 200 * 1000
        start = time.perf_counter()
        model.reconstruct(images)
        print(f"{model_name:22s} one digit {single:.3f} ms, 10,000 digits {time.perf_counter() - start:.2f} s")
