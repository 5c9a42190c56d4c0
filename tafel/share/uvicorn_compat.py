"""uvicorn as the share server runs it; tafel's one module that knows uvicorn's internals.

``uvicorn>=0.30,<0.55`` in pyproject; tests/share/test_uvicorn_compat.py checks that every
attribute used here still exists, so an upgrade that moves one fails there first, loudly.

* ``bounded_protocol``: uvicorn's httptools protocol (pluggable, ``Config(http=cls)``), with a
  bound on the request head, one send per answer, and the keep-alive timer from the start;
  without httptools, uvicorn's h11 protocol and its own limits.
* ``idle_since``, ``close_idle``, ``head_began``, ``close_now``, ``answer_last``: what the
  connection cap (limits.Acceptor) reads and does to a connection: uvicorn's keep-alive timer
  (``timeout_keep_alive_task``, ``timeout_keep_alive_handler``), its request cycle
  (``cycle.response_complete``, ``cycle.keep_alive``) and its transport.
* ``CappedServer``: uvicorn's ``Server`` whose listening sockets are served by limits.Acceptor
  instead of asyncio's accept loop; its ``startup`` makes the protocols as uvicorn's does
  (``config.http_protocol_class``, ``server_state``, ``lifespan``). uvicorn has no public hook
  for either.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from typing import TYPE_CHECKING, Any

import uvicorn

from tafel.share.guard import LogSink
from tafel.share.security import MAX_PROTOCOL_HEAD

if TYPE_CHECKING:
    from tafel.share.limits import Acceptor, Notices
    from tafel.share.live import LiveHub


class _Coalescing:
    """A transport that sends a response's head and body (written one after the other) as one packet.

    uvicorn writes them separately; that is two system calls and two packets per request, a good
    part of the server's time under load. What is written in one step of the event loop goes out
    together at the end of that step.
    """

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._parts: list[bytes] = []
        self._loop = asyncio.get_running_loop()

    def write(self, data: bytes) -> None:
        if not self._parts:
            self._loop.call_soon(self._flush)
        self._parts.append(data)

    def _flush(self) -> None:
        if self._parts:
            data = b"".join(self._parts)
            self._parts.clear()
            if not self._transport.is_closing():
                self._transport.write(data)

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._parts))

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def __getattr__(self, name: str) -> object:
        return getattr(self._transport, name)


def bounded_protocol() -> type | str:
    """httptools with a bound on the request head (it has none of its own); h11 when missing."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:
        return "h11"

    class BoundedHttpTools(HttpToolsProtocol):
        _head_size = 0
        last_call = False  # set at the connection cap (limits.py): the next answer closes the connection
        head_began: float | None = None  # when the request head now arriving began (loop time), if one is
        _head_timer: asyncio.TimerHandle | None = None

        def connection_made(  # type: ignore[override]  # a Transport, as uvicorn's; asyncio says BaseTransport
            self, transport: asyncio.Transport,
        ) -> None:
            super().connection_made(_Coalescing(transport))  # type: ignore[arg-type]  # a Transport in all it uses
            # The keep-alive timeout from the start, not only after a first answer: a connection that
            # never sends a request is closed like an idle one, and counts as idle at the cap (limits.py).
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self.timeout_keep_alive_handler)

        def on_headers_complete(self) -> None:
            self.head_began = None
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None
            super().on_headers_complete()
            if self.last_call and self.cycle is not None:
                self.cycle.keep_alive = False  # answered with "Connection: close"; the client reconnects

        def _grow(self, n: int) -> None:
            self._head_size += n
            if self._head_size > MAX_PROTOCOL_HEAD:
                # Raising here makes httptools report a parser error: uvicorn answers 400, closes.
                raise ValueError("request head too large")

        def on_message_begin(self) -> None:
            self._head_size = 0
            self.head_began = self.loop.time()  # a head that takes its time is closed at the cap (limits.py)
            # and in any case once it has taken the keep-alive timeout: uvicorn stops that timer at
            # the first byte, so a head sent drop by drop held its connection for good.
            self._head_timer = self.loop.call_later(self.timeout_keep_alive, self._head_too_slow)
            super().on_message_begin()

        def _head_too_slow(self) -> None:
            self._head_timer = None
            if self.head_began is not None:
                self.transport.close()

        def on_url(self, url: bytes) -> None:
            self._grow(len(url))
            super().on_url(url)

        def on_header(self, name: bytes, value: bytes) -> None:
            self._grow(len(name) + len(value) + 4)
            super().on_header(name, value)

    return BoundedHttpTools


