"""A real share server on 127.0.0.1 and a free port, over a real SQLite file, for each test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tafel import settings as settings_mod
from tafel.canvases import Library
from tafel.settings import Settings
from tafel.share import files as files_mod
from tafel.share import live as live_mod
from tafel.share.server import ShareServer
from tafel.storage.repository import Store
from tests.factories import fill_table


@dataclass
class Shared:
    settings: Settings
    store: Store
    library: Library
    lines: list[str] = field(default_factory=list)
    server: ShareServer | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.port

    @property
    def url(self) -> str:
        assert self.server is not None and self.server.url
        return self.server.url

    def table(self, title: str = "Tafel Utrecht", *, export: bool = True) -> str:
        table_id = fill_table(self.store, self.library, title=title)
        if export:
            self.export(table_id)
        return table_id

    def export(self, table_id: str) -> Path:
        """The real summary export: index.html, summary.pdf, qr.png… and the folder in the database."""
        from tafel.services.summary import export_summary

        return export_summary(self.store, self.library, self.settings, table_id).folder

    def folder(self, table_id: str) -> Path:
        return Path(self.store.exported_folders()[self.store.share_token(table_id)])


@pytest.fixture
def refresh_seconds() -> float:
    """How soon the server sees a new export or a deleted table: shortened (a second in use), so tests wait
    for it instead of sleeping; a test may parametrize it."""
    return 0.05


@pytest.fixture
def poll_seconds() -> float:
    """How often the live pages' tables are looked at (as in use); a test may parametrize it."""
    return live_mod.POLL_SECONDS


@pytest.fixture
def shared(tafel_home: Path, library: Library, monkeypatch: pytest.MonkeyPatch, refresh_seconds: float,
           poll_seconds: float) -> Iterator[Shared]:
    monkeypatch.setattr(files_mod, "REFRESH_SECONDS", refresh_seconds)
    monkeypatch.setattr(live_mod, "POLL_SECONDS", poll_seconds)
    settings = settings_mod.load()
    settings.home.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.db_url)
    state = Shared(settings, store, library)
    server = ShareServer(settings, "127.0.0.1", 0, log=state.lines.append)
    server.start()
    state.server = server
    try:
        yield state
    finally:
        server.stop()
        store.close()
