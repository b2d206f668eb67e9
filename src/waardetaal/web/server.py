"""Running the web application under uvicorn, with its workers warm and slow clients cut off.

uvicorn closes idle keep-alive connections, but not one that sends its request
a byte at a time (slowloris): every byte it receives cancels that timer. Its
h11 protocol is extended here with a read deadline: a client gets
``read_seconds`` from the start of a request (connection made, or the previous
answer sent) to deliver its headers, and a connection whose client goes on
sending a body after the answer is closed too. A body the application reads is
bounded by the application's own deadline, which answers 408.

Starting is three steps, so a port in use is found before anything starts and
no client waits on cold workers: :func:`bind` takes the address (refusing
connections), the caller warms its workers, :func:`listen` lets clients in.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import sys
import threading
import webbrowser

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


class ListenError(Exception):
    """The server cannot listen on the address it was given; the message says why, in Dutch."""


_LISTEN_ERRORS = {
    errno.EADDRINUSE: "is al in gebruik (draait waardetaal al?); kies een andere poort met --port",
    errno.EACCES: "mag dit programma niet gebruiken; kies een poort boven 1023 met --port",
    errno.EADDRNOTAVAIL: "bestaat niet op deze computer; kies een ander adres met --host",
}


def bind(host: str, port: int) -> socket.socket:
    """A socket holding ``host``:``port`` but refusing connections until :func:`listen`, or ListenError.

    Binding first finds a port in use at once, before the workers are started;
    refusing until then keeps a client from waiting on workers still warming up.
    """
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        raise ListenError(f"het adres {host} is onbekend; kies een ander adres met --host") from None
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a restart need not wait
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise _refused(f"[{host}]:{port}" if ":" in host else f"{host}:{port}", error) from None
    return sock


def listen(sock: socket.socket, backlog: int = 2048) -> None:
    """Start taking connections on a bound socket (they queue until served), or ListenError."""
    try:
        sock.listen(backlog)
    except OSError as error:  # another server bound the same port meanwhile and listened first
        address = page_address(sock).removeprefix("http://").rstrip("/")
        sock.close()
        raise _refused(address, error) from None


def _refused(address: str, error: OSError) -> ListenError:
    reason = _LISTEN_ERRORS.get(error.errno or 0, f"is niet te gebruiken (systeemfout {error.errno})")
    return ListenError(f"{address} {reason}")


def page_address(sock: socket.socket) -> str:
    """The page's address on a bound socket; a wildcard host becomes this computer's own address."""
    host, port = sock.getsockname()[:2]
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def open_in_browser(address: str) -> None:
    """Open ``address`` in the user's browser (``BROWSER`` or the system's), without waiting for it."""
    # a browser command may not return until its window closes: the server must not wait for it
    threading.Thread(target=_open, args=(address,), daemon=True).start()


def _open(address: str) -> None:
    if not webbrowser.open(address):
        print(f"waardetaal: geen browser gevonden; open {address} zelf.", file=sys.stderr)


def root_path(value: str) -> str:
    """The path prefix a reverse proxy serves the page under, as ``/a/b`` (empty for none), or ValueError."""
    if value and not value.startswith("/"):
        raise ValueError("het pad moet met / beginnen, bijvoorbeeld /waardetaal")
    return value.rstrip("/")


def prepare(pool: WorkPool, read_seconds: float, prefix: str = "") -> uvicorn.Server:
    """The server for the application checking in ``pool``, built whole before it takes a connection.

    ``prefix`` is the path a reverse proxy serves the application under and strips
    before it forwards a request (uvicorn's ``root_path``).
    """
    config = uvicorn.Config(
        create_app(pool=pool, read_seconds=read_seconds),
        log_level="warning",
        http=deadline_protocol(read_seconds),
        root_path=prefix,
    )
    config.load()  # else the first request would wait for it
    return uvicorn.Server(config)


def serve(server: uvicorn.Server, sock: socket.socket, pool: WorkPool) -> None:
    """Serve on the listening ``sock`` until stopped; then stop the pool."""
    try:
        server.run(sockets=[sock])
    finally:
        pool.stop()
