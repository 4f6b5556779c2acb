"""Phone photos of digits written in pen on paper (tests/photos.py makes them from MNIST test digits)
come out as MNIST digits that a classifier trained on MNIST reads, on plain paper and on an exercise
book's ruled, squared or tianzige paper; photos without a digit (blank sheets, lined or not, pages of
text, faces) are refused.

The classifier is 3-nearest-neighbours on the 60,000 MNIST training digits' pixels: trained on MNIST
and nothing else, and exacting about stroke width, size and centring, which is what is tested.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage
from skimage import data as photos_of_things

from dae import i18n, photo
from dae.data import load_mnist, to_float
from dae.photo import stroke_width
from dae.preprocess import EmptyImageError, ImageError, load_image, to_mnist
from tests.photos import LINED_PAPER, paper_photo

PHOTOS = 200


@pytest.fixture(scope="module")
def read_digits():
    """A classifier trained on MNIST: 3-NN on the training digits' pixels; digits (N, 28, 28) -> labels."""
    (train_images, train_labels), _ = load_mnist()
    train = to_float(train_images).reshape(len(train_images), -1)
    train_norms = (train**2).sum(1)

    def read(digits: np.ndarray) -> np.ndarray:
        flat = digits.reshape(len(digits), -1)
        distances = train_norms[None] - 2 * flat @ train.T  # + |digit|^2, the same for every neighbour
        nearest = train_labels[np.argpartition(distances, 3, axis=1)[:, :3]]
        return np.array([np.bincount(votes, minlength=10).argmax() for votes in nearest])

    return read


@pytest.fixture(scope="module")
def chosen(test_digits) -> np.ndarray:
    """200 test digits picked at random (seeded): their indices."""
    return np.random.default_rng(12).choice(len(test_digits[0]), PHOTOS, replace=False)


@pytest.fixture(scope="module")
def photo_set(test_digits, chosen):
    """The 200 test digits, each photographed as written in pen on paper."""
    images, labels = test_digits
    processed = np.array([to_mnist(load_image(paper_photo(images[i], seed=int(i)))) for i in chosen])
    return images[chosen], labels[chosen], processed


@pytest.fixture(scope="module")
def lined_set(test_digits, chosen):
    """The same 200 digits in the same photos, written in exercise books instead: on ruled, squared and
    tianzige paper in turn, lines of several colours, widths and spacings (tests/photos.py). Each photo's
    digit, or None where the photo was refused."""
    images, labels = test_digits
    kinds = np.resize(LINED_PAPER, PHOTOS)
    photos = (paper_photo(images[i], seed=int(i), lines=kind) for i, kind in zip(chosen, kinds, strict=True))
    processed = [digit_or_none(photo) for photo in photos]
    return labels[chosen], kinds, processed


def digit_or_none(photo: bytes) -> np.ndarray | None:
    try:
        return to_mnist(load_image(photo))
    except ImageError:
        return None


def writers_width(digits: np.ndarray) -> np.ndarray:
    """Each digit's stroke width in its own pixels (drawn at 4x and measured, as dae.photo does)."""
    return np.array([stroke_width(ndimage.zoom(digit, 4, order=1) > 0.5) / 4 for digit in digits])


def test_a_classifier_trained_on_mnist_reads_the_photos(photo_set, read_digits):
    originals, labels, processed = photo_set
    accuracy = np.mean(read_digits(processed) == labels)
    baseline = np.mean(read_digits(originals) == labels)
    print(f"3-NN reads {accuracy:.1%} of {PHOTOS} processed photos ({baseline:.1%} of the originals)")
    assert accuracy >= 0.90


def test_the_photos_look_like_mnist_digits(photo_set):
    originals, _, processed = photo_set
    assert processed.shape == (PHOTOS, 28, 28) and processed.dtype == np.float32
    background, mnist_background = np.mean(processed < 0.05), np.mean(originals < 0.05)
    assert abs(background - mnist_background) < 0.03  # black around the digit, as much as MNIST's (82%)
    assert np.median(processed.max(axis=(1, 2))) > 0.95  # strokes near white, not grey
    centres = np.array([ndimage.center_of_mass(digit) for digit in processed])
    assert np.abs(centres - 13.5).max() < 1.5  # centred by mass, as MNIST (14.0 +- 0.3 in its pixel index)
    widths, mnist_widths = writers_width(processed), writers_width(originals)
    assert abs(np.median(widths) / np.median(mnist_widths) - 1) < 0.1  # a pen line redrawn at MNIST's width


