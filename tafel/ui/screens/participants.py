"""Who sits at the table: an optional name, a sector from the canvas, consent to be named.

While people introduce themselves, the phones at the table scan the live page's QR code: with
sharing on it stands beside the form where the terminal has room for it (about 115 columns), else
one line gives the address and the full-screen code (F8) shows once as a table starts. With
sharing off, one line says so.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from tafel.domain.table import Participant
from tafel.i18n import t
from tafel.ui.screens.base import TableScreen, built, calm
from tafel.ui.screens.live_qr import LiveQRScreen, live_url
from tafel.ui.widgets.key_bar import KeyBar
from tafel.ui.widgets.qr_view import QRView, halfblocks, size_of
from tafel.ui.widgets.step_header import StepHeader
from tafel.ui.widgets.text_input import TextInput
from tafel.ui.widgets.typing import take_submitted

# Columns the list and the form need beside the code (the list is 34 wide, see tafel.tcss), and the
# lines around it (the step header, the panel's title, the address, the key bar).
FORM_COLUMNS = 34 + 40
AROUND_LINES = 6


def participant_line(n: int, p: Participant) -> str:
    name = p.name or t("tui.participants.anonymous")
    consent = "  " + t("tui.participants.named") if p.consent else ""
    return f"{n}. {name} — {p.sector or t('tui.participants.no_sector')}{consent}"


class ParticipantsScreen(TableScreen):
    BINDINGS: ClassVar[list[Any]] = [
        Binding("ctrl+s", "save", "tui.keys.save_participant"),
        Binding("ctrl+n", "clear", "tui.keys.new_participant"),
        Binding("delete", "remove", "tui.keys.remove", show=False),
    ]
    PALETTE = (*TableScreen.PALETTE, ("clear", "tui.keys.new_participant"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing: Participant | None = None

    def compose(self) -> ComposeResult:
        yield StepHeader(self.view, self.step)
        with Horizontal(classes="body"):
            with Vertical(id="people-side"):
                yield Label(t("tui.participants.list"), classes="section")
                yield OptionList(id="people", markup=False)
                yield Static(t("tui.participants.list_hint"), classes="hint")
                yield Static(id="people-short", classes="hint")  # below the canvas's minimum: one calm line
            with Vertical(id="person-form"):
                yield Label(t("tui.participants.form_new"), id="form-title", classes="section")
                with Grid(classes="form"):
                    yield Label(t("tui.participants.name"))
                    name = TextInput(placeholder=t("tui.participants.name_hint"), id="name", select_on_focus=False,
                                     compact=True)
                    name.enter_takes_line = True  # each Enter adds a participant (typing.line_at_enter)
                    yield name
                    yield Label(t("tui.participants.sector"))
                    yield Select([(Text(s), s) for s in self.view.canvas.sectors],
                                 prompt=t("tui.participants.sector_hint"), id="sector", compact=True)
                    yield Label(t("tui.participants.consent_label"))
                    yield Checkbox(t("tui.participants.consent"), id="consent", compact=True)
                yield Button(t("tui.participants.add"), id="save", variant="primary")
                yield Static(t("tui.participants.next_hint"), classes="hint")
                yield Static(id="live-line", classes="hint")  # sharing off, or no room for the code
            with Vertical(id="live-side"):
                yield Label(t("tui.qr.live_title"), classes="section")
                yield QRView(id="live-qr")
                yield Static(id="live-url")
        yield KeyBar()

    @built
    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#name", Input).focus()
        self.live_shown = False  # the full-screen code was shown once (where no room beside the form)
        self.refresh_live()

    def on_screen_resume(self) -> None:
        self.refresh_live()  # sharing may have been switched on (F8, the closing screen) meanwhile

    def action_live(self) -> None:
        # Seen whole now (F8): coming back, the moderator types names, not into the code's screen again.
        self.live_shown = True
        super().action_live()

    def on_resize(self, event: events.Resize) -> None:
        self.refresh_live()

    def refresh_live(self) -> None:
        """The live page's code beside the form when sharing is on and it fits; else one line."""
        url = live_url(self.desk, self.table_id)
        side, line = self.query_one("#live-side", Vertical), self.query_one("#live-line", Static)
        code = halfblocks(url) if url else ""
        width, height = size_of(code)
        fits = bool(code) and (self.app.size.width >= FORM_COLUMNS + width + 6
                               and self.app.size.height >= height + AROUND_LINES)
        side.display = fits
        if fits:
            self.query_one("#live-qr", QRView).show(code)
            self.query_one("#live-url", Static).update(Text(str(url)))
            line.update("")
        elif url is None:
            line.update(Text(t("tui.qr.live_off")))
        else:
            line.update(Text(t("tui.qr.live_line", url=url)))
            # As the table starts (nobody added yet), the code once on the whole screen.
            if code and not self.live_shown and not self.view.table.participants and self.is_current:
                self.live_shown = True
                self.app.push_screen(LiveQRScreen(self.table_id))
        line.display = not fits

    def refresh_view(self) -> None:
        people = self.query_one("#people", OptionList)
        keep = people.highlighted
        people.clear_options()
        people.add_options(
            [Option(participant_line(n, p), id=p.id) for n, p in enumerate(self.view.table.participants, 1)]
        )
        if self.view.table.participants:
            people.highlighted = min(keep or 0, len(self.view.table.participants) - 1)
        minimum = self.moderation.participants.participants_short(self.view)
        short = self.query_one("#people-short", Static)
        short.update(t("tui.participants.below_minimum", n=len(self.view.table.participants), min=minimum)
                     if minimum else "")
        short.display = bool(minimum)

    def _form(self, name: str | None = None) -> dict[str, Any]:
        sector = self.query_one("#sector", Select).value
        return {
            "name": self.query_one("#name", Input).value if name is None else name,
            "sector": sector if isinstance(sector, str) else None,
            "consent": self.query_one("#consent", Checkbox).value,
        }

    @calm
    def action_save(self, submitted: str | None = None) -> None:
        form = self._form(submitted)
        if self.editing is None:
            self.moderation.participants.add_participant(self.table_id, **form)
        else:
            self.moderation.participants.update_participant(self.editing, **form)
        self.reload()
        self.action_clear(form["name"])

    def action_clear(self, submitted: str | None = None) -> None:
        self.editing = None
        name = self.query_one("#name", TextInput)
        if submitted is None:
            name.value = ""
        else:
            take_submitted(name, submitted)
        self.query_one("#sector", Select).clear()
        self.query_one("#consent", Checkbox).value = False
        self.query_one("#form-title", Label).update(t("tui.participants.form_new"))
        self.query_one("#save", Button).label = t("tui.participants.add")
        self.query_one("#name", Input).focus()

    def edit(self, participant: Participant) -> None:
        self.editing = participant
        self.query_one("#name", Input).value = participant.name or ""
        sector = self.query_one("#sector", Select)
        if participant.sector in self.view.canvas.sectors:
            sector.value = participant.sector
        else:
            sector.clear()
        self.query_one("#consent", Checkbox).value = participant.consent
        self.query_one("#form-title", Label).update(t("tui.participants.form_edit"))
        self.query_one("#save", Button).label = t("tui.participants.save")
        self.query_one("#name", Input).focus()

    def _selected(self) -> Participant | None:
        people = self.query_one("#people", OptionList)
        if people.highlighted is None:
            return None
        option = people.get_option_at_index(people.highlighted)
        return self.view.table.participant(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        found = self.view.table.participant(event.option.id)
        if found:
            self.edit(found)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    @calm
    def action_remove(self) -> None:
        if not self.query_one("#people", OptionList).has_focus:
            return
        found = self._selected()
        if found:
            self.moderation.participants.remove_participant(self.table_id, found.id)
            self.notify(t("tui.participants.removed"))
            self.reload()
