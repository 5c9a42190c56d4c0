"""At its open-file limit the share server keeps answering, says so once, and prints no traceback.

The real ``tafel share`` runs in its own process with RLIMIT_NOFILE lowered to 128; the test holds
300 idle connections to it (loopback only, a bounded number) and asks for a table's page meanwhile
and afterwards, as a phone would once the flood passes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tafel import settings as settings_mod
from tafel.canvases import Library
from tafel.services.summary import export_summary
from tafel.share import files as files_mod
from tafel.share.limits import HEADROOM, MIN_CONNECTIONS, connection_cap
from tafel.storage.repository import Store
from tests.factories import fill_table
from tests.process import ctrl_c_heard, stop
from tests.share.conftest import Shared
from tests.share.raw_http import Reply, request
from tests.share.test_server import assert_secure

FILE_LIMIT = 128
FLOOD = 300  # idle connections held open by the test: well over the server's file limit
LIMIT_LINE = re.compile(r"te veel verbindingen tegelijk|geen bestanden meer vrij")


def _low_file_limit() -> None:  # runs in the child, between fork and exec
    resource.setrlimit(resource.RLIMIT_NOFILE, (FILE_LIMIT, FILE_LIMIT))
    ctrl_c_heard()  # stopped with SIGINT


@contextlib.contextmanager
def _server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path, Path]]:
    out, err = tmp_path / "share.out", tmp_path / "share.err"
    # Files, not pipes: the server logs every request, and a full pipe nobody reads would block it.
    with out.open("wb") as out_fh, err.open("wb") as err_fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tafel", "share", "--host", "127.0.0.1", "--port", "0"],
            stdout=out_fh, stderr=err_fh, env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=_low_file_limit,
        )
    try:
        deadline = time.monotonic() + 30
        while not (m := re.search(r"http://127\.0\.0\.1:(\d+)/", out.read_text("utf-8", "replace"))):
            assert proc.poll() is None and time.monotonic() < deadline, err.read_text("utf-8", "replace")
            time.sleep(0.05)
        yield proc, int(m.group(1)), out, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=15)


def _flood(port: int, count: int) -> list[socket.socket]:
    """``count`` connections that never send a byte; non-blocking connects, so a full backlog cannot hang us."""
    held = []
    for _ in range(count):
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        held.append(sock)
    return held


def _page(port: int, token: str) -> Reply:
    """A phone asking for the page: answered, or the request's own timeout fails the test (no figure kept)."""
    return request(port, f"/{token}/".encode())


@pytest.fixture
def exported(tafel_home: Path, library: Library) -> tuple[str, bytes]:
    settings = settings_mod.load()
    store = Store.open(settings.db_url)
    table_id = fill_table(store, library)
    folder = export_summary(store, library, settings, table_id).folder
    token = store.share_token(table_id)
    store.close()
    return token, (folder / "index.html").read_bytes()


def test_pages_are_served_while_and_after_more_connections_than_files_are_held(
    tmp_path: Path, exported: tuple[str, bytes],
) -> None:
    token, page = exported
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < FLOOD + 64:  # the test's own sockets need room too
        wanted = FLOOD + 64 if hard == resource.RLIM_INFINITY else min(hard, FLOOD + 64)
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    try:
        stdout, stderr, returncode = _flood_the_server(tmp_path, token, page)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    assert returncode == 0, stderr[-3000:]
    assert "Traceback" not in stderr + stdout, stderr[-3000:]
    assert "Too many open files" not in stderr + stdout
    said = [line for line in (stdout + stderr).splitlines() if LIMIT_LINE.search(line)]
    assert 1 <= len(said) <= 2, said  # the limit was reached, and said once (a minute passes for no second)
    open_at_most = int(re.search(r"\((\d+)", said[0]).group(1))  # type: ignore[union-attr]
    assert MIN_CONNECTIONS <= open_at_most <= FILE_LIMIT - HEADROOM, said  # the cap, with room for files
    assert stdout.rstrip().endswith("Gestopt met delen.")
    assert stdout.count(f"GET  /{token}/  200") == 7


