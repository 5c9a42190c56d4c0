"""The Store's participants: added, changed and removed (with their place kept for undo)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from tafel.domain.errors import TafelError
from tafel.domain.limits import check_lengths
from tafel.domain.table import Participant
from tafel.storage import mappers
from tafel.storage.importing import BURY
from tafel.storage.rows import ParticipantRow
from tafel.storage.transactions import UNBURY, Transactions, new_id

PARTICIPANT_FIELDS = {"name", "sector", "consent"}


class Participants(Transactions):
    def add_participant(
        self, table_id: str, *, name: str | None = None, sector: str | None = None,
        consent: bool = False,
    ) -> Participant:
        check_lengths({"name": name, "sector": sector})
        with self._edit(table_id) as session:
            self._table_row(session, table_id)
            position = session.exec(
                select(func.coalesce(func.max(ParticipantRow.position), -1))
                .where(col(ParticipantRow.table_id) == table_id)
            ).one()
            row = ParticipantRow(
                id=new_id(), table_id=table_id, position=position + 1, name=name, sector=sector,
                consent=consent, updated_at=self._now(),
            )
            session.add(row)
        return mappers.participant(row)

    def update_participant(self, participant_id: str, **fields: Any) -> Participant:
        unknown = set(fields) - PARTICIPANT_FIELDS
        if unknown:
            raise ValueError(f"not participant fields: {sorted(unknown)}")
        check_lengths(fields)
        with Session(self.engine, expire_on_commit=False) as session:
            row = session.get(ParticipantRow, participant_id)
            if row is None:
                raise TafelError("participant.not_found", ref=participant_id)
            table_id = row.table_id
        with self._edit(table_id) as session:
            row = session.get(ParticipantRow, participant_id)
            assert row is not None
            for key, value in fields.items():
                setattr(row, key, value)
            row.updated_at = self._now()
        return mappers.participant(row)

    def remove_participant(self, participant_id: str) -> tuple[Participant, int]:
        """Remove a participant; returns it and its place, for ``restore_participant``."""
        with Session(self.engine) as session:
            row = session.get(ParticipantRow, participant_id)
            if row is None:
                raise TafelError("participant.not_found", ref=participant_id)
            table_id, position, removed = row.table_id, row.position, mappers.participant(row)
        with self._edit(table_id) as session:
            session.execute(delete(ParticipantRow).where(col(ParticipantRow.id) == participant_id))
            session.execute(BURY, {"t": table_id, "id": participant_id, "kind": "participant", "at": self._now()})
        return removed, position

    def restore_participant(self, table_id: str, participant: Participant, position: int) -> None:
        with self._edit(table_id) as session:
            session.execute(UNBURY, {"t": table_id, "id": participant.id})
            session.add(mappers.participant_row(table_id, participant, position))
