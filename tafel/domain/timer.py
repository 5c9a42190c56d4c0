"""A round's timer: elapsed and remaining time, paused or running, that survives a restart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

WARN_SECONDS = 120  # a calm warning two minutes before the round's time is up


@dataclass(frozen=True)
class RoundTimer:
    elapsed: float = 0.0  # seconds counted up to running_since (or in all, when paused)
    running_since: dt.datetime | None = None

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def seconds(self, now: dt.datetime) -> float:
        if self.running_since is None:
            return self.elapsed
        return self.elapsed + max(0.0, (now - self.running_since).total_seconds())

    def start(self, now: dt.datetime) -> RoundTimer:
        return self if self.running else RoundTimer(self.elapsed, now)

    def pause(self, now: dt.datetime) -> RoundTimer:
        return RoundTimer(self.seconds(now), None) if self.running else self

    def toggle(self, now: dt.datetime) -> RoundTimer:
        return self.pause(now) if self.running else self.start(now)

    def remaining(self, minutes: int, now: dt.datetime) -> float:
        return minutes * 60 - self.seconds(now)

    def state(self, minutes: int, now: dt.datetime) -> str:
        """``ok``, ``warning`` (two minutes or less left) or ``over`` (past the round's time)."""
        left = self.remaining(minutes, now)
        if left < 0:
            return "over"
        if left <= WARN_SECONDS:
            return "warning"
        return "ok"


def clock(seconds: float) -> str:
    """Seconds as m:ss (or h:mm:ss), with a minus sign when over time."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
