"""Speed and memory, measured side by side: `python -m tools.bench [--browser] [--rounds N]`.

Prints, in one run:
  1. one-digit reconstruct per model: Keras model.predict vs the app's ONNX runtime (ratio);
  2. the 10,000 test digits: Keras model.predict(batch_size=256) vs ONNX (ratio);
  3. the server's CPU to compute one digit's live frames (four models at 21 noise levels, metrics,
     pictures), with a cProfile breakdown of where the time goes;
  4. with --browser: a real `streamlit run app.py` in Chromium (Playwright): cold start, slider
     release -> every panel updated, pen lift -> reconstructions shown (median and p95 over
     --rounds interactions each), and the server's RSS after them.
Every figure is printed with its target; the README keeps the latest table.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np

from dae import catalog, data, i18n, runtime
from dae.catalog import DENOISERS
from dae.noise import LEVELS
from dae.pipeline import noisy_levels, scores
from dae.render.frames import input_frames, method_row


def timed(function: Callable[[], object], repeats: int) -> list[float]:
    """Milliseconds per call, after one warm-up call."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95))


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def inference(images: np.ndarray) -> None:
    from dae.training import models  # Keras: the baseline, imported only here

    print("\n1. One digit, reconstruct (median ms over 30 / 300 calls)")
    print(f"   {'model':22s} {'keras predict':>14s} {'onnx':>9s} {'speed-up':>9s}   target >= 50x")
    onnx_models = {name: runtime.load(name) for name in catalog.MODEL_NAMES}
    for name in catalog.MODEL_NAMES:
        keras_model = models.load_pretrained(name).keras_model
        one = images[:1, ..., None]
        keras_ms = statistics.median(timed(lambda: keras_model.predict(one, verbose=0), 30))  # noqa: B023
        onnx_ms = statistics.median(timed(lambda: onnx_models[name].reconstruct(images[0]), 300))  # noqa: B023
        ratio = keras_ms / onnx_ms
        print(f"   {name:22s} {keras_ms:14.2f} {onnx_ms:9.3f} {ratio:8.0f}x   {verdict(ratio >= 50)}")

    print("\n2. The 10,000 test digits, reconstruct (best of 3, seconds)")
    print(f"   {'model':22s} {'predict(256)':>14s} {'onnx':>9s} {'ratio':>9s}   target: onnx no slower")
    for name in catalog.MODEL_NAMES:
        keras_model = models.load_pretrained(name).keras_model
        batch = images[..., None]
        keras_s = min(timed(lambda: keras_model.predict(batch, batch_size=256, verbose=0), 3)) / 1000  # noqa: B023
        onnx_s = min(timed(lambda: onnx_models[name].reconstruct(images), 3)) / 1000  # noqa: B023
        print(f"   {name:22s} {keras_s:14.2f} {onnx_s:9.2f} {keras_s / onnx_s:8.2f}x   {verdict(onnx_s <= keras_s)}")


def one_digit(digit: np.ndarray, loaded: list[runtime.OnnxAutoencoder], seed: int) -> None:
    """What the server computes for a new digit when a browser cannot run the models (ui/live.py's frames_for,
    its caches aside): the noisy levels and their scores, then each model's row at all 21 levels, the
    metrics, and every picture and score text, made by the app's own functions. Moving the slider then costs
    the server nothing."""
    noisy = noisy_levels(digit, "gaussian", LEVELS, seed)
    input_frames(digit, noisy, *scores(digit, noisy), i18n.english)
    for model in loaded:
        method_row(digit, noisy, model, i18n.english, "viridis")


def frames_cpu(images: np.ndarray, loaded: list[runtime.OnnxAutoencoder], digits: int) -> list[float]:
    """CPU milliseconds to compute each of `digits` test digits' live frames through `loaded`."""
    one_digit(images[0], loaded, 0)  # warm-up
    cpu = []
    for index in range(digits):
        start = time.process_time()
        one_digit(images[index], loaded, index)
        cpu.append((time.process_time() - start) * 1000)
    return cpu


def frames_cost(images: np.ndarray, digits: int = 100) -> None:
    loaded = [model for model in runtime.load_working() if model.name in DENOISERS]  # the Playground's rows
    print("\n3. Server CPU to compute one digit's live frames (21 levels, PSNR/SSIM, PNGs), the two side by side")
    # The target was set for the four article models; the U-Net (shown by default too) is measured beside them.
    for label, chosen in (("the 4 article models", loaded[:4]), (f"all {len(loaded)} denoisers", loaded)):
        cpu = frames_cpu(images, chosen, digits)
        verdict_text = verdict(p95(cpu) <= 60)
        print(
            f"   {label:22s} median {statistics.median(cpu):5.1f} ms, p95 {p95(cpu):5.1f} ms over {digits} digits"
            f"   target <= 60 ms   {verdict_text}"
        )
    profile = cProfile.Profile()
    profile.enable()
    for index in range(50):
        one_digit(images[index], loaded, index)
    profile.disable()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(6)
    lines = [line for line in text.getvalue().splitlines() if line.strip()][-7:]
    print("   where the time goes (cProfile, 50 digits, by own time):")
    for line in lines:
        print("   " + line)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--browser", action="store_true", help="also measure the app in Chromium")
    parser.add_argument("--rounds", type=int, default=20, help="browser interactions of each kind")
    parser.add_argument("--skip-keras", action="store_true", help="skip the Keras comparisons (1 and 2)")
    args = parser.parse_args(argv)
    images, _ = data.load_test_images()
    if not args.skip_keras:
        inference(images)
    frames_cost(images)
    if args.browser:
        from tools.bench_browser import browser_figures

        browser_figures(args.rounds)


if __name__ == "__main__":
    main(sys.argv[1:])