class ProtocolLog(logging.Handler):
    """uvicorn's own warnings (a request it could not parse) into the access log, not onto stderr."""

    def __init__(self, sink: LogSink | None) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        if self.sink is not None:
            self.sink(f"{time.strftime('%Y-%m-%d %H:%M:%S')}  -  {record.getMessage()}")


# -- a connection as the connection cap (limits.Acceptor) sees it ------------------------------


def idle_since(protocol: Any, idle_timeout: float) -> float | None:
    """When the connection began waiting for its next (or first) request (loop time); None: busy."""
    timer = getattr(protocol, "timeout_keep_alive_task", None)
    if timer is None or timer.cancelled():
        return None
    return float(timer.when()) - idle_timeout


def close_idle(protocol: Any) -> None:
    """Close a waiting connection now, as its keep-alive timer would have done a little later."""
    timer = protocol.timeout_keep_alive_task
    timer.cancel()
    protocol.timeout_keep_alive_task = None
    protocol.timeout_keep_alive_handler()  # closes the transport


def head_began(protocol: Any) -> float | None:
    """When the request head now arriving began (loop time), if one is (BoundedHttpTools sets it)."""
    began = getattr(protocol, "head_began", None)
    return began if isinstance(began, float) else None


def close_now(protocol: Any) -> None:
    protocol.transport.close()


def answer_last(protocol: Any) -> None:
    """The connection closes after its next answer ("Connection: close"), or the one being written."""
    protocol.last_call = True
    cycle = getattr(protocol, "cycle", None)
    if cycle is not None and not cycle.response_complete:
        cycle.keep_alive = False


def is_last_call(protocol: Any) -> bool:
    return bool(getattr(protocol, "last_call", False))


# -- the server ---------------------------------------------------------------------------------


class CappedServer(uvicorn.Server):
    """uvicorn's server, accepting its connections itself: at most ``cap`` open at once (limits.py)."""

    def __init__(self, config: uvicorn.Config, *, cap: int, notices: Notices, live: LiveHub | None = None) -> None:
        super().__init__(config)
        self.cap = cap
        self.notices = notices
        self.live = live
        self.acceptors: list[Acceptor] = []

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        from tafel.share.limits import Acceptor, accepts_itself  # limits uses this module's functions

        loop = asyncio.get_running_loop()
        if self.live is not None:
            self.live.start()  # the live pages' look at the database, on this loop
        if not sockets or not accepts_itself(loop):
            await super().startup(sockets)  # Windows' proactor loop: uvicorn's (asyncio's) accept loop
            return
        await self.lifespan.startup()  # lifespan is off: nothing happens, but uvicorn expects the call
        loop.set_exception_handler(self.notices.loop_error)  # one line, not a traceback on stderr
        config = self.config

        def create_protocol() -> asyncio.Protocol:
            return config.http_protocol_class(  # type: ignore[call-arg]  # as uvicorn's startup calls it; typed as a bare Protocol class
                config=config, server_state=self.server_state, app_state=self.lifespan.state, _loop=loop,
            )

        self.servers = []  # no asyncio servers: shutdown() closes the acceptors' sockets
        self.acceptors = [
            Acceptor(sock, create_protocol, self.server_state.connections, cap=self.cap,
                     idle_timeout=config.timeout_keep_alive, notices=self.notices)
            for sock in sockets
        ]
        for acceptor in self.acceptors:
            acceptor.start()
        self.started = True

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        if self.live is not None:
            self.live.close()  # the live streams end now, not at the graceful-shutdown timeout
        for acceptor in self.acceptors:
            acceptor.close()  # before the socket closes: its file number may be reused
        await super().shutdown(sockets)
