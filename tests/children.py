"""What the server's child processes (trainers) must survive: a server killed with no clean shutdown,
and Streamlit's way of running app.py as a __main__ module that multiprocessing would run again in a child."""

from __future__ import annotations

import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from dae.catalog import REPO_ROOT

# What the script runs after its own lines: name the children it started, then wait to be killed.
NAME_CHILDREN = (
    "import multiprocessing, time\n"
    "print(*[child.pid for child in multiprocessing.active_children()], flush=True)\n"
    "time.sleep(120)\n"
)


def children_of_a_killed_server(start: str) -> list[int]:
    """Run `start` (Python that starts children) as a server would, kill it as the out-of-memory killer would,
    and return the process ids of the children it had started."""
    server = subprocess.Popen(
        [sys.executable, "-c", start + "\n" + NAME_CHILDREN], stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT
    )
    assert server.stdout is not None
    children = [int(pid) for pid in server.stdout.readline().split()]
    assert children and all(Path(f"/proc/{pid}").exists() for pid in children)
    server.kill()
    server.wait(timeout=10)
    return children


def gone(pids: list[int], seconds: float = 15) -> bool:
    """Whether every one of `pids` has ended within `seconds`."""
    deadline = time.monotonic() + seconds
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not any(Path(f"/proc/{pid}").exists() for pid in pids)


def streamlit_style_main(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make __main__ what Streamlit makes it (a fresh module named __main__, no spec, its file app.py) with a
    script that only leaves a file behind; returns that file's path: it exists if a child ran the script."""
    ran = tmp_path / "ran"
    script = tmp_path / "app.py"
    script.write_text(f"open({str(ran)!r}, 'w').close()\n")
    streamlit_main = types.ModuleType("__main__")
    streamlit_main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", streamlit_main)
    return ran
