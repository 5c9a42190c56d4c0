"""Which other deck values a motivation refers to: "…want de menselijke maat raakt zoek…".

Word forms count: both the text and every card name (and alias) are lemmatised word by word
("vertrouwd" → "vertrouwen", "menselijke maat" → "menselijk maat"), and a name is found when its
words occur in the text in a row. The card the participant picked is never suggested.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from tafel.domain.canvas import Card
from tafel.domain.values import normalise

_WORD = re.compile(r"\w+", re.UNICODE)

Lemmatize = Callable[..., str]
_lemmatize: Lemmatize | None = None  # given by the services (a faster-starting simplemma)
_warm: set[str] = set()  # languages whose dictionary is loaded: lemmas cost microseconds now


def use_lemmatizer(lemmatize: Lemmatize | None) -> None:
    """The lemmatiser to use from now on (None: words count only as written)."""
    global _lemmatize
    _lemmatize = lemmatize
    lemma.cache_clear()


@lru_cache(maxsize=20000)
def lemma(word: str, lang: str = "nl") -> str:
    """A word's dictionary form; the word itself without a lemmatiser or for a language it does not know."""
    if _lemmatize is None:
        return word
    try:
        return str(_lemmatize(word, lang=lang)).casefold()
    except ValueError:
        return word


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    if n == 0 or n > len(haystack):
        return False
    first = needle[0]
    return any(haystack[i] == first and list(haystack[i:i + n]) == list(needle)
               for i in range(len(haystack) - n + 1))


def suggest_refs(
    text: str, cards: Iterable[Card], *, picked: str | None = None, lang: str = "nl",
    already: Iterable[str] = (), lemmatise: bool = True,
) -> list[str]:
    """Deck values (the deck's spelling, in deck order) the text names, without the picked card.

    ``already`` lists refs the moderator confirmed; they are not suggested again. Without
    ``lemmatise`` only the words as written count (while the dictionary is still loading).
    """
    raw = words(text)
    if not raw:
        return []
    lemmas = [lemma(w, lang) for w in raw] if lemmatise else raw
    skip = {normalise(v) for v in already}
    if picked:
        skip.add(normalise(picked))
    found: list[str] = []
    for card in cards:
        names = [card.value, *card.aliases]
        if any(normalise(n) in skip for n in names):
            continue
        for name in names:
            name_words = words(name)
            if _contains(raw, name_words) or (
                    lemmatise and _contains(lemmas, [lemma(w, lang) for w in name_words])):
                found.append(card.value)
                break
    return found


def warm_up(lang: str = "nl") -> None:
    """Load the lemmatiser's dictionary ahead of the first keystroke (call from a thread)."""
    lemma("vertrouwd", lang)
    _warm.add(lang)


def is_warm(lang: str) -> bool:
    return lang in _warm
