"""MNIST, offline and hash-checked.

The digits are MNIST (Yann LeCun, Corinna Cortes and Christopher J. C. Burges; 60,000 training and 10,000
test digits made from NIST's Special Databases 1 and 3; licence CC BY-SA 3.0), committed in this repository
as `data/mnist.npz`: four plain uint8 arrays under Keras' names (x_train, y_train, x_test, y_test). The file's
SHA-256 is checked before it is opened, it is read with numpy's pickle-free loader, and the digits' own
SHA-256 (DIGITS_SHA256: the four arrays' bytes) is the one every model card records as its training data.

Run `python -m dae.data` to check the file and print a summary.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import numpy as np

MNIST_FILE = Path(__file__).resolve().parent.parent / "data" / "mnist.npz"  # (dae.catalog imports this module)
MNIST_SHA256 = "06af5dfe73b70e3bc1c36439982b18a8d76803db9b544f6fdf838a37fbb01b64"  # the committed file
DIGITS_SHA256 = "06b0d1f124c4e5fa796686ade41a9b778edacc8622f2195a352ef479ad44fc16"  # its four arrays' bytes
RESTORE_HINT = "restore it with `git checkout -- data/mnist.npz`"
ARRAYS = {  # name -> shape; every array uint8
    "x_train": (60000, 28, 28),
    "y_train": (60000,),
    "x_test": (10000, 28, 28),
    "y_test": (10000,),
}

Split = tuple[np.ndarray, np.ndarray]


class MnistFileError(RuntimeError):
    """The MNIST file is missing, altered or unreadable; the message says how to fix it."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def mnist_path() -> Path:
    """Where the MNIST file is: $DAE_MNIST if set (a copy elsewhere), else data/mnist.npz."""
    return Path(os.environ.get("DAE_MNIST") or MNIST_FILE)


def digits_sha256(arrays: dict[str, np.ndarray]) -> str:
    """The SHA-256 of the four arrays' bytes, in ARRAYS' order: the digits themselves, whatever file holds them."""
    digest = hashlib.sha256()
    for name in ARRAYS:
        digest.update(np.ascontiguousarray(arrays[name]).tobytes())
    return digest.hexdigest()


def read_arrays(path: Path) -> dict[str, np.ndarray]:
    """The four arrays of an MNIST .npz: plain uint8 arrays of the expected shapes, or MnistFileError.

    allow_pickle stays off, so an array that would need unpickling is refused rather than run."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in ARRAYS}
    except (OSError, ValueError, KeyError) as error:
        raise MnistFileError(f"MNIST file {path} could not be read as plain arrays ({error}).") from None
    for name, shape in ARRAYS.items():
        if arrays[name].dtype != np.uint8 or arrays[name].shape != shape:
            raise MnistFileError(
                f"MNIST file {path}: {name} is {arrays[name].dtype} {arrays[name].shape}, expected uint8 {shape}."
            )
    return arrays


@functools.lru_cache(maxsize=1)
def load_mnist() -> tuple[Split, Split]:
    """Return ((x_train, y_train), (x_test, y_test)): uint8 (N, 28, 28) images and int64 labels.

    The 60,000 training and 10,000 official test digits. The file is refused, unopened, unless its SHA-256 is
    the committed file's.
    """
    path = mnist_path()
    if not path.is_file():
        raise MnistFileError(f"MNIST file {path} is missing: {RESTORE_HINT}.")
    if sha256_of(path) != MNIST_SHA256:
        raise MnistFileError(
            f"MNIST file {path} does not match its known SHA-256, so it was not opened: {RESTORE_HINT}."
        )
    arrays = read_arrays(path)  # the file's hash fixes its digits: DIGITS_SHA256 is checked by tests/test_data.py
    x_train, x_test = arrays["x_train"], arrays["x_test"]
    y_train, y_test = arrays["y_train"].astype(np.int64), arrays["y_test"].astype(np.int64)
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
