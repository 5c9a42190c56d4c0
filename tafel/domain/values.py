"""Value names: how two spellings of the same value card are recognised as one."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tafel.domain.canvas import Card

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
