"""The table's summary as the PDF, the participant page and the QR text read it.

The model is the domain's (``tafel.domain.summary``): the closing screen and the canvas overview
show the same one. Here it gets the words of the table's language, not the moderator's, and names
only of participants who consented (``Participant.shared_name``); a name inside a text of someone
who did not consent is replaced by their sector (``domain.redact``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from tafel.domain.canvas import Canvas
from tafel.domain.redact import redact_names
from tafel.domain.sectors import SectorCount
from tafel.domain.summary import Entry, Group, Part, RoundTime, Summary, Words, advice, directions, summarise
from tafel.domain.table import Table
from tafel.i18n import t

__all__ = [
    "Entry", "Group", "Part", "RoundTime", "SectorCount", "Summary", "advice", "build_summary", "date_text",
    "directions", "label", "summary_language", "tidy", "who", "words",
]


_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def tidy(text: str) -> str:
    """User text as shown: line breaks kept, runs of blank lines folded to one, ends trimmed."""
    return _BLANK_LINES.sub("\n\n", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def summary_language(table: Table) -> str:
    """The table's language as the summary speaks it: ``en``, ``EN`` and ``en-GB`` are English."""
    lang = (table.language or "").strip().lower().replace("_", "-").split("-")[0]
    return lang if lang in ("nl", "en") else "nl"


def date_text(iso: str, lang: str) -> str:
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    month = t(f"summary.month.{day.month}", lang=lang)
    return f"{day.day} {month} {day.year}"


def label(summary: Summary, key: str, **params: object) -> str:
    """A label of the summary (``summary.*``) in the summary's language."""
    return t(f"summary.{key}", lang=summary.lang, **params)


def who(summary: Summary, e: Entry) -> str | None:
    """"chosen by …" under a value card: the name (only with consent) and the sector."""
    parts = [p for p in (e.name, e.sector) if p]
    return label(summary, "value.by", who=", ".join(parts)) if parts else None


def words(lang: str) -> Words:
    return Words(
        lang=lang,
        kind=lambda kind: t(f"summary.kind.{kind}", lang=lang),
        round=lambda round_id: t("summary.round", lang=lang, round=round_id),
        date=lambda iso: date_text(iso, lang),
        no_sector=t("summary.people.no_sector", lang=lang),
    )


def build_summary(table: Table, canvas: Canvas | None, common: Collection[str] = ()) -> Summary:
    """The summary participants get, in the table's language."""
    return summarise(redact_names(table, common), canvas, words(summary_language(table)))
