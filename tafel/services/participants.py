"""Use case: who sits at the table — added, edited, removed, each undoable."""

from __future__ import annotations

from typing import Any

from tafel.domain.canvas import participants_below_minimum
from tafel.domain.table import Participant
from tafel.services.session import TableView
from tafel.services.workspace import UseCases, changes


class Participants(UseCases):
    def participants_short(self, view: TableView) -> int | None:
        """The canvas's minimum when fewer people sit at the table (one calm line, never a block)."""
        count = len(view.table.participants)
        return view.canvas.participants_min if participants_below_minimum(view.canvas, count) else None

    @changes
    def add_participant(self, table_id: str, *, name: str | None, sector: str | None, consent: bool) -> Participant:
        p = self.store.add_participant(table_id, name=(name or "").strip() or None, sector=sector or None,
                                       consent=consent)
        self.undo_stack.push("tui.undo.participant_added", lambda: self.store.remove_participant(p.id))
        return p

    @changes
    def update_participant(self, participant: Participant, **fields: Any) -> Participant:
        before = {k: getattr(participant, k) for k in fields}
        if "name" in fields:
            fields["name"] = (fields["name"] or "").strip() or None
        updated = self.store.update_participant(participant.id, **fields)
        self.undo_stack.push("tui.undo.participant_edited",
                             lambda: self.store.update_participant(participant.id, **before))
        return updated

    @changes
    def remove_participant(self, table_id: str, participant_id: str) -> None:
        removed, position = self.store.remove_participant(participant_id)
        self.undo_stack.push("tui.undo.participant_removed",
                             lambda: self.store.restore_participant(table_id, removed, position))
