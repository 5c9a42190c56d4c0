"""Value names: how two spellings of the same value card are recognised as one, in every
language its canvas comes in."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import replace

from tafel.domain.canvas import Canvas, Card

_FOLD = re.compile(r"[\s\-_]+")


def normalise(name: str) -> str:
    """NFKC, case folding, trimming, and runs of spaces, hyphens and underscores as one space.

    "Menselijke-maat " and "menselijke maat" give the same key (formats README).
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return _FOLD.sub(" ", folded).strip()


class Deck:
    """Looks value names up in a deck: a card's own name or any of its aliases."""

    def __init__(self, cards: Iterable[Card]) -> None:
        self.cards = tuple(cards)
        self._by_key: dict[str, Card] = {}
        for card in self.cards:
            self._by_key.setdefault(normalise(card.value), card)
            for alias in card.aliases:
                self._by_key.setdefault(normalise(alias), card)

    def card(self, name: str) -> Card | None:
        return self._by_key.get(normalise(name))

    def canonical(self, name: str) -> str:
        """The deck's spelling of a value, or the normalised name when it is not in the deck."""
        card = self.card(name)
        return card.value if card else normalise(name)

    def search(self, typed: str, limit: int = 8) -> list[Card]:
        """Cards for a few typed letters: names starting with them first, then containing them."""
        key = normalise(typed)
        if not key:
            return list(self.cards[:limit])
        starts: list[Card] = []
        contains: list[Card] = []
        for card in self.cards:
            names = [normalise(card.value), *(normalise(a) for a in card.aliases)]
            if any(n.startswith(key) for n in names):
                starts.append(card)
            elif any(key in n for n in names):
                contains.append(card)
        return (starts + contains)[:limit]


class ValueNames:
    """Canonical value names. A card is one card in every language its canvas comes in ("trust" is
    vertrouwen's card: the decks match card for card), named in the report's language when its
    canvas comes in that language. The table's own deck first, then any deck of the merge, else
    normalised."""

    def __init__(self, canvases: Mapping[str, Canvas], translations: Mapping[tuple[str, str], Canvas] | None = None,
                 language: str | None = None) -> None:
        self.shown: dict[str, Canvas] = {}  # canvas id → the version whose names the report shows
        self.decks: dict[str, Deck] = {}
        for cid, canvas in canvases.items():
            versions = [canvas, *(other for (tid, lang), other in sorted(translations.items()) if tid == cid
                                  and other.language == lang != canvas.language
                                  and len(other.deck) == len(canvas.deck))] if translations else [canvas]
            shown = next((v for v in versions if v.language == language), canvas)
            self.shown[cid] = shown
            self.decks[cid] = Deck(
                replace(card, aliases=tuple(dict.fromkeys(
                    n for v in versions for n in (v.deck[i].value, *v.deck[i].aliases) if n != card.value)))
                for i, card in enumerate(shown.deck))
        self.any = Deck(card for deck in self.decks.values() for card in deck.cards)
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, canvas: str, name: str) -> str:
        key = (canvas, name)
        found = self._cache.get(key)
        if found is None:
            deck = self.decks.get(canvas)
            card = (deck.card(name) if deck else None) or self.any.card(name)
            found = card.value if card else normalise(name)
            self._cache[key] = found
        return found
