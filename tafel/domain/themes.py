"""Recurring themes ("rode draden"): tags and key phrases that come back at several tables.

A key phrase is a single word or two adjacent words of an item's text, lemmatised (simplemma)
with stop words removed; a tag is a theme a moderator gave an item. Both become a key of lemmas,
so the tag "menselijke maat" and the words "menselijke maat" in a note are one theme. A theme is
kept when it occurs at ``min_tables`` tables or more; each keeps the items that carry it, so every
line of a report can be traced to its table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from tafel.domain.stopwords import stop_words
from tafel.domain.values import normalise

# Words of letters, with inner hyphens or apostrophes ("wet-en regelgeving", "auto's"), or one mark
# that ends a clause: a two-word phrase never spans a clause or sentence boundary.
# (\w is faster to match than letters-only; a token with digits is no word and learns to None.)
_TOKEN = re.compile(r"\w+(?:['’-]\w+)*|[.,;:!?()\[\]{}\"“”‘/\n\r\t–—•…]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MIN_WORD = 3

# A single word is kept as its lemma (str), a two-word phrase as a pair of lemmas; a tag of any
# length as a tuple (one word: a 1-tuple is never made, it is the plain lemma).
Key = str | tuple[str, ...]
# ``lemmatize(word, lang=...)``, as simplemma's: the services may pass one with a faster start.
Lemmatize = Callable[..., str]


@dataclass(frozen=True)
class ThemeHit:
    """A theme, at how many tables and in how many items it occurs."""

    key: Key
    label: str
    tables: int
    items: int
    tagged: bool  # given as a tag at some table (not only found in the text)


class _Cache(dict[str, str | None]):
    """A dict that learns a word it has not seen: ``map(cache.__getitem__, words)`` stays in C."""

    def __init__(self, learn: Callable[[str], object]) -> None:
        super().__init__()
        self._learn = learn

    def __missing__(self, word: str) -> str | None:
        self._learn(word)
        return dict.__getitem__(self, word)


class Lemmatiser:
    """simplemma with a per-word cache: a programme's vocabulary is small, its word count is not.

    ``lemma[word]`` is the lemma, or None for a stop word or a clause mark; ``single[word]`` is the
    lemma only for words long enough to be a theme on their own.
    """

    def __init__(self, language: str = "nl", lemmatize: Lemmatize | None = None) -> None:
        self.language = language if language in ("nl", "en") else "nl"
        self.stop = stop_words(self.language)
        self.lemma = _Cache(self.learn)
        self.single = _Cache(self.learn)
        self.surface: dict[str, str] = {}  # lemma → the first word seen for it, to name a theme
        self._lemmatize = lemmatize  # simplemma's own when not given

    def learn(self, word: str) -> str | None:
        if self._lemmatize is None:
            from simplemma import lemmatize  # loads its dictionary on first use

            self._lemmatize = lemmatize
        base: str | None = None
        if word not in self.stop and _WORD.fullmatch(word):
            base = self._lemmatize(word, lang=self.language).casefold()
            if base in self.stop:
                base = None
            else:
                self.surface.setdefault(base, word)
        self.lemma[word] = base
        self.single[word] = base if base is not None and len(word) >= MIN_WORD else None
        return base

    def __call__(self, word: str) -> str | None:
        return self.lemma[word]

    def raw_keys(self, text: str) -> set[object]:
        """The text's single words and adjacent pairs, including pairs with a stop word or mark
        (None) in them: filtering those once per distinct key is far cheaper than per occurrence."""
        words = _TOKEN.findall(text.casefold())
        keys: set[object] = set(pairwise(map(self.lemma.__getitem__, words)))
        keys.update(map(self.single.__getitem__, words))
        return keys


def _is_key(key: object) -> bool:
    return key is not None and not (isinstance(key, tuple) and None in key)


def phrase_keys(text: str, lemma: Lemmatiser) -> set[Key]:
    """The single words (3+ letters) and two-word phrases of a text, as lemma keys."""
    return {k for k in lemma.raw_keys(text) if _is_key(k)}  # type: ignore[misc]


def label_of(key: Key, lemma: Lemmatiser) -> str:
    """How a theme is named: each lemma as the tables first wrote it ("menselijke maat")."""
    if isinstance(key, str):
        return lemma.surface.get(key, key)
    return " ".join(lemma.surface.get(k, k) for k in key)


def tag_key(tag: str, lemma: Lemmatiser) -> Key:
    """A tag as lemmas; a tag made only of stop words is kept as written (normalised)."""
    name = normalise(tag)
    kept = tuple(b for b in (lemma(w) for w in _WORD.findall(name)) if b)
    if not kept:
        return name
    return kept[0] if len(kept) == 1 else kept


Items = Sequence[tuple[str, str, Sequence[str]]]


class Themes:
    """The recurring themes of ``(table_id, text, tags)`` items, those of one table together.

    Counting is done in one pass that stays in C as much as Python allows (sets and Counters);
    which items carry a theme is worked out only when asked (``items_of``), by a second pass:
    the JSON report needs counts only, the PDF and CSV need the items.
    """

    def __init__(
        self, items: Items, *, language: str = "nl", min_tables: int = 2, lemmatize: Lemmatize | None = None
    ) -> None:
        self._items = items
        self.lemma = Lemmatiser(language, lemmatize)
        self._tags: dict[Key, str] = {}
        item_counts: Counter[object] = Counter()
        table_counts: Counter[object] = Counter()
        union: set[object] = set()
        current: str | None = None
        done: set[str] = set()
        for table, text, tags in items:
            if table != current:
                table_counts.update(union)
                union = set()
                if table in done:
                    raise ValueError("the items of one table must come together")
                if current is not None:
                    done.add(current)
                current = table
            keys = self.lemma.raw_keys(text) if text else set()
            for tag in tags:
                key = tag_key(tag, self.lemma)
                self._tags.setdefault(key, normalise(tag))
                keys.add(key)
            item_counts.update(keys)
            union |= keys
        table_counts.update(union)
        kept = {k: n for k, n in table_counts.items() if n >= min_tables and _is_key(k)}
        for key in [k for k in kept if isinstance(k, tuple) and len(k) == 2]:
            for word in key:  # type: ignore[union-attr]
                if word in kept and item_counts[word] == item_counts[key] and word not in self._tags:
                    del kept[word]
        self.hits = sorted(
            (ThemeHit(k, self._tags.get(k) or label_of(k, self.lemma), n, item_counts[k], k in self._tags)  # type: ignore[arg-type]
             for k, n in kept.items()),
            key=lambda h: (-h.tables, -h.items, h.label),
        )
        self._postings: dict[Key, list[int]] | None = None

    def items_of(self, key: Key) -> list[int]:
        """Indexes of the items that carry a theme (all themes worked out on the first call)."""
        if self._postings is None:
            wanted = {h.key for h in self.hits}
            postings: dict[Key, list[int]] = {k: [] for k in wanted}
            for index, (_table, text, tags) in enumerate(self._items):
                keys = self.lemma.raw_keys(text) if text else set()
                keys.update(tag_key(tag, self.lemma) for tag in tags)
                for k in keys & wanted:
                    postings[k].append(index)  # type: ignore[index]
            self._postings = postings
        return self._postings.get(key, [])


def find_themes(items: Items, *, language: str = "nl", min_tables: int = 2) -> list[ThemeHit]:
    """Themes of ``(table_id, text, tags)`` items, most tables first.

    A single word that never occurs outside one two-word theme (the same items) is left out:
    "digitale kloof" says it, "kloof" alone adds nothing.
    """
    return Themes(items, language=language, min_tables=min_tables).hits
