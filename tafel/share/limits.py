"""Connections within the process's open-file limit: a cap, an accept loop that keeps to it, one notice.

Every connection is an open file. At the limit (256 by default on macOS) asyncio's own accept
loop gets EMFILE, logs a traceback and retries, and on Python 3.11 it does so for every slot
of the listen backlog, again and again: millions of lines while no phone gets its page. uvicorn's
``limit_concurrency`` does not help: it accepts the socket first and answers 503 only to a request
that then arrives, so accept() still runs out of files.

So the share server accepts connections itself (``Acceptor``), never more at once than the cap:

* the cap is the file limit less what the process already has open less ``HEADROOM`` for what it
  opens while serving (a table's two files, the database and its journal, the log), at least
  ``MIN_CONNECTIONS``;
* at the cap it stops accepting: new connections wait in the kernel's listen backlog, they are
  not refused. Connections that sit idle (no request for ``GRACE`` seconds: held-open keep-alive
  connections, or sockets that never sent a byte) are closed, the oldest first, to make room, and
  so are those still sending a request head after the keep-alive timeout (a slow drip);
* when none is idle and connections wait, the oldest ones are answered once more with
  "Connection: close" (their clients reconnect and queue up), so busy clients take turns rather
  than a new phone waiting for as long as they keep going;
* should accept() still run out of files (another part of the process opened many), it waits a
  moment and tries again, and says so;
* one client address has at most ``PER_ADDRESS`` connections open; a further one is closed at
  once (a phone's browser opens about six; the live pages' streams have their own, lower cap per
  address in live.py). This laptop's own addresses (loopback: the moderator's browser, a TV on
  its HDMI port) are not capped;
* what it says is one line a minute at most, never a traceback.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import os
import select
import socket
import sys
import time
from collections.abc import Callable, Collection
from typing import Any

from tafel.crashlog import note_error
from tafel.i18n import t
from tafel.share.uvicorn_compat import answer_last, close_idle, close_now, head_began, idle_since, is_last_call

HEADROOM = 64  # files opened while serving: a table's page and PDF, the database and its journal, the log
MIN_CONNECTIONS = 16  # even under a tiny limit a table's phones get in (accept() failures are handled anyway)
MAX_CONNECTIONS = 4096  # a limit of a million would allow as many; a table has a few dozen phones at most
GRACE = 0.5  # seconds a connection may sit without a request before it is closed to make room
RETRY = 0.25  # seconds before accept() is tried again after it ran out of files
SAY_EVERY = 60.0  # seconds between two lines about the same limit
BATCH = 64  # connections accepted in one turn of the event loop, so requests in flight go on meanwhile
TURN = 8  # at the cap with nobody idle, 1/TURN of the connections (the oldest) close after their answer
PER_ADDRESS = 64  # connections open at once from one client address (not loopback)
CAP_LOOPBACK = False  # loopback addresses are this laptop: uncapped (tests switch this on)

# What accept() and open() fail with when files (or the memory for them) run out.
OUT_OF_FILES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})


def file_limit() -> int | None:
    """The process's soft limit on open files; None where there is none to read (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return None if soft == resource.RLIM_INFINITY or soft < 0 else soft


def files_in_use() -> int:
    """How many files the process has open now (0 where the system does not tell)."""
    for folder in ("/dev/fd", "/proc/self/fd"):
        try:
            return max(len(os.listdir(folder)) - 1, 0)  # less the one listdir itself opened
        except OSError:
            continue
    return 0


def connection_cap(limit: int | None, in_use: int) -> int:
    """How many connections may be open at once under ``limit`` open files, ``in_use`` of them taken."""
    if limit is None or limit < 0 or limit > MAX_CONNECTIONS + in_use + HEADROOM:
        return MAX_CONNECTIONS
    return max(limit - in_use - HEADROOM, MIN_CONNECTIONS)


def current_cap() -> int:
    return connection_cap(file_limit(), files_in_use())