def _flood_the_server(tmp_path: Path, token: str, page: bytes) -> tuple[str, str, int | None]:
    """The server's stdout, stderr and exit code, after pages asked for during and after two floods."""
    with _server(tmp_path) as (proc, port, out, err):
        reply = _page(port, token)
        assert reply.status == 200 and reply.body == page

        held = _flood(port, FLOOD)
        try:
            time.sleep(0.5)  # the server has accepted up to its cap; the rest wait in the backlog
            for _ in range(3):
                reply = _page(port, token)
                assert reply.status == 200 and reply.body == page, reply.raw[:200]
                assert_secure(reply)
        finally:
            for sock in held:
                sock.close()

        # A second wave, closed at once: the server sees connections that are gone before it accepts them.
        for sock in _flood(port, FLOOD):
            sock.close()
        for _ in range(3):
            reply = _page(port, token)
            assert reply.status == 200 and reply.body == page
        stop(proc, signal.SIGINT)
        return out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace"), proc.returncode


def test_the_cap_leaves_room_for_files_and_has_a_floor() -> None:
    assert connection_cap(1024, in_use=10) == 1024 - 10 - HEADROOM
    assert connection_cap(128, in_use=10) == 128 - 10 - HEADROOM
    assert connection_cap(64, in_use=10) == MIN_CONNECTIONS
    assert connection_cap(resource.RLIM_INFINITY, in_use=10) == connection_cap(1 << 20, in_use=10)
    assert connection_cap(1 << 20, in_use=10) <= 8192


def test_out_of_files_while_reading_a_page_is_a_503_with_the_security_headers(
    shared: Shared, monkeypatch: pytest.MonkeyPatch,
) -> None:
    token = shared.store.share_token(shared.table())

    def no_files(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EMFILE, os.strerror(errno.EMFILE))

    monkeypatch.setattr(files_mod.Catalogue, "_read", no_files)
    busy = request(shared.port, f"/{token}/".encode())
    assert busy.status == 503, busy.raw[:300]
    assert busy.header("retry-after") == "1"
    assert busy.header("cache-control") == "no-store"
    assert_secure(busy)
    assert not any("Traceback" in line for line in shared.lines)

    monkeypatch.undo()
    time.sleep(files_mod.RECHECK_SECONDS)
    page = request(shared.port, f"/{token}/".encode())
    assert page.status == 200

    # Read once, the page is still served from memory while files are out (its recheck fails).
    monkeypatch.setattr(files_mod.Catalogue, "_read", no_files)
    time.sleep(files_mod.RECHECK_SECONDS)
    again = request(shared.port, f"/{token}/".encode())
    assert again.status == 200 and again.body == page.body


class _OutOfFilesAtFirst(socket.socket):
    """A listening socket whose first accept() calls fail as at the file limit."""

    failures = 5

    def accept(self) -> tuple[socket.socket, object]:
        if self.failures:
            self.failures -= 1
            raise OSError(errno.EMFILE, os.strerror(errno.EMFILE))
        return super().accept()


