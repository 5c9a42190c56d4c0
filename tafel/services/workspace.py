"""What the moderator's use cases share: the store, the canvases, the clock, one undo stack and
the count of edits; and the one place a database error becomes a TafelError (``stored``).

Each use case (``session``, ``participants``, ``notes``, ``values``, ``direction``, ``timers``,
``export``) is a small class over one ``Workspace``; ``tafel.services.moderation`` bundles them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import DatabaseError

from tafel.canvases import Library
from tafel.domain.clock import Clock, utc_now
from tafel.domain.errors import TafelError
from tafel.domain.undo import UndoStack
from tafel.settings import Settings
from tafel.storage.repository import Store

F = TypeVar("F", bound=Callable[..., Any])


class Workspace:
    def __init__(self, store: Store, library: Library, settings: Settings, clock: Clock = utc_now) -> None:
        self.store, self.library, self.settings, self.clock = store, library, settings, clock
        self.undo_stack = UndoStack()  # one for every use case: Ctrl+Z takes back the last edit, whatever it was
        self.revision = 0  # goes up with every edit (see ``changes``)
        # Called after every edit (and a new current round): the share server's live pages, when it
        # runs in this process. It must return at once (it only wakes the server).
        self.on_commit: Callable[[], None] | None = None
        self.rescan = False  # read the canvas folders again when a table is started (set by the app)

    def committed(self) -> None:
        if self.on_commit is not None:
            try:
                self.on_commit()
            except Exception as exc:  # the phones' page never stops the moderator; the log keeps why
                self.note_error(exc, "live page not told of an edit")

    def note_error(self, exc: BaseException, context: str) -> None:
        """An error the moderator carries on after: to the data folder's errors.log, not the screen."""
        from tafel.crashlog import note_error

        note_error(exc, context, home=self.settings.home)

    def rescan_canvases(self) -> None:
        """A canvas written or changed while tafel runs is there for the next table, no restart.

        Only where the library came from the folders (not one a test or caller gave).
        """
        if not self.rescan:
            return
        from tafel.canvases import load_library

        self.library = load_library(self.settings.extra_canvases, self.settings.user_canvases)


class UseCases:
    """A group of the moderator's use cases over the shared workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    @property
    def store(self) -> Store:
        return self.workspace.store

    @property
    def library(self) -> Library:
        return self.workspace.library

    @property
    def settings(self) -> Settings:
        return self.workspace.settings

    @property
    def undo_stack(self) -> UndoStack:
        return self.workspace.undo_stack

    def clock(self) -> dt.datetime:
        return self.workspace.clock()


def db_error(exc: DatabaseError) -> TafelError:
    """A failed read or write as a TafelError: ``db.full`` (SQLITE_FULL) or ``db.write_failed``.

    "database or disk is full", "disk I/O error", "attempt to write a readonly database",
    "database is locked": nothing was written (the transaction rolled back), and the screen says
    so in one line with what was typed still in its field.
    """
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    message = detail[0] if detail else type(exc).__name__
    key = "db.full" if "full" in message.lower() else "db.write_failed"
    return TafelError(key, error=message)


def stored(method: F) -> F:
    """The one place a database error of the moderator's use cases becomes a TafelError."""

    @functools.wraps(method)
    def guarded(self: UseCases, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except DatabaseError as exc:
            raise db_error(exc) from exc

    return guarded  # type: ignore[return-value]  # functools.wraps: the method's own signature


def changes(method: F) -> F:
    """An edit of the tables: counted, so screens kept aside know to read their table again;
    its database errors said as TafelErrors (``stored``)."""

    @functools.wraps(method)
    def counted(self: UseCases, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        finally:
            self.workspace.revision += 1
            self.workspace.committed()

    return stored(counted)  # type: ignore[return-value]  # as in stored
