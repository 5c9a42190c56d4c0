"""A round's header: title, step k of n, the moderator's prompt, the round timer and table time.

The timer is shown calmly: elapsed and remaining; at two minutes left and over time only the
colour of the timer changes (classes ``-warning`` and ``-over``), nothing blinks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tafel.domain.canvas import Canvas, Round
from tafel.domain.timer import RoundTimer, clock
from tafel.i18n import t
from tafel.ui.sync_status import sync_line


class RoundHeader(Vertical):
    def __init__(self, canvas: Canvas, rnd: Round, title: str, timers: dict[str, RoundTimer],
                 now: Callable[[], dt.datetime]) -> None:
        super().__init__(classes="round-header")
        self.canvas, self.rnd, self.table_title = canvas, rnd, title
        self.timers, self.now = dict(timers), now
        self._shown = ""

    def compose(self) -> ComposeResult:
        index = (self.canvas.round_index(self.rnd.id) or 0) + 1
        with Horizontal(classes="round-top"):
            head = Text()
            head.append(t("tui.round.step", k=index, n=len(self.canvas.rounds)) + "  ", style="dim")
            head.append(self.rnd.title, style="bold")
            head.append("  ·  " + self.table_title, style="dim")
            yield Static(head, classes="round-title")
            yield Static(id="timer", classes="timer")
        yield Static(Text(self.rnd.prompt, style="italic"), classes="prompt")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def set_timer(self, timer: RoundTimer) -> None:
        self.timers[self.rnd.id] = timer
        self.tick()

    def tick(self) -> None:
        if not self.screen.is_current:  # a round screen kept aside: shown again on its resume
            return
        now = self.now()
        timer = self.timers.get(self.rnd.id, RoundTimer())
        state = timer.state(self.rnd.minutes, now)
        elapsed = timer.seconds(now)
        left = self.rnd.minutes * 60 - int(elapsed)  # whole seconds, so 0:01 + 24:59 = 25:00
        total = sum(x.seconds(now) for x in self.timers.values())
        out = Text()
        if not timer.running:
            out.append(t("tui.round.paused") + "  ", style="bold")
        out.append(f"{clock(elapsed)} / {clock(self.rnd.minutes * 60)}  ")
        if left >= 0:
            out.append(t("tui.round.left", time=clock(left)))
        else:
            out.append(t("tui.round.over", time=clock(-left)))
        out.append("  ·  " + t("tui.round.table_time", time=clock(total)), style="dim")
        out.append(sync_line(self.app), style="dim")
        found = self.query("#timer")
        if not found:  # the screen is being replaced before its header was laid out
            return
        widget = found.first(Static)
        if out.plain != self._shown:  # an unchanged timer costs nothing; same width, no layout
            same_width = len(out.plain) == len(self._shown)
            self._shown = out.plain
            widget.update(out, layout=not same_width)
        widget.set_class(state == "warning", "-warning")
        widget.set_class(state == "over", "-over")
