"""Which other deck values a motivation refers to: "…want de menselijke maat raakt zoek…".

Word forms count: both the text and every card name (and alias) are lemmatised word by word
("vertrouwd" → "vertrouwen", "menselijke maat" → "menselijk maat"), and a name is found when its
words occur in the text in a row. The card the participant picked is never suggested. The
lemmatiser comes from the services (``Lemmas``, around simplemma); without one, only the words
as written count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from tafel.domain.canvas import Card
from tafel.domain.values import normalise

_WORD = re.compile(r"\w+", re.UNICODE)
CACHED = 20000  # words whose dictionary form is kept: suggestions run on every keystroke

Lemmatize = Callable[..., str]


class Lemmas:
    """A lemmatiser's dictionary forms, cached per word, and the languages it has loaded."""

    def __init__(self, lemmatize: Lemmatize) -> None:
        self._lemmatize = lemmatize
        self._known: dict[tuple[str, str], str] = {}
        self._warm: set[str] = set()  # languages whose dictionary is loaded: lemmas cost microseconds now

    def __call__(self, word: str, lang: str = "nl") -> str:
        """A word's dictionary form; the word itself for a language the lemmatiser does not know."""
        found = self._known.get((word, lang))
        if found is None:
            try:
                found = str(self._lemmatize(word, lang=lang)).casefold()
            except ValueError:
                found = word
            if len(self._known) >= CACHED:
                self._known.clear()
            self._known[(word, lang)] = found
        return found

    def warm_up(self, lang: str = "nl") -> None:
        """Load the dictionary of ``lang`` ahead of the first keystroke (call from a thread)."""
        self("vertrouwd", lang)
        self._warm.add(lang)

    def is_warm(self, lang: str) -> bool:
        return lang in self._warm


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
    already: Iterable[str] = (), lemmas: Lemmas | None = None,
) -> list[str]:
    """Deck values (the deck's spelling, in deck order) the text names, without the picked card.

    ``already`` lists refs the moderator confirmed; they are not suggested again. Without
    ``lemmas`` only the words as written count (while the dictionary is still loading).
    """
    raw = words(text)
    if not raw:
        return []
    forms = [lemmas(w, lang) for w in raw] if lemmas else raw
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
                    lemmas is not None and _contains(forms, [lemmas(w, lang) for w in name_words])):
                found.append(card.value)
                break
    return found

