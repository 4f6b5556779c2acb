"""Watch it learn's training job, seen from the server: start it in a child process, read its epochs, stop it.

One training at a time per server (two would halve everyone's speed): a second one waits its turn and
starts when the first ends. Stopping keeps what was learned so far. The child (dae.training.watch)
holds TensorFlow; when it exits, its memory goes with it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import sys
import threading
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any, Literal

import numpy as np
import streamlit as st

from dae.training import watch

State = Literal["waiting", "starting", "running", "done", "stopped", "failed"]
ACTIVE: tuple[State, ...] = ("waiting", "starting", "running")


@dataclass
class Job:
    """One session's training: its settings, what it has learned so far, and its child process."""

    settings: dict[str, Any]
    state: State = "waiting"
    losses: list[float] = field(default_factory=list)
    pictures: np.ndarray | None = None
    reason: str = ""
    process: BaseProcess | None = field(default=None, repr=False)
    messages: Any = field(default=None, repr=False)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def epochs_done(self) -> int:
        return len(self.losses)


@st.cache_resource
def _slot() -> dict[str, Any]:
    """The server's one training slot: the job holding it, and a lock for taking it."""
    return {"lock": threading.Lock(), "job": None}


def request(settings: dict[str, Any]) -> Job:
    """A new job; it starts at once if the slot is free, else on a later poll()."""
    job = Job(settings)
    _try_start(job)
    return job


def _try_start(job: Job) -> None:
    slot = _slot()
    with slot["lock"]:
        holder = slot["job"]
        if holder is not None and holder is not job and holder.active:
            return  # someone else is training: wait
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: no server threads or state copied
        job.messages = context.Queue()
        job.process = context.Process(target=watch.run, args=(job.settings, job.messages), daemon=True)
        with _main_module_hidden():
            job.process.start()
        job.state = "starting"
        slot["job"] = job


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """A spawned child re-runs the parent's __main__ module, which under Streamlit is the app script itself:
    the child would draw the page in bare mode (and log warnings). Show the child an empty one instead."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def poll(job: Job) -> None:
    """Read what the child has reported; notice a child that died; start a waiting job when the slot frees."""
    if job.state == "waiting":
        _try_start(job)
        return
    if not job.active or job.messages is None:
        return
    while True:
        try:
            message = job.messages.get_nowait()
        except queue.Empty:
            break
        _take(job, message)
    if job.active and job.process is not None and not job.process.is_alive():
        time.sleep(0.05)  # a last message can trail the exit by a moment
        while not job.messages.empty():
            _take(job, job.messages.get_nowait())
        if job.active:
            job.state, job.reason = "failed", f"exit code {job.process.exitcode}"


def _take(job: Job, message: tuple) -> None:
    if message[0] == "epoch":
        _, epoch, loss, pictures = message
        job.losses.append(float(loss))
        job.pictures = np.asarray(pictures)
        job.state = "running"
    elif message[0] == "done":
        job.state = "done"
    elif message[0] == "failed":
        job.state, job.reason = "failed", str(message[1])


def stop(job: Job) -> None:
    """End the child now; what it learned so far stays on the page."""
    poll(job)
    if job.process is not None and job.process.is_alive():
        job.process.terminate()
        job.process.join(timeout=5)
    if job.active:
        job.state = "stopped"
