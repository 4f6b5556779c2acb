"""The browser runs the shipped denoisers as the server does: ui/components/browser_models.js, loaded from
the real app server into the app's own page, runs onnxruntime-web on the same ONNX files (served by the
app), and its codes and reconstructions of real noisy test digits equal onnxruntime's in Python."""

import base64

import numpy as np
import pytest

from dae.catalog import DENOISERS
from dae.data import load_test_images
from dae.noise import add_noise
from dae.runtime import load
from ui.browser_models import MODULE_PATH, model_spec

pytestmark = pytest.mark.browser

DIGITS, LEVELS, SEED = 50, (0.3, 0.7), 11
TOLERANCE = 1e-4

# Float32 arrays travel as base64 of their bytes: a few MB of JSON numbers would be slower both ways.
RUN_ALL = """async ([module, specs, images]) => {
  const m = await import(module);
  const encode = (array) => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
  const batch = new Float32Array(Uint8Array.from(atob(images), (c) => c.charCodeAt(0)).buffer);
  const models = await m.createModels(specs.map(({ name, sha256 }) => m.modelUrls(name, sha256)));
  const results = {};
  for (const model of models) {
    const { codes, codeShape, reconstructions } = await model.run(batch);
    results[model.name] = { codes: encode(codes), codeShape, reconstructions: encode(reconstructions) };
  }
  const kept = await (await caches.open("dae-browser-models")).keys();
  return { results, kept: kept.length };
}"""

# What the module says when it is handed something it cannot run (none of these reaches the server).
MISTAKES = """async ([module, spec]) => {
  const m = await import(module);
  const [model] = await m.createModels([m.modelUrls(spec.name, spec.sha256)]);
  const said = async (attempt) => { try { await attempt(); return null; } catch (error) { return error.message; } };
  return [
    await said(() => model.run(new Float32Array(100))),
    await said(() => model.run(new Float32Array(784).fill(NaN))),
    await said(() => model.run([0.5, 0.5])),
    await said(() => m.createModels([{ name: "basic_ae" }])),
    await said(() => m.createModels([m.modelUrls(spec.name, { encoder: "0".repeat(64), decoder: "0".repeat(64) })])),
  ];
}"""


def _array(text: str, shape: tuple[int, ...]) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), np.float32).reshape(shape)


def test_the_browser_gives_the_servers_codes_and_reconstructions(page, server_url):
    digits = load_test_images()[0][:DIGITS]
    noisy = np.concatenate([add_noise(digits, "gaussian", level, seed=SEED) for level in LEVELS])
    models = [load(name) for name in DENOISERS]
    specs = [model_spec(model) for model in models]
    images = base64.b64encode(noisy.astype(np.float32).tobytes()).decode()
    answer = page.evaluate(RUN_ALL, [f"{server_url}/{MODULE_PATH}", specs, images])
    assert answer["kept"] == 1 + 2 * len(DENOISERS)  # the .wasm and every ONNX file, kept for the next visit
    for model in models:
        codes, reconstructions = model.encode_and_reconstruct(noisy)
        result = answer["results"][model.name]
        assert tuple(result["codeShape"]) == codes.shape[1:], model.name
        code_gap = np.abs(_array(result["codes"], codes.shape) - codes).max()
        picture_gap = np.abs(_array(result["reconstructions"], reconstructions.shape) - reconstructions).max()
        assert code_gap < TOLERANCE and picture_gap < TOLERANCE, (model.name, code_gap, picture_gap)


def test_the_browser_says_why_it_cannot_run(page, server_url):
    spec = model_spec(load("basic_ae"))
    said = page.evaluate(MISTAKES, [f"{server_url}/{MODULE_PATH}", spec])
    assert said[0] == "basic_ae takes whole 28 x 28 digits (784 values each), got 100 values."
    assert said[1] == "basic_ae takes pixels in [0, 1]: digit 0 has NaN."
    assert said[2] == "basic_ae takes a Float32Array of 28 x 28 pixels per digit, row by row, got Array."
    assert said[3].startswith("each model needs a name and its encoder and decoder URLs as text")
    assert "is not the file the server checked (its SHA-256 differs)" in said[4]
