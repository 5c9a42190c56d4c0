"""A new table: the canvas (its rounds and minutes shown), programme, title, date, place, moderator."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from tafel.canvases import DEFAULT_CANVAS
from tafel.domain.dates import parse_date, shown
from tafel.i18n import get_language, t
from tafel.ui.messages import OpenTable
from tafel.ui.screens.base import TafelScreen, calm
from tafel.ui.widgets.key_bar import KeyBar
from tafel.ui.widgets.text_input import TextInput
from tafel.ui.widgets.typing import Typed

FIELDS = ("title", "programme", "date", "location", "moderator")


class NewTableScreen(TafelScreen):
    BINDINGS: ClassVar[list[Any]] = [
        Binding("ctrl+s", "create", "tui.keys.start_table"),
        Binding("escape", "cancel", "tui.keys.cancel"),
    ]
    PALETTE = (("create", "tui.keys.start_table"),)

    def compose(self) -> ComposeResult:
        self.moderation.workspace.rescan_canvases()  # a canvas saved since tafel started is in the list
        library = self.moderation.workspace.library
        lang = get_language()  # a canvas that comes in the moderator's language is shown (and held) in it
        canvases = [library.get(c.id, lang) for c in library.all()]
        default = DEFAULT_CANVAS if library.find(DEFAULT_CANVAS) else (canvases[0].id if canvases else None)
        yield Static(t("tui.new.heading"), classes="screen-title")
        with Horizontal(id="new-table"):
            with VerticalScroll(id="new-side"):
                with Grid(classes="form", id="new-form"):
                    yield Label(t("tui.new.canvas"))
                    yield Select([(Text(c.name), c.id) for c in canvases], value=default or Select.NULL,
                                 allow_blank=False, id="canvas", compact=True)
                    for name in FIELDS:
                        yield Label(t(f"tui.new.{name}"))
                        value = shown(self.desk.clock().date(), get_language()) if name == "date" else ""
                        field = TextInput(value, placeholder=t(f"tui.new.{name}_hint"), id=name, compact=True)
                        field.enter_moves_on = True  # Enter: the next field (on_input_submitted)
                        yield field
                yield Button(t("tui.new.start"), id="create", variant="primary")
            with VerticalScroll(id="canvas-info"):
                yield Static(id="canvas-rounds")
        yield KeyBar()

    def __init__(self, ready: Callable[[], None] | None = None) -> None:
        super().__init__()
        self._ready = ready  # called once the title has the focus (keys typed ahead: StartScreen.on_key)

    def on_mount(self) -> None:
        self.show_canvas()
        self.query_one("#title", Input).focus()
        if self._ready is not None:
            self.app.call_later(self._ready)  # after the focus has moved (focus() is called later too)

    def on_select_changed(self, event: Select.Changed) -> None:
        self.show_canvas()

    def show_canvas(self) -> None:
        value = self.query_one("#canvas", Select).value
        canvas = self.moderation.workspace.library.find(str(value), get_language()) if isinstance(value, str) else None
        out = Text()
        if canvas is not None:
            # The rounds and minutes first: on 24 lines they are what the moderator checks; the
            # description follows (the side scrolls).
            out.append(canvas.name + "\n", style="bold")
            for i, rnd in enumerate(canvas.rounds, start=1):
                out.append(f"{i}. {rnd.title}", style="bold")
                out.append(f"  {t('tui.minutes', n=rnd.minutes)}  ({t(f'tui.kinds.{rnd.kind}')})\n")
            out.append(t("tui.new.total", n=canvas.minutes) + "\n\n")
            out.append(canvas.description, style="italic")
        self.query_one("#canvas-rounds", Static).update(out)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: on to the next field; in the last one, the table starts.

        Keys typed ahead (title, Enter, programme, Enter… faster than the screen follows) reach the
        field that had the focus before its Enter is handled here: the field holds them
        (``enter_moves_on``), and they go on to the next field, or to the table's first screen.
        """
        event.stop()
        field, name = event.input, event.input.id or ""
        if name in FIELDS and name != FIELDS[-1]:
            self.query_one(f"#{FIELDS[FIELDS.index(name) + 1]}", Input).focus()
            if isinstance(field, TextInput):
                field.hand_over()
        else:
            self.action_create(field.take_held() if isinstance(field, TextInput) else ())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()

    def action_cancel(self) -> None:
        self.app.pop_screen()

    @calm
    def action_create(self, typed_ahead: Sequence[Typed] = ()) -> None:
        """Start the table; ``typed_ahead``: keys (and pastes) typed after the last field's Enter, for
        its first screen."""
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in FIELDS}
        date = parse_date(values["date"], self.desk.clock().date())  # 27-11-2026, 27/11, today…
        if not values["title"] or date is None:
            if not values["title"]:
                self.notify(t("tui.new.need_title"), severity="warning")
            else:
                self.notify(t("tui.new.bad_date", date=values["date"]), severity="warning")
            self.query_one("#title" if not values["title"] else "#date", Input).focus()
            for key in typed_ahead:  # the table does not start: they go where the focus is now
                self.app.post_message(key)
            return
        values["date"] = date.isoformat()
        canvas = self.query_one("#canvas", Select).value
        table_id = self.moderation.session.start_table(canvas=str(canvas), language=get_language(), **values)
        self.app.pop_screen()
        self.app.post_message(OpenTable(table_id, "participants", tuple(typed_ahead)))  # this screen is gone
