"""What every screen shares: translated keys, no cursor blink in tests, the open table's steps."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

from tafel.domain.errors import TafelError
from tafel.i18n import error, t
from tafel.ui.keys import localise_bindings
from tafel.ui.messages import CloseTable, GoToStep

if TYPE_CHECKING:
    from tafel.domain.canvas import Round
    from tafel.services.moderation import Moderation
    from tafel.services.session import TableView
    from tafel.ui.app import TafelApp
    from tafel.ui.desk import Desk


F = TypeVar("F", bound=Callable[..., Any])


def say_refused(screen: Any, exc: TafelError) -> None:
    """One calm line for a refused write; a database that could not write marks the screen unsaved.

    ``db.full`` / ``db.write_failed`` (see ``tafel.services.workspace.stored``): nothing was
    written, the typed text is still in its field, and Ctrl+S (``TableScreen.action_save_now``)
    tries again.
    """
    for field in screen.query("Input, LinesInput"):
        if hasattr(field, "ahead"):  # nothing taken out of the field: its next Enter submits it all
            field.ahead = ""
    if exc.key.startswith("db."):
        if isinstance(screen, TableScreen):
            screen.save_failed = True
        screen.app.desk.unsaved.say(t(f"tui.{exc.key}", **exc.params))
    else:
        screen.notify(error(exc), severity="warning", timeout=8)


def calm(method: F) -> F:
    """A screen's handler that writes: a refused write (``text.too_long``, a full disk…) is one calm line.

    The store refuses before it changes anything, so what was saved stays saved, and the typed
    text stays in its field to be shortened, or saved again with Ctrl+S. Returns None then.
    """

    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except TafelError as exc:
            say_refused(self, exc)
            return None

    return guarded  # type: ignore[return-value]  # functools.wraps: the method's own signature


def built(method: F) -> F:
    """A screen's ``on_mount`` that may run on a screen built ahead (``TafelApp.prebuild``): when the
    app quits while it is being built, its widgets are gone before its mount; that is no error."""

    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except NoMatches:
            if self.is_attached and self.app.is_running:
                raise
            return None

    return guarded  # type: ignore[return-value]  # functools.wraps: the method's own signature


class Localised:
    """Mixin: translate binding descriptions; freeze the cursor when the app asks (snapshots)."""

    def _localise(self) -> None:
        localise_bindings(self)  # type: ignore[arg-type]  # mixed into screens and widgets only

    def _apply_blink(self) -> None:
        app: TafelApp = self.app  # type: ignore[attr-defined]  # as above: a DOMNode's
        if not getattr(app, "blink", True):
            for widget in self.query("Input, TextArea"):  # type: ignore[attr-defined]  # a DOMNode's
                if isinstance(widget, Input | TextArea):
                    widget.cursor_blink = False


class TafelScreen(Localised, Screen[Any]):
    # Commands this screen adds to the palette: (action, catalogue key).
    PALETTE: ClassVar[tuple[tuple[str, str], ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._localise()

    @property
    def desk(self) -> Desk:
        """All a screen uses of the app (tafel.ui.desk); it asks the rest with messages (tafel.ui.messages)."""
        return self.app.desk  # type: ignore[attr-defined, no-any-return]  # tafel's screens run in TafelApp only

    @property
    def moderation(self) -> Moderation:
        m = self.desk.moderation
        assert m is not None
        return m

    def on_mount(self) -> None:
        self._apply_blink()


class TafelModal(Localised, ModalScreen[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._localise()

    def on_mount(self) -> None:
        self._apply_blink()


class TableScreen(TafelScreen):
    """A step of an open table: participants, one of the canvas' rounds, or the closing."""

    BINDINGS: ClassVar[list[Any]] = [
        Binding("f3", "step(-1)", "tui.keys.prev_step"),
        Binding("f4", "step(1)", "tui.keys.next_step"),
        Binding("f9", "tables", "tui.keys.tables"),
        Binding("ctrl+s", "save_now", "tui.keys.save_now"),
        Binding("f8", "live", "tui.keys.live", show=False),  # in the help (F1); the key bar stays as it was
    ]
    PALETTE: ClassVar[tuple[tuple[str, str], ...]] = (
        ("step(1)", "tui.palette.next_step"), ("step(-1)", "tui.palette.prev_step"))

    def __init__(self, table_id: str, step: str, view: TableView) -> None:
        super().__init__()
        self.table_id, self.step, self.view = table_id, step, view
        self.seen_revision: int | None = None  # the edits count when this screen was last left
        self.save_failed = False  # a write failed (full disk…): Ctrl+S tries again

    def on_screen_suspend(self) -> None:
        self.seen_revision = self.moderation.workspace.revision

    def on_screen_resume(self) -> None:
        """Kept screens come back as they were left: read the table again only if it was edited since."""
        if self.seen_revision is not None and self.seen_revision != self.moderation.workspace.revision:
            self.reload()

    @property
    def round(self) -> Round | None:
        return self.view.canvas.round(self.step)

    def flush(self) -> bool:
        """Save what is typed but not yet saved (called before leaving the screen); False if it failed."""
        return True

    def retry_save(self) -> None:
        """Ctrl+S: save whatever is unsaved on this screen (what a failed write left in its field)."""
        self.flush()

    def action_save_now(self) -> None:
        self.save_failed = False
        self.retry_save()
        if not self.save_failed:
            self.notify(t("tui.db.saved"))

    def reload(self) -> None:
        """Read the table again and show it (after an undo, or an edit in a dialog)."""
        self.view = self.moderation.session.table_view()
        self.refresh_view()

    def refresh_view(self) -> None:
        """Show ``self.view``; screens override this."""

    def action_step(self, delta: int) -> None:
        steps = self.view.steps()
        here = steps.index(self.step)
        target = here + delta
        if 0 <= target < len(steps):
            self.post_message(GoToStep(steps[target]))

    def action_tables(self) -> None:
        self.post_message(CloseTable())

    def action_live(self) -> None:
        """The QR code of the table's live page (tafel.ui.screens.live_qr)."""
        from tafel.ui.screens.live_qr import LiveQRScreen

        self.flush()  # what is typed shows on the phones too
        self.app.push_screen(LiveQRScreen(self.table_id))

    def step_title(self, step: str) -> str:
        rnd = self.view.canvas.round(step)
        return rnd.title if rnd else t(f"tui.steps.{step}")
