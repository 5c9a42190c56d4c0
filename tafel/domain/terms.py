"""What topics are made of: terms (a word, a phrase, a tag or a tension, with the items that
carry it), the topics themselves, the numbers that shape them, and the state ``Topics`` keeps
(``themes.py``) that the modules finding, curating and naming topics share."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeGuard

from tafel.domain.vocabulary import Words

Key = str | tuple[str, ...]
Items = Sequence[tuple[str, str, Sequence[str]]]  # (table id, text, tags), a table's items together

POLES = "↔"  # first of a tension's key
BREAK = "\x00"  # a clause mark: no phrase spans it
MAX_GAP = 2  # function words a phrase may span ("geest van de wet", "right to challenge")
# The only function words a phrase spans: articles and the prepositions of fixed phrases.
GLUE = frozenset("van de het der des uit in op voor naar to of the a in for".split())  # noqa: SIM905
CANDIDATES = 200  # terms considered for topics (the heaviest first)
ASSOCIATION = 0.3  # cosine of item sets above which two terms are one topic
MAX_TERMS = 6  # terms in one topic
MAX_SHARE = 0.12  # of all items, the most one topic may gather by merging (min MIN_CAP)
MIN_CAP = 12
MIN_SPEC = 0.5  # a word this common is never a topic of its own (unless tagged)
NAME_TERMS = 3
TAG_SPEC = 3.0
HEADLINE = 12  # topics with their own heading in the verslag
MENTIONED = 40  # further topics named in one line (section 3 may put advice under them too)


@dataclass
class Term:
    key: Key
    items: list[int]
    tables: int
    spec: float
    tagged: bool = False
    keys: tuple[str, ...] = ()  # a word's variants (its family), for naming
    label: str = ""

    @property
    def salience(self) -> float:
        return self.tables * self.spec


@dataclass(frozen=True)
class Topic:
    name: str
    words: tuple[str, ...]
    items: tuple[int, ...]  # indexes into the items given, ascending
    tables: int
    tagged: bool
    # The (items, spec) of each of its terms: which topic an advice carries most strongly.
    terms: tuple[tuple[Sequence[int], float], ...] = field(repr=False, compare=False, hash=False)
    weight: float = 0.0  # how much the topic says: its terms' tables × spec, summed
    curated: bool = False
    keys: frozenset[object] = field(default=frozenset(), repr=False, compare=False, hash=False)
    quotes: tuple[str, ...] = ()  # curated: the item ids the organiser chose to quote


@dataclass(frozen=True)
class Suggestion:
    """A rare word one typo away from a topic's word: offered, never merged."""

    word: str
    like: str
    items: tuple[int, ...]


def _is_phrase(key: object) -> TypeGuard[tuple[str, ...]]:
    return isinstance(key, tuple) and None not in key and (len(key) != 2 or key[0] != key[1])


def _is_tension(key: object) -> TypeGuard[tuple[str, ...]]:
    return isinstance(key, tuple) and bool(key) and key[0] == POLES


def _word(key: object) -> str:
    """A single word's key, else "" (phrases and tensions are said by their words)."""
    return key if isinstance(key, str) else ""


def _by_tables(topic: Topic) -> tuple[int, int, str]:
    return -topic.tables, -len(topic.items), topic.name


def _mask(indexes: Iterable[int], size: int) -> int:
    bits = bytearray((size >> 3) + 1)
    for i in indexes:
        bits[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(bits, "little")


class TopicsState:
    """What ``Topics`` keeps while it finds topics: read by the mixins it is made of."""

    _items: Sequence[tuple[str, str, Sequence[str]]]
    words: Words
    _expand: Callable[[str], str]
    min_tables: int
    _weigh: Sequence[bool] | None
    _examples: Sequence[bool] | None
    table_of: list[int]
    tables_total: int
    size: int
    tag_label: dict[Key, str]
    pole_label: dict[Key, Counter[str]]
    _apart: list[int]
    _postings: dict[Key, list[int]]
    _family: dict[str, str]
    _members: dict[str, list[str]]
    curated_missing: list[tuple[str, int]]
    unmatched: list[tuple[str, str]]
    topics: list[Topic]

    def _tables(self, items: Sequence[int]) -> int:
        raise NotImplementedError

    def tag_key(self, tag: str) -> Key | None:
        raise NotImplementedError

    def _join(self, parts: Sequence[Topic]) -> Topic:
        raise NotImplementedError

    def _topic(self, terms: list[Term]) -> Topic:
        raise NotImplementedError
