import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest

from dae.data import load_test_images


@pytest.fixture(scope="session")
def test_digits() -> tuple[np.ndarray, np.ndarray]:
    """The first 1,000 official MNIST test digits (float32, [0, 1]) and their labels."""
    images, labels = load_test_images()
    return images[:1000], labels[:1000]


def run_async(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """asyncio.run on a thread of its own: the browser tests' Playwright keeps an event loop on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
