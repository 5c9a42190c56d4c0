"""A conversation table as plain data: who sat there and what was written, round by round."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ITEM_KINDS = ("value", "direction", "concept", "example", "tension", "advice", "note")


@dataclass
class Participant:
    id: str
    name: str | None = None
    sector: str | None = None
    consent: bool = False  # agreed to be named in shared summaries and exports
    extra: dict[str, Any] = field(default_factory=dict)
    # When it last changed (ISO instant): an import keeps the newer of two versions. Not part of
    # equality: two participants with the same content are the same, whenever they were typed.
    updated_at: str | None = field(default=None, compare=False)

    @property
    def shared_name(self) -> str | None:
        """The name as it may leave the moderator's laptop: only with consent."""
        return self.name if self.consent and self.name else None


@dataclass
class Item:
    id: str
    round: str
    kind: str
    text: str
    value: str | None = None  # kind value: the card picked
    refs: list[str] = field(default_factory=list)  # kind value: other values referred to
    participant: str | None = None
    between: list[str] = field(default_factory=list)  # kind tension: the two poles
    rank: int | None = None  # kind advice: 1 is the first
    tags: list[str] = field(default_factory=list)
    zone: str | None = None  # notes rounds: the canvas zone the note lies in
    created_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    updated_at: str | None = field(default=None, compare=False)  # see Participant.updated_at


@dataclass(frozen=True)
class Tombstone:
    """A participant or item deleted at a table: kept so the deletion travels with the export and
    an import of an older file does not bring the deleted thing back."""

    id: str
    kind: str  # "item" or "participant"
    deleted_at: str  # ISO instant


@dataclass
class Table:
    id: str
    title: str
    date: str  # ISO date
    canvas: str
    canvas_version: int | None = None
    language: str = "nl"
    programme: str | None = None
    location: str | None = None
    moderator: str | None = None
    started_at: str | None = None
    ended_at: str | None = None
    participants: list[Participant] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown fields of `table`, kept
    doc_extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level fields, kept
    tombstones: list[Tombstone] = field(default_factory=list)  # deletions, exported as `deletions`

    def items_of(self, round_id: str | None = None, kind: str | None = None) -> list[Item]:
        return [
            i for i in self.items
            if (round_id is None or i.round == round_id) and (kind is None or i.kind == kind)
        ]

    def participant(self, participant_id: str | None) -> Participant | None:
        return next((p for p in self.participants if p.id == participant_id), None)

    def direction(self, round_id: str | None = None) -> Item | None:
        found = self.items_of(round_id, "direction")
        return found[-1] if found else None

    def advice(self) -> list[Item]:
        """Advice in rank order (unranked last, in the order written)."""
        found = self.items_of(kind="advice")
        return sorted(found, key=lambda i: (i.rank is None, i.rank or 0))


@dataclass
class TableSummary:
    """One line of the table list: enough to choose a table without loading it."""

    id: str
    title: str
    date: str
    canvas: str
    current_round: str | None
    updated_at: str
    participants: int
    items: int
