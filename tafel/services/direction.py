"""Use case: a direction round's text — kept as typed, a new version where the typing pauses."""

from __future__ import annotations

from tafel.domain.table import Item
from tafel.services.workspace import UseCases, changes, stored
from tafel.storage.repository import DirectionVersion


class Direction(UseCases):
    @stored
    def save_direction(self, table_id: str, round_id: str, text: str) -> DirectionVersion | None:
        """Keep the text as a new version, unless it is what was saved last."""
        versions = self.store.direction_versions(table_id, round_id)
        if versions and versions[-1].text == text:
            return None
        if not versions and not text.strip():
            return None
        self.workspace.revision += 1
        return self.store.save_direction(table_id, round_id, text)

    @changes
    def keep_direction(self, current: Item, text: str) -> Item:
        """The direction's text as it is being typed, without a new version (those are kept where
        the typing pauses, ``save_direction``): a power cut mid-sentence loses at most a second."""
        return self.store.update_item(current.id, text=text)

    @stored
    def direction_item(self, table_id: str, round_id: str) -> Item | None:
        return self.store.get_table(table_id).direction(round_id)

    @stored
    def direction_versions(self, table_id: str, round_id: str) -> list[DirectionVersion]:
        return self.store.direction_versions(table_id, round_id)
