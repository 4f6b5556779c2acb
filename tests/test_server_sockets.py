"""The server's sockets send at once (ui/server_sockets.py): Streamlit's listening socket, made as Streamlit
makes it, passes TCP_NODELAY to the connections it accepts once send_without_delay has run."""

from __future__ import annotations

import socket

from ui import server_sockets


def accepted_no_delay(listening: socket.socket) -> int:
    with socket.create_connection(listening.getsockname()) as _, listening.accept()[0] as accepted:
        return accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_connections_accepted_after_it_send_without_delay(monkeypatch):
    monkeypatch.setattr(server_sockets, "_done", False)
    with socket.socket(family=socket.AF_INET) as listening:  # protocol 0, as Streamlit 1.67 binds it
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        assert accepted_no_delay(listening) == 0  # asyncio leaves Nagle on for such a socket's connections
        assert server_sockets.send_without_delay() >= 1
        assert accepted_no_delay(listening) != 0
        assert server_sockets.send_without_delay() == 0  # once per process
        assert listening.fileno() >= 0  # the server's own socket stays open
