"""Child processes of the server (Watch it learn's trainers), spawned without running the app's script again.

Server glue, not the runtime library: the problem is Streamlit's way of running a script as __main__. (A child
ends itself with the server: dae/training/watch.py.)
"""

from __future__ import annotations

import multiprocessing
from multiprocessing import spawn
from multiprocessing.context import SpawnContext
from typing import Any

_MAIN_KEYS = ("init_main_from_path", "init_main_from_name")


def spawn_context() -> SpawnContext:
    """multiprocessing's spawn context, whose children are never handed the parent's __main__ module to run.

    spawn, not fork: a forked copy of the server would inherit its threads' locks mid-use.
    """
    _hand_children_no_main()
    return multiprocessing.get_context("spawn")


def _hand_children_no_main() -> None:
    """multiprocessing prepares a spawned child by running its parent's __main__ module again, from its path
    when the module has no spec. In a Streamlit server __main__ is a script: Streamlit runs each script (app.py,
    a page) in a fresh module of that name, with no spec, and puts a new one in sys.modules on every run, from
    any session's thread, even while another thread starts a child. Such a child ran the script without a
    server, loading what a page loads and logging a warning for each call it made. Giving the module a spec
    just before starting a child lost that race now and then (a trainer started beside a page's rerun), so
    the children are handed no main module at all: what they run lives in importable modules."""
    if getattr(spawn.get_preparation_data, "hands_no_main", False):
        return
    with_main = spawn.get_preparation_data

    def without_main(name: str) -> dict[str, Any]:
        data = with_main(name)
        for key in _MAIN_KEYS:
            data.pop(key, None)
        return data

    without_main.hands_no_main = True  # type: ignore[attr-defined]
    spawn.get_preparation_data = without_main
