"""The share server of this laptop, as the TUI runs it: started from the closing screen or F8,
running until switched off or tafel quits; each edit wakes the live pages at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tafel.settings import Settings

if TYPE_CHECKING:
    from tafel.services.moderation import Moderation
    from tafel.share.server import ShareServer


class Sharing:
    def __init__(self, settings: Settings, host: str | None = None, port: int | None = None) -> None:
        self.settings = settings
        # The share server's address (None: this laptop's, chosen on the closing screen) and port.
        self.host, self.port = host, port
        self.server: ShareServer | None = None
        self._moderation: Moderation | None = None

    @property
    def running(self) -> bool:
        return self.server is not None and self.server.running

    def start(self, moderation: Moderation, host: str | None = None) -> str:
        """Serve the exported tables to phones; the base URL. Blocks until bound: call from a worker."""
        from tafel.services.live import LiveSource
        from tafel.share.server import ShareServer

        self.stop()
        w, settings = moderation.workspace, self.settings
        store, library = w.store, w.library
        server = ShareServer(settings, host or self.host, self.port, folders=store.exported_folders,
                             live_source=lambda: LiveSource.beside(store, settings, library))
        url = server.start()
        self.server, self._moderation = server, moderation
        w.on_commit = server.changed  # the live pages show each edit at once
        return url

    def stop(self) -> None:
        server, self.server = self.server, None
        moderation, self._moderation = self._moderation, None
        if moderation is not None:
            moderation.workspace.on_commit = None
        if server is not None:
            server.stop(timeout=2.0)
