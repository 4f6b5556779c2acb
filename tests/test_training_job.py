"""Watch it learn's training job with real child processes: one at a time, a second waits its turn, Stop keeps
what was learned, and a crash in the child is reported instead of taking the server down."""

import time

import numpy as np

from ui import training_job


def settings(epochs: int, code_units: int = 8) -> dict:
    return {"code_units": code_units, "noise_level": 0.0, "epochs": epochs, "watch": np.zeros((10, 28, 28), np.float32)}


def wait_until(condition, job: training_job.Job, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while not condition() and time.time() < deadline:
        training_job.poll(job)
        time.sleep(0.2)  # the child works at its own pace; this only paces the polling
    assert condition(), job


def test_a_second_training_waits_its_turn_and_stop_keeps_what_was_learned():
    first = training_job.request(settings(epochs=20))
    second = training_job.request(settings(epochs=1))
    try:
        assert first.state == "starting" and second.state == "waiting"
        wait_until(lambda: first.epochs_done >= 1, first)
        training_job.poll(second)
        assert second.state == "waiting"  # still the first one's turn
        training_job.stop(first)
        assert first.state == "stopped" and not first.process.is_alive()
        assert first.epochs_done >= 1 and first.pictures.shape == (10, 28, 28)  # what it learned stays
        wait_until(lambda: second.state == "done", second)
        assert second.epochs_done == 1
    finally:
        for job in (first, second):
            training_job.stop(job)


def test_a_crash_in_the_child_is_reported_not_raised():
    job = training_job.request(settings(epochs=1, code_units=-1))  # Keras refuses a negative layer size
    try:
        wait_until(lambda: not job.active, job)
        assert job.state == "failed" and job.reason and job.epochs_done == 0
    finally:
        training_job.stop(job)