def test_accept_out_of_files_waits_says_it_once_and_serves_after(
    tafel_home: Path, library: Library, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tafel.share import server as server_mod

    def bind(host: str, port: int) -> socket.socket:
        sock = _OutOfFilesAtFirst(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((host, port))
        sock.listen(64)
        return sock

    monkeypatch.setattr(server_mod, "_bind", bind)
    settings = settings_mod.load()
    settings.home.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.db_url)
    table_id = fill_table(store, library)
    export_summary(store, library, settings, table_id)
    token = store.share_token(table_id)
    lines: list[str] = []
    server = server_mod.ShareServer(settings, "127.0.0.1", 0, log=lines.append, folders=store.exported_folders)
    server.start()
    try:
        replies = [_page(server.port, token) for _ in range(3)]
    finally:
        server.stop()
        store.close()
    assert [r.status for r in replies] == [200, 200, 200]
    said = [line for line in lines if LIMIT_LINE.search(line)]
    assert len(said) == 1 and "geen bestanden meer vrij" in said[0], lines
    assert not any("Traceback" in line or "Errno" in line for line in lines), lines


def _busy_client(port: int, target: bytes, stop: threading.Event, served: list[int], me: int) -> None:
    """Keep-alive requests back to back until ``stop``; reconnects when the server closes."""
    ask = b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    while not stop.is_set():
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            reader = sock.makefile("rb")
            while not stop.is_set():
                sock.sendall(ask)
                head = b""
                while (line := reader.readline()) not in (b"\r\n", b""):
                    head += line.lower()
                if not head:
                    break  # closed without an answer: connect again
                length = int(re.search(rb"content-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
                reader.read(length)
                served[me] += 1
                if b"connection: close" in head:
                    break


def test_busy_clients_at_the_cap_take_turns_and_a_new_phone_gets_in(
    tafel_home: Path, library: Library, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tafel.share import server as server_mod

    cap, clients = 4, 6
    monkeypatch.setattr(server_mod, "current_cap", lambda: cap)
    settings = settings_mod.load()
    settings.home.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.db_url)
    table_id = fill_table(store, library)
    export_summary(store, library, settings, table_id)
    token = store.share_token(table_id)
    lines: list[str] = []
    server = server_mod.ShareServer(settings, "127.0.0.1", 0, log=lines.append, folders=store.exported_folders)
    server.start()
    stop = threading.Event()
    served = [0] * clients
    threads = [threading.Thread(target=_busy_client, args=(server.port, f"/{token}/".encode(), stop, served, i))
               for i in range(clients)]
    try:
        for thread in threads:
            thread.start()
        while not all(served):  # every busy client has had a turn (the request timeouts bound this)
            time.sleep(0.05)
        for _ in range(3):
            assert _page(server.port, token).status == 200  # and a new phone gets in
    finally:
        stop.set()
        server.stop()  # first: a client waiting for its turn is closed now, not at its socket's timeout
        for thread in threads:
            thread.join(10)
        store.close()
    assert all(served), served  # more clients than the cap, and every one of them was answered
    said = [line for line in lines if LIMIT_LINE.search(line)]
    assert len(said) == 1, said


def test_an_event_loop_error_is_one_line_and_a_crash_log(tafel_home: Path) -> None:
    import asyncio

    from tafel.share.limits import Notices

    lines: list[str] = []
    notices = Notices(lines.append)
    loop = asyncio.new_event_loop()
    try:
        for _ in range(3):
            notices.loop_error(loop, {"message": "Task exception was never retrieved", "exception": ValueError("x")})
    finally:
        loop.close()
    assert len(lines) == 1 and lines[0].endswith("Task exception was never retrieved: x"), lines
    logs = list((tafel_home / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and "ValueError: x" in logs[0].read_text("utf-8")


def test_at_the_cap_heads_sent_drop_by_drop_are_closed_after_the_keep_alive_timeout(
    tafel_home: Path, library: Library, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tafel.share import server as server_mod

    cap = 4
    monkeypatch.setattr(server_mod, "current_cap", lambda: cap)
    monkeypatch.setattr(server_mod, "KEEP_ALIVE_SECONDS", 1)  # 5 s in use
    settings = settings_mod.load()
    settings.home.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.db_url)
    table_id = fill_table(store, library)
    export_summary(store, library, settings, table_id)
    token = store.share_token(table_id)
    server = server_mod.ShareServer(settings, "127.0.0.1", 0, log=[].append, folders=store.exported_folders)
    server.start()
    slow = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(cap)]
    try:
        for sock in slow:
            sock.sendall(b"GET /" + token.encode())  # a request head begun, never finished
        time.sleep(0.3)
        reply = _page(server.port, token)  # answered once the keep-alive timeout closed one of them
        closed = [sock.recv(1) == b"" for sock in slow]
    finally:
        for sock in slow:
            sock.close()
        server.stop()
        store.close()
    assert reply.status == 200
    assert all(closed), closed


def test_below_the_cap_a_head_sent_drop_by_drop_is_closed_after_the_keep_alive_timeout(
    tafel_home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """uvicorn stops its keep-alive timer at a request's first byte: a head begun and never
    finished held its connection for good unless the cap was reached (then only some were closed)."""
    from tafel.share import server as server_mod

    monkeypatch.setattr(server_mod, "KEEP_ALIVE_SECONDS", 1)  # 5 s in use
    settings = settings_mod.load()
    settings.home.mkdir(parents=True, exist_ok=True)
    server = server_mod.ShareServer(settings, "127.0.0.1", 0, log=[].append, folders=lambda: [])
    server.start()
    slow = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    try:
        slow.sendall(b"GET /abc")  # a request head begun, never finished
        closed = slow.recv(1) == b""  # a timeout (10 s) if the server keeps it
    finally:
        slow.close()
        server.stop()
    assert closed
