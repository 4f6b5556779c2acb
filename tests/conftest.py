import numpy as np
import pytest

from dae.data import load_test_images


@pytest.fixture(scope="session")
def test_digits() -> tuple[np.ndarray, np.ndarray]:
    """The first 1,000 official MNIST test digits (float32, [0, 1]) and their labels."""
    images, labels = load_test_images()
    return images[:1000], labels[:1000]
