"""dae.preprocess on real MNIST digits, photo-like versions of them, canvases, and bad input."""

import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image
from scipy import ndimage

from dae.preprocess import EmptyImageError, load_image, to_mnist


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def as_photo(digit: np.ndarray, size: int = 300) -> Image.Image:
    """A test digit as a phone might see it: dark ink on grey paper, large, slightly blurred."""
    big = Image.fromarray((digit * 255).astype(np.uint8)).resize((size, size), Image.BILINEAR)
    paper = 220 - 0.75 * np.asarray(big, np.float32)
    return Image.fromarray(paper.astype(np.uint8)).convert("RGB")


def png_bytes(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def assert_mnist_like(digit: np.ndarray) -> None:
    assert digit.shape == (28, 28) and digit.dtype == np.float32
    assert digit.min() >= 0 and digit.max() <= 1 and digit.max() > 0.9
    rows, cols = np.nonzero(digit > 0.05)
    assert max(np.ptp(rows), np.ptp(cols)) <= 21  # fitted into the 20x20 box (+1 for anti-aliasing)
    centre = ndimage.center_of_mass(digit)
    assert abs(centre[0] - 14) <= 1.0 and abs(centre[1] - 14) <= 1.0


def test_mnist_digits_come_back_unchanged(test_digits):
    images = test_digits[0][:50]
    scores = [correlation(to_mnist(image), image) for image in images]
    assert np.median(scores) > 0.98 and min(scores) > 0.9


@pytest.mark.parametrize("index", [0, 1, 2, 3, 4, 7, 11, 18])
def test_photos_of_digits_become_mnist_digits(test_digits, index):
    digit = test_digits[0][index]
    result = to_mnist(load_image(png_bytes(as_photo(digit), "JPEG", quality=85)))
    assert_mnist_like(result)
    assert correlation(result, digit) > 0.75  # strokes redrawn at MNIST's median width, not this writer's


def test_canvas_strokes_are_the_opaque_pixels(test_digits):
    digit = test_digits[0][3]
    strokes = np.asarray(Image.fromarray((digit * 255).astype(np.uint8)).resize((280, 280), Image.BILINEAR))
    canvas = np.zeros((280, 280, 4), np.uint8)  # transparent background
    canvas[..., :3] = 255
    canvas[..., 3] = strokes
    result = to_mnist(canvas)
    assert_mnist_like(result)
    assert correlation(result, digit) > 0.9
    opaque = canvas.copy()  # the same drawing with the black background included
    opaque[..., :3] = strokes[..., None]
    opaque[..., 3] = 255
    assert correlation(to_mnist(opaque), result) > 0.99


def test_every_input_type_gives_the_same_digit(test_digits):
    digit = test_digits[0][9]
    grey = (digit * 255).astype(np.uint8)
    for image in (grey, grey[..., None], np.stack([grey] * 3, -1), Image.fromarray(grey), digit, digit > 0.5):
        assert correlation(to_mnist(image), to_mnist(grey)) > 0.9


@pytest.mark.parametrize(
    "blank",
    [
        np.zeros((280, 280, 4), np.uint8),  # an untouched canvas
        np.full((280, 280, 4), 255, np.uint8),  # an all-white canvas
        np.full((100, 100), 0.5, np.float32),  # a uniform grey photo
    ],
)
def test_blank_images_are_empty_not_errors(blank):
    with pytest.raises(EmptyImageError, match="No digit"):
        to_mnist(blank)


@pytest.mark.parametrize(
    ("array", "message"),
    [
        (np.full((50, 50), np.nan, np.float32), "NaN"),
        (np.full((50, 50), np.inf, np.float32), "NaN"),
        (np.zeros((2, 50, 50, 3)), "shape"),
        (np.zeros(50), "shape"),
        (np.zeros((50, 50, 2)), "shape"),
        (np.full((50, 50), -1.0), "negative"),
        (np.zeros((1, 1)), "too small"),
        (np.zeros((6000, 6000), np.uint8), "too large"),
        (np.array([["a"] * 20] * 20), "numbers"),
        ("a string", "Expected an image"),
    ],
)
def test_unusable_arrays_are_refused_with_a_sentence(array, message):
    with pytest.raises(ValueError, match=message):
        to_mnist(array)


def test_load_image_refuses_what_is_not_a_png_or_jpeg(test_digits):
    photo = as_photo(test_digits[0][0])
    good = png_bytes(photo)
    cases = {
        b"": "empty",
        b"hello, this is text": "not an image",
        good[: len(good) // 2]: "damaged",
        png_bytes(photo, "GIF"): "GIF images are not supported",
        png_bytes(photo, "BMP"): "BMP images are not supported",
        b'<svg xmlns="http://www.w3.org/2000/svg"></svg>': "not an image",
        png_bytes(Image.new("L", (1, 1))): "too small",
        png_bytes(Image.new("1", (10000, 10000))): "too large",
        png_bytes(Image.new("1", (6000, 6000))): "too large",
    }
    for data, message in cases.items():
        with pytest.raises(ValueError, match=message):
            load_image(data)


@pytest.mark.parametrize("mode", ["I;16", "CMYK", "P", "LA", "RGBA", "1", "L", "RGB"])
def test_load_image_reads_every_common_pixel_format(test_digits, mode):
    digit = test_digits[0][5]
    photo = as_photo(digit)
    if mode == "I;16":
        image = Image.fromarray((np.asarray(photo.convert("L"), np.uint16) * 257).astype(np.uint16))
    elif mode in ("P", "1"):  # as real files are made: an indexed PNG's own palette, a scanner's threshold
        image = photo.convert(mode, dither=Image.Dither.NONE, palette=Image.Palette.ADAPTIVE)
    else:
        image = photo.convert(mode)
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    result = to_mnist(load_image(png_bytes(image, fmt)))
    assert_mnist_like(result)
    assert correlation(result, digit) > 0.7


def test_dark_ink_on_a_transparent_background(test_digits):
    digit = test_digits[0][8]
    alpha = Image.fromarray((digit * 255).astype(np.uint8)).resize((200, 200), Image.BILINEAR)
    ink = Image.merge("RGBA", [Image.new("L", (200, 200), 0)] * 3 + [alpha])
    assert correlation(to_mnist(load_image(png_bytes(ink))), digit) > 0.85


def test_phone_photos_are_turned_upright(test_digits):
    digit = test_digits[0][0]
    sideways = as_photo(digit).rotate(90, expand=True)  # the sensor's orientation
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 clockwise to display"
    upright = to_mnist(load_image(png_bytes(sideways, "JPEG", exif=exif.tobytes())))
    assert correlation(upright, digit) > 0.85


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    hnp.arrays(
        dtype=st.sampled_from([np.uint8, np.uint16, np.int32, np.float32, np.float64, np.bool_]),
        shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=64),
    )
)
def test_fuzz_arrays_give_a_digit_or_a_value_error(array):
    try:
        digit = to_mnist(array)
    except ValueError:
        return
    assert digit.shape == (28, 28) and digit.dtype == np.float32
    assert np.isfinite(digit).all() and digit.min() >= 0 and digit.max() <= 1


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fuzz_damaged_files_give_a_digit_or_a_value_error(data):
    photo = as_photo(np.eye(28, dtype=np.float32), size=64)
    fmt = data.draw(st.sampled_from(["PNG", "JPEG"]))
    raw = bytearray(png_bytes(photo, fmt))
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    raw = raw[: data.draw(st.integers(0, len(raw)))]
    try:
        digit = to_mnist(load_image(bytes(raw)))
    except ValueError:
        return
    assert digit.shape == (28, 28) and digit.dtype == np.float32 and digit.min() >= 0 and digit.max() <= 1
