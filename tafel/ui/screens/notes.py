"""A `notes` round: the canvas' zones side by side; type and Enter to lay a note in a zone.

Under each zone a field to type in that grows with the text (a note is often a few sentences):
Ctrl+J or Alt+Enter starts a new line, Tab goes to the next zone; ↑ on its first line goes into
the zone's notes, where Enter edits, Del deletes, Shift+←/→ moves a note to the neighbouring zone.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import OptionList, Static, TextArea

from tafel.domain.canvas import Zone
from tafel.domain.table import Item
from tafel.i18n import t
from tafel.ui.screens.base import built, calm
from tafel.ui.screens.round_base import RoundScreen
from tafel.ui.widgets.lines_input import LinesInput
from tafel.ui.widgets.note_list import NoteList
from tafel.ui.widgets.round_text import zone_items
from tafel.ui.widgets.typing import SaveAsTyped, take_submitted

FIELD_LINES = (3, 6)  # a zone's field with its border: one line of text, up to four as it grows


class ZoneInput(LinesInput):
    enter_takes_line = True  # each Enter lays a note (typing.line_at_enter)
    BINDINGS: ClassVar[list[Any]] = [
        Binding("tab", "screen.zone(1)", "tui.keys.next_zone", show=False),
        Binding("shift+tab", "screen.zone(-1)", "tui.keys.prev_zone", show=False),
        Binding("up", "cursor_up", "tui.keys.to_list", show=False),  # from the first line: the notes
    ]

    def __init__(self, zone: Zone) -> None:
        hint = "tui.notes.tension_hint" if zone.kind == "tension" else "tui.notes.add_hint"
        super().__init__(placeholder=t(hint, zone=zone.title.lower()), id=f"in-{zone.id}", lines=FIELD_LINES)
        self.zone = zone

    def action_cursor_up(self, select: bool = False) -> None:
        screen = self.screen
        if not select and self.at_top() and isinstance(screen, NotesScreen):
            screen.action_to_list()
        else:
            super().action_cursor_up(select)

    def take_lines(self, text: str) -> bool:
        screen = self.screen
        return isinstance(screen, NotesScreen) and screen.paste_lines(self, text)


class NotesScreen(RoundScreen):
    BINDINGS: ClassVar[list[Any]] = [
        Binding("shift+left", "move(-1)", "tui.keys.move_left"),
        Binding("shift+right", "move(1)", "tui.keys.move_right"),
    ]
    PALETTE = (*RoundScreen.PALETTE, ("to_input", "tui.palette.new_note"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per zone: the note being typed, saved as typed (see Moderation.save_draft), and its clock.
        self.drafts: dict[str, Item | None] = {}
        self.typers: dict[str, SaveAsTyped] = {}
        self.entering: set[str] = set()  # zones whose Enter was not saved (full disk): Ctrl+S lays them

    def zone_items(self, zone: Zone) -> list[Item]:
        return zone_items(self.view.table, self.rnd, zone)

    def compose_body(self) -> Iterable[Widget]:
        with Horizontal(id="zones", classes="body"):
            for zone in self.rnd.zones:
                with Vertical(classes="zone", id=f"zone-{zone.id}"):
                    yield Static(Text(zone.title), classes="zone-title")
                    if zone.hint:
                        yield Static(Text(zone.hint), classes="zone-hint")
                    yield NoteList(self.zone_items(zone), id=f"list-{zone.id}")
                    yield ZoneInput(zone)
        yield Static(t("tui.notes.keys_hint"), classes="hint")

    @built
    def on_mount(self) -> None:
        self.query_one(f"#in-{self.rnd.zones[0].id}", ZoneInput).focus()

    # -- where the focus is ----------------------------------------------------------------

    def current_zone(self) -> Zone:
        focused = self.focused
        while focused is not None:
            if isinstance(focused, ZoneInput):
                return focused.zone
            if focused.id and focused.id.startswith(("list-", "zone-")):
                found = self.rnd.zone(focused.id.split("-", 1)[1])
                if found:
                    return found
            focused = focused.parent  # type: ignore[assignment]  # a widget's parent: a widget or the screen
        return self.rnd.zones[0]

    def action_zone(self, delta: int) -> None:
        ids = [z.id for z in self.rnd.zones]
        here = ids.index(self.current_zone().id)
        self.query_one(f"#in-{ids[(here + delta) % len(ids)]}", ZoneInput).focus()

    def action_to_list(self) -> None:
        listing = self.query_one(f"#list-{self.current_zone().id}", NoteList)
        if len(listing):
            listing.index = len(listing) - 1
            listing.focus()

    def action_to_input(self) -> None:
        self.query_one(f"#in-{self.current_zone().id}", ZoneInput).focus()

    # -- editing ---------------------------------------------------------------------------

    def refresh_zone(self, zone: Zone, keep: str | None = None) -> None:
        self.query_one(f"#list-{zone.id}", NoteList).show(self.zone_items(zone), keep)

    def refresh_view(self) -> None:
        for zone in self.rnd.zones:
            self.refresh_zone(zone)

    # -- typing: saved as typed, laid on Enter --------------------------------------------

    def typer(self, field: ZoneInput) -> SaveAsTyped:
        zone_id = field.zone.id
        if zone_id not in self.typers:
            self.typers[zone_id] = SaveAsTyped(self, lambda: self.save_draft(field))
        return self.typers[zone_id]

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if isinstance(event.text_area, ZoneInput):
            self.typer(event.text_area).changed()

    def on_lines_input_left(self, event: LinesInput.Left) -> None:
        if isinstance(event.field, ZoneInput) and self.typer(event.field).pending:
            self.save_draft(event.field)  # leaving the field saves it

    @calm
    def save_draft(self, field: ZoneInput) -> bool:
        self.typer(field).saved()
        if not self.is_mounted:
            return True
        zone_id = field.zone.id
        self.drafts[zone_id] = self.moderation.notes.save_draft(self.table_id, self.rnd, zone_id, field.value,
                                                          self.drafts.get(zone_id))
        return True

    def unsaved(self, field: ZoneInput) -> bool:
        draft = self.drafts.get(field.zone.id)
        return self.typer(field).pending or field.value.strip() != (draft.text if draft else "")

    def flush(self) -> bool:
        return all([bool(self.save_draft(f)) for f in self.query(ZoneInput) if self.unsaved(f)])

    def retry_save(self) -> None:
        """Ctrl+S: what is typed is saved, and a note whose Enter was not saved is laid."""
        super().retry_save()
        for field in self.query(ZoneInput):
            if field.zone.id in self.entering:
                self.submit(field, field.value)

    def on_lines_input_submitted(self, event: LinesInput.Submitted) -> None:
        if not isinstance(event.field, ZoneInput):
            return
        event.stop()
        self.submit(event.field, event.value)

    def _show(self, zone: Zone, item: Item) -> None:
        items = self.view.table.items
        for n, old in enumerate(items):
            if old.id == item.id:
                items[n] = item
                break
        else:
            items.append(item)
        self.refresh_zone(zone)

    @calm
    def submit(self, field: ZoneInput, value: str) -> None:
        """Lay what was typed in a zone's field as a note; on a refused write it stays in the field."""
        zone, typed = field.zone, value.strip()
        self.typer(field).saved()
        if not typed:
            return
        self.entering.add(zone.id)
        draft = self.drafts.get(zone.id)
        item = self.moderation.notes.add_note(self.table_id, self.rnd, zone.id, typed, draft=draft)
        self.entering.discard(zone.id)
        self.drafts[zone.id] = None
        take_submitted(field, value)
        if item is None and zone.kind == "tension":
            self.ask_tension(zone, typed, draft)
            return
        if item is not None:
            self._show(zone, item)

    @calm
    def paste_lines(self, field: ZoneInput, text: str) -> bool:
        """Several lines pasted: laid at once (with what the field held around the cursor), as one note
        or a note per line (``[tui] paste``); a refused write leaves them in the field, joined."""
        self.typer(field).saved()
        whole = field.with_inserted(text)
        zone = field.zone
        laid = self.moderation.notes.add_pasted(self.table_id, self.rnd, zone.id, whole, self.desk.paste_mode,
                                          draft=self.drafts.get(zone.id))
        self.drafts[zone.id] = None
        field.value = ""
        for item in laid:
            self._show(zone, item)
        self.notify(t("tui.notes.pasted", n=len(laid)))
        return True

    def ask_tension(self, zone: Zone, first: str, draft: Item | None = None) -> None:
        from tafel.ui.dialogs.note import NoteDialog

        @calm
        def done(_: Any, fields: dict[str, Any] | None) -> None:
            if fields:
                item = self.moderation.notes.add_tension(self.table_id, self.rnd, zone.id, fields["between"],
                                                   fields["text"], fields["tags"], draft=draft)
                self._show(zone, item)
            else:
                self.moderation.notes.discard_draft(draft)  # cancelled: as before, the line is not kept
            self.action_to_input()

        self.app.push_screen(NoteDialog(None, tension=True, first=first), functools.partial(done, self))

    def _selected(self) -> tuple[NoteList, Item] | None:
        focused = self.focused
        if isinstance(focused, NoteList) and focused.selected is not None:
            return focused, focused.selected
        return None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit_note()

    def action_edit_note(self) -> None:
        from tafel.ui.dialogs.note import NoteDialog

        found = self._selected()
        if found is None:
            return
        _, item = found

        @calm
        def done(_: Any, fields: dict[str, Any] | None) -> None:
            if fields:
                self.moderation.notes.edit_item(item, **fields)
                self.reload_zone_of(item)

        self.app.push_screen(NoteDialog(item), functools.partial(done, self))

    def reload_zone_of(self, item: Item, zone_id: str | None = None) -> None:
        self.view = self.moderation.session.table_view()
        zone = self.rnd.zone(zone_id or item.zone or "") or self.current_zone()
        self.refresh_zone(zone, keep=item.id)

    @calm
    def action_delete_note(self) -> None:
        found = self._selected()
        if found is None:
            return
        listing, item = found
        index = listing.index or 0
        self.moderation.notes.delete_item(self.table_id, item.id)
        self.view = self.moderation.session.table_view()
        zone = self.current_zone()
        self.refresh_zone(zone)
        if len(listing):
            listing.index = min(index, len(listing) - 1)
        else:
            self.action_to_input()
        self.notify(t("tui.notes.deleted"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moving a note is said in the footer while a note is selected (in a zone's list)."""
        if action == "move":
            return isinstance(self.focused, NoteList)
        return super().check_action(action, parameters)

    @calm
    def action_move(self, delta: int) -> None:
        found = self._selected()
        if found is None or len(self.rnd.zones) < 2:
            return
        _, item = found
        source = self.current_zone()
        moved = self.moderation.notes.move_item(item, self.rnd, delta)
        self.view = self.moderation.session.table_view()
        self.refresh_zone(source)
        target = self.rnd.zone(moved.zone or "")
        if target is not None:
            self.refresh_zone(target, keep=moved.id)
            self.query_one(f"#list-{target.id}", NoteList).focus()
            self.notify(t("tui.notes.moved", zone=target.title))
