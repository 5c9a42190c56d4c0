"""The ASGI layer in front of the routes: limits, the strict target check, and the access log.

It sees the raw request target before Starlette decodes it, answers everything that is not one
of the two served targets with the same small 404 itself, and logs every request with its time,
target and status (the client's address only when the moderator asked for it).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tafel.share.security import MAX_HEAD, MAX_TARGET, METHODS, NOT_FOUND_BODY, parse_target, printable

LogSink = Callable[[str], None]

_BODIES = {
    404: NOT_FOUND_BODY,
    414: b"URI too long\n",
    431: b"Request header fields too large\n",
}


async def send_plain(send: Send, status: int) -> None:
    """A small text answer for a refused request (the security headers come from the server)."""
    body = _BODIES.get(status, NOT_FOUND_BODY)
    await send({
        "type": "http.response.start", "status": status,
        "headers": [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
        ],
    })
    await send({"type": "http.response.body", "body": body})


def _refusal(scope: Scope) -> int | None:
    raw: bytes = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    if len(raw) + len(scope.get("query_string", b"")) > MAX_TARGET:
        return 414
    if sum(len(k) + len(v) + 4 for k, v in scope["headers"]) > MAX_HEAD:
        return 431
    if scope["method"] not in METHODS or parse_target(raw) is None:
        return 404
    return None


class Guard:
    def __init__(self, app: ASGIApp, *, log: LogSink | None = None, log_clients: bool = False) -> None:
        self.app = app
        self.log = log
        self.log_clients = log_clients
        self._second = -1
        self._stamp = ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # no websockets, no lifespan: the server runs with both switched off
        status = 0

        async def tracked(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            refused = _refusal(scope)
            if refused is not None:
                await send_plain(tracked, refused)
            else:
                await self.app(scope, receive, tracked)
        finally:
            if self.log is not None:
                self.log(self._line(scope, status or 500))

    def _line(self, scope: Scope, status: int) -> str:
        now = int(time.time())
        if now != self._second:  # formatting the time once a second, not once a request
            self._second, self._stamp = now, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now))
        raw: bytes = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
        line = f"{self._stamp}  {printable(scope['method'].encode())}  {printable(raw)}  {status}"
        if self.log_clients and scope.get("client"):
            line += f"  {scope['client'][0]}"
        return line
