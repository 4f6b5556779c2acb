"""The live control's rows, one per model or filter, made in worker processes outside the server's lock.

A Streamlit server is one Python process: every session's script runs on a thread of it, and only the
thread holding the interpreter's lock runs Python. A new digit's rows (21 levels through each model,
their scores and PNG strips) are mostly such Python and numpy, which hands the lock over hundreds of
times per row; in a class each handover waits for another session's thread, so a new digit took
155 ms instead of 85 and the second core idled. Here the rows are made by a small pool of worker
processes (spawned, each loading the models once) and the server only waits for them: each method's
row in parallel, and every row made is kept (the least recently used dropped) so that Compare and a
second student on the same digit reuse it.

`python -m dae.row_workers` times one new digit's rows in the workers and in this process.
"""

from __future__ import annotations

import collections
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import numpy as np

from dae import children, i18n, runtime
from dae.autoencoder import Autoencoder
from dae.catalog import DENOISERS, MODEL_NAMES
from dae.noise import LEVELS
from dae.pipeline import method_levels, noisy_levels
from dae.render.frames import method_frames, method_title
from dae.render.pictures import ColourMap

Method = Autoencoder | str  # a model, or a classical filter by name (dae.baselines)
Key = tuple[bytes, str, int, str, str, str]  # digit, noise kind, seed, method, language, colour map


def make_row(
    digit: np.ndarray, noisy: np.ndarray, method: Method, language: str, colour_map: ColourMap
) -> dict[str, Any]:
    """One method's row of the live control at every level (`noisy`: pipeline.noisy_levels of the digit)."""
    translate = i18n.translator(language)
    name = method if isinstance(method, str) else method.name
    row = method_frames(method_levels(digit, noisy, method), method_title(name, translate), translate, colour_map)
    if not isinstance(method, str) and method.decoder_inputs > 1:  # a U-Net's code is not all its decoder reads
        row["note"] = translate("live.bypass")
    return row


def default_workers() -> int:
    """DAE_ROW_WORKERS if set to a number (0: make rows in the server itself), else 2 where there are two cores."""
    setting = os.environ.get("DAE_ROW_WORKERS", "")
    return int(setting) if setting.isdigit() else 2 if (os.cpu_count() or 1) > 1 else 0


_models: dict[str, runtime.OnnxAutoencoder] = {}  # in a worker: the models it has loaded


def _start_worker(server: int) -> None:
    """Each worker, once: below the server's own threads (a slider's rerun waits less for the cores: a class's
    p95 went from 250-290 to 225-240 ms), gone with the server, its models loaded before its first row."""
    os.nice(10)
    children.end_with(server)
    for name in DENOISERS:
        if isinstance(model := runtime.load_or_explain(name), runtime.OnnxAutoencoder):  # not: the server says why
            _models[name] = model


def _row_in_worker(digit: np.ndarray, noisy: np.ndarray, name: str, language: str, colour_map: ColourMap) -> Any:
    if name in MODEL_NAMES and name not in _models:
        _models[name] = runtime.load(name)
    return make_row(digit, noisy, _models.get(name, name), language, colour_map)


