"""Watch it learn's training job, seen from the server: a trainer kept ready, one training at a time, stop.

Importing TensorFlow takes seconds, so a trainer (dae.training.watch.serve, a child process) gets ready
before anyone presses Train: when the page is first opened, and again as soon as a training has shown its
first epoch (not before: on two cores, a trainer loading TensorFlow beside that epoch made the second
training's first pictures come at 2.3-4.3 s instead of 1.8 s). A trainer trains one job and exits, so
TensorFlow's memory leaves with it and a crash in one cannot touch the next; the server never loads
TensorFlow. Train pressed while a training still runs (a new code size half way) hands that training's
trainer the new job instead: it is warm, where the next one may still be loading. A waiting trainer holds
~760 MB of its own (RSS; ~710 MB PSS) from the page's first opening on: a lesson that never opens the page
pays nothing (made at server start, it would put every server over tools.bench's 1.5 GB with one session).
One training at a time per server (two would halve everyone's speed): a second one waits its turn and starts
when the first ends. Stopping ends the trainer and keeps what was learned so far.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Literal

import numpy as np
import streamlit as st

from dae import data
from dae.training import watch
from ui import children

State = Literal["waiting", "starting", "running", "done", "stopped", "failed"]
ACTIVE: tuple[State, ...] = ("waiting", "starting", "running")
JOBS_PER_TRAINER = 8  # a Train pressed during a training hands its trainer the new job, this many times at most


@dataclass
class Trainer:
    """A child process getting ready (or ready) to train, its two queues (dae.training.watch), and its jobs."""

    process: BaseProcess
    jobs: Any
    messages: Any
    job: Job | None = None  # the one it trains now
    taken: int = 0  # jobs sent to it: each one's number


@dataclass
class Job:
    """One session's training: its settings, what it has learned so far, and its trainer."""

    settings: dict[str, Any]
    inputs: np.ndarray  # the watched digits as the network sees them (a denoiser's noised)
    state: State = "waiting"
    losses: list[float] = field(default_factory=list)
    pictures: np.ndarray | None = None
    reason: str = ""
    trainer: Trainer | None = field(default=None, repr=False)
    number: int = 0  # among its trainer's jobs: reports about another one are not this one's
    # The trainer's reports are recorded by a thread of their own; Stop, on the page's thread, must not
    # be overwritten by an epoch recorded a moment later.
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def epochs_done(self) -> int:
        return len(self.losses)

    @property
    def process(self) -> BaseProcess | None:
        return self.trainer.process if self.trainer is not None else None


@st.cache_resource
def _slot() -> dict[str, Any]:
    """The server's one training slot: the job holding it, the trainer ready for the next, a lock for both."""
    return {"lock": threading.Lock(), "job": None, "spare": None}


def prepare() -> None:
    """Have a trainer getting ready for the next Train (the page calls this whenever it runs)."""
    _prepare(_slot())


def _prepare(slot: dict[str, Any]) -> None:
    with slot["lock"]:
        holder = slot["job"]
        if slot["spare"] is None and not (holder is not None and holder.state == "starting"):
            slot["spare"] = _start_trainer()


def _start_trainer() -> Trainer:
    context = children.spawn_context()
    jobs, messages = context.Queue(), context.Queue()
    digits_in, digits_out = context.Pipe(duplex=False)
    process = context.Process(target=watch.serve, args=(os.getpid(), digits_in, jobs, messages), daemon=True)
    process.start()
    digits_in.close()  # the trainer's end: if it dies, sending fails instead of waiting
    threading.Thread(target=_send_digits, args=(digits_out,), daemon=True).start()
    return Trainer(process, jobs, messages)


def _send_digits(to: Connection) -> None:
    """The training digits, to a trainer that has just started (so it neither reads nor unpacks the file: ~2 s,
    ~800 MB at its peak). Straight from the array the server holds anyway (the page shows test digits from the
    same file): a pickled copy per trainer left ~30 MB each in the server's heap."""
    # OSError: the trainer ended first. MnistFileError: the pipe closes unsent and the trainer reports EOFError.
    with to, contextlib.suppress(OSError, data.MnistFileError):
        digits = data.load_mnist()[0][0][: watch.TRAIN_IMAGES]
        to.send_bytes(digits.reshape(-1).data)  # flat: send_bytes would count a 3-D buffer's length in rows


def request(settings: dict[str, Any], replacing: Job | None = None) -> Job:
    """A new job (settings: code_units, noise_level, epochs, watch: the clean digits to reconstruct), instead of
    `replacing` if given (which stops). It starts at once if the slot is free, else on a later poll()."""
    job = Job(settings, watch.shown(settings["watch"], settings["noise_level"]))
    if replacing is None or not _hand_over(replacing, job):
        if replacing is not None:
            stop(replacing)
        _try_start(job)
    return job


