"""Use case: an open table's live page — what changed (cheaply), and the page's content when it did.

The share server asks ``stamps`` a few times a second for all the tables phones watch (one query),
and ``render`` only for a table whose stamp changed. On a venue's server (``tafel share --db``)
a closed table's summary is built from the database too (``participant_file``), again only when
its stamp changed. Both read the database on the caller's
thread; the server calls them off its event loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from tafel.canvases import Library
from tafel.domain.fallback import canvas_from_table
from tafel.render.content import build_summary
from tafel.render.live_html import live_html, live_main
from tafel.settings import Settings
from tafel.storage.repository import LiveStamp, Store


@dataclass(frozen=True)
class LiveState:
    """A live page as rendered at one stamp: ``main`` is pushed, ``page(screen)`` is served."""

    stamp: LiveStamp
    lang: str
    title: str
    main: str

    def page(self, *, screen: bool = False) -> str:
        from tafel.render.content import Summary

        head = Summary(self.lang, self.title, "", "", None, None, None, "", 0, (), ())
        return live_html(head, self.main, screen=screen)


class LiveSource:
    def __init__(
        self, store: Store, library: Library, *, owned: bool = False, settings: Settings | None = None,
    ) -> None:
        self.store, self.library, self.owned, self.settings = store, library, owned, settings

    @classmethod
    def open(cls, settings: Settings, library: Library | None = None, db_url: str | None = None) -> LiveSource:
        """Its own connection to the moderator's database (the share server's thread, not the TUI's)."""
        from tafel.canvases import load_library

        library = library or load_library(settings.extra_canvases, settings.user_canvases)
        return cls(Store.open(db_url or settings.db_url), library, owned=True, settings=settings)

    @classmethod
    def beside(cls, store: Store, settings: Settings, library: Library) -> LiveSource:
        """For the TUI's server: its own connection to the TUI's database file. An in-memory database
        (tests) has no file to open again: that one is shared."""
        url = store.engine.url
        if url.database in (None, "", ":memory:"):
            return cls(store, library, settings=settings)
        return cls.open(settings, library, db_url=url.render_as_string(hide_password=False))

    def close(self) -> None:
        if self.owned:
            self.store.close()

    def stamps(self, tokens: list[str]) -> dict[str, LiveStamp]:
        return self.store.live_stamps(tokens)

    def render(self, stamp: LiveStamp) -> LiveState:
        table = self.store.get_table(stamp.table_id)
        canvas = self.library.find(table.canvas) or canvas_from_table(table)
        summary = build_summary(table, canvas)
        current = canvas.round(stamp.current_round) if stamp.current_round else None
        return LiveState(stamp, summary.lang, summary.title, live_main(summary, current))

    def participant_file(self, stamp: LiveStamp, token: str, name: str) -> bytes:
        """A closed table's participant page (``index.html``) or PDF, from the database as it is now:
        a venue's server shows every synced table's summary, exported on whichever laptop."""
        from tafel.services.summary import participant_file

        if self.settings is None:
            raise ValueError("no settings: where the PDF's QR code points is unknown")
        return participant_file(self.store, self.library, self.settings, stamp.table_id, token, name)
