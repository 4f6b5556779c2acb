"""Working in code space: editing one unit, walking between two digits, and a 2-D map of all codes.

Run `python -m dae.latent` to print how much of the codes' variance the 2-D map keeps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dae.autoencoder import Autoencoder


def edit_code(code: np.ndarray, index: int | tuple[int, ...], value: float) -> np.ndarray:
    """A copy of one code with a single unit (flat index, or (row, col, map) for conv codes) set."""
    edited = np.array(code, np.float32, copy=True)
    edited[index] = value
    return edited


def scale_map(code: np.ndarray, map_index: int, factor: float) -> np.ndarray:
    """A copy of a (4, 4, 32) conv code with one whole 4x4 feature map multiplied by `factor`."""
    edited = np.array(code, np.float32, copy=True)
    edited[..., map_index] *= factor
    return edited


def interpolate(model: Autoencoder, start: np.ndarray, end: np.ndarray, steps: int = 8) -> tuple[np.ndarray, ...]:
    """Decode evenly spaced points on the straight line between two digits' codes.

    Returns (through the code, straight pixel blend): both (steps, 28, 28), for comparison.
    """
    weights = np.linspace(0.0, 1.0, steps, dtype=np.float32)
    codes = model.encode(np.stack([start, end]))
    shape = (steps,) + (1,) * (codes.ndim - 1)
    path = (1 - weights.reshape(shape)) * codes[0] + weights.reshape(shape) * codes[1]
    blend = (1 - weights[:, None, None]) * start + weights[:, None, None] * end
    return model.decode(path), blend.astype(np.float32)


@dataclass(frozen=True)
class PlaneGrid:
    """Decoded digits at the centres of a size x size grid over a 2-D code's plane (row 0 at the top)."""

    left: float
    right: float
    bottom: float
    top: float
    size: int
    digits: np.ndarray  # (size * size, 28, 28), row by row from the top-left

    def fraction(self, code: np.ndarray) -> tuple[float, float]:
        """Where a 2-D code lies on the map: (from the left, from the top), each in [0, 1] inside it."""
        x, y = (float(value) for value in np.ravel(code)[:2])
        return (x - self.left) / (self.right - self.left), (self.top - y) / (self.top - self.bottom)


def plane_bounds(codes: np.ndarray, share: float = 0.99) -> tuple[float, float, float, float]:
    """A square window (left, right, bottom, top) holding `share` of the codes on each axis, plus a margin."""
    low, high = np.quantile(np.asarray(codes, np.float64), [(1 - share) / 2, (1 + share) / 2], axis=0)
    centre, half = (low + high) / 2, float(np.max(high - low)) / 2 * 1.1
    return float(centre[0] - half), float(centre[0] + half), float(centre[1] - half), float(centre[1] + half)


def decode_plane(model: Autoencoder, bounds: tuple[float, float, float, float], size: int = 24) -> PlaneGrid:
    """Decode every cell centre of a size x size grid over `bounds`: what the map shows under the pointer."""
    left, right, bottom, top = bounds
    xs = left + (np.arange(size) + 0.5) / size * (right - left)
    ys = top - (np.arange(size) + 0.5) / size * (top - bottom)
    codes = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2).astype(np.float32)
    return PlaneGrid(left, right, bottom, top, size, model.decode(codes))


def sample_prior(model: Autoencoder, count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """New digits from nothing: codes drawn from the VAE's prior N(0, I), and their decodes."""
    codes = np.random.default_rng(seed).standard_normal((count, *model.latent_shape)).astype(np.float32)
    return codes, model.decode(codes)


def knn_accuracy(
    train_codes: np.ndarray, train_labels: np.ndarray, codes: np.ndarray, labels: np.ndarray, k: int = 5
) -> float:
    """How often the majority label of a code's k nearest training codes is its own label (a 2-D map's quality)."""
    from scipy.spatial import cKDTree

    _, nearest = cKDTree(np.asarray(train_codes, np.float64)).query(np.asarray(codes, np.float64), k=k)
    votes = np.asarray(train_labels)[nearest]  # (N, k)
    counts = np.stack([(votes == digit).sum(axis=1) for digit in range(10)], axis=1)
    return float(np.mean(counts.argmax(axis=1) == np.asarray(labels)))


@dataclass(frozen=True)
class CodeMap:
    """A principal-component projection of codes to two dimensions."""

    mean: np.ndarray
    components: np.ndarray  # (2, code size)
    explained: float  # fraction of the codes' variance the two axes keep

    def project(self, codes: np.ndarray) -> np.ndarray:
        flat = np.asarray(codes, np.float32).reshape(len(codes), -1)
        return (flat - self.mean) @ self.components.T


def fit_code_map(codes: np.ndarray) -> CodeMap:
    flat = np.asarray(codes, np.float32).reshape(len(codes), -1)
    mean = flat.mean(axis=0)
    _, singular, vt = np.linalg.svd(flat - mean, full_matrices=False)
    variance = singular**2
    return CodeMap(mean, vt[:2], float(variance[:2].sum() / variance.sum()))


if __name__ == "__main__":
    from dae.data import load_test_images
    from dae.runtime import load_working

    images, _ = load_test_images()
    for model in load_working():
        code_map = fit_code_map(model.encode(images))
        print(f"{model.name:22s} the 2-D map keeps {code_map.explained:.0%} of the code variance")