class Notices:
    """Lines for the log, each kind at most once per ``every`` seconds; the count of those left out."""

    def __init__(self, sink: Callable[[str], None] | None, every: float = SAY_EVERY) -> None:
        self.sink = sink
        self.every = every
        self._said: dict[str, float] = {}

    def say(self, kind: str, text: Callable[[], str]) -> bool:
        now = time.monotonic()
        if now - self._said.get(kind, float("-inf")) < self.every:
            return False
        self._said[kind] = now
        if self.sink is not None:
            self.sink(f"{time.strftime('%Y-%m-%d %H:%M:%S')}  -  {text()}")
        return True

    def loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """The event loop's own errors as one line (asyncio's default prints a traceback to stderr).

        The traceback goes to a crash log in the data folder, for whoever maintains tafel.
        """
        message = str(context.get("message") or "asyncio")
        exc = context.get("exception")
        if self.say(message, lambda: f"{message}: {exc}" if exc is not None else message) and exc is not None:
            from tafel.crashlog import write_crash_log

            write_crash_log(exc, context=f"share server: {message}")  # None, quietly, when files are out


class Acceptor:
    """Accepts connections on ``sock`` for ``factory``'s protocol, at most ``cap`` of them open at once.

    ``connections`` is uvicorn's set of open protocols: the idle ones among them are those with a
    keep-alive timer running, and closing one early is what that timer would do anyway (what is
    read from and done to a connection is in uvicorn_compat).
    """

    def __init__(
        self, sock: socket.socket, factory: Callable[[], asyncio.Protocol], connections: Collection[object], *,
        cap: int, idle_timeout: float, notices: Notices,
    ) -> None:
        self.sock = sock
        self.factory = factory
        self.connections = connections
        self.cap = cap
        self.idle_timeout = idle_timeout
        self.notices = notices
        self.open = 0
        self.loop = asyncio.get_running_loop()
        self._fd = sock.fileno()
        self._reading = False
        self._closed = False
        self._later: asyncio.TimerHandle | None = None
        self._since: dict[object, float] = {}  # open connection → when it was accepted (loop time)
        self._by_address: dict[str, int] = {}  # client address → its connections open now

    def start(self) -> None:
        self.sock.setblocking(False)
        self._listen()

    def close(self) -> None:
        self._closed = True
        self._pause()
        if self._later is not None:
            self._later.cancel()
            self._later = None

    def _listen(self) -> None:
        if not self._reading and not self._closed:
            self.loop.add_reader(self._fd, self._accept)
            self._reading = True

    def _pause(self) -> None:
        if self._reading:
            self.loop.remove_reader(self._fd)
            self._reading = False

    def _accept(self) -> None:
        for _ in range(BATCH):
            if self.open >= self.cap:
                self._wait("connections")
                return
            try:
                conn, peer = self.sock.accept()
            except (BlockingIOError, InterruptedError):
                return  # nobody else waiting
            except ConnectionAbortedError:
                continue  # gone before we took it
            except OSError as exc:
                # Out of files (or some other trouble with the listening socket): wait, don't spin.
                self._wait("files" if exc.errno in OUT_OF_FILES else "accept", exc)
                return
            address = _capped_address(peer)
            if address is not None:
                if self._by_address.get(address, 0) >= PER_ADDRESS:
                    conn.close()  # this address has its share: the others' turn
                    self.notices.say("address", lambda: t("share.limit.address", count=PER_ADDRESS))
                    continue
                self._by_address[address] = self._by_address.get(address, 0) + 1
            self.open += 1
            self.loop.create_task(self._connect(conn, address))

    async def _connect(self, conn: socket.socket, address: str | None = None) -> None:
        released = False
        made: asyncio.Protocol | None = None

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                self._since.pop(made, None)
                if address is not None:
                    left = self._by_address.get(address, 1) - 1
                    if left > 0:
                        self._by_address[address] = left
                    else:
                        self._by_address.pop(address, None)
                self._release()

        def counted() -> asyncio.Protocol:
            nonlocal made
            made = protocol = self.factory()
            lost = protocol.connection_lost
            self._since[protocol] = self.loop.time()

            def connection_lost(exc: Exception | None) -> None:
                try:
                    lost(exc)
                finally:
                    release()

            # On the instance: one more call when a connection ends, nothing per request.
            protocol.connection_lost = connection_lost  # type: ignore[method-assign]  # on purpose, see above
            return protocol

        try:
            conn.setblocking(False)
            await self.loop.connect_accepted_socket(counted, conn)
        except Exception as exc:  # the client left already, or no file for the transport's needs: just close
            conn.close()
            release()  # whatever it was: the connection's place under the cap is free again
            if not isinstance(exc, OSError):  # anything but a socket's trouble is worth a look
                note_error(exc, "share server: a connection accepted")

    def _release(self) -> None:
        self.open -= 1
        if self.open < self.cap:
            self._listen()

    def _wait(self, why: str, exc: OSError | None = None) -> None:
        """Stop accepting; room is made by idle connections closing (or closed), then accept again."""
        self._pause()
        if why == "connections":
            self.notices.say("limit", lambda: t("share.limit.connections", count=self.open))
        elif why == "files":
            self.notices.say("limit", lambda: t("share.limit.files", count=self.open))
        else:
            self.notices.say("accept", lambda: t("share.limit.accept", error=exc))
        self._relieve_soon(RETRY if why != "connections" else None)

    def _relieve_soon(self, delay: float | None) -> None:
        if self._later is not None or self._closed:
            return
        if delay is None:
            # When the oldest idle connection has idled GRACE seconds (or RETRY, with none idle).
            idle = [since for _, since in self._idle()]
            delay = max(min(idle) + GRACE - self.loop.time(), 0.0) if idle else RETRY
        self._later = self.loop.call_later(delay, self._relieve)

    def _relieve(self) -> None:
        self._later = None
        if self._closed:
            return
        now = self.loop.time()
        cutoff = now - GRACE
        closed = 0
        for protocol, since in sorted(self._idle(), key=lambda pair: pair[1]):
            if since > cutoff:
                break
            close_idle(protocol)
            closed += 1
        if self.open >= self.cap:
            for protocol in self.connections:
                began = head_began(protocol)
                if began is not None and began <= now - self.idle_timeout:
                    close_now(protocol)
                    closed += 1
        if not closed and self.open >= self.cap and self._others_waiting():
            self._take_turns(cutoff)
        if self.open < self.cap:
            self._listen()  # closed connections lower ``open`` as they go; accept() tells if files are free
        else:
            self._relieve_soon(None)

    def _others_waiting(self) -> bool:
        """Whether connections wait in the listen backlog (the listening socket is readable)."""
        try:
            poller = select.poll()
        except AttributeError:  # no poll(): assume so; taking turns is harmless
            return True
        poller.register(self._fd, select.POLLIN)
        return bool(poller.poll(0))

    def _take_turns(self, cutoff: float) -> None:
        """The oldest connections (open GRACE seconds at least) close after their next answer."""
        oldest = sorted((since, id(p), p) for p, since in self._since.items()
                        if since <= cutoff and not is_last_call(p))
        for _, _, protocol in oldest[: max(1, self.cap // TURN)]:
            answer_last(protocol)  # the answer being written (or the next) is its last

    def _idle(self) -> list[tuple[Any, float]]:
        """(protocol, since when it idles) for each connection waiting for its next (or first) request."""
        found = []
        for protocol in self.connections:
            since = idle_since(protocol, self.idle_timeout)
            if since is not None:
                found.append((protocol, since))
        return found


def _capped_address(peer: Any) -> str | None:
    """The client address a connection counts against, or None for this laptop's own (loopback)."""
    host = peer[0] if isinstance(peer, tuple) and peer else None
    if not isinstance(host, str):
        return None  # a Unix socket or the like: nobody's address
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host
    mapped = getattr(ip, "ipv4_mapped", None)  # ::ffff:127.0.0.1 on a dual-stack socket
    loopback = (mapped or ip).is_loopback
    return None if loopback and not CAP_LOOPBACK else host


def accepts_itself(loop: asyncio.AbstractEventLoop) -> bool:
    """Whether this loop can watch a socket (a selector loop; Windows' proactor loop cannot)."""
    return sys.platform != "win32" and isinstance(loop, asyncio.SelectorEventLoop)
