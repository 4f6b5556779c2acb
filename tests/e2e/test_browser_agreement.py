"""The browser's live noise slider shows what the server would: from the server's seeded unit fields
(dae.noise.fields_payload), ui/components/noise.js makes the very noisy digits dae.noise.add_noise makes, bit
for bit, at levels off the old 0.05 grid too; browser_models.js runs every denoiser on them as dae.runtime
does; and ui/components/metrics.js scores them as dae.metrics does. So a shared link's pictures and scores
are the ones its reader saw move."""

from __future__ import annotations

import base64
import time

import numpy as np
import pytest

from dae import metrics
from dae.catalog import DENOISERS
from dae.data import load_test_images
from dae.noise import NOISE_KINDS, add_noise, fields_payload
from dae.runtime import load
from ui.browser_models import COMPONENT, ROUTE, model_spec

pytestmark = pytest.mark.browser

DIGITS = 200
LEVELS = (0.07, 0.23, 0.5, 0.81, 1.0)  # i / 100, as the slider gives them; 0.07, 0.23, 0.81 are off the 0.05 grid
SEEDS = [13 + 7919 * index for index in range(DIGITS)]  # a pattern of its own for every digit
CODE_TOLERANCE = 1e-4  # float32 kernels of two runtimes: the same maths, summed in other orders
PSNR_TOLERANCE, SSIM_TOLERANCE = 0.01, 0.001

# For one kind: every digit at every level (level-major), then every denoiser on that batch, then the scores of
# the noisy digits and of each model's reconstructions against the clean digits. Float32 arrays travel as base64.
RUN_KIND = """async ([base, specs, digits, payloads, levels]) => {
  const [noise, scores, browser] = await Promise.all(
    ["noise.js", "metrics.js", "browser_models.js"].map((file) => import(base + file)));
  const encode = (array) => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
  const P = noise.PIXELS, n = payloads.length;
  const clean = new Float32Array(Uint8Array.from(atob(digits), (c) => c.charCodeAt(0)).buffer);
  const digit = (images, j) => images.subarray(j * P, (j + 1) * P);
  const fields = payloads.map((payload) => noise.decodeFields(payload));
  const batch = new Float32Array(levels.length * n * P);
  let started = performance.now();
  levels.forEach((level, l) => fields.forEach((f, d) => {
    noise.noisy(digit(clean, d), f.kind, level, f, digit(batch, l * n + d));
  }));
  const noiseMs = performance.now() - started;
  const score = (images) => {
    const out = new Float64Array(2 * levels.length * n);
    for (let j = 0; j < levels.length * n; j++) {
      out[2 * j] = scores.psnr(digit(clean, j % n), digit(images, j));
      out[2 * j + 1] = scores.ssim(digit(clean, j % n), digit(images, j));
    }
    return out;
  };
  started = performance.now();
  const noisyScores = score(batch);
  const scoreMs = performance.now() - started;
  const results = { noisy: { pictures: encode(batch), scores: encode(noisyScores) } };
  const models = await browser.createModels(specs.map(({ name, sha256 }) => browser.modelUrls(name, sha256)));
  for (const model of models) {
    const { codes, codeShape, reconstructions } = await model.run(batch);
    const [pictures, said] = [encode(reconstructions), encode(score(reconstructions))];
    results[model.name] = { codes: encode(codes), codeShape, pictures, scores: said };
  }
  return { results, noiseMs, scoreMs, digits: levels.length * n };
}"""


# What the modules say when handed something they cannot use.
MISTAKES = """async ([base, payloads]) => {
  const [noise, scores] = await Promise.all(["noise.js", "metrics.js"].map((file) => import(base + file)));
  const said = (attempt) => { try { attempt(); return null; } catch (error) { return error.message; } };
  const digit = new Float32Array(784).fill(0.5);
  const [gaussian, salt, masking] = payloads.map((payload) => noise.decodeFields(payload));
  const { hit, ...noSalt } = salt;
  return [
    said(() => noise.noisy(digit, "speckle", 0.5, gaussian)),
    said(() => noise.noisy(digit, "salt_and_pepper", 0.5, { ...noSalt, kind: undefined })),
    said(() => noise.noisy(new Float32Array(100), "gaussian", 0.5, gaussian)),
    said(() => noise.noisy(digit, "gaussian", 1.01, gaussian)),
    said(() => noise.noisy(digit, "gaussian", NaN, gaussian)),
    said(() => noise.noisy(Array.from(digit), "gaussian", 0.5, gaussian)),
    said(() => noise.noisy(digit, "masking", 0.5, gaussian)),
    said(() => noise.noisy(digit, "masking", 0.5, { ...masking, centres: [0.5] })),
    said(() => noise.noisy(digit, "gaussian", 0.5, { ...gaussian, reach: undefined })),
    said(() => noise.noisy(digit, "gaussian", 0.5, { ...gaussian, normal: new Float32Array(783) })),
    said(() => noise.decodeFields({ ...payloads[0], fields: { normal: btoa("abc") } })),
    said(() => noise.decodeFields({ ...payloads[0], fields: { normal: "not base64!" } })),
    said(() => noise.decodeFields({ ...payloads[1], fields: { hit: payloads[1].fields.hit } })),
    said(() => scores.psnr(digit, new Float32Array(10))),
    said(() => scores.ssim([0.5], digit)),
    said(() => scores.ssim(digit, new Float32Array(784).fill(NaN))),
    said(() => scores.psnr(digit, digit)),
  ];
}"""


def _array(text: str, dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype).reshape(shape)


