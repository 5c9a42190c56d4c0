"""The live pages of open tables: who watches which table, what changed, and the pushes (SSE).

On a venue's server (``summaries``: ``tafel share --db``) a closed table's address shows its
summary page and PDF, rendered from the database once per change of the table.

One task on the server's event loop (``LiveHub.run``) looks at the watched tables a few times a
second — one query for all of them (``LiveSource.stamps``), off the loop — and renders a table
again only when its stamp changed. When the TUI runs the server in its own process it also
wakes the hub right after each commit (``wake``, safe from any thread and never waiting), so a
change shows at once rather than at the next look.

Each phone is a ``Watcher``: an event, set when its table has a newer state. A phone that reads
slowly holds up only its own stream, and when it is ready again it gets the newest state, never
a queue of old ones: one pending message per client at most, whatever happens.

Limits: ``per_address`` streams from one client address, ``per_table`` per table and ``total``
in all; beyond them a stream is refused (503, ``Retry-After``) and the phone's browser tries
again by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from tafel.crashlog import note_error
from tafel.services.live import LiveSource, LiveState
from tafel.share.files import Served, serving
from tafel.share.security import PAGE
from tafel.storage.repository import LiveStamp

POLL_SECONDS = 0.3  # how often the watched tables are looked at (one query for all)
MIN_GAP = 0.03  # at most one look per this many seconds, however often the TUI wakes the hub
HEARTBEAT_SECONDS = 15.0  # a comment line to each stream now and then: a vanished phone is noticed
RETRY_MS = 1000  # how soon a phone's browser reconnects after losing the stream
PER_ADDRESS = 8  # streams at once from one client address (a phone needs one; a TV one more)
PER_TABLE = 64  # streams at once per table: 30 phones and a screen, with reloads to spare
TOTAL = 1024  # streams at once on the server: 15 tables × 30 phones and room to spare
IDLE_CHANNEL = 30.0  # seconds a table nobody watches stays cached after its last page view
SUMMARIES_KEPT = 256  # closed tables' pages (venue) kept rendered; beyond, the cache starts again


def _failed(task: asyncio.Task[Served]) -> bool:
    return task.done() and (task.cancelled() or task.exception() is not None)


class Refused(Exception):
    """Too many streams (from this address, for this table, or in all)."""


@dataclass(eq=False)
class Watcher:
    address: str
    event: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass(eq=False)
class Channel:
    token: str
    state: LiveState | None = None
    version: int = 0
    message: bytes = b""
    closed: bool = False  # exported, deleted, or the server stops: its streams end
    reload: bool = False  # the page should load again (it is the summary now, or gone)
    watchers: set[Watcher] = field(default_factory=set)
    last_view: float = 0.0

    def publish(self, state: LiveState) -> None:
        self.state = state
        self.version += 1
        # CR is a line end in SSE too: one left in (a title may hold one) would start a field of its own.
        lines = state.main.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.message = b"".join(b"data: " + line.encode() + b"\n" for line in lines) + b"\n"
        for watcher in self.watchers:
            watcher.event.set()

    def close(self, *, reload: bool) -> None:
        self.closed, self.reload = True, reload
        for watcher in self.watchers:
            watcher.event.set()


class LiveHub:
    def __init__(
        self, source: Callable[[], LiveSource], *, poll: float | None = None, per_address: int = PER_ADDRESS,
        per_table: int = PER_TABLE, total: int = TOTAL, heartbeat: float = HEARTBEAT_SECONDS,
        summaries: bool = False,
    ) -> None:
        self._make_source = source
        # A venue's server (tafel share --db): a closed table shows its summary, built from the database.
        self.summaries = summaries
        self._rendered: dict[tuple[str, str], tuple[LiveStamp, asyncio.Task[Served]]] = {}
        self._source: LiveSource | None = None
        self._source_lock = threading.Lock()
        self.poll = POLL_SECONDS if poll is None else poll  # read now: tests lengthen or shorten it
        self.per_address, self.per_table, self.total = per_address, per_table, total
        self.heartbeat = heartbeat
        self.channels: dict[str, Channel] = {}
        self.exported: dict[str, bool] = {}  # tokens found exported: their summary is read at once
        self.by_address: dict[str, int] = {}
        self.streams = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._woken: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    # -- the database, off the event loop ------------------------------------------------------

    def source(self) -> LiveSource:
        with self._source_lock:
            if self._source is None:
                self._source = self._make_source()
            return self._source

    def close_source(self) -> None:
        with self._source_lock:
            source, self._source = self._source, None
        if source is not None:
            source.close()

    async def _stamps(self, tokens: list[str]) -> dict[str, LiveStamp]:
        return await asyncio.to_thread(lambda: self.source().stamps(tokens))

    async def _render(self, stamp: LiveStamp) -> LiveState:
        return await asyncio.to_thread(lambda: self.source().render(stamp))

    # -- the look a few times a second -----------------------------------------------------------

    def start(self) -> None:
        """Start looking (on the server's running loop)."""
        self._loop = asyncio.get_running_loop()
        self._woken = asyncio.Event()
        self._task = self._loop.create_task(self.run())

    def wake(self) -> None:
        """Something was committed: look now. From any thread; returns at once."""
        loop, woken = self._loop, self._woken
        if loop is None or woken is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is closing: nobody to tell
            loop.call_soon_threadsafe(woken.set)

    async def run(self) -> None:
        assert self._woken is not None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), self.poll)
            self._woken.clear()
            began = time.monotonic()
            try:
                await self.look()
            except Exception as exc:  # a locked or missing database: the next look tries again
                note_error(exc, "share server: the live pages' look at the database")
                await asyncio.sleep(self.poll)
            await asyncio.sleep(max(MIN_GAP - (time.monotonic() - began), 0.0))

    async def look(self) -> None:
        now = time.monotonic()
        for token, idle in list(self.channels.items()):
            if not idle.watchers and now - idle.last_view > IDLE_CHANNEL:
                del self.channels[token]
        watched = [t for t, c in self.channels.items() if c.watchers]
        if not watched:
            return
        stamps = await self._stamps(watched)
        for token in watched:
            channel = self.channels.get(token)
            if channel is None:
                continue
            stamp = stamps.get(token)
            if stamp is None or not self.is_live(stamp):
                self._drop(token, reload=True)
            elif channel.state is None or channel.state.stamp != stamp:
                channel.publish(await self._render(stamp))

    def _drop(self, token: str, *, reload: bool) -> None:
        channel = self.channels.pop(token, None)
        if channel is not None:
            channel.close(reload=reload)

    def close(self) -> None:
        """The server stops: every stream ends (the phones' browsers try again later)."""
        for token in list(self.channels):
            self._drop(token, reload=False)
        if self._task is not None:
            self._task.cancel()

    # -- the page and its stream -----------------------------------------------------------------

    def is_live(self, stamp: LiveStamp) -> bool:
        """Its address shows the live page: not exported (or changed since), and at a venue not closed."""
        return not stamp.exported and not (self.summaries and stamp.ended)

    async def state(self, token: str) -> LiveState | None:
        """The table's live state now, or None when ``token`` is no open (unexported) table."""
        return await self._state(token, (await self._stamps([token])).get(token))

    async def page(self, token: str, name: str) -> LiveState | Served | None:
        """What the table's address shows, from the database: its live state (``name`` PAGE of an
        open table), or at a venue a closed table's page or PDF; None: nothing (or its export's files)."""
        stamp = (await self._stamps([token])).get(token)
        if name == PAGE:
            state = await self._state(token, stamp)
            if state is not None:
                return state
        if stamp is None or stamp.exported or not (self.summaries and stamp.ended):
            return None
        return await self._summary(token, name, stamp)

    async def _summary(self, token: str, name: str, stamp: LiveStamp) -> Served:
        """Rendered once per stamp, however many phones ask at once (they wait for the same render)."""
        key = (token, name)
        found = self._rendered.get(key)
        if found is None or found[0] != stamp or _failed(found[1]):
            if len(self._rendered) >= SUMMARIES_KEPT:
                self._rendered.clear()
            task = asyncio.ensure_future(asyncio.to_thread(
                lambda: serving(self.source().participant_file(stamp, token, name), name)))
            found = self._rendered[key] = (stamp, task)
        return await asyncio.shield(found[1])

    async def _state(self, token: str, stamp: LiveStamp | None) -> LiveState | None:
        channel = self.channels.get(token)
        if stamp is None or not self.is_live(stamp):
            if stamp is not None and stamp.exported:
                if len(self.exported) > 1024:
                    self.exported.clear()
                self.exported[token] = True
            if channel is not None:
                self._drop(token, reload=True)
            return None
        if channel is None:
            channel = self.channels[token] = Channel(token)
        channel.last_view = time.monotonic()
        if channel.state is None or channel.state.stamp != stamp:
            channel.publish(await self._render(stamp))
        return channel.state

    def subscribe(self, token: str, address: str) -> tuple[Channel, Watcher]:
        """A new stream for ``token``'s page; Refused beyond the limits (KeyError: not live)."""
        channel = self.channels[token]
        if (self.streams >= self.total or len(channel.watchers) >= self.per_table
                or self.by_address.get(address, 0) >= self.per_address):
            raise Refused
        watcher = Watcher(address)
        channel.watchers.add(watcher)
        self.streams += 1
        self.by_address[address] = self.by_address.get(address, 0) + 1
        return channel, watcher

    def unsubscribe(self, channel: Channel, watcher: Watcher) -> None:
        if watcher in channel.watchers:
            channel.watchers.discard(watcher)
            self.streams -= 1
            left = self.by_address.get(watcher.address, 1) - 1
            if left > 0:
                self.by_address[watcher.address] = left
            else:
                self.by_address.pop(watcher.address, None)

    async def stream(self, channel: Channel, watcher: Watcher) -> AsyncIterator[bytes]:
        """The SSE stream: the newest state at once, then each newer one (never a backlog)."""
        try:
            yield f"retry: {RETRY_MS}\n\n".encode()
            sent = -1
            while True:
                if channel.closed:
                    if channel.reload:
                        yield b"event: reload\ndata: \n\n"
                    return
                if channel.version != sent:
                    sent = channel.version
                    yield channel.message
                    continue  # a newer state may have come while this one was written
                watcher.event.clear()
                try:
                    await asyncio.wait_for(watcher.event.wait(), self.heartbeat)
                except TimeoutError:
                    yield b": ping\n\n"
        finally:
            self.unsubscribe(channel, watcher)
