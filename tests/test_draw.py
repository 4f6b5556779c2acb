"""The drawing pad's value, read on the server like an upload: a drawing becomes a digit, anything else a message."""

import base64
import io

import numpy as np
import pytest
from PIL import Image

from dae.preprocess import EmptyImageError, ImageError
from ui.draw import MAX_CHARS, PNG_PREFIX, digit_from_drawing


def pad_png(digit: np.ndarray) -> str:
    """A test digit as the pad would send it: white ink on a black 280 x 280 PNG."""
    pixels = (np.kron(digit, np.ones((10, 10))) * 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).convert("RGBA").save(buffer, format="PNG")
    return PNG_PREFIX + base64.b64encode(buffer.getvalue()).decode("ascii")


def test_a_drawing_becomes_the_digit_it_shows(test_digits):
    digit = test_digits[0][5]
    read = digit_from_drawing(pad_png(digit))
    assert read.shape == (28, 28) and read.dtype == np.float32
    assert np.corrcoef(read.ravel(), digit.ravel())[0, 1] > 0.9  # MNIST digits are already centred and fitted


def test_a_blank_pad_is_no_digit():
    with pytest.raises(EmptyImageError):
        digit_from_drawing(pad_png(np.zeros((28, 28), np.float32)))


@pytest.mark.parametrize(
    "forged",
    [
        "hello",
        PNG_PREFIX + "!!!not base64!!!",
        PNG_PREFIX + base64.b64encode(b"GIF89a not a png").decode("ascii"),
        PNG_PREFIX + "A" * MAX_CHARS,
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    ],
)
def test_a_forged_value_gets_a_message_not_an_exception(forged):
    with pytest.raises(ImageError) as refused:
        digit_from_drawing(forged)
    assert refused.value.key.startswith("image.")
