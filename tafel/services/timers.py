"""Use case: each round's timer — started on a first visit, one running at a time, paused at the end."""

from __future__ import annotations

from tafel.domain.timer import RoundTimer
from tafel.services.workspace import UseCases, stored


class Timers(UseCases):
    @stored
    def timers(self, table_id: str) -> dict[str, RoundTimer]:
        return self.store.timers(table_id)

    @stored
    def enter_round(self, table_id: str, round_id: str) -> RoundTimer:
        """Entering a round for the first time starts its timer; other running timers pause."""
        now = self.clock()
        for other, timer in self.store.timers(table_id).items():
            if other != round_id and timer.running:
                self.store.save_timer(table_id, other, timer.pause(now))
        timer = self.store.timer(table_id, round_id)
        if not timer.running and timer.elapsed == 0:
            timer = timer.start(now)
            self.store.save_timer(table_id, round_id, timer)
        return timer

    @stored
    def pause_all(self, table_id: str) -> None:
        now = self.clock()
        for round_id, timer in self.store.timers(table_id).items():
            if timer.running:
                self.store.save_timer(table_id, round_id, timer.pause(now))

    @stored
    def toggle_timer(self, table_id: str, round_id: str) -> RoundTimer:
        timer = self.store.timer(table_id, round_id).toggle(self.clock())
        self.store.save_timer(table_id, round_id, timer)
        return timer

    def total_seconds(self, timers: dict[str, RoundTimer]) -> float:
        now = self.clock()
        return sum(t.seconds(now) for t in timers.values())
