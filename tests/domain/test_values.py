from __future__ import annotations

from tafel.domain.canvas import Card
from tafel.domain.values import Deck, normalise


def test_normalise_folds_case_spaces_hyphens_and_width() -> None:
    assert normalise("Menselijke-maat ") == "menselijke maat"
    assert normalise("  MENSELIJKE__maat") == "menselijke maat"
    assert normalise("ﬁjn") == "fijn"  # NFKC ligature


def test_deck_aliases_and_search() -> None:
    deck = Deck([Card("vertrouwen", aliases=("vertrouwd",)), Card("menselijke maat"), Card("betrouwbaarheid")])
    assert deck.canonical("Vertrouwd") == "vertrouwen"
    assert deck.canonical("Iets Anders") == "iets anders"
    assert [c.value for c in deck.search("ver")] == ["vertrouwen"]
    assert [c.value for c in deck.search("trouw")] == ["vertrouwen", "betrouwbaarheid"]
