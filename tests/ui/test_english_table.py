"""English canvases: a card is found by its name in either language, and every canvas comes in English.

A whole table in English, by keystrokes, is walked in tests/ui/test_full_table.py (half of its walks
are in English, one of them at 80×24): no screen there shows a Dutch word.
"""

from __future__ import annotations

from tafel.canvases import Library


def test_the_dutch_canvas_finds_a_card_by_its_english_name(library: Library) -> None:
    from tafel.domain.values import Deck

    deck = Deck(library.get("vijf-stappen").deck)
    assert [c.value for c in deck.search("trust")][:1] == ["vertrouwen"]
    english = Deck(library.get("vijf-stappen", "en").deck)
    assert [c.value for c in english.search("vertrouwen")][:1] == ["trust"]


def test_every_shipped_canvas_comes_in_english_with_the_same_rounds(library: Library) -> None:
    from tafel.canvases import same_shape

    for canvas in library.all():
        english = library.get(canvas.id, "en")
        assert english.language == "en" and same_shape(canvas, english), canvas.id
        assert len(english.deck) == len(canvas.deck)
        assert library.get(canvas.id, "nl") is library.get(canvas.id)  # the Dutch text as it was
