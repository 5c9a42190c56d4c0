"""The one clock: UTC now. Use cases take a ``Clock`` so tests can pass a fixed or stepping one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def utc_stamp(moment: dt.datetime | None = None, *, timespec: str = "seconds") -> str:
    """A moment (default: now) as the exchange files write it: ``2026-11-27T09:00:00Z`` (a sync's
    documents to the microsecond, ``timespec="microseconds"``, so two syncs in one second stay ordered)."""
    moment = moment or utc_now()
    return moment.astimezone(dt.UTC).isoformat(timespec=timespec).replace("+00:00", "Z")
