"""Suggested references: the other deck values a motivation names, in any word form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import simplemma

from tafel.domain import suggest
from tafel.domain.canvas import Card
from tafel.domain.suggest import suggest_refs


@pytest.fixture(autouse=True)
def lemmatizer() -> Iterator[None]:
    """The domain has no lemmatiser of its own: the services pass simplemma's in, as here."""
    suggest.use_lemmatizer(simplemma.lemmatize)
    yield
    suggest.use_lemmatizer(None)

DECK = [
    Card("vertrouwen"), Card("menselijke maat", aliases=("maatwerk",)), Card("rechtmatigheid"),
    Card("betrokkenheid"), Card("complexiteit"), Card("maatschappelijke opgave"),
]


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
