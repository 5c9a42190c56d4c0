"""uvicorn's HTTP protocol as the share server runs it: a bounded request head, one send per answer.

These reach into uvicorn's httptools protocol (documented as pluggable: ``Config(http=cls)``);
without httptools the server falls back to uvicorn's h11 protocol and its own limits.
"""

from __future__ import annotations

import asyncio
import logging
import time

from tafel.share.guard import LogSink
from tafel.share.security import MAX_PROTOCOL_HEAD


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

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(_Coalescing(transport))  # type: ignore[arg-type]
            # The keep-alive timeout from the start, not only after a first answer: a connection that
            # never sends a request is closed like an idle one, and counts as idle at the cap (limits.py).
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self.timeout_keep_alive_handler)

        def on_headers_complete(self) -> None:
            self.head_began = None
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
            super().on_message_begin()

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
