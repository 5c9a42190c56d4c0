"""Suggested refs through the values use case: word forms count once the lemmatiser the services
hand to the domain has loaded its dictionary, and never before (no keystroke waits for it)."""

from __future__ import annotations

from tafel import settings as settings_mod
from tafel.canvases import Library
from tafel.services.moderation import Moderation
from tafel.storage.repository import Store
from tests.factories import fill_table


def test_word_forms_count_once_the_dictionary_is_loaded(store: Store, library: Library) -> None:
    m = Moderation.open(store, library, settings_mod.load())
    view = m.session.view(fill_table(store, library, participants=1, notes=0))
    deck = [c.value for c in view.canvas.deck]
    assert "rechtsstaat" in deck
    text = "Alle rechtsstaten in Europa"
    assert m.values.suggestions(view, None, text) == []  # as written: "rechtsstaten" is no card
    m.values.warm_up([view.canvas.language])
    assert m.values.suggestions(view, None, text) == ["rechtsstaat"]
