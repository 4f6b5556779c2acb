"""Watch it learn's training, run in a child process: `run()` trains and reports each epoch on a queue.

The app never imports Keras itself: the page starts this in a fresh (spawned) process, so TensorFlow's
memory goes with the process when training ends or is stopped, and a crash here cannot take the
server down. The child's own output goes nowhere (TensorFlow's and Keras' chatter would fill the
server's log); what the page needs comes back as messages:
  ("epoch", epoch, loss, reconstructions)  after every epoch
  ("done",)                                 when every epoch is trained
  ("failed", reason)                        if training raised
"""

from __future__ import annotations

import os
from multiprocessing.queues import Queue
from typing import Any


def silence() -> None:
    """Send this process's stdout and stderr (file descriptors 1 and 2) to /dev/null."""
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)


def run(settings: dict[str, Any], messages: Queue) -> None:
    """Train as `settings` say (code_units, noise_level, epochs, watch: the pictures to reconstruct)."""
    silence()
    try:
        from dae.training.train import train_while_watching  # Keras loads here, in the child only

        train_while_watching(
            settings["code_units"],
            settings["noise_level"],
            settings["epochs"],
            lambda epoch, loss, pictures: messages.put(("epoch", epoch, loss, pictures)),
            settings["watch"],
        )
        messages.put(("done",))
    except Exception as error:  # reported to the page, which says training failed and keeps what it had
        messages.put(("failed", type(error).__name__))
