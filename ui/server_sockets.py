"""The server's sockets send at once: Nagle's algorithm off.

Streamlit 1.67 binds its listening socket itself (`socket.socket(family=...)`, protocol 0), and asyncio turns
Nagle's algorithm off only for sockets whose protocol says TCP, so every websocket it accepts kept it on. A
rerun's reply is many small messages; with Nagle on, each small write after the first waited for the
browser's delayed acknowledgement, and every reply arrived ~40 ms late (measured at the protocol: a resting
slider's reply 56 ms with 19 ms of server work). On Linux and macOS a socket accepted from a listening one
inherits TCP_NODELAY, so setting it once on the sockets open now covers every later connection.
"""

from __future__ import annotations

import os
import socket
import stat

_done = False


def send_without_delay() -> int:
    """TCP_NODELAY on every TCP socket of this process, once per process; returns how many were set."""
    global _done
    if _done:
        return 0
    _done = True
    try:
        descriptors = [int(name) for name in os.listdir("/dev/fd")]
    except OSError:  # no /dev/fd (Windows): sockets as they are
        return 0
    return sum(_no_delay(descriptor) for descriptor in descriptors)


def _no_delay(descriptor: int) -> bool:
    try:
        if not stat.S_ISSOCK(os.fstat(descriptor).st_mode):
            return False
        with socket.socket(fileno=os.dup(descriptor)) as sock:  # a copy: closing it leaves the server's open
            if sock.family not in (socket.AF_INET, socket.AF_INET6) or sock.type != socket.SOCK_STREAM:
                return False
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return True
    except OSError:  # closed meanwhile, or not a socket this process may change
        return False
