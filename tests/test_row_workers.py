"""The live control's rows made in worker processes (dae.row_workers) are the rows this process makes, are
kept for the next session, and still come when a worker dies."""

from __future__ import annotations

import os
import signal

import pytest

from dae import runtime
from dae.noise import LEVELS
from dae.pipeline import noisy_levels
from dae.row_workers import RowWorkers, make_row
from tests.children import children_of_a_killed_server, gone, streamlit_style_main


@pytest.fixture(scope="module")
def models():
    return [runtime.load(name) for name in ("conv_dae", "unet_dae")]


@pytest.fixture(scope="module")
def workers():
    made = RowWorkers(2)
    yield made
    made.close()


def rows_from(made, digit, kind, seed, methods, language):
    """The rows as the app asks for them (ui/live.py): the digit's noisy levels, named by kind and seed."""
    return made.rows(digit, noisy_levels(digit, kind, LEVELS, seed), (kind, seed), methods, language, "viridis")


def rows_here(digit, kind, seed, methods, language="en"):
    noisy = noisy_levels(digit, kind, LEVELS, seed)
    return [make_row(digit, noisy, method, language, "viridis") for method in methods]


def test_the_workers_rows_are_this_process_rows(workers, models, test_digits):
    digit = test_digits[0][7]
    methods = [*models, "median_3x3"]
    rows = rows_from(workers, digit, "salt_and_pepper", 3, methods, "zh")
    assert rows == rows_here(digit, "salt_and_pepper", 3, methods, "zh")  # PNG strips, codes and scores, byte for byte
    assert [row["name"] for row in rows] == ["conv_dae", "unet_dae", "median_3x3"]
    assert "note" in rows[1] and "note" not in rows[0]  # the U-Net's code is not all its decoder reads
    assert workers.made_here == 0  # the models' rows came from the workers


def test_a_row_made_once_is_kept_for_the_next_session(workers, models, test_digits):
    digit = test_digits[0][8]
    first = rows_from(workers, digit, "gaussian", 0, models, "en")
    again = rows_from(workers, digit, "gaussian", 0, models[::-1], "en")
    assert again[0] is first[1] and again[1] is first[0]
    other_kind = rows_from(workers, digit, "masking", 0, models[:1], "en")
    assert other_kind[0] is not first[0] and other_kind[0]["psnr"] != first[0]["psnr"]


def test_rows_still_come_when_a_worker_dies(workers, models, test_digits):
    rows_from(workers, test_digits[0][9], "gaussian", 0, models, "en")  # both workers are up
    victim = next(iter(workers._pool._processes.values()))  # a worker, not another test's child (a trainer)
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(timeout=10)
    digit = test_digits[0][10]
    assert rows_from(workers, digit, "gaussian", 0, models, "en") == rows_here(digit, "gaussian", 0, models)
    made_here = workers.made_here
    digit = test_digits[0][11]
    assert rows_from(workers, digit, "gaussian", 0, models, "en") == rows_here(digit, "gaussian", 0, models)
    assert workers.made_here == made_here  # new workers made these


def test_without_workers_the_rows_are_made_here(models, test_digits):
    made = RowWorkers(0)
    digit = test_digits[0][12]
    assert rows_from(made, digit, "gaussian", 0, models, "en") == rows_here(digit, "gaussian", 0, models)
    assert made.made_here == len(models)


def test_a_worker_does_not_run_the_servers_script(tmp_path, monkeypatch, models, test_digits):
    # Streamlit runs app.py as a fresh module named __main__ with no spec; multiprocessing would run it again
    # in each spawned worker, outside a server.
    ran = streamlit_style_main(tmp_path, monkeypatch)
    made = RowWorkers(1)
    try:
        rows_from(made, test_digits[0][13], "gaussian", 0, models[:1], "en")
    finally:
        made.close()
    assert made.made_here == 0 and not ran.exists()


def test_workers_end_with_a_killed_server():
    workers = children_of_a_killed_server("from dae.row_workers import RowWorkers\nmade = RowWorkers(2)")
    assert len(workers) == 2 and gone(workers)
