"""The moderator's use cases, one object per use case, over one shared workspace.

A newcomer finds each by name: ``session`` (tables, and where the moderator is), ``participants``,
``notes`` (items and undo), ``values``, ``direction``, ``timers`` and ``exports``. The TUI holds
one ``Moderation``; its screens call these and never touch SQL or count anything themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from tafel.canvases import Library
from tafel.domain.clock import Clock, utc_now
from tafel.services.direction import Direction
from tafel.services.export import Exports
from tafel.services.notes import Notes
from tafel.services.participants import Participants
from tafel.services.session import Session
from tafel.services.timers import Timers
from tafel.services.values import Values
from tafel.services.workspace import Workspace
from tafel.settings import Settings
from tafel.storage.repository import Store


@dataclass(frozen=True)
class Moderation:
    workspace: Workspace
    session: Session
    participants: Participants
    notes: Notes
    values: Values
    direction: Direction
    timers: Timers
    exports: Exports

    @classmethod
    def open(cls, store: Store, library: Library, settings: Settings, clock: Clock = utc_now) -> Moderation:
        w = Workspace(store, library, settings, clock)
        return cls(w, Session(w), Participants(w), Notes(w), Values(w), Direction(w), Timers(w), Exports(w))
