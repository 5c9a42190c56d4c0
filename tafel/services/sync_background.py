"""Venue mode in the background: the TUI's laptop sends its changes to the programme database
in a process of its own (``Syncer``), retrying while it cannot be reached; the status in a few
words for the header. What one sync does is ``tafel.services.sync``.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tafel.canvases import Library
from tafel.crashlog import logged, note_error
from tafel.domain.errors import TafelError
from tafel.domain.sync import backoff
from tafel.redact import safe_url
from tafel.services.sync import connection_problem, laptop_name, open_programme, push
from tafel.storage import sync as sql
from tafel.storage.repository import Store, now_iso


@dataclass(frozen=True)
class SyncStatus:
    state: str  # idle (nothing configured), syncing, synced, offline, failed
    at: str | None = None  # the last successful sync (local clock, ISO)
    pending: int = 0  # tables not yet sent
    error: str | None = None  # the one-line message of the last failure (no password)
    problem: TafelError | None = None


class Syncer:
    """Sends this laptop's changes every ``interval`` seconds, in the background.

    The TUI's typing never waits for it. It runs in a process of its own, at a lower priority
    (``nice``): sending a table is CPU work (reading it whole, the export document and its check,
    the merge), and in the TUI's process that work would hold Python's interpreter lock just when
    a keystroke's commit needs it — measured, the local commit's p99 doubled. The process has its
    own connections to the laptop's SQLite (WAL: readers do not block the writer) and only reads
    there, apart from one small row per table sent. It ends when this process does (its stdin
    closes). While the programme database cannot be reached it retries with back-off (1 s … 5 s).
    ``on_status`` is called from a background thread whenever the status changes.

    In this process instead, as a thread (``process=False``): with a database in memory (another
    process cannot open it), with ``on_sent``, and in the sync process itself.
    """

    def __init__(self, db_url: str, url: str, library: Library | None, *, interval: float = 0.5,
                 on_status: Callable[[SyncStatus], None] | None = None,
                 on_sent: Callable[[str, str], None] | None = None, process: bool | None = None) -> None:
        self.db_url, self.url, self.library, self.interval = db_url, url, library, interval
        self.on_status, self.on_sent = on_status, on_sent
        self.status = SyncStatus("syncing")
        if process is None:
            from sqlalchemy.engine import make_url

            database = make_url(db_url).database
            process = on_sent is None and database not in (None, "", ":memory:")
        self.process = process
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._child: subprocess.Popen[str] | None = None
        self._child_lock = threading.Lock()
        target = self._watch_child if process else self._run
        self._thread = threading.Thread(target=target, name="tafel-sync", daemon=True)

    def start(self) -> Syncer:
        self._thread.start()
        return self

    def poke(self) -> None:
        """Look for changes now (after an edit) rather than at the next tick."""
        if self.process:
            self._tell("poke\n")
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self.process:
            with self._child_lock:
                child = self._child
            if child is not None:
                with contextlib.suppress(OSError, ValueError):
                    child.stdin.close()  # type: ignore[union-attr]  # the child's cue to finish and go
                try:
                    child.wait(timeout)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
        self._thread.join(timeout)

    # -- in a process of its own ----------------------------------------------------------------

    def _tell(self, line: str) -> None:
        with self._child_lock:
            child = self._child
            if child is not None and child.stdin is not None:
                with contextlib.suppress(OSError, ValueError):
                    child.stdin.write(line)
                    child.stdin.flush()

    def _spawn(self) -> subprocess.Popen[str]:
        sources = sorted({c.source for c in (self.library.canvases.values() if self.library else ()) if c.source})
        child = subprocess.Popen(
            [sys.executable, "-m", "tafel.services.sync_background"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", close_fds=True,
        )
        assert child.stdin is not None
        # On stdin, not the command line: the URL may hold a password, and a command line is public.
        child.stdin.write(json.dumps({"db": self.db_url, "url": self.url, "interval": self.interval,
                                      "canvases": sources}) + "\n")
        child.stdin.flush()
        return child

    def _watch_child(self) -> None:
        """Start the sync process, pass on what it says, and start it again should it die."""
        failures = 0
        while not self._stop.is_set():
            try:
                child = self._spawn()
            except OSError as exc:
                self._say(SyncStatus("failed", self.status.at, error="sync.failed",
                                     problem=TafelError("sync.failed", url=safe_url(self.url), error=str(exc))))
                failures += 1
                self._stop.wait(backoff(failures))
                continue
            with self._child_lock:
                self._child = child
            assert child.stdout is not None
            for line in child.stdout:
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    said = json.loads(line)
                    problem = TafelError(said["error"], **said.get("params", {})) if said.get("error") else None
                    self._say(SyncStatus(said["state"], said.get("at"), error=said.get("error"), problem=problem))
                    failures = 0
            child.wait()
            with self._child_lock:
                self._child = None
            if not self._stop.is_set():  # died (killed, out of memory): again, after a pause
                failures += 1
                self._stop.wait(backoff(failures))

    def _say(self, status: SyncStatus) -> None:
        if status != self.status:
            self.status = status
            if self.on_status is not None:
                with logged("sync: the status line"):  # the screen's trouble never stops the syncing
                    self.on_status(status)

    def _run(self) -> None:
        store = Store.open(self.db_url)
        sql.light_writes(store.engine)
        programme: Engine | None = None
        failures = 0
        last_ok: str | None = sql.last_sent(store.engine)
        try:
            while not self._stop.is_set():
                try:
                    if programme is None:
                        programme = open_programme(self.url)
                        laptop = laptop_name(store)
                    report = push(store, programme, self.library, laptop, self.on_sent)
                    failures = 0
                    last_ok = report.at or last_ok or now_iso()
                    self._say(SyncStatus("synced", last_ok))
                    wait = self.interval
                except Exception as exc:  # the background sync never stops: said, logged, tried again
                    note_error(exc, "sync: in the background")
                    problem = connection_problem(exc, self.url)
                    failures += 1
                    state = "offline" if problem.key in ("sync.unreachable",) else "failed"
                    self._say(SyncStatus(state, last_ok, error=problem.key, problem=problem))
                    if programme is not None:
                        with logged("sync: closing the programme database"):
                            programme.dispose()
                        programme = None
                    wait = backoff(failures)
                self._wake.wait(wait)
                self._wake.clear()
        finally:
            if programme is not None:
                programme.dispose()
            store.close()


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def _child_main() -> None:
    """The sync process (``Syncer`` with ``process=True``): the settings on the first line of stdin,
    then one line per poke; stdin closed (the TUI ended, however): the last round, and out."""
    from tafel.canvases import load_library

    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)  # the moderator's own process comes first for the processor
    config = json.loads(sys.stdin.readline())
    library = load_library([Path(p) for p in config.get("canvases", [])])

    def said(status: SyncStatus) -> None:
        line: dict[str, Any] = {"state": status.state, "at": status.at, "error": status.error}
        if status.problem is not None:
            line["params"] = {k: str(v) for k, v in status.problem.params.items()}
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.write(json.dumps(line) + "\n")
            sys.stdout.flush()

    syncer = Syncer(config["db"], config["url"], library, interval=float(config["interval"]),
                    on_status=said, process=False).start()
    for _line in sys.stdin:
        syncer.poke()
    syncer.stop()


if __name__ == "__main__":
    _child_main()
