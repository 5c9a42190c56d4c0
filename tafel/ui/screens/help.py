"""Every key, per screen, read from the screens' own bindings (so the help cannot drift)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tafel.i18n import t
from tafel.ui.keys import key_display
from tafel.ui.screens.base import TafelScreen
from tafel.ui.widgets.key_bar import KeyBar


def _sections() -> list[tuple[str, list[Any], list[str]]]:
    from tafel.ui.app import TafelApp
    from tafel.ui.dialogs.confirm import ConfirmDialog
    from tafel.ui.dialogs.note import NoteDialog
    from tafel.ui.screens.advice import AdviceList
    from tafel.ui.screens.base import TableScreen
    from tafel.ui.screens.closing import ClosingScreen
    from tafel.ui.screens.direction import DirectionScreen
    from tafel.ui.screens.new_table import NewTableScreen
    from tafel.ui.screens.notes import NotesScreen, ZoneInput
    from tafel.ui.screens.overview import OverviewScreen
    from tafel.ui.screens.participants import ParticipantsScreen
    from tafel.ui.screens.qr import QRScreen
    from tafel.ui.screens.round_base import RoundScreen
    from tafel.ui.screens.start import StartScreen
    from tafel.ui.screens.values import ValuesScreen
    from tafel.ui.widgets.card_picker import CardInput
    from tafel.ui.widgets.lines_input import LinesInput
    from tafel.ui.widgets.note_list import NoteList

    own = lambda cls: list(cls.__dict__.get("BINDINGS", []))  # noqa: E731 - the class's own keys only
    new_line = [b for b in own(LinesInput) if b.action == "new_line"]  # a new note or advice takes lines
    return [
        ("global", [*own(TafelApp), Binding("ctrl+p", "", "tui.help.palette")], []),
        ("start", own(StartScreen), []),
        ("new", own(NewTableScreen), []),
        ("participants", own(ParticipantsScreen), []),
        ("round", [*own(TableScreen), *own(RoundScreen)], []),
        ("values", [*own(ValuesScreen), *own(CardInput), *own(LinesInput)],
         ["tui.help.card_input", "tui.help.lines_input"]),
        ("direction", own(DirectionScreen), []),
        ("notes", [*own(NotesScreen), *own(ZoneInput), *new_line, *own(NoteList)],
         ["tui.help.note_input", "tui.help.tension_input", "tui.help.tags", "tui.help.paste"]),
        ("advice", [*new_line, *own(AdviceList), *own(NoteList)], ["tui.help.advice_input"]),
        ("closing", own(ClosingScreen), ["tui.help.share"]),
        ("qr", own(QRScreen), []),
        ("overview", own(OverviewScreen), []),
        ("dialogs", [*own(NoteDialog), *own(ConfirmDialog)], []),
    ]


def help_table() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for name, bindings, notes in _sections():
        grid.add_row(Text("\n" + t(f"tui.help.{name}"), style="bold underline"), "")
        for b in bindings:
            if b.description:
                hidden = set(t("tui.help.hidden_keys").split(","))  # "J" (ja) is said in Dutch only
                keys = " / ".join(key_display(k) for k in b.key.split(",") if k not in hidden)
                grid.add_row(Text(keys), Text(t(b.description)))
        for note in notes:
            grid.add_row("", Text(t(note), style="italic"))
    return grid


class HelpScreen(TafelScreen):
    BINDINGS: ClassVar[list[Any]] = [Binding("escape,f1", "close", "tui.keys.close")]

    def compose(self) -> ComposeResult:
        yield Static(t("tui.help.title"), classes="screen-title")
        with VerticalScroll(id="help"):
            yield Static(Text(t("tui.help.intro"), style="italic"))
            yield Static(help_table())
        yield KeyBar()

    def action_close(self) -> None:
        self.app.pop_screen()
