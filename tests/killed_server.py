"""A server killed with no clean shutdown, and the child processes it had started: do they end with it?"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

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
