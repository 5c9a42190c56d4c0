"""Recurring themes ("rode draden"): tags and key phrases that come back at several tables.

A key phrase is a single word or two adjacent words of an item's text, lemmatised (simplemma)
with stop words removed; a tag is a theme a moderator gave an item. Both become a key of lemmas,
so the tag "menselijke maat" and the words "menselijke maat" in a note are one theme. A theme is
kept when it occurs at ``min_tables`` tables or more; each keeps the items that carry it, so every
line of a report can be traced to its table.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from tafel.domain.stopwords import stop_words
from tafel.domain.values import normalise

# Words of letters, with inner hyphens or apostrophes ("wet-en regelgeving", "auto's"), or one mark
# that ends a clause: a two-word phrase never spans a clause or sentence boundary.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|[.,;:!?()\[\]{}\"“”‘/\n\r\t–—•…]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MIN_WORD = 3

# A single word is kept as its lemma (str), a two-word phrase as a pair of lemmas; a tag of any
# length as a tuple (one word: a 1-tuple is never made, it is the plain lemma).
Key = str | tuple[str, ...]


@dataclass(frozen=True)
class ThemeHit:
    """A theme and where it occurs: indexes into the item sequence given to ``find_themes``."""

    key: Key
    label: str
    tables: int
    items: tuple[int, ...]
    tagged: bool  # given as a tag at some table (not only found in the text)


class Lemmatiser:
    """simplemma with a per-word cache: a programme's vocabulary is small, its word count is not.

    ``lemma[word]`` is the lemma, or None for a stop word or a clause mark; ``single[word]`` is the
    lemma only for words long enough to be a theme on their own.
    """

    def __init__(self, language: str = "nl") -> None:
        self.language = language if language in ("nl", "en") else "nl"
        self.stop = stop_words(self.language)
        self.lemma: dict[str, str | None] = {}
        self.single: dict[str, str | None] = {}
        self._lemmatize: Callable[..., str] | None = None

    def learn(self, word: str) -> str | None:
        if self._lemmatize is None:
            from simplemma import lemmatize  # loads its dictionary on first use

            self._lemmatize = lemmatize
        base: str | None = None
        if word not in self.stop and _WORD.fullmatch(word):
            base = self._lemmatize(word, lang=self.language).casefold()
            if base in self.stop:
                base = None
        self.lemma[word] = base
        self.single[word] = base if base is not None and len(word) >= MIN_WORD else None
        return base

    def lemmas(self, words: list[str]) -> list[str | None]:
        get = self.lemma.get
        out = [get(w, "") for w in words]
        if "" in out:  # words not seen before
            out = [self.learn(w) if b == "" else b for w, b in zip(words, out, strict=True)]
        return out

    def __call__(self, word: str) -> str | None:
        return self.lemma[word] if word in self.lemma else self.learn(word)


def phrase_keys(text: str, lemma: Lemmatiser) -> set[Key]:
    """The single words (3+ letters) and two-word phrases of a text, as lemma keys."""
    words = _TOKEN.findall(text.casefold())
    bases = lemma.lemmas(words)
    single = lemma.single
    keys: set[Key] = {s for s in map(single.__getitem__, words) if s}
    keys.update(p for p in pairwise(bases) if p[0] and p[1])
    return keys


def label_of(key: Key, text: str, lemma: Lemmatiser) -> str | None:
    """How ``key`` is written in ``text``: the words as the table wrote them (lower case)."""
    words = _TOKEN.findall(text.casefold())
    bases = lemma.lemmas(words)
    if isinstance(key, str):
        return next((w for w, b in zip(words, bases, strict=True) if b == key), None)
    for i in range(len(words) - len(key) + 1):
        if tuple(bases[i:i + len(key)]) == key:
            return " ".join(words[i:i + len(key)])
    return None


def tag_key(tag: str, lemma: Lemmatiser) -> Key:
    """A tag as lemmas; a tag made only of stop words is kept as written (normalised)."""
    name = normalise(tag)
    kept = tuple(b for b in (lemma(w) for w in _WORD.findall(name)) if b)
    if not kept:
        return name
    return kept[0] if len(kept) == 1 else kept


def find_themes(
    items: Sequence[tuple[str, str, Sequence[str]]], *, language: str = "nl", min_tables: int = 2
) -> list[ThemeHit]:
    """Themes of ``(table_id, text, tags)`` entries, most tables first.

    A single word that never occurs outside one two-word theme (the same items) is left out:
    "digitale kloof" says it, "kloof" alone adds nothing.
    """
    lemma = Lemmatiser(language)
    tag_labels: dict[Key, str] = {}
    where: defaultdict[Key, list[int]] = defaultdict(list)
    for index, (_table, text, tags) in enumerate(items):
        keys = phrase_keys(text, lemma) if text else set()
        for tag in tags:
            key = tag_key(tag, lemma)
            tag_labels.setdefault(key, normalise(tag))
            keys.add(key)
        for key in keys:
            where[key].append(index)
    kept: dict[Key, tuple[int, list[int]]] = {}
    for key, found in where.items():
        if len(found) < min_tables:
            continue
        tables = len({items[i][0] for i in found})
        if tables >= min_tables:
            kept[key] = (tables, found)
    for key, (_tables, found) in list(kept.items()):
        if isinstance(key, tuple) and len(key) == 2:
            for word in key:
                single = kept.get(word)
                if single is not None and len(single[1]) == len(found) and word not in tag_labels:
                    del kept[word]
    hits = []
    for key, (tables, found) in kept.items():
        label = tag_labels.get(key) or label_of(key, items[found[0]][1], lemma)
        text_label = label or (key if isinstance(key, str) else " ".join(key))
        hits.append(ThemeHit(key, text_label, tables, tuple(found), key in tag_labels))
    hits.sort(key=lambda h: (-h.tables, -len(h.items), h.label))
    return hits
