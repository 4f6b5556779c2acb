import ast
import asyncio
import re
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dae.data import load_test_images

REPO = Path(__file__).resolve().parent.parent


def _app_pages() -> tuple[list[str], str]:
    """app.py's PAGES (file -> title key, icon), in its order, and its default page, read from its source:
    importing app.py would run its Streamlit calls."""
    source = (REPO / "app.py").read_text()
    (pages,) = [
        node.value
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and [getattr(target, "id", None) for target in node.targets] == ["PAGES"]
    ]
    (default,) = re.findall(r'default=path == "([^"]+)"', source)
    return list(ast.literal_eval(pages)), default


# The app's pages, for every test that visits them all: the file each is run from (AppTest's switch_page) ...
PAGE_FILES, DEFAULT_PAGE = _app_pages()
# ... and its address on a server ("" for the default page, opened at the root; Streamlit names the others
# after their file).
PAGE_PATHS = ["" if file == DEFAULT_PAGE else Path(file).stem for file in PAGE_FILES]


@pytest.fixture(scope="session")
def test_digits() -> tuple[np.ndarray, np.ndarray]:
    """The first 1,000 official MNIST test digits (float32, [0, 1]) and their labels."""
    images, labels = load_test_images()
    return images[:1000], labels[:1000]


def run_async(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """asyncio.run on a thread of its own: the browser tests' Playwright keeps an event loop on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
