"""Suggested references: the other deck values a motivation names, in any word form."""

from __future__ import annotations

from typing import Any

import simplemma

from tafel.domain import suggest
from tafel.domain.canvas import Card

LEMMAS = suggest.Lemmas(simplemma.lemmatize)  # the services pass simplemma's in (cached); here simplemma itself

DECK = [
    Card("vertrouwen"), Card("menselijke maat", aliases=("maatwerk",)), Card("rechtmatigheid"),
    Card("betrokkenheid"), Card("complexiteit"), Card("maatschappelijke opgave"),
]


def suggest_refs(text: str, cards: list[Card], **kwargs: Any) -> list[str]:
    return suggest.suggest_refs(text, cards, lemmas=LEMMAS, **kwargs)


def test_a_multi_word_value_inside_a_sentence_is_found() -> None:
    text = "Ik kies dit omdat de menselijke maat in het beleid vaak zoekraakt."
    assert suggest_refs(text, DECK, picked="vertrouwen") == ["menselijke maat"]


def test_word_forms_count() -> None:
    assert suggest_refs("Ik voel me niet vertrouwd bij de overheid", DECK) == ["vertrouwen"]
    assert suggest_refs("De maatschappelijke opgaven zijn groot", DECK) == ["maatschappelijke opgave"]


def test_the_picked_card_is_never_suggested() -> None:
    text = "Vertrouwen en rechtmatigheid horen bij elkaar"
    assert suggest_refs(text, DECK, picked="vertrouwen") == ["rechtmatigheid"]
    assert suggest_refs(text, DECK, picked="Vertrouwen ") == ["rechtmatigheid"]


def test_aliases_name_their_card_and_confirmed_refs_are_not_suggested_again() -> None:
    assert suggest_refs("Meer maatwerk graag", DECK) == ["menselijke maat"]
    text = "vertrouwen, rechtmatigheid en complexiteit"
    assert suggest_refs(text, DECK, already=["rechtmatigheid"]) == ["vertrouwen", "complexiteit"]


def test_parts_of_words_and_empty_text_suggest_nothing() -> None:
    assert suggest_refs("De maat is vol; menselijk gedrag.", DECK) == []
    assert suggest_refs("", DECK) == []
    assert suggest_refs("   ", DECK) == []


def test_without_a_lemmatiser_only_the_words_as_written_count() -> None:
    """The domain has none of its own: until the services hand theirs over, word forms do not count."""
    assert suggest.suggest_refs("Ik voel me niet vertrouwd bij de overheid", DECK) == []
    assert suggest.suggest_refs("Ik heb vertrouwen in de overheid", DECK) == ["vertrouwen"]
    assert LEMMAS.is_warm("nl") is False
    LEMMAS.warm_up("nl")
    assert LEMMAS.is_warm("nl") and LEMMAS("vertrouwd", "nl") == "vertrouwen"
