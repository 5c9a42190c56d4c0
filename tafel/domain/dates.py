"""Dates as people type them: 27-11-2026, 27/11/2026, 27-11, 2026-11-27, "vandaag" or "today".

Stored as ISO (2026-11-27); shown in the language's form (``shown``). Plain Python, no clock of its
own: the caller gives today.
"""

from __future__ import annotations

import datetime as dt
import re

TODAY_WORDS = {"vandaag", "today", "nu", "now"}
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})(?:[-/. ](\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(typed: str, today: dt.date) -> dt.date | None:
    """The date meant by ``typed``; None when it is no date (or no existing day)."""
    text = typed.strip().lower()
    if not text or text in TODAY_WORDS:
        return today
    try:
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DAY_FIRST.match(text):
            year = int(m[3]) if m[3] else today.year
            if m[3] and len(m[3]) == 2:
                year += 2000
            return dt.date(year, int(m[2]), int(m[1]))
    except ValueError:  # 31-02-2026: no such day
        return None
    return None


def shown(date: dt.date, language: str) -> str:
    """A date as people of the language write it: 27-11-2026 in Dutch, 2026-11-27 otherwise."""
    return date.strftime("%d-%m-%Y") if language == "nl" else date.isoformat()


def shown_iso(iso: str, language: str) -> str:
    """A stored date (ISO) as people of the language write it; anything unreadable as it is."""
    try:
        return shown(dt.date.fromisoformat(iso), language)
    except ValueError:
        return iso