def _server_side(kind: str, clean: np.ndarray, models: list) -> dict[str, tuple[np.ndarray, ...]]:
    """What the server computes: the noisy digits one by one (as the app draws them), codes, reconstructions,
    and the scores of each against the clean digits, per model ("noisy" for the noisy digits themselves)."""
    noisy = np.stack(
        [add_noise(digit, kind, level, seed) for level in LEVELS for digit, seed in zip(clean, SEEDS, strict=True)]
    )
    reference = np.tile(clean, (len(LEVELS), 1, 1))
    answer = {"noisy": (noisy, _scores(reference, noisy))}
    for model in models:
        codes, reconstructions = model.encode_and_reconstruct(noisy)
        answer[model.name] = (reconstructions, _scores(reference, reconstructions), codes)
    return answer


def _scores(reference: np.ndarray, pictures: np.ndarray) -> np.ndarray:
    return np.stack([metrics.psnr(reference, pictures), metrics.ssim(reference, pictures)], -1)


def _gaps(kind: str, browser: dict, server: dict) -> dict[tuple[str, str, str], float]:
    """The largest difference of each quantity, per kind and per model."""
    gaps = {}
    for name, (pictures, scores, *codes) in server.items():
        result = browser[name]
        shown = _array(result["pictures"], "<f4", pictures.shape)
        gaps[(kind, name, "picture")] = float(np.abs(shown - pictures).max())
        said = _array(result["scores"], "<f8", scores.shape)
        gaps[(kind, name, "psnr")] = float(np.abs(said[:, 0] - scores[:, 0]).max())
        gaps[(kind, name, "ssim")] = float(np.abs(said[:, 1] - scores[:, 1]).max())
        if codes:
            assert tuple(result["codeShape"]) == codes[0].shape[1:], (kind, name)
            gaps[(kind, name, "code")] = float(np.abs(_array(result["codes"], "<f4", codes[0].shape) - codes[0]).max())
    return gaps


def test_the_browser_makes_the_servers_noise_reconstructions_and_scores(page, server_url):
    clean = load_test_images()[0][:DIGITS]
    models = [load(name) for name in DENOISERS]
    specs = [model_spec(model) for model in models]
    digits = base64.b64encode(clean.astype("<f4").tobytes()).decode()
    gaps: dict[tuple[str, str, str], float] = {}
    started = time.perf_counter()
    for kind in NOISE_KINDS:
        payloads = [fields_payload(kind, seed) for seed in SEEDS]
        answer = page.evaluate(RUN_KIND, [f"{server_url}/{ROUTE}/{COMPONENT}/", specs, digits, payloads, LEVELS])
        gaps |= _gaps(kind, answer["results"], _server_side(kind, clean, models))
        noise_us, score_us = (1000 * answer[key] / answer["digits"] for key in ("noiseMs", "scoreMs"))
        print(f"{kind}: noise.js {noise_us:.1f} us and PSNR + SSIM {score_us:.1f} us a digit in the browser")
    seconds = time.perf_counter() - started
    print(
        f"{len(NOISE_KINDS) * DIGITS * len(LEVELS)} digits through {len(DENOISERS)} models, both sides: {seconds:.0f} s"
    )
    _report(gaps)
    noisy_gaps = {key: gap for key, gap in gaps.items() if key[1] == "noisy" and key[2] == "picture"}
    assert all(gap == 0 for gap in noisy_gaps.values()), noisy_gaps  # the same pictures, bit for bit
    limits = {"picture": CODE_TOLERANCE, "code": CODE_TOLERANCE, "psnr": PSNR_TOLERANCE, "ssim": SSIM_TOLERANCE}
    too_far = {key: gap for key, gap in gaps.items() if gap > limits[key[2]]}
    assert too_far == {}, too_far


def _report(gaps: dict[tuple[str, str, str], float]) -> None:
    for source in ("noisy", "models"):
        for what in ("picture", "code", "psnr", "ssim"):
            found = [
                (gap, key) for key, gap in gaps.items() if key[2] == what and (key[1] == "noisy") == (source == "noisy")
            ]
            if found:
                gap, (kind, name, _) = max(found)
                print(f"worst {what} difference, {source}: {gap:.3g} ({kind}, {name})")


def test_noise_and_scores_say_why_they_cannot_run(page, server_url):
    payloads = [fields_payload(kind, 5) for kind in NOISE_KINDS]
    said = page.evaluate(MISTAKES, [f"{server_url}/{ROUTE}/{COMPONENT}/", payloads])
    assert said == [
        'unknown noise kind "speckle": choose one of gaussian, salt_and_pepper, masking.',
        "salt_and_pepper noise needs the field hit, which the fields lack.",
        "noisy takes one digit as a Float32Array of 784 pixels (28 x 28, row by row), got 100 values.",
        "the noise level must be a number between 0 and 1, got 1.01.",
        "the noise level must be a number between 0 and 1, got NaN.",
        "noisy takes one digit as a Float32Array of 784 pixels (28 x 28, row by row), got Array.",
        "these fields are for gaussian noise, not masking.",
        "masking noise needs its field centres as two numbers in [0, 1) (row, column), got [0.5].",
        "gaussian noise needs its reach, a number in (0, 1], in the fields, got undefined.",
        "gaussian noise needs its field normal as a Float32Array of 784 values, got 783 values.",
        "the gaussian field normal holds 3 bytes, not 784 float32 (3136 bytes).",
        "the gaussian field normal is not base64 text.",
        "the salt_and_pepper noise payload lacks the field salt.",
        "psnr takes the test digit as a Float32Array of 784 pixels (28 x 28), got 10 values.",
        "ssim takes the reference digit as a Float32Array of 784 pixels (28 x 28), got Array.",
        "ssim takes finite pixels: the test digit has NaN at pixel 0.",
        None,  # an exact copy is fine: 100 dB
    ]
