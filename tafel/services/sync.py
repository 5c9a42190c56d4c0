"""Venue mode: a laptop's tables sent to the programme's PostgreSQL, local first.

The laptop always writes to its own SQLite. A sync sends each table changed since it was last
sent as an export document (the table.json of ``tafel export``, names only with consent), and the
programme database merges it exactly as ``tafel import`` would (``plan_merge``): per item and
participant the newest change wins, deletions travel as tombstones. So a sync is idempotent
(sending again changes nothing), resumable (``sync_sent`` remembers per table what the programme
database has) and safe to kill: a table's merge commits whole or not at all, and is marked sent
only after. Where another laptop's version of the same item loses (or wins), the losing version is
kept in ``sync_conflict`` (``tafel sync --conflicts``). The TUI's background sync:
``tafel.services.sync_background``.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tafel.canvases import Library
from tafel.crashlog import logged, note_error
from tafel.domain.clock import utc_stamp
from tafel.domain.errors import TafelError
from tafel.domain.sync import conflicts
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
    ``None`` forgets the address and its password. The old value is scrubbed from the database's
    bytes: an older tafel saved it with its password."""
    if url is None:
        saved = sql.meta(store.engine, URL_KEY)
        if saved:
            with logged("sync: forgetting the saved address's password"):  # an unreadable old value: nothing to forget
                pgpass.forget(saved)
        sql.set_meta(store.engine, URL_KEY, None, scrub=True)
        return
    sql.set_meta(store.engine, URL_KEY, pgpass.save(url), scrub=True)


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
        doc = export_document(table, library, exported_at=utc_stamp(timespec="microseconds"))
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
