"""Watch it learn's trainer, run in a child process: get ready before anyone asks, then train.

The app never imports Keras itself: it spawns `serve()` in a fresh process, which loads TensorFlow and
Keras and takes the training digits at once, then waits. Importing TensorFlow takes seconds, so a trainer
made ready beforehand shows the first epoch about a second after Train instead of several. A trainer trains
one job and exits (TensorFlow's memory goes with it, and a crash here cannot take the server down), unless
a new job comes while it trains: then it drops the one it has and trains the new one, already warm. The
child's own output goes nowhere (TensorFlow's and Keras' chatter would fill the server's log). It is sent:
  the training digits (uint8, TRAIN_IMAGES of them)  on `digits`, as soon as it is started
  (number, settings) of a job                        on `jobs`, when someone presses Train
  None                                               on `jobs`, after "done": no new job came, exit
and it sends back, on `messages`:
  ("ready",)                                         when it is ready, before any job
  ("epoch", number, epoch, loss, reconstructions)    after every epoch
  ("done", number)                                   when every epoch is trained
  ("failed", reason)                                 if getting ready or training raised (it then exits)
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.queues import Queue
from typing import Any

import numpy as np

from dae import data
from dae.noise import add_noise

TRAIN_IMAGES = 20_000  # the first training digits: about a second per epoch on a laptop's two cores


def silence() -> None:
    """Send this process's stdout and stderr (file descriptors 1 and 2) to /dev/null."""
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)


def shown(watch: np.ndarray, noise_level: float) -> np.ndarray:
    """The watched digits as the network sees them: for a denoiser, noised like its training data (one fixed
    pattern, so every epoch's reconstructions answer the same question)."""
    return add_noise(watch, "gaussian", noise_level, seed=0) if noise_level else np.asarray(watch, np.float32)


def _end_with(server: int) -> None:
    """Exit as soon as `server` (the parent's process id) is gone: a server that is killed (not stopped) leaves
    its trainer waiting on a queue that never closes."""

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def serve(server: int, digits: Connection, jobs: Queue, messages: Queue) -> None:
    """Get ready, then train the jobs sent (settings: code_units, noise_level, epochs, inputs: the pictures to
    reconstruct after each epoch) until told to exit; `server` is the parent's process id, outlived by no
    trainer."""
    silence()
    _end_with(server)
    try:
        train = _get_ready(digits, jobs)
        messages.put(("ready",))
        job = _latest(jobs)
        while job is not None:
            number, settings = job
            finished = train(
                settings["code_units"],
                settings["noise_level"],
                settings["epochs"],
                _reporter(messages, number),
                settings["inputs"],
                should_stop=lambda: not jobs.empty(),  # a new job came: drop this one now
            )
            if finished and jobs.empty():
                messages.put(("done", number))
            job = _latest(jobs)
    except Exception as error:  # reported to the page, which says training failed and keeps what it had
        messages.put(("failed", type(error).__name__))
    # Gone at once, its memory with it: an interpreter with TensorFlow loaded took seconds to shut down.
    messages.close()
    messages.join_thread()  # every report is in the pipe
    os._exit(0)


def _reporter(messages: Queue, number: int) -> Callable[[int, float, np.ndarray], None]:
    return lambda epoch, loss, pictures: messages.put(("epoch", number, epoch, loss, pictures))


def _latest(jobs: Queue) -> tuple[int, dict[str, Any]] | None:
    """The next job (waiting for one), or the last of several sent meanwhile: the others were replaced."""
    job = jobs.get()
    while not jobs.empty():
        job = jobs.get()
    return job


def _get_ready(digits: Connection, jobs: Queue) -> Callable[..., Any]:
    """What takes seconds, done before a job comes: the training digits taken (first: the server waits until
    they are), TensorFlow and Keras loaded, and, unless a job is waiting already, one tiny training so that
    TensorFlow's first-call set-up (~0.2 s) is not paid by the first epoch."""
    with digits:
        x_train = data.to_float(np.frombuffer(digits.recv_bytes(), np.uint8).reshape(-1, 28, 28))
    from dae.training.train import train_while_watching  # Keras loads here, in the child only

    if jobs.empty():
        train_while_watching(8, 0.0, 1, lambda *_: None, x_train[:10], x_train[:256])
    return functools.partial(train_while_watching, x_train=x_train)
