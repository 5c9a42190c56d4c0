"""Venue mode's rules, plain Python: which versions lose to another laptop's, and the back-off.

A sync is an import (``tafel.domain.table_merge``): per item and participant the newest change
wins. What this module adds is the history: when the programme database holds a version written
by *another* laptop and the two differ, the one that loses is a conflict, kept and listed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from typing import Any

from tafel.domain.table import Item, Participant, Table
from tafel.domain.table_merge import _when

# Seconds to wait after the 1st, 2nd, … failed attempt in a row; then the last one again. Capped
# at a few seconds: a venue's database is back within seconds of its restart, and one attempt
# costs the laptop one refused connection.
BACKOFF = (0.5, 1.0, 2.0, 4.0, 5.0)


def backoff(failures: int) -> float:
    """The wait before the next attempt after ``failures`` failed ones in a row (0: none)."""
    if failures <= 0:
        return 0.0
    return BACKOFF[min(failures, len(BACKOFF)) - 1]


@dataclass(frozen=True)
class Conflict:
    kind: str  # item or participant
    id: str
    lost_laptop: str
    lost_updated_at: str
    lost: dict[str, Any]  # the version that lost, every field
    kept_laptop: str
    kept_updated_at: str


def _content(thing: Item | Participant) -> Item | Participant:
    return replace(thing, updated_at=None) if isinstance(thing, Participant) else replace(
        thing, updated_at=None, created_at=None
    )


def _stamp(thing: Item | Participant, fallback: str | None) -> str:
    return thing.updated_at or fallback or ""


def conflicts(
    here: Table | None, incoming: Table, exported_at: str | None, origins: dict[str, str], laptop: str,
    seen: set[tuple[str, str, str]],
) -> list[Conflict]:
    """The versions that lose when ``laptop`` sends ``incoming`` to a database holding ``here``.

    ``origins``: id → the laptop that wrote the version held; ``seen``: (id, laptop, change time)
    of every version each laptop sent before. Two versions conflict when they were made apart:
    the winner's laptop never sent the loser's version (so did not build on it), and the losing
    version is not one the database already had (a laptop's stale copy). A version held from this
    same laptop, or of unknown origin, is no conflict: it is this laptop's own earlier one.
    """
    if here is None:
        return []
    found: list[Conflict] = []
    pairs: list[tuple[str, list[Any], list[Any]]] = [
        ("participant", here.participants, incoming.participants), ("item", here.items, incoming.items),
    ]
    ever = {(ident, at) for ident, _laptop, at in seen}
    for kind, held, arriving in pairs:
        ours = {x.id: x for x in held}
        for theirs in arriving:
            mine = ours.get(theirs.id)
            other = origins.get(theirs.id)
            if mine is None or other is None or other == laptop or _content(mine) == _content(theirs):
                continue
            theirs_at, mine_at = _stamp(theirs, exported_at), _stamp(mine, None)
            if _when(theirs_at) > _when(mine_at):  # the incoming change wins: the held one is kept aside
                if (theirs.id, laptop, mine_at) not in seen:
                    found.append(Conflict(kind, theirs.id, other, mine_at, dataclasses.asdict(mine), laptop,
                                          theirs_at))
            elif (theirs.id, theirs_at) not in ever:
                found.append(Conflict(kind, theirs.id, laptop, theirs_at, dataclasses.asdict(theirs), other, mine_at))
    return found
