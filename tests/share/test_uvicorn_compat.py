"""uvicorn's internals that tafel/share/uvicorn_compat.py uses are still there and still behave so.

When one of these fails after a uvicorn upgrade, adapt uvicorn_compat.py, then widen the bound
on uvicorn in pyproject. The share server's own tests (test_server, test_file_limit) show the
whole working; these name the part that broke.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import uvicorn
from uvicorn.server import ServerState

from tafel.share import uvicorn_compat
from tafel.share.uvicorn_compat import CappedServer, answer_last, close_idle, head_began, idle_since


async def _app(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


class Transport(asyncio.Transport):
    """Enough of a socket's transport for a protocol to run a request on."""

    def __init__(self) -> None:
        super().__init__()
        self.written: list[bytes] = []
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("10.0.0.2", 50000), "sockname": ("10.0.0.1", 8000)}.get(name, default)

    def get_write_buffer_size(self) -> int:
        return 0

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def _protocol(state: ServerState) -> Any:
    cls = uvicorn_compat.bounded_protocol()
    assert not isinstance(cls, str), "httptools is part of tafel's dependencies"
    config = uvicorn.Config(_app, http=cls, lifespan="off", timeout_keep_alive=5, log_config=None)
    config.load()
    return cls(config=config, server_state=state, app_state={}, _loop=asyncio.get_running_loop())


def test_the_signatures_uvicorn_compat_relies_on() -> None:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    assert list(inspect.signature(HttpToolsProtocol.__init__).parameters) == [
        "self", "config", "server_state", "app_state", "_loop"]
    for hook in ("on_message_begin", "on_headers_complete"):
        assert list(inspect.signature(getattr(HttpToolsProtocol, hook)).parameters) == ["self"]
    assert list(inspect.signature(HttpToolsProtocol.on_url).parameters) == ["self", "url"]
    assert list(inspect.signature(HttpToolsProtocol.on_header).parameters) == ["self", "name", "value"]
    assert list(inspect.signature(uvicorn.Server.startup).parameters) == ["self", "sockets"]
    assert list(inspect.signature(uvicorn.Server.shutdown).parameters) == ["self", "sockets"]


async def test_a_connection_idles_is_answered_and_closed_through_uvicorns_internals() -> None:
    state = ServerState()
    protocol = _protocol(state)
    transport = Transport()
    protocol.connection_made(transport)
    assert protocol in state.connections  # what Acceptor watches (server_state.connections)
    # Waiting for a first request: the keep-alive timer runs from the start (BoundedHttpTools).
    assert idle_since(protocol, 5) is not None
    protocol.data_received(b"GET / HTTP/1.1\r\nHost: x\r\n")
    assert head_began(protocol) is not None  # a head on its way
    protocol.data_received(b"\r\n")
    assert idle_since(protocol, 5) is None  # busy: the request is being answered
    answer_last(protocol)  # the cycle's keep_alive off: "Connection: close" on this answer
    for _ in range(20):
        await asyncio.sleep(0)
    head = b"".join(transport.written)
    assert head.startswith(b"HTTP/1.1 204") and b"connection: close" in head.lower(), head
    assert transport.closed


async def test_an_idle_connection_is_closed_as_its_timer_would() -> None:
    state = ServerState()
    protocol = _protocol(state)
    transport = Transport()
    protocol.connection_made(transport)
    close_idle(protocol)
    assert transport.closed and protocol.timeout_keep_alive_task is None


def test_the_capped_server_has_uvicorns_server_state() -> None:
    from tafel.share.limits import Notices

    config = uvicorn.Config(_app, lifespan="off", log_config=None)
    server = CappedServer(config, cap=16, notices=Notices(None))
    assert isinstance(server.server_state.connections, set)
    assert server.started is False and server.should_exit is False
    config.load()
    assert inspect.isclass(config.http_protocol_class) and inspect.isclass(config.lifespan_class)
    # uvicorn makes the lifespan before startup(), which CappedServer's startup awaits.
    assert "self.lifespan = " in inspect.getsource(uvicorn.Server._serve)
