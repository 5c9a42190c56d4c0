"""A round's header: title, step k of n, the moderator's prompt, the round timer and table time.

The timer is shown calmly: elapsed and remaining; at two minutes left and over time only the
colour of the timer changes (classes ``-warning`` and ``-over``), nothing blinks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tafel.domain.canvas import Canvas, Round
from tafel.domain.timer import RoundTimer, clock
from tafel.i18n import t
from tafel.ui.sync_status import sync_line

# Lines of the prompt shown in the header: a short terminal keeps room for the notes, a tall one
# shows the prompt whole. A longer prompt ends its last line in "… F6 whole prompt".
PROMPT_LINES_SHORT, PROMPT_LINES_TALL, TALL = 3, 8, 32
WIDE_TIMER = 100  # from this many columns the header also shows the table's time (else F2 and closing do)


class FoldedPrompt(Static):
    """The round's prompt, folded to its first lines when it does not fit; F6 reads it whole."""

    def __init__(self, prompt: str) -> None:
        super().__init__(classes="prompt")
        self.prompt = prompt
        self.folded = False

    def on_resize(self, event: events.Resize) -> None:
        self.fold(event.size.width)

    def fold(self, width: int) -> None:
        if width <= 0:
            return
        limit = PROMPT_LINES_TALL if self.app.size.height >= TALL else PROMPT_LINES_SHORT
        text = Text(self.prompt, style="italic")
        lines = text.wrap(self.app.console, width)
        self.folded = len(lines) > limit
        if not self.folded:
            self.update(text)
            return
        marker = Text(" … " + t("tui.round.whole_prompt"), style="bold")
        kept = list(lines)[:limit]
        last = kept[-1]
        last.rstrip()
        last.truncate(max(0, width - cell_len(marker.plain)))
        last.append_text(marker)
        self.update(Text("\n").join(kept))


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
            head = Text(no_wrap=True, overflow="ellipsis")  # one line: the table's title gives way
            head.append(t("tui.round.step", k=index, n=len(self.canvas.rounds)) + "  ", style="dim")
            head.append(self.rnd.title, style="bold")
            head.append("  ·  " + self.table_title, style="dim")
            yield Static(head, classes="round-title")
            yield Static(id="timer", classes="timer")
        yield FoldedPrompt(self.rnd.prompt)

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    def show_timer(self, timer: RoundTimer) -> None:  # not set_timer: that is Textual's own
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
        if self.app.size.width >= WIDE_TIMER:  # on 80 columns the round's title needs the room
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
