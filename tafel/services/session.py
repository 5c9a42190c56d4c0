"""Use case: the moderator's tables — list, start, open, delete — and where the moderator is.

The one owner of the resume state: which table is open and at which step, kept in memory for
the screens and in ``tui-session.json`` (with the place inside the step) so that starting tafel
again lands there; the database keeps the current round for the live page.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DatabaseError

from tafel.domain.canvas import Canvas
from tafel.domain.errors import TafelError
from tafel.domain.fallback import canvas_from_table
from tafel.domain.table import Table, TableSummary
from tafel.services.workspace import UseCases, Workspace, changes, stored

SESSION_FILE = "tui-session.json"
PARTICIPANTS, CLOSING = "participants", "closing"  # the steps before and after the rounds


@dataclass(frozen=True)
class TableView:
    """A table with its canvas: what every screen of an open table shows from."""

    table: Table
    canvas: Canvas
    canvas_known: bool = True  # False: the canvas is not on this laptop; ``canvas`` is read from the table

    def steps(self) -> list[str]:
        return [PARTICIPANTS, *(r.id for r in self.canvas.rounds), CLOSING]


def _shown(url: str) -> str:
    """A database URL as it may be written to a file: without its password (session.json)."""
    from tafel.redact import safe_url

    return url if url.startswith("sqlite") else safe_url(url)


class Session(UseCases):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.table_id: str | None = None  # the open table
        self.step: str | None = None  # its step on screen
        self._view: TableView | None = None
        self._view_revision = -1
        self._seen: dict[str, tuple[str, str | None]] = {}  # table id -> its ``changed_at`` when last looked

    # -- tables ----------------------------------------------------------------------------

    @stored
    def list_tables(self) -> list[TableSummary]:
        return self.store.list_tables()

    @changes
    def start_table(
        self, *, canvas: str, title: str, date: str | None = None, programme: str | None = None,
        location: str | None = None, moderator: str | None = None, language: str | None = None,
    ) -> str:
        c = self.library.get(canvas, language)  # in the table's language where the canvas has it
        table_id = self.store.create_table(
            title=title.strip(), canvas=c.id, canvas_version=c.version, language=c.language,
            date=date or self.clock().date().isoformat(), programme=programme or None,
            location=location or None, moderator=moderator or None,
        )
        self.store.update_table(table_id, started_at=self.clock().isoformat(timespec="seconds"))
        return table_id

    @stored
    def end_table(self, table_id: str) -> None:
        """The table reached its closing: ``ended_at`` is set (once; the first closing counts)."""
        if not self.store.get_table(table_id).ended_at:
            self.store.update_table(table_id, ended_at=self.clock().isoformat(timespec="seconds"))

    @stored
    def view(self, table_id: str) -> TableView:
        table = self.store.get_table(table_id)
        canvas = self.library.find(table.canvas, table.language)
        if canvas is None:  # made with a canvas from another laptop: its own rounds and zones
            return TableView(table, canvas_from_table(table), canvas_known=False)
        return TableView(table, canvas)

    @stored
    def share_token(self, table_id: str) -> str:
        """The table's share token: its live page while open, its summary once exported."""
        return self.store.share_token(table_id)

    @changes
    def delete_table(self, table_id: str) -> None:
        self.store.delete_table(table_id)
        self.undo_stack.push("tui.undo.table_deleted", lambda: self.store.restore_table(table_id))
        if self.last_step()[0] == table_id:
            self.forget_table()

    @stored
    def purge_deleted(self) -> int:
        return self.store.purge_deleted()

    @stored
    def changed_elsewhere(self, table_id: str) -> bool:
        """Whether another process (``tafel import``) changed the table since it was last looked at.

        An import stamps the tables it changed with its own time, and with the newest file's export
        time; a last change that is not this process's own write, or a newer file, means the open
        screens should read the table again. The first look only takes note.
        """
        now, before = self.store.changed_at(table_id), self._seen.get(table_id)
        if now is None:
            return False
        self._seen[table_id] = now
        if before is None or now == before:
            return False
        if now[1] == before[1] and now[0] == self.store.touched.get(table_id):
            return False  # only this process's own edits since the last look
        self.workspace.revision += 1  # screens kept aside read the table again too
        return True

    # -- the open table ----------------------------------------------------------------------

    def open(self, table_id: str, step: str | None = None) -> TableView:
        """Open a table at ``step`` (or where it was left); remembered for the next start.

        A database that cannot be read raises a TafelError and leaves no table open.
        """
        self._view = None
        view = self.view(table_id)
        with contextlib.suppress(TafelError):
            self.changed_elsewhere(table_id)  # the first look takes note of where it stands
        step = step if step in view.steps() else self.resume_step(view)
        self.table_id, self.step = table_id, step
        self.remember_step(table_id, step)
        return view

    def go_to(self, step: str) -> bool:
        """Another step of the open table; False when the table has no such step."""
        if step not in self.table_view().steps():
            return False
        self.step = step
        return True

    def close(self) -> None:
        """No table open; starting tafel again shows the list of tables."""
        if self.table_id is not None:
            self.forget_table()
        self.table_id = self.step = None
        self._view = None

    def table_view(self) -> TableView:
        """The open table, read again from the store only when something was edited since."""
        assert self.table_id is not None
        view, revision = self._view, self.workspace.revision
        if view is None or view.table.id != self.table_id or self._view_revision != revision:
            self._view = view = self.view(self.table_id)
            self._view_revision = revision
        return view

    @stored
    def resume_step(self, view: TableView) -> str:
        """Where to open a table: an ended one at its closing, else its current round, or the
        participants when none was opened."""
        if view.table.ended_at:
            return CLOSING
        current = self.store.current_round(view.table.id)
        return current if current and view.canvas.round(current) else PARTICIPANTS

    # -- the resume file (survives quitting) ---------------------------------------------------

    def _session_path(self) -> Path:
        return self.settings.home / SESSION_FILE

    def _read(self) -> dict[str, Any] | None:
        """The resume file's content; None when there is none, or when it cannot be read (logged)."""
        try:
            data = json.loads(self._session_path().read_text("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            self.workspace.note_error(exc, "resume file not read")
            return None
        return data if isinstance(data, dict) else None

    def _write(self, data: dict[str, Any]) -> None:
        try:
            path = self._session_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(data), "utf-8")
        except (OSError, ValueError) as exc:  # the database still knows the round: no reason to stop
            self.workspace.note_error(exc, "resume file not written")

    def remember_step(self, table_id: str, step: str) -> None:
        """The open table and step, so that starting tafel again lands here."""
        if step not in (PARTICIPANTS, CLOSING):
            with contextlib.suppress(DatabaseError):  # a full disk: the session file below still knows it
                self.store.set_current_round(table_id, step)
                self.workspace.committed()  # the live page shows the current round
        data: dict[str, Any] = {"db": _shown(self.settings.db_url), "table": table_id, "step": step}
        old = self._read()
        if old and old.get("table") == table_id and old.get("step") == step:
            data["focus"] = old.get("focus")  # reopening the same step: keep the place in it
        self._write(data)

    def remember_focus(self, focus: str | None) -> None:
        """Where inside the step the moderator is (e.g. the participant of a values round)."""
        data = self._read()
        if data is not None:
            data["focus"] = focus
            self._write(data)

    def last_focus(self) -> str | None:
        focus = (self._read() or {}).get("focus")
        return str(focus) if focus else None

    def forget_table(self) -> None:
        try:
            self._session_path().unlink(missing_ok=True)
        except OSError as exc:
            self.workspace.note_error(exc, "resume file not removed")

    @stored
    def last_step(self) -> tuple[str | None, str | None]:
        """(table id, step) of the table open when tafel last stopped, if it is still here."""
        data = self._read() or {}
        if "table" not in data or "step" not in data:
            return None, None
        table_id, step = str(data["table"]), str(data["step"])
        if data.get("db") not in (self.settings.db_url, _shown(self.settings.db_url)):
            return None, None
        if not any(s.id == table_id for s in self.store.list_tables()):
            return None, None
        return table_id, step
