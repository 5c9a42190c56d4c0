"""The organiser's curation of the verslag (``tafel merge --curate``), as the merge applies it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Curated:
    """A topic the organiser names (``--curate``): it rests on the items carrying any of its words."""

    name: str
    words: tuple[str, ...]
    aliases: tuple[str, ...] = ()  # further words and spellings that count as its words (not shown)
    quotes: tuple[str, ...] = ()  # item ids to quote under it, in this order


@dataclass(frozen=True)
class Direction:
    """A development direction of section 3 in the organiser's words, and the advice it gathers:
    the lines named by id, and those whose text carries any of its words (or their variants)."""

    title: str
    text: str = ""
    advice: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Curation:
    """The organiser's curation: named topics, words never to make a topic of, and spellings that
    are one word after all ("verkokkering" = "verkokering"), written out like abbreviations; found
    topics to merge; the verslag's title, subtitle, introduction and summary; section 3's
    development directions; value groups."""

    themes: tuple[Curated, ...] = ()
    drop: tuple[str, ...] = ()
    same: tuple[tuple[str, str], ...] = ()
    merge: tuple[tuple[str, ...], ...] = ()
    title: str = ""
    subtitle: str = ""
    introduction: str = ""
    summary: str = ""
    directions: tuple[Direction, ...] = ()
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
