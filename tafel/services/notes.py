"""Use case: the items of a round — notes, tensions and advice typed, pasted, edited, moved,
deleted and ranked — and Ctrl+Z, which takes back the last edit of any use case.

Screens call these and never touch SQL or parse a typed line themselves.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

from tafel.domain.canvas import Round
from tafel.domain.entry import parse_note, parse_note_lines, parse_tension
from tafel.domain.errors import TafelError
from tafel.domain.table import Item
from tafel.domain.undo import UndoEntry
from tafel.services.workspace import UseCases, changes, stored


class Notes(UseCases):
    # A note or advice is saved while it is typed (a draft: the line as typed, in its zone), so a
    # power cut loses at most the last second of it; Enter lays it: its #tags and poles read, and
    # an undo step. Emptying the field deletes the draft.

    @changes
    def save_draft(self, table_id: str, rnd: Round, zone_id: str | None, typed: str,
                   draft: Item | None) -> Item | None:
        """The line being typed in a zone's (or the advice) field, as typed; None when it is empty."""
        text = typed.strip()
        if draft is not None:
            try:
                if not text:
                    self.store.delete_item(draft.id)
                    return None
                return self.store.update_item(draft.id, text=text)
            except TafelError as exc:
                if exc.key != "item.not_found":  # deleted meanwhile (from the list): made again below
                    raise
        if not text:
            return None
        if rnd.kind == "advice":
            return self.store.add_item(table_id, round=rnd.id, kind="advice", text=text)
        zone = rnd.zone(zone_id or "")
        kind = zone.kind if zone and zone.kind != "tension" else "note"  # poles are read on Enter
        return self.store.add_item(table_id, round=rnd.id, kind=kind, zone=zone_id, text=text)

    @changes
    def discard_draft(self, draft: Item | None) -> None:
        if draft is not None:
            with contextlib.suppress(TafelError):
                self.store.delete_item(draft.id)

    def _lay(self, table_id: str, rnd: Round, draft: Item | None, **fields: Any) -> Item:
        """The draft made final with ``fields`` (or a new item, without a draft); one undo step."""
        item = None
        if draft is not None:
            try:
                item = self.store.update_item(draft.id, **fields)
            except TafelError as exc:
                if exc.key != "item.not_found":
                    raise
        if item is None:
            item = self.store.add_item(table_id, round=rnd.id, **fields)
        self._undo_add(item)
        return item

    @changes
    def add_note(self, table_id: str, rnd: Round, zone_id: str, typed: str,
                 draft: Item | None = None) -> Item | None:
        """A typed line as a note in a zone; None when a tension line names no two poles (the draft
        stays, for the dialog that asks them) or when nothing is left of it but tags."""
        zone = rnd.zone(zone_id)
        kind = zone.kind if zone else "note"
        if kind == "tension":
            entry = parse_tension(typed)
            if entry is None:
                return None
        else:
            entry = parse_note(typed)
            if not entry.text:
                self.discard_draft(draft)
                return None
        return self._lay(table_id, rnd, draft, kind=kind, zone=zone_id, text=entry.text, tags=entry.tags,
                         between=entry.between)

    @changes
    def add_tension(self, table_id: str, rnd: Round, zone_id: str, poles: Sequence[str], text: str,
                    tags: Sequence[str], draft: Item | None = None) -> Item:
        return self._lay(table_id, rnd, draft, kind="tension", zone=zone_id, text=text, between=list(poles),
                         tags=list(tags))

    @changes
    def add_pasted(self, table_id: str, rnd: Round, zone_id: str | None, text: str, mode: str,
                   draft: Item | None = None) -> list[Item]:
        """Several lines pasted into a note or advice field: one note with its line breaks (``mode``
        "one") or a note per non-empty line ("lines"). Nothing is dropped: in a tension zone a
        text naming no two poles is laid as a plain note there, to be made a tension with E."""
        units = [text.strip("\n")] if mode == "one" else [line for line in text.split("\n") if line.strip()]
        zone = rnd.zone(zone_id or "")
        kind = "advice" if rnd.kind == "advice" else (zone.kind if zone else "note")
        laid: list[Item] = []
        for unit in units:
            fields: dict[str, Any] = {"kind": kind, "zone": zone_id}
            tension = parse_tension(" ".join(unit.split())) if kind == "tension" else None
            if tension is not None:
                fields.update(text=tension.text, tags=tension.tags, between=tension.between)
            else:
                entry = parse_note_lines(unit)
                if not entry.text.strip():
                    continue
                fields.update(text=entry.text, tags=entry.tags)
                if kind == "tension":
                    fields["kind"] = "note"
            if kind == "advice":
                del fields["zone"]
            laid.append(self._lay(table_id, rnd, draft if not laid else None, **fields))
        if not laid:
            self.discard_draft(draft)
        return laid

    @changes
    def add_advice(self, table_id: str, rnd: Round, typed: str, draft: Item | None = None) -> Item | None:
        entry = parse_note(typed)
        if not entry.text:
            self.discard_draft(draft)
            return None
        return self._lay(table_id, rnd, draft, kind="advice", text=entry.text, tags=entry.tags)

    def _undo_add(self, item: Item) -> None:
        self.undo_stack.push("tui.undo.item_added", lambda: self.store.delete_item(item.id))

    @changes
    def edit_item(self, item: Item, **fields: Any) -> Item:
        before = {k: getattr(item, k) for k in fields}
        updated = self.store.update_item(item.id, **fields)
        self.undo_stack.push("tui.undo.item_edited", lambda: self.store.update_item(item.id, **before))
        return updated

    @stored
    def move_item(self, item: Item, rnd: Round, step: int) -> Item:
        """Move a note to the zone ``step`` places right (negative: left); its kind follows the zone.

        A tension leaving for a zone of plain notes keeps its poles in its text ("a <> b: note"),
        so moving it back makes the same tension; a note becomes a tension only if it names two poles.
        """
        ids = [z.id for z in rnd.zones]
        here = ids.index(item.zone) if item.zone in ids else 0
        target = rnd.zones[(here + step) % len(ids)]
        fields: dict[str, Any] = {"zone": target.id, "kind": target.kind}
        if item.kind == "tension" and target.kind != "tension" and item.between:
            poles = " <> ".join(item.between)
            fields.update(text=f"{poles}: {item.text}" if item.text else poles, between=[])
        elif target.kind == "tension" and item.kind != "tension" and len(item.between) < 2:
            entry = parse_tension(item.text)
            if entry is None:
                raise TafelError("notes.needs_poles", zone=target.title)
            fields.update(text=entry.text, between=entry.between, tags=list(dict.fromkeys([*item.tags, *entry.tags])))
        return self.edit_item(item, **fields)

    @changes
    def delete_item(self, table_id: str, item_id: str) -> None:
        removed, position = self.store.delete_item(item_id)
        self.undo_stack.push("tui.undo.item_deleted",
                             lambda: self.store.restore_item(table_id, removed, position))

    @changes
    def delete_ranked(self, table_id: str, item_id: str, ordered: Sequence[Item]) -> None:
        """Delete one of a ranked list and close the gap; one undo puts both back."""
        before = [i.id for i in ordered]
        removed, position = self.store.delete_item(item_id)
        self.store.rank_items(table_id, [i for i in before if i != item_id])

        def revert() -> None:
            self.store.restore_item(table_id, removed, position)
            self.store.rank_items(table_id, before)

        self.undo_stack.push("tui.undo.item_deleted", revert)

    @changes
    def rank(self, table_id: str, ordered: Sequence[Item]) -> None:
        before = [i.id for i in sorted(ordered, key=lambda i: (i.rank is None, i.rank or 0))]
        self.store.rank_items(table_id, [i.id for i in ordered])
        self.undo_stack.push("tui.undo.ranked", lambda: self.store.rank_items(table_id, before))

    @stored
    def undo(self) -> UndoEntry | None:
        entry = self.undo_stack.peek()
        if entry is not None:
            self.workspace.revision += 1
            entry.revert()  # a full disk raises here (see ``stored``): the entry stays, to undo again
            self.undo_stack.pop()
        return entry

