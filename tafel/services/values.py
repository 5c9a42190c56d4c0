"""Use case: a values round — each participant's card, motivation and refs, and the suggested refs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tafel.domain.canvas import Round
from tafel.domain.suggest import Lemmas, suggest_refs
from tafel.domain.table import Item
from tafel.services.session import TableView
from tafel.services.workspace import UseCases, changes


class Values(UseCases):
    lemmas: Lemmas | None = None  # simplemma's, once ``warm_up`` made it

    @changes
    def set_value(self, table_id: str, rnd: Round, participant_id: str, *, value: str | None = None,
                  text: str | None = None, refs: Sequence[str] | None = None,
                  item: Item | None = None) -> Item:
        """Create or change one participant's value card, motivation and refs."""
        fields: dict[str, Any] = {}
        if value is not None:
            fields["value"] = value.strip()
        if text is not None:
            fields["text"] = text
        if refs is not None:
            fields["refs"] = list(refs)
        if item is None:
            made = self.store.add_item(table_id, round=rnd.id, kind="value", participant=participant_id, **fields)
            if value is not None:
                self.undo_stack.push("tui.undo.card_picked", lambda: self.store.delete_item(made.id))
            return made
        # A card or its refs changed can be undone; the motivation is saved as typed, not undone word by word.
        before = {k: getattr(item, k) for k in fields if k != "text" and getattr(item, k) != fields[k]}
        updated = self.store.update_item(item.id, **fields)
        if before:
            self.undo_stack.push("tui.undo.card_changed", lambda: self.store.update_item(item.id, **before))
        return updated

    def suggestions(self, view: TableView, item: Item | None, text: str) -> list[str]:
        lang = view.canvas.language
        # Never wait for the dictionary on a keystroke: until it is loaded, words as written count.
        lemmas = self.lemmas if self.lemmas is not None and self.lemmas.is_warm(lang) else None
        return suggest_refs(text, view.canvas.deck, picked=item.value if item else None, lang=lang,
                            already=item.refs if item else (), lemmas=lemmas)

    def warm_up(self, languages: Sequence[str] = ()) -> None:
        """Load the lemmatiser's dictionaries (slow once; call from a thread)."""
        from tafel.services.lemmas import lemmatizer

        lemmas = self.lemmas = self.lemmas or Lemmas(lemmatizer(self.settings.home / "cache"))
        for lang in languages or sorted({c.language for c in self.library.all()}):
            lemmas.warm_up(lang)
