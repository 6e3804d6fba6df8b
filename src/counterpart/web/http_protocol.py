"""The HTTP/1.1 protocol `counterpart serve` runs: uvicorn's h11 one, with Nagle off.

asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets that say they are TCP;
the listening socket uvicorn binds for several workers says protocol 0, so without this every
response written in two parts (head, then body) waited for the client's delayed ACK, about
40 ms on Linux, in each worker.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol that sets TCP_NODELAY on each TCP connection it is given."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
