"""The Store's round timers: how long each round ran, and since when it runs."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from tafel.domain.timer import RoundTimer
from tafel.storage.rows import RoundTimerRow, table_of
from tafel.storage.transactions import Transactions

_TIMERS = table_of(RoundTimerRow)


def _timer(row: RoundTimerRow) -> RoundTimer:
    since = dt.datetime.fromisoformat(row.running_since) if row.running_since else None
    return RoundTimer(row.elapsed, since)


class Timers(Transactions):
    def timer(self, table_id: str, round: str) -> RoundTimer:
        with Session(self.engine) as session:
            row = session.get(RoundTimerRow, (table_id, round))
        return RoundTimer() if row is None else _timer(row)

    def timers(self, table_id: str) -> dict[str, RoundTimer]:
        with Session(self.engine) as session:
            found = session.exec(select(RoundTimerRow).where(col(RoundTimerRow.table_id) == table_id)).all()
        return {r.round: _timer(r) for r in found}

    def save_timer(self, table_id: str, round: str, timer: RoundTimer) -> None:
        since = timer.running_since.isoformat() if timer.running_since else None
        with self._tx(None) as conn:
            conn.execute(_TIMERS.delete().where(_TIMERS.c.table_id == table_id, _TIMERS.c.round == round))
            conn.execute(
                _TIMERS.insert(),
                {"table_id": table_id, "round": round, "elapsed": timer.elapsed, "running_since": since},
            )
