"""A round of the canvas: its header with the timer, a body made from the round's kind, the footer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget

from tafel.domain.canvas import Round
from tafel.i18n import t
from tafel.services.session import TableView
from tafel.ui.screens.base import TableScreen, calm
from tafel.ui.widgets.key_bar import KeyBar
from tafel.ui.widgets.round_header import RoundHeader


class RoundScreen(TableScreen):
    BINDINGS: ClassVar[list[Any]] = [
        Binding("f5", "timer", "tui.keys.timer"),
        Binding("f6", "prompt", "tui.keys.prompt", priority=True),  # a TextArea binds F6 too
    ]
    PALETTE: ClassVar[tuple[tuple[str, str], ...]] = (
        *TableScreen.PALETTE, ("timer", "tui.palette.timer"), ("prompt", "tui.palette.prompt"))

    def __init__(self, table_id: str, step: str, view: TableView) -> None:
        super().__init__(table_id, step, view)
        rnd = view.canvas.round(step)
        assert rnd is not None
        self.rnd: Round = rnd

    def compose(self) -> ComposeResult:
        timers = self.moderation.timers.timers(self.table_id)
        yield RoundHeader(self.view.canvas, self.rnd, self.view.table.title, timers, self.desk.clock)
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> Iterable[Widget]:
        return ()

    def on_screen_resume(self) -> None:
        # The timers are written once the round is on screen: the moderator waits for the screen only.
        self.call_after_refresh(self.enter_round)

    @calm
    def enter_round(self) -> None:
        """Entering the round (again) runs its timer and pauses the others'."""
        if not self.is_current:
            return
        timer = self.moderation.timers.enter_round(self.table_id, self.rnd.id)
        header = self.query_one(RoundHeader)
        header.timers = self.moderation.timers.timers(self.table_id)
        header.show_timer(timer)

    def retry_save(self) -> None:
        super().retry_save()
        self.enter_round()  # the round's timer, if starting it could not be written

    def action_prompt(self) -> None:
        """The round's whole prompt and its zones' hints, however short the terminal."""
        from tafel.ui.dialogs.prompt import PromptDialog

        self.app.push_screen(PromptDialog(self.rnd, self.view.table.title))

    @calm
    def action_timer(self) -> None:
        timer = self.moderation.timers.toggle_timer(self.table_id, self.rnd.id)
        self.query_one(RoundHeader).show_timer(timer)
        self.notify(t("tui.round.timer_running" if timer.running else "tui.round.timer_paused"))
