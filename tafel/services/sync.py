"""Venue mode: a laptop's tables sent to the programme's PostgreSQL, local first.

The laptop always writes to its own SQLite. A sync sends each table changed since it was last
sent as an export document (the table.json of ``tafel export``, names only with consent), and the
programme database merges it exactly as ``tafel import`` would (``plan_merge``): per item and
participant the newest change wins, deletions travel as tombstones. So a sync is idempotent
(sending again changes nothing), resumable (``sync_sent`` remembers per table what the programme
database has) and safe to kill: a table's merge commits whole or not at all, and is marked sent
only after. Where another laptop's version of the same item loses (or wins), the losing version is
kept in ``sync_conflict`` (``tafel sync --conflicts``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tafel.canvases import Library
from tafel.crashlog import logged, note_error
from tafel.domain.errors import TafelError
from tafel.domain.sync import backoff, conflicts
from tafel.domain.table import TableSummary
from tafel.domain.table_merge import plan_merge
from tafel.redact import redact, safe_url
from tafel.services import pgpass
from tafel.services.exchange import export_document, incoming_table, refuse_collisions
from tafel.storage import sync as sql
from tafel.storage.db import make_engine, migrate
from tafel.storage.repository import Store, now_iso

URL_KEY = "sync.url"
LAPTOP_KEY = "sync.laptop"
CONNECT_TIMEOUT_S = 5


def utc_stamp() -> str:
    """exported_at of a sync's document: microseconds, so two syncs in one second stay ordered."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


# -- where to, and who is sending -------------------------------------------------------------

def programme_url(store: Store, configured: str | None) -> str | None:
    """TAFEL_SYNC_URL or settings.toml's [sync] url (``configured``), else the one ``tafel sync
    --to`` saved in this laptop's database (an older tafel saved it with its password: that moves
    to the password file now)."""
    if configured:
        return configured
    saved = sql.meta(store.engine, URL_KEY)
    if saved and pgpass.split(saved)[1] is not None:
        remember_url(store, saved)
        saved = sql.meta(store.engine, URL_KEY)
    return saved


def remember_url(store: Store, url: str | None) -> None:
    """Saved without its password, which goes to the 0600 password file (tafel.services.pgpass);
    ``None`` forgets the address and its password."""
    if url is None:
        saved = sql.meta(store.engine, URL_KEY)
        if saved:
            with logged("sync: forgetting the saved address's password"):  # an unreadable old value: nothing to forget
                pgpass.forget(saved)
        sql.set_meta(store.engine, URL_KEY, None)
        return
    sql.set_meta(store.engine, URL_KEY, pgpass.save(url))


def laptop_name(store: Store) -> str:
    """This laptop's name in the programme database: TAFEL_LAPTOP, else the host name; kept."""
    explicit = os.environ.get("TAFEL_LAPTOP")
    if explicit:
        return explicit.strip()[:80]
    kept = sql.meta(store.engine, LAPTOP_KEY)
    if kept:
        return kept
    name = (socket.gethostname() or "laptop").strip()[:80]
    sql.set_meta(store.engine, LAPTOP_KEY, name)
    return name


# -- the programme database --------------------------------------------------------------------

def connection_problem(exc: BaseException, url: str) -> TafelError:
    """One line for why the programme database cannot be used; the password never in it."""
    if isinstance(exc, TafelError):
        return exc
    cause = getattr(exc, "orig", None) or exc
    text = redact(str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__)
    lowered = str(cause).lower()
    where = safe_url(url)
    if isinstance(exc, ModuleNotFoundError) or "no module named" in lowered:
        return TafelError("sync.no_driver", url=where)
    if "password authentication failed" in lowered or "no password supplied" in lowered or (
            "authentication failed" in lowered):
        return TafelError("sync.auth", url=where)
    if "does not exist" in lowered and "database" in lowered:
        return TafelError("sync.no_database", url=where)
    if "permission denied" in lowered or "must be owner" in lowered:
        return TafelError("sync.denied", url=where, error=text)
    if any(w in lowered for w in ("connection refused", "could not connect", "timeout", "timed out",
                                  "no such file", "could not translate host", "server closed",
                                  "connection is bad", "terminating connection", "network is unreachable",
                                  "name or service not known", "connection failed", "consuming input failed",
                                  "the database system is", "connection reset")):
        return TafelError("sync.unreachable", url=where)
    return TafelError("sync.failed", url=where, error=text)


def open_programme(url: str) -> Engine:
    """An engine on the programme database, its schema made or checked (never a newer one)."""
    try:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        parsed = make_url(url)
    except (ArgumentError, ValueError, TypeError):  # what make_url says of text that is no URL
        raise TafelError("sync.bad_url", url=redact(url)) from None
    try:
        if parsed.get_backend_name() == "postgresql":
            from sqlalchemy import create_engine

            engine = create_engine(
                parsed, pool_pre_ping=True, pool_size=2, max_overflow=2,
                connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "tafel sync",
                              **pgpass.connect_args(url)},  # the password remembered by tafel sync --to
            )
        else:
            engine = make_engine(url)
        migrate(engine)
    except TafelError:
        raise
    except Exception as exc:  # drivers raise their own kinds: one line, the cause in the log
        note_error(exc, "sync: opening the programme database")
        raise connection_problem(exc, url) from None
    return engine


