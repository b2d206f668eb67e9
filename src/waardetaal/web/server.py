"""Running the web application under uvicorn, with its workers warm and slow clients cut off.

uvicorn closes idle keep-alive connections, but not one that sends its request
a byte at a time (slowloris): every byte it receives cancels that timer. Its
h11 protocol is extended here with a read deadline: a client gets
``read_seconds`` from the start of a request (connection made, or the previous
answer sent) to deliver its headers, and a connection whose client goes on
sending a body after the answer is closed too. A body the application reads is
bounded by the application's own deadline, which answers 408.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from waardetaal.web.app import create_app
from waardetaal.web.pool import WorkPool


class ReadDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing connections whose client takes too long to send a request."""

    read_seconds: float
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the clock for the first request's headers."""
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        """Start the clock for the next request on this connection."""
        super().on_response_complete()
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock."""
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.read_seconds, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        client, server = self.conn.their_state, self.conn.our_state
        still_sending = client is h11.IDLE or (client is h11.SEND_BODY and server in (h11.DONE, h11.MUST_CLOSE))
        if still_sending and not self.transport.is_closing():
            self.transport.close()


def deadline_protocol(seconds: float) -> type[ReadDeadlineProtocol]:
    """A :class:`ReadDeadlineProtocol` giving clients ``seconds`` to send a request."""
    return type("ReadDeadline", (ReadDeadlineProtocol,), {"read_seconds": seconds})


def serve(
    host: str, port: int, pool: WorkPool, read_seconds: float, listening: Callable[[], None] = lambda: None
) -> None:
    """Serve the application, checking in ``pool``, until stopped; then stop the pool.

    ``listening`` is called once the socket takes connections: a client told the
    address then is queued until the server answers, never refused.
    """
    config = uvicorn.Config(
        create_app(pool=pool, read_seconds=read_seconds),
        host=host,
        port=port,
        log_level="warning",
        http=deadline_protocol(read_seconds),
    )
    try:
        sock = config.bind_socket()
        sock.listen(config.backlog)
        listening()
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        pool.stop()
