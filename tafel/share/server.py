"""Run the share server: uvicorn in a background thread, for ``tafel share`` and the TUI alike.

    server = ShareServer(settings, host="127.0.0.1", port=0)
    url = server.start()      # binds, serves, writes share.json; returns "http://127.0.0.1:PORT"
    server.running            # True while it serves
    server.stop()             # stops, removes share.json

The socket is bound here, before uvicorn starts, so a port in use is a clear error at once.
Connections on it are accepted by limits.Acceptor (through uvicorn_compat.CappedServer), never
more at once than the open-file limit allows (``server.cap``), so at that limit the server slows
down instead of failing.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import uvicorn

from tafel.crashlog import logged, note_error
from tafel.domain.errors import TafelError
from tafel.services import sharing
from tafel.settings import Settings
from tafel.share.files import Catalogue
from tafel.share.guard import LogSink
from tafel.share.limits import Notices, current_cap
from tafel.share.live import LiveHub
from tafel.share.routes import build_app
from tafel.share.security import MAX_PROTOCOL_HEAD, SECURITY_HEADERS
from tafel.share.uvicorn_compat import CappedServer, ProtocolLog, bounded_protocol

if TYPE_CHECKING:
    from tafel.services.live import LiveSource
    from tafel.storage.repository import Store

WILDCARDS = ("0.0.0.0", "::")
KEEP_ALIVE_SECONDS = 5  # an idle (or drip-fed) connection is closed after this; read at start (tests shorten it)


def url_for(host: str, port: int) -> str:
    """The base URL phones use; a wildcard bind is shown as this laptop's network address."""
    shown = sharing.local_address() if host in WILDCARDS else host
    try:
        if ipaddress.ip_address(shown).version == 6:
            shown = f"[{shown}]"
    except ValueError:
        pass  # a host name
    return f"http://{shown}:{port}"


def _bind(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as exc:
        raise TafelError("share.bind_failed", address=host, port=port, error=_reason(exc)) from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
        sock.set_inheritable(True)
    except OSError as exc:
        sock.close()
        raise TafelError("share.bind_failed", address=host, port=port, error=_reason(exc)) from None
    return sock


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


class ShareServer:
    """The participant pages of the exported tables, served on ``host:port`` until stopped."""

    def __init__(
        self, settings: Settings, host: str | None = None, port: int | None = None, *,
        log: LogSink | None = None, log_clients: bool = False,
        folders: Callable[[], dict[str, str]] | None = None,
        live_source: Callable[[], LiveSource] | None = None, venue: bool = False,
    ) -> None:
        self.settings = settings
        self.host = host or sharing.local_address()
        self.port = sharing.DEFAULT_PORT if port is None else port
        self.log = log
        self.log_clients = log_clients
        self._folders = folders
        self._store: Store | None = None
        self._catalogue: Catalogue | None = None
        self._server: CappedServer | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self.url: str | None = None
        self._protocol_log = ProtocolLog(log)
        self.cap = 0  # connections open at once; set at start from the open-file limit
        # The open tables' live pages; their own database connection, opened at the first live request.
        # At a venue (tafel share --db) a closed table's summary is built from the database too.
        self.venue = venue
        self.live = LiveHub(live_source or self._open_live_source, summaries=venue)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._server is not None \
            and self._server.started and not self._server.should_exit

    def _exported_folders(self) -> dict[str, str]:
        if self._folders is not None:
            return self._folders()
        if self._store is None:
            from tafel.storage.repository import Store

            # Its own connection, opened in the server's thread; the TUI's stays the TUI's.
            self._store = Store.open(self.settings.db_url)
        return self._store.exported_folders()

    def _open_live_source(self) -> LiveSource:
        from tafel.services.live import LiveSource

        return LiveSource.open(self.settings)

    def changed(self) -> None:
        """The moderator committed a change (called by the TUI in this process): push it now.

        Never waits: it only wakes the server's loop, which reads the change on its own time, and
        has the exported tables read again at the next request (a summary the change made stale).
        """
        if self._catalogue is not None:
            self._catalogue.forget()
        self.live.wake()

    def start(self, timeout: float = 10.0) -> str:
        """Bind, start serving in a background thread, announce it in share.json; the base URL."""
        if self.running and self.url:
            return self.url
        sock = _bind(self.host, self.port)
        self.port = sock.getsockname()[1]  # port 0: the free port the system chose
        self.live = LiveHub(self.live._make_source, summaries=self.venue)  # fresh for this run (after a stop)
        self._catalogue = Catalogue(self._exported_folders)
        app = build_app(self._catalogue, log=self.log, log_clients=self.log_clients,
                        live=self.live)
        # The plain asyncio loop, not uvloop: under 100 keep-alive clients uvloop served some
        # connections late (p99 over 250 ms against under 60 ms here), and phones at a table are few anyway.
        # The security headers go in uvicorn's default headers so its own 400s carry them too.
        config = uvicorn.Config(
            app, http=bounded_protocol(), loop="asyncio", ws="none", lifespan="off", log_config=None,
            log_level="warning", access_log=False, server_header=False, date_header=True, proxy_headers=False,
            headers=list(SECURITY_HEADERS), timeout_keep_alive=KEEP_ALIVE_SECONDS, timeout_graceful_shutdown=2,
            h11_max_incomplete_event_size=MAX_PROTOCOL_HEAD,
        )
        # Counted now, with the listening socket (and in the TUI, all the TUI's files) open.
        self.cap = current_cap()
        # Live streams stay open: at most three quarters of the connections, so pages still load.
        self.live.total = max(min(self.live.total, self.cap * 3 // 4), 1)
        self._server = CappedServer(config, cap=self.cap, notices=Notices(self.log), live=self.live)
        uvicorn_log = logging.getLogger("uvicorn.error")
        uvicorn_log.propagate = False  # a TUI's screen is no place for stray stderr lines
        uvicorn_log.addHandler(self._protocol_log)
        self._failure = None
        self._thread = threading.Thread(target=self._run, args=(sock,), name="tafel-share", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                error = self._failure or TimeoutError("did not start")
                raise TafelError("share.bind_failed", address=self.host, port=self.port, error=_reason(error))
            time.sleep(0.01)
        self.url = url_for(self.host, self.port)
        sharing.write_running(self.settings, self.url)
        return self.url

    def _run(self, sock: socket.socket) -> None:
        assert self._server is not None
        if self._folders is None:
            # The database now, while files are free, not at the first request (maybe mid-flood).
            with logged("share server: the exported tables"):  # shown (and retried) at that request
                self._exported_folders()
        try:
            self._server.run(sockets=[sock])
        except BaseException as exc:  # reported by start(); a thread has nobody else to tell
            self._failure = exc
            note_error(exc, "share server: stopped by an error")  # also when it had started
        finally:
            sock.close()
            self.live.close_source()
            store, self._store = self._store, None
            if store is not None:
                store.close()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving (open connections get ``timeout`` seconds) and remove share.json."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None
        logging.getLogger("uvicorn.error").removeHandler(self._protocol_log)
        sharing.clear_running(self.settings)

    def wait(self, tick: Callable[[], object] | None = None, every: float = 0.1) -> None:
        """Block until the server stops (``tafel share`` in the foreground), calling ``tick`` now and then."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(every)
            if tick is not None:
                tick()
