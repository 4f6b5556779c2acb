"""Watch it learn's training job with real child processes: a trainer ready before Train and a fresh one for each
training (a Train during a training hands over its trainer instead), one at a time (a second waits its turn),
Stop keeps what was learned, a crash or a killed trainer is reported instead of taking the server down, a job
nobody watches still ends, and no trainer outlives a killed server or runs the server's script."""

import os
import signal
import sys
import time

import numpy as np

from tests.children import children_of_a_killed_server, gone, streamlit_style_main
from ui import training_job


def settings(epochs: int, code_units: int = 8, noise_level: float = 0.0) -> dict:
    watch = np.linspace(0, 1, 10 * 28 * 28, dtype=np.float32).reshape(10, 28, 28)
    return {"code_units": code_units, "noise_level": noise_level, "epochs": epochs, "watch": watch}


def wait_until(condition, job: training_job.Job, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while not condition() and time.time() < deadline:
        training_job.poll(job)
        time.sleep(0.2)  # the child works at its own pace; this only paces the polling
    assert condition(), job


def spare() -> training_job.Trainer | None:
    return training_job._slot()["spare"]


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
        learned, pictures = list(first.losses), first.pictures.copy()
        assert len(learned) >= 1 and pictures.shape == (10, 28, 28) and np.isfinite(pictures).all()
        wait_until(lambda: second.state == "done", second)
        assert second.epochs_done == 1
        # What the first learned stays, through the whole of the next training: its epochs and its pictures.
        assert first.state == "stopped" and first.losses == learned and np.array_equal(first.pictures, pictures)
    finally:
        for job in (first, second):
            training_job.stop(job)


def test_a_trainer_is_ready_before_train_and_each_training_has_its_own():
    # Other tests of this process import Keras (to check the ONNX files against it); training must add none.
    loaded_before = {name for name in ("tensorflow", "keras") if name in sys.modules}
    training_job.prepare()
    ready = spare()
    assert ready is not None and ready.process.is_alive()
    job = training_job.request(settings(epochs=2))
    try:
        assert job.process is ready.process and spare() is None  # the ready one trains; none started meanwhile
        wait_until(lambda: job.epochs_done >= 1, job)
        wait_until(lambda: spare() is not None, job)  # the next one gets ready once the first epoch is in
        assert spare().process is not ready.process
        wait_until(lambda: job.state == "done", job)
        ready.process.join(timeout=10)
        assert ready.process.exitcode == 0  # gone after its one training, its memory with it
        assert {name for name in ("tensorflow", "keras") if name in sys.modules} == loaded_before  # not here
    finally:
        training_job.stop(job)


def test_train_pressed_during_a_training_hands_it_its_trainer(monkeypatch):
    jobs = [training_job.request(settings(epochs=20))]
    first = jobs[0]
    try:
        wait_until(lambda: first.epochs_done >= 1, first)
        jobs.append(second := training_job.request(settings(epochs=2), replacing=first))
        assert first.state == "stopped" and second.process is first.process  # warm: no TensorFlow to load
        learned = first.epochs_done
        wait_until(lambda: second.state == "done", second)
        assert second.epochs_done == 2 and first.epochs_done == learned  # the dropped job's reports stay out
        second.process.join(timeout=10)
        assert second.process.exitcode == 0  # done, and nothing handed over: it goes
        monkeypatch.setattr(training_job, "JOBS_PER_TRAINER", 1)
        jobs.append(third := training_job.request(settings(epochs=20)))
        wait_until(lambda: third.epochs_done >= 1, third)
        jobs.append(fourth := training_job.request(settings(epochs=1), replacing=third))
        assert fourth.process is not third.process and not third.process.is_alive()  # its one job: stopped
        wait_until(lambda: fourth.state == "done", fourth)
    finally:
        for job in jobs:
            training_job.stop(job)


def test_a_denoiser_is_shown_noisy_digits_and_the_page_gets_them():
    noisy = training_job.request(settings(epochs=1, noise_level=0.5))
    plain = training_job.request(settings(epochs=1))  # waits its turn; its inputs are known at once
    try:
        assert np.array_equal(plain.inputs, settings(1)["watch"])
        assert noisy.inputs.shape == (10, 28, 28) and not np.allclose(noisy.inputs, settings(1)["watch"])
        assert noisy.inputs.min() >= 0 and noisy.inputs.max() <= 1
        wait_until(lambda: noisy.state == "done", noisy)
        assert noisy.pictures.shape == (10, 28, 28)
    finally:
        for job in (noisy, plain):
            training_job.stop(job)


def test_a_crash_in_the_child_is_reported_not_raised():
    job = training_job.request(settings(epochs=1, code_units=-1))  # Keras refuses a negative layer size
    try:
        wait_until(lambda: not job.active, job)
        assert job.state == "failed" and job.reason == "ValueError" and job.epochs_done == 0
    finally:
        training_job.stop(job)


def test_a_killed_trainer_is_reported_and_the_next_training_runs():
    job = training_job.request(settings(epochs=20))
    try:
        wait_until(lambda: job.epochs_done >= 1, job)
        os.kill(job.process.pid, signal.SIGKILL)  # as the out-of-memory killer would
        wait_until(lambda: not job.active, job)
        assert job.state == "failed" and job.reason == "exit code -9" and job.epochs_done >= 1
        again = training_job.request(settings(epochs=1))
        wait_until(lambda: again.state == "done", again)
    finally:
        training_job.stop(job)


def test_a_training_nobody_watches_still_ends_and_frees_the_slot():
    job = training_job.request(settings(epochs=6))  # and never polled: its page was left
    deadline = time.time() + 120
    while job.active and time.time() < deadline:
        time.sleep(0.2)
    assert job.state == "done" and job.epochs_done == 6
    job.process.join(timeout=10)
    assert job.process.exitcode == 0  # its reports were read, so nothing kept it from exiting
    after = training_job.request(settings(epochs=1))
    training_job.stop(after)
    assert after.process is not None  # it had started: the slot was free


def test_a_trainer_does_not_run_the_servers_script(tmp_path, monkeypatch):
    # Streamlit runs app.py as a fresh module named __main__ with no spec; multiprocessing would run it again
    # in each spawned child, outside a server.
    ran = streamlit_style_main(tmp_path, monkeypatch)
    trainer = training_job._start_trainer()
    try:
        assert trainer.messages.get(timeout=120) == ("ready",)  # TensorFlow loaded, the digits taken
    finally:
        trainer.process.terminate()
    assert not ran.exists()


def test_trainers_end_with_a_killed_server():
    trainers = children_of_a_killed_server("from ui import training_job\ntraining_job.prepare()")
    assert len(trainers) == 1 and gone(trainers)