# -- one table sent, one table received ---------------------------------------------------------

@dataclass
class SyncReport:
    sent: int = 0  # tables whose change reached the programme database
    unchanged: int = 0  # tables sent that changed nothing there (already there)
    conflicts: int = 0  # versions that lost to another laptop's newer change
    at: str | None = None  # when the last one was committed there
    statuses: dict[str, str] = field(default_factory=dict)  # table id → created, updated, unchanged, older


def receive(programme: Engine, doc: dict[str, Any], laptop: str, token: str | None = None) -> tuple[str, int]:
    """Merge one table's export document into the programme database; (status, conflicts)."""
    path = Path(f"sync:{doc['table']['id']}")
    table = incoming_table(doc, path)
    now = now_iso()

    def work(session: sql.Receiving) -> tuple[str, int]:
        refuse_collisions(session, table, path)
        local = session.load(table.id)
        plan = plan_merge(local, table, doc.get("exported_at"))
        seen = session.seen(table.id)
        stamp = doc.get("exported_at") or ""
        lost = conflicts(local.table if local else None, table, stamp, session.origins(table.id), laptop, seen)
        session.apply(plan, table, now, local.source_exported_at if local else None)
        written = [p.id for p in (*plan.insert_participants, *plan.update_participants)]
        written += [i.id for i in (*plan.insert_items, *plan.update_items)]
        sent = [(p.id, p.updated_at or stamp) for p in table.participants]
        sent += [(i.id, i.updated_at or stamp) for i in table.items]
        session.record(table.id, laptop, now, written, lost, sent, seen, token)
        return plan.status, len(lost)

    return sql.receive(programme, table.id, work)


def push(store: Store, programme: Engine, library: Library | None, laptop: str,
         on_sent: Callable[[str, str], None] | None = None) -> SyncReport:
    """Send every table changed since it was last sent; stops at the first failure (raised).

    ``on_sent(table_id, updated_at)`` after each table (the benchmark's clock)."""
    report = SyncReport()
    for table_id, deleted_at in sql.deleted(store.engine):
        # Deleted here (undoable): hidden in the programme database too, so the verslag leaves it
        # out; restored here, it is sent again whole (and shown again).
        sql.hide(programme, table_id, deleted_at)
        sql.mark_deleted_sent(store.engine, table_id, deleted_at, now_iso())
        report.sent += 1
    for table_id, _listed in sql.pending(store.engine):
        # The last-change time before and after reading: equal, so what is sent is the table as it
        # was then, and that time is what the programme database now has (a later change: next round).
        changed = store.changed_at(table_id)
        if changed is None:
            continue
        try:
            table = store.get_table(table_id)
        except TafelError:  # deleted meanwhile
            continue
        if store.changed_at(table_id) != changed:
            continue  # changed while being read: the next round sends it
        doc = export_document(table, library, exported_at=utc_stamp())
        status, lost = receive(programme, doc, laptop, sql.share_token(store.engine, table_id))
        now = now_iso()
        sql.mark_sent(store.engine, table_id, changed[0], now)
        report.statuses[table_id] = status
        report.conflicts += lost
        if status in ("created", "updated"):
            report.sent += 1
        else:
            report.unchanged += 1
        report.at = now
        if on_sent is not None:
            on_sent(table_id, changed[0])
    return report


def sync_now(store: Store, url: str, library: Library | None) -> SyncReport:
    """``tafel sync``: one pass, every error one TafelError line."""
    programme = open_programme(url)
    try:
        return push(store, programme, library, laptop_name(store))
    except TafelError:
        raise
    except Exception as exc:  # as in open_programme
        note_error(exc, "sync: tafel sync")
        raise connection_problem(exc, url) from None
    finally:
        programme.dispose()


def list_conflicts(url: str) -> list[sql.ConflictRow]:
    programme = open_programme(url)
    try:
        return sql.conflicts(programme)
    except Exception as exc:  # as in open_programme
        note_error(exc, "sync: the conflicts")
        raise connection_problem(exc, url) from None
    finally:
        programme.dispose()


def programme_tables(url: str) -> tuple[list[TableSummary], dict[str, tuple[str, str]]]:
    """``tafel list --db``: every table in the programme database, and per table (laptop, last sync)."""
    programme = open_programme(url)
    try:
        return Store(programme).list_tables(), sql.sources(programme)
    except TafelError:
        raise
    except Exception as exc:  # as in open_programme
        note_error(exc, "sync: the programme's tables")
        raise connection_problem(exc, url) from None
    finally:
        programme.dispose()


def tables_with_a_page(store: Store) -> int:
    """``tafel share --db``: how many tables of that database have a participant page to serve."""
    return sql.tables_with_a_page(store.engine)


def last_sent(store: Store) -> str | None:
    return sql.last_sent(store.engine)


# -- in the background (the TUI) -----------------------------------------------------------------

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
            [sys.executable, "-m", "tafel.services.sync"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
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
        line = {"state": status.state, "at": status.at, "error": status.error}
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