def test_the_photos_ink_matches_the_original_digits(photo_set):
    """Ink (sum of pixels) within 25% of the original digit's. A photo's pen says nothing of the width
    that digit's MNIST writer used (MNIST's widths vary by a third between its quartiles), so each digit
    is compared with its original as drawn at MNIST's median width: its ink times its writer's width
    ratio. The whole set's ink is compared as it is."""
    originals, _, processed = photo_set
    ink = processed.sum(axis=(1, 2)) / originals.sum(axis=(1, 2))
    widths = writers_width(originals)
    at_median_width = ink * widths / np.median(widths)
    print(f"ink ratio: median {np.median(ink):.2f}, within 25% {np.mean(abs(ink - 1) <= 0.25):.0%} as drawn,"
          f" {np.mean(abs(at_median_width - 1) <= 0.25):.0%} at MNIST's median width")
    assert abs(processed.sum() / originals.sum() - 1) <= 0.1
    assert np.mean(abs(at_median_width - 1) <= 0.25) >= 0.95


def test_digits_on_ruled_squared_and_tianzige_paper_read_as_well(lined_set, read_digits):
    labels, kinds, processed = lined_set
    refused = np.array([digit is None for digit in processed])
    read = np.zeros(PHOTOS, bool)
    read[~refused] = read_digits(np.array([digit for digit in processed if digit is not None])) == labels[~refused]
    for kind in LINED_PAPER:
        print(f"{kind}: 3-NN reads {read[kinds == kind].mean():.1%}, refused {refused[kinds == kind].mean():.1%}")
    print(f"lined paper: 3-NN reads {read.mean():.1%} of {PHOTOS} photos, refused {refused.mean():.1%}")
    assert all(read[kinds == kind].mean() >= 0.9 and refused[kinds == kind].mean() <= 0.05 for kind in LINED_PAPER)
    assert read.mean() >= 0.9 and refused.mean() <= 0.05


def test_the_lines_are_taken_out_and_the_strokes_left(lined_set, photo_set):
    """Each digit read from lined paper against the same photo's digit on plain paper: the same digit
    (correlation near 1) unless lines were left in it or strokes taken out with them."""
    _, _, plain = photo_set
    _, _, lined = lined_set
    pairs = [(digit, twin) for digit, twin in zip(lined, plain, strict=True) if digit is not None]
    alike = np.array([np.corrcoef(digit.ravel(), twin.ravel())[0, 1] for digit, twin in pairs])
    print(f"correlation with the plain paper's digit: median {np.median(alike):.3f}, > 0.9: {np.mean(alike > 0.9):.0%}")
    assert np.median(alike) > 0.95 and np.mean(alike > 0.9) >= 0.85


def jpeg(pixels: np.ndarray, size: int | None = None) -> bytes:
    image = Image.fromarray(pixels)
    if size:
        image = image.resize((size, size), Image.Resampling.BICUBIC)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def faces() -> dict[str, bytes]:
    """Photos of people: an astronaut, a photographer, and ten faces from Labeled Faces in the Wild."""
    wild = photos_of_things.lfw_subset()[:10]
    found = {"astronaut": jpeg(photos_of_things.astronaut()), "photographer": jpeg(photos_of_things.camera())}
    found |= {f"face {i}": jpeg((face * 255).astype(np.uint8), size=300) for i, face in enumerate(wild)}
    return found


@pytest.mark.parametrize(("name", "photo"), list(faces().items()) + [
    ("a page of text", jpeg(photos_of_things.page())),
    ("a sign with text", jpeg(photos_of_things.text())),
])
def test_photos_without_a_digit_get_a_sentence_not_a_blob(name, photo):
    with pytest.raises(ImageError) as refusal:
        to_mnist(load_image(photo))
    assert refusal.value.key in ("image.many_marks", "image.picture", "image.no_digit")
    for language in i18n.languages():  # a sentence of each language's own (i18n.text would fall back to English)
        assert refusal.value.key in i18n.strings(language), language
        sentence = i18n.text(language, refusal.value.key, **refusal.value.params)
        assert len(sentence) > 10 and sentence.endswith((".", "。")), (language, sentence)


@pytest.mark.parametrize("lines", [None, *LINED_PAPER])
@pytest.mark.parametrize("seed", range(8))
def test_blank_paper_is_no_digit(seed, lines):
    """A blank sheet, plain or printed with lines: the lines are no digit."""
    with pytest.raises(EmptyImageError, match="No digit"):
        to_mnist(load_image(paper_photo(None, seed=seed, lines=lines)))


def test_chalk_on_a_blackboard_reads_too(test_digits, read_digits):
    """Light strokes on a dark, unevenly lit board: the same photos with light and dark swapped."""
    images, labels = test_digits
    boards = [255 - np.asarray(Image.open(io.BytesIO(paper_photo(images[i], seed=i)))) for i in range(20)]
    processed = np.array([to_mnist(load_image(jpeg(board))) for board in boards])
    assert np.mean(read_digits(processed) == labels[:20]) >= 0.9


def test_a_black_pixel_under_a_line_stays_black():
    """Dividing a line's darkness out of a pixel as dark as it can be: no light to divide, and no NaN."""
    dark = np.array([[1.0, 0.9, 0.2]], np.float32)
    line = np.array([[1.0, 0.3, 0.2]], np.float32)
    lightened = photo._lighten(dark, line)
    assert np.isfinite(lightened).all() and lightened[0, 0] == 1.0 and lightened[0, 2] == 0.0
