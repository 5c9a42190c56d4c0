"""Who sat at the table, by sector: one count for the closing screen, the summary and the verslag.

Sectors are typed by hand, so "Burger", "burger " and "BURGER" are one sector: compared without
case, with Unicode compatibility forms folded and runs of spaces as one. The sector is shown as
most participants wrote it (the first of equally common spellings), its spaces tidied.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tafel.domain.table import Participant


def tidy_sector(sector: str | None) -> str | None:
    """A sector as written, runs of spaces as one and ends trimmed; None when there is none."""
    tidy = " ".join((sector or "").split())
    return tidy or None


def sector_key(sector: str | None) -> str:
    """What two spellings of one sector have in common ("" for no sector)."""
    return " ".join(unicodedata.normalize("NFKC", sector or "").casefold().split())


@dataclass(frozen=True)
class SectorCount:
    sector: str | None  # None: participants who gave no sector
    count: int
    names: tuple[str, ...] = ()  # the names that may be shown (``Participant.shared_name``)


def count_sectors(participants: Iterable[Participant]) -> list[SectorCount]:
    """Participants per sector, in the order the sectors first appear; no sector last."""
    spellings: dict[str, Counter[str]] = {}
    names: dict[str, list[str]] = {}
    read: dict[str | None, tuple[str, str]] = {}  # a sector as typed → its key and its tidy spelling
    for p in participants:
        known = read.get(p.sector)
        if known is None:  # (a programme's thousands of participants type a few sectors)
            known = read[p.sector] = sector_key(p.sector), tidy_sector(p.sector) or ""
        key, tidy = known
        spelled = spellings.get(key)
        if spelled is None:
            spelled = spellings[key] = Counter()
        spelled[tidy] += 1
        if p.shared_name:
            names.setdefault(key, []).append(p.shared_name)
    out = [
        SectorCount(found.most_common(1)[0][0] or None, found.total(), tuple(names.get(key, ())))
        for key, found in spellings.items()
    ]
    return [s for s in out if s.sector] + [s for s in out if not s.sector]
