"""Child processes of the server (the row workers, Watch it learn's trainers): spawned without running the app's
script again, and gone with the server even when it is killed.
"""

from __future__ import annotations

import importlib.machinery
import multiprocessing
import os
import sys
import threading
import time
from multiprocessing.context import SpawnContext


def spawn_context() -> SpawnContext:
    """multiprocessing's spawn context, with the app's script left alone (call it right before starting a child).

    spawn, not fork: a forked copy of the server would inherit its threads' locks mid-use.
    """
    leave_main_alone()
    return multiprocessing.get_context("spawn")


def leave_main_alone() -> None:
    """Keep a spawned child from running the server's __main__ again.

    multiprocessing prepares a spawned process by running its parent's __main__ module again from its path,
    unless that module's spec names it "__main__". In a Streamlit server, __main__ is the app's script itself
    (Streamlit runs each script in a fresh module of that name, with no spec): each child ran app.py without
    a server, loading everything a page loads and logging a warning for each call it made.
    """
    main = sys.modules["__main__"]
    if getattr(main, "__spec__", None) is None:
        main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)


def end_with(server: int) -> None:
    """In a child: exit as soon as `server` (its parent's process id) is gone."""
    threading.Thread(target=_exit_with, args=(server,), daemon=True).start()


def _exit_with(server: int) -> None:
    # A server that is killed (not stopped) leaves its children waiting on a queue that never closes.
    while os.getppid() == server:
        time.sleep(1)
    os._exit(0)