class RowWorkers:
    """Worker processes that make rows, and the `keep` rows made last. With no workers (or while they restart
    after one died) the rows are made in this process instead: slower in a class, the same rows."""

    def __init__(self, workers: int | None = None, keep: int = 256) -> None:
        self.workers = default_workers() if workers is None else workers
        self.keep = keep
        self.made_here = 0  # rows made in this process (not by a worker)
        self._rows: collections.OrderedDict[Key, dict[str, Any]] = collections.OrderedDict()
        self._lock = threading.Lock()  # the sessions' script threads share the rows and the pool
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor | None:
        if self.workers < 1:
            return None
        context = children.spawn_context()
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),))
        for _ in range(self.workers):  # each submit starts a worker now, to load its models before any row
            pool.submit(os.getpid)
        return pool

    def rows(
        self, digit: np.ndarray, noisy: np.ndarray, noise: tuple[str, int], methods: Sequence[Method], language: str,
        colour_map: ColourMap,
    ) -> list[dict[str, Any]]:  # fmt: skip
        """Each method's row for this digit at its noisy levels (pipeline.noisy_levels of the noise's kind and
        seed, `noise`, which names them): those made before at once, the others in parallel."""
        digit = np.asarray(digit, np.float32)
        names = [method if isinstance(method, str) else method.name for method in methods]
        keys: list[Key] = [(digit.tobytes(), *noise, name, language, str(colour_map)) for name in names]
        with self._lock:
            found = {key: self._rows[key] for key in keys if key in self._rows}
            for key in found:
                self._rows.move_to_end(key)
        missing = [(key, method) for key, method in zip(keys, methods, strict=True) if key not in found]
        rows = self._make(digit, noisy, missing, language, colour_map)
        made = dict(zip((key for key, _ in missing), rows, strict=True))
        with self._lock:
            self._rows.update(made)
            while len(self._rows) > self.keep:
                self._rows.popitem(last=False)
        return [found.get(key) or made[key] for key in keys]

    def _make(
        self, digit: np.ndarray, noisy: np.ndarray, missing: list[tuple[Key, Method]], language: str,
        colour_map: ColourMap,
    ) -> list[dict[str, Any]]:  # fmt: skip
        pool = self._pool
        models = [(index, key[3]) for index, (key, method) in enumerate(missing) if not isinstance(method, str)]
        futures = self._submit(pool, models, digit, noisy, language, colour_map)
        # Filters' rows (a few ms each, less than a trip to a worker) are made here while the workers work.
        here = [index for index in range(len(missing)) if index not in futures]
        rows = {index: make_row(digit, noisy, missing[index][1], language, colour_map) for index in here}
        try:
            rows.update({index: future.result() for index, future in futures.items()})
        except Exception as error:  # a row a worker could not make is made here (or fails here)
            if isinstance(error, BrokenProcessPool):  # a worker was killed (out of memory, by hand): new ones
                self._restart(pool)
            rows.update({index: make_row(digit, noisy, missing[index][1], language, colour_map) for index in futures})
            here += list(futures)
        self.made_here += sum(not isinstance(missing[index][1], str) for index in here)
        return [rows[index] for index in range(len(missing))]

    def _submit(
        self, pool: ProcessPoolExecutor | None, models: list[tuple[int, str]], digit: np.ndarray, noisy: np.ndarray,
        language: str, colour_map: ColourMap,
    ) -> dict[int, Future]:  # fmt: skip
        """index -> the worker's row to come, for each (index, model name); none without a working pool."""
        if pool is None:
            return {}
        try:
            return {
                index: pool.submit(_row_in_worker, digit, noisy, name, language, colour_map) for index, name in models
            }
        except BrokenProcessPool:  # it broke while idle
            self._restart(pool)
            return {}

    def _restart(self, broken: ProcessPoolExecutor | None) -> None:
        with self._lock:
            if self._pool is broken:  # not already restarted by another session's thread
                self._pool = self._start()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


if __name__ == "__main__":
    from dae.data import load_test_images

    images, _ = load_test_images()
    models = [model for model in runtime.load_working() if model.name in DENOISERS]
    noisy = [noisy_levels(image, "gaussian", LEVELS) for image in images[:21]]
    for workers in (0, 2):
        made = RowWorkers(workers)
        made.rows(images[0], noisy[0], ("gaussian", 0), models, "en", "viridis")  # workers start, load models
        wall, cpu = time.perf_counter(), time.process_time()
        for index in range(1, 21):
            made.rows(images[index], noisy[index], ("gaussian", 0), models, "en", "viridis")
        wall, cpu = (time.perf_counter() - wall) * 50, (time.process_time() - cpu) * 50  # ms per digit
        where = f"{workers} workers" if workers else "this process"
        print(
            f"a new digit's {len(models)} rows, made in {where}: {wall:4.0f} ms, {cpu:4.0f} ms of CPU in this process"
        )
        made.close()