def _hand_over(old: Job, new: Job) -> bool:
    """Train `new` on `old`'s trainer, which drops `old` at once: warm, it shows the first epoch in about a
    second, where a trainer started when `old` had its first epoch might still be loading TensorFlow. Not
    after JOBS_PER_TRAINER jobs, so that one process's memory does not grow for a whole lesson."""
    slot = _slot()
    with slot["lock"], old.lock:
        trainer = old.trainer
        if old.state not in ("starting", "running") or trainer is None or trainer.job is not old:
            return False
        if trainer.taken >= JOBS_PER_TRAINER or not trainer.process.is_alive():
            return False
        old.state = "stopped"
        _give(trainer, new)
        slot["job"] = new
        _hold_back_the_spare(slot)
    return True


def _hold_back_the_spare(slot: dict[str, Any]) -> None:
    """A spare still loading TensorFlow would take a core from the new job's first epoch (a second's pictures
    came at 3.3 s instead of 1.7): end it; another starts once that epoch is in."""
    spare = slot["spare"]
    if spare is not None and spare.messages.empty():  # no ("ready",) yet
        spare.process.terminate()
        slot["spare"] = None


def _try_start(job: Job) -> None:
    slot = _slot()
    with slot["lock"]:
        holder = slot["job"]
        if holder is not None and holder is not job and holder.active:
            return  # someone else is training: wait
        trainer, slot["spare"] = slot["spare"], None
        if trainer is None or not trainer.process.is_alive():  # none asked for yet, or it died (killed for memory)
            trainer = _start_trainer()
        _give(trainer, job)
        slot["job"] = job
    threading.Thread(target=_follow, args=(trainer, slot), daemon=True).start()


def _give(trainer: Trainer, job: Job) -> None:
    trainer.taken += 1
    job.trainer, job.number, job.state = trainer, trainer.taken, "starting"
    trainer.job = job  # before the job is sent: its first report finds it here
    settings = {key: job.settings[key] for key in ("code_units", "noise_level", "epochs")}
    trainer.jobs.put((job.number, {**settings, "inputs": job.inputs}))


def _follow(trainer: Trainer, slot: dict[str, Any]) -> None:
    """Record the trainer's reports into the job it trains as they come, whether or not that job's page still
    asks (unread, they would fill the pipe and keep the trainer, and so the slot, from ever ending), until the
    trainer has ended; one that died with its job unfinished failed it."""
    while True:
        alive = trainer.process.is_alive()  # before reading: whatever it sent before it ended is read first
        try:
            message = trainer.messages.get(timeout=0.2)
        except queue.Empty:
            if not alive:
                break
            continue
        _take(trainer, message, slot)
    if trainer.job is not None:
        _record(trainer.job, ("failed", f"exit code {trainer.process.exitcode}"))  # unless it had ended
    _prepare(slot)


def _take(trainer: Trainer, message: tuple, slot: dict[str, Any]) -> None:
    job = trainer.job
    assert job is not None
    if message[0] in ("epoch", "done") and message[1] != job.number:
        return  # about the job this one replaced
    if _record(job, message) and message[0] == "done":
        trainer.jobs.put(None)  # no job was handed over meanwhile: the trainer may go, its memory with it
    if message[0] == "epoch" and message[2] == 1:
        _prepare(slot)  # the first epoch is in: now the next trainer may take a core to get ready


def _record(job: Job, message: tuple) -> bool:
    """One report into the job, if it is still going (("ready",), from before any job, changes nothing)."""
    with job.lock:
        if not job.active:  # stopped meanwhile
            return False
        if message[0] == "epoch":
            _, _, epoch, loss, pictures = message
            job.pictures = np.asarray(pictures)  # before the loss: a page that sees epoch N has its pictures
            job.losses.append(float(loss))
            job.state = "running"
        elif message[0] == "done":
            job.state = "done"
        elif message[0] == "failed":
            job.state, job.reason = "failed", str(message[1])
        return True


def poll(job: Job) -> None:
    """Start a waiting job when the slot frees (what a running one reports is recorded as it comes)."""
    if job.state == "waiting":
        _try_start(job)


def stop(job: Job) -> None:
    """End the job's trainer now (if it still trains this job); what it learned so far stays on the page."""
    with job.lock:
        ending = job.active
        if ending:
            job.state = "stopped"
    if ending and job.process is not None and job.process.is_alive():
        job.process.terminate()
        job.process.join(timeout=5)
