"""HTTP/1.1 over a plain socket: the request target goes out byte for byte, nothing normalised."""

from __future__ import annotations

import contextlib
import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class Reply:
    status: int | None  # None: the server closed the connection without an answer
    headers: list[tuple[str, str]]
    body: bytes
    raw: bytes

    def header(self, name: str) -> str | None:
        found = [v for k, v in self.headers if k == name.lower()]
        return found[0] if found else None


def request(port: int, target: bytes, *, method: bytes = b"GET", extra: bytes = b"") -> Reply:
    head = method + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra + b"\r\n"
    data = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        # The server may refuse an oversized head before reading all of it: read its answer anyway.
        with contextlib.suppress(OSError):
            sock.sendall(head)
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                data += chunk
    return parse(data)


def parse(data: bytes) -> Reply:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    try:
        status = int(lines[0].split(b" ")[1])
    except (IndexError, ValueError):
        return Reply(None, [], body, data)
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers.append((name.decode("latin-1").strip().lower(), value.decode("latin-1").strip()))
    return Reply(status, headers, body, data)
