"""Venue mode in the TUI: the background sync and its few words in the header.

Started once the store is open, when a programme database is set (``tafel sync --to``, ``[sync]
url``, TAFEL_SYNC_URL). The sync runs in its own thread with its own connections
(``tafel.services.sync_background.Syncer``): typing never waits for the network. Kept apart from the screens
so the only change there is one line in each header.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tafel.i18n import t


def start_sync(app: Any) -> None:
    """Start sending this laptop's changes in the background, if a programme database is set."""
    from tafel.services.sync import programme_url
    from tafel.services.sync_background import Syncer

    app.sync_text = ""
    moderation = getattr(app, "moderation", None)
    if moderation is None:
        return
    try:
        url = programme_url(moderation.workspace.store, app.settings.sync_url)
    except Exception as exc:  # no sync status is no reason to stop the moderator; the cause is logged
        from tafel.crashlog import note_error

        note_error(exc, "tui: the programme database's address")
        return
    if not url:
        return
    app.sync_text = t("sync.status.syncing")

    def said(status: Any) -> None:
        app.sync_text = status_text(status.state, status.at)

    app.syncer = Syncer(app.settings.db_url, url, moderation.workspace.library, on_status=said).start()


def status_text(state: str, at: str | None) -> str:
    """A few words: "gesynchroniseerd 14:03", "geen verbinding — alles staat op deze laptop"."""
    if state == "synced":
        if not at:
            return t("sync.status.synced_never")
        return t("sync.status.synced", time=dt.datetime.fromisoformat(at).astimezone().strftime("%H:%M"))
    return t(f"sync.status.{state}") if state in ("syncing", "offline", "failed") else ""


def sync_line(app: Any) -> str:
    """What the header shows after its own text: nothing without a programme database."""
    text = getattr(app, "sync_text", "")
    return f"  ·  {text}" if text else ""
