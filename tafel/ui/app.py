"""The moderator's app: wires the screens, the global keys and the services; nothing else.

The start screen is shown before the database is opened: the store (SQLModel, SQLAlchemy) is
imported and opened in a worker thread, so the first screen never waits for it.
"""

from __future__ import annotations

import contextlib
import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from tafel import i18n
from tafel.domain.clock import Clock, utc_now
from tafel.domain.errors import TafelError
from tafel.i18n import error, t
from tafel.redact import redact
from tafel.settings import Settings
from tafel.ui.commands import TafelCommands
from tafel.ui.desk import UNSAVED_NOTICE, Desk, UnsavedNotice
from tafel.ui.kept import KeptScreens, settle
from tafel.ui.keys import localise_bindings
from tafel.ui.messages import CloseTable, GoToStep, OpenTable
from tafel.ui.share_control import Sharing
from tafel.ui.sync_status import start_sync
from tafel.ui.textual_compat import CrashHook, build_ahead
from tafel.ui.typed_ahead import KeysTypedAhead
from tafel.ui.widgets.text_input import paste_mode

if TYPE_CHECKING:
    from tafel.canvases import Library
    from tafel.services.moderation import Moderation
    from tafel.storage.repository import Store
    from tafel.ui.screens.base import TableScreen

PREBUILD_AFTER = 1.0  # seconds after a table opens before its other screens are built ahead
PREBUILD_EVERY = 0.3  # seconds between two of them, so typing never waits long
ELSEWHERE_EVERY = 2.0  # seconds between two looks for changes made elsewhere (``tafel import``)

# For benchmarks only: exit as soon as the first screen has been painted.
EXIT_ON_FIRST_PAINT = "TAFEL_EXIT_ON_FIRST_PAINT"
SESSION_FILE = "tui-session.json"  # services.session.SESSION_FILE, named here without importing the store


class TafelApp(KeysTypedAhead, CrashHook[None]):
    CSS_PATH = "tafel.tcss"
    TITLE = "tafel"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {TafelCommands}
    BINDINGS: ClassVar[list[Any]] = [
        Binding("f1", "help", "tui.keys.help"),
        Binding("f2", "overview", "tui.keys.overview"),
        Binding("ctrl+z", "undo", "tui.keys.undo"),
        Binding("ctrl+q", "quit", "tui.keys.quit", priority=True, show=False),
    ]

    def __init__(
        self, settings: Settings, *, store: Store | None = None, library: Library | None = None,
        clock: Clock = utc_now, blink: bool = True, resume: bool = True,
        share_host: str | None = None, share_port: int | None = None,
    ) -> None:
        super().__init__()
        localise_bindings(self)
        self.settings = settings
        self.blink = blink
        self.resume = resume
        self._given_store, self._given_library = store, library
        # All the screens use of the app (see tafel.ui.desk); the rest they ask with messages.
        self.desk = Desk(settings, clock, paste_mode(settings.home), Sharing(settings, share_host, share_port),
                         UnsavedNotice(lambda message: self.notify(message, severity="warning",
                                                                   timeout=UNSAVED_NOTICE)))
        self.kept = KeptScreens(self)  # the open table's step screens and overview
        self._quit_unsaved = False  # Ctrl+Q pressed once with unsaved text: a second press quits
        self.crash_log: Path | None = None  # where an unexpected error was written (see crashed)

    @property
    def moderation(self) -> Moderation | None:
        return self.desk.moderation

    @property
    def table_id(self) -> str | None:
        """The open table (kept by the session, the one owner of where the moderator is)."""
        return self.moderation.session.table_id if self.moderation else None

    @property
    def step(self) -> str | None:
        return self.moderation.session.step if self.moderation else None

    @classmethod
    def from_settings(cls, db: str | None = None, lang: str | None = None, canvas: Path | None = None,
                      **kwargs: Any) -> TafelApp:
        from tafel import settings as settings_mod

        settings = settings_mod.load(db=db, lang=lang, canvas=canvas)
        i18n.set_language(settings.lang)
        return cls(settings, **kwargs)

    def crashed(self, error: Exception) -> None:
        """An unexpected error: its traceback to a log file in the data folder, not to the terminal.

        Textual ends the app (return code 1) and would print the traceback, with local variables
        (what was typed), at exit; ``tafel.ui.run`` prints one line naming the log file instead.
        Textual has no public hook for this: see textual_compat.CrashHook.
        """
        from tafel.crashlog import write_crash_log

        if self.crash_log is None:
            screen = type(self.screen).__name__ if self.screen_stack else "-"
            self.crash_log = write_crash_log(error, home=self.settings.home,
                                             context=f"tui, screen {screen}, step {self.step or '-'}")

    # -- start-up --------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        from tafel.ui.screens.start import StartScreen

        return StartScreen()

    def on_mount(self) -> None:
        self.title = t("tui.app.title")
        if os.environ.get(EXIT_ON_FIRST_PAINT):
            self.call_after_refresh(self.exit)
            return
        self.load_services()

    @work(thread=True, exclusive=True, group="load")
    def load_services(self) -> None:
        """Import and open the store off the UI thread; purge tables deleted in an earlier session.

        The list of tables is shown first, read without SQLAlchemy (``storage.start_list``): its
        import is most of the start's time."""
        from tafel.canvases import load_library

        library = self._given_library or load_library(self.settings.extra_canvases,
                                                      self.settings.user_canvases)
        if self._given_store is None and not self._resuming():
            from tafel.storage.start_list import read_start_list

            early = read_start_list(self.settings.db_url)
            if early is not None:
                self.call_from_thread(self._early_list, early, library)
        from tafel.services.moderation import Moderation
        from tafel.storage.repository import Store

        try:
            store = self._given_store or Store.open(self.settings.db_url)
        except Exception as exc:  # a database that cannot be opened: one line on screen, the cause logged
            from tafel.crashlog import note_error

            note_error(exc, "tui: opening the database")
            self.call_from_thread(self.notify, t("tui.start.db_error", error=redact(str(exc).splitlines()[0])),
                                  severity="error", timeout=30)
            return
        moderation = Moderation.open(store, library, self.settings, self.desk.clock)
        moderation.workspace.rescan = self._given_library is None  # the new-table screen reads the folders again
        try:
            with contextlib.suppress(TafelError):
                moderation.session.purge_deleted()  # a full disk: deleted tables wait for the next start
            resume = moderation.session.last_step() if self.resume else (None, None)
            tables = moderation.session.list_tables()
        except TafelError as exc:  # a database that cannot be read: one line on screen
            self.call_from_thread(self.notify, t("tui.start.db_error", error=exc.params.get("error", exc.key)),
                                  severity="error", timeout=30)
            return
        self.call_from_thread(self._services_ready, moderation, tables, resume)
        moderation.values.warm_up()  # the suggestions' dictionary, before the first motivation is typed

    def _resuming(self) -> bool:
        """A table was open when tafel stopped (services.session keeps the session file while one is):
        it opens again as soon as the store is, so a quick list would only flash by."""
        return self.resume and (self.settings.home / SESSION_FILE).is_file()

    def _early_list(self, tables: list[Any], library: Library) -> None:
        from tafel.ui.screens.start import StartScreen

        start = self.screen_stack[0]
        if self.moderation is None and isinstance(start, StartScreen):
            start.show_tables(tables, library)

    def _services_ready(self, moderation: Moderation, tables: list[Any], resume: tuple[str | None, str | None]) -> None:
        from tafel.ui.screens.start import StartScreen

        self.desk.moderation = moderation
        self.set_interval(ELSEWHERE_EVERY, self.check_elsewhere)
        # A wrong settings.toml or a broken canvas file never stops the moderator: said, then skipped.
        for problem in self.settings.problems:
            self.notify(problem.line(), severity="warning", timeout=20)
        for broken in moderation.workspace.library.broken:
            self.notify(t("tui.start.canvas_broken", file=broken.source, count=len(broken.problems)),
                        severity="warning", timeout=20)
        start_sync(self)  # venue mode: this laptop's changes to the programme database, in the background
        start = self.screen_stack[0]
        if isinstance(start, StartScreen):
            start.show_tables(tables)
        table_id, step = resume
        if table_id:
            self.open_table(table_id, step)
        self.call_after_refresh(settle)

    # -- moving between tables and steps -----------------------------------------------------

    def on_open_table(self, message: OpenTable) -> None:
        self.open_table(message.table_id, message.step)
        if message.keys:  # typed ahead of the table's first screen: to it once it has the focus
            self.call_after_refresh(lambda: [self.post_message(key) for key in message.keys])

    def on_go_to_step(self, message: GoToStep) -> None:
        self.go_to(message.step)
        self.call_after_refresh(self._release_keys)  # typed after F3/F4: to the step's screen

    def on_close_table(self, _: CloseTable) -> None:
        self.close_table()
        self.call_after_refresh(self._release_keys)  # typed after F9: to the list

    def open_table(self, table_id: str, step: str | None = None) -> None:
        assert self.moderation is not None
        self.kept.drop()
        session = self.moderation.session
        try:
            view = session.open(table_id, step)
        except TafelError as exc:  # a database that cannot be read now: one line, the list stays
            self.notify(error(exc), severity="error", timeout=15)
            return
        if not view.canvas_known:
            self.notify(t("tui.unknown_canvas.line", canvas=view.table.canvas), timeout=20)
        assert session.step is not None
        self.push_screen(self.step_screen(session.step))
        self.call_after_refresh(settle)
        self.set_timer(PREBUILD_AFTER, self.prebuild)

    def prebuild(self) -> None:
        """Build the open table's other screens ahead, one at a time while the moderator is idle.

        A first visit of a round then costs no more than a return to it. Building is what pushing
        a screen does first (textual_compat.build_ahead), without showing it.
        """
        if self.table_id is None or self.moderation is None:
            return
        missing = self.kept.missing(self.moderation.session.table_view().steps())
        if not missing:
            self.call_after_refresh(gc.freeze)
            return
        screen = self.step_screen(missing[0])
        if not build_ahead(self, screen):  # a Textual without it: screens are built on their first visit
            return
        self.set_timer(PREBUILD_EVERY, self.prebuild)

    def check_elsewhere(self) -> None:
        """Show the open table again when an import in another terminal merged something into it.

        What is typed here is saved first, so the merged table read back holds it too.
        """
        from tafel.ui.screens.base import TableScreen

        if self.moderation is None or self.table_id is None:
            return
        try:
            changed = self.moderation.session.changed_elsewhere(self.table_id)
        except TafelError:
            return  # a database that cannot be read just now: the next look tries again
        if not changed:
            return
        screen = self.screen
        if isinstance(screen, TableScreen) and screen.flush():
            screen.reload()
        self.notify(t("tui.elsewhere.reloaded"), timeout=8)

    def step_screen(self, step: str) -> TableScreen:
        """The step's screen, built once per open table and kept: going back to it costs no mounting."""
        assert self.moderation is not None and self.table_id is not None
        session = self.moderation.session
        return self.kept.step(self.table_id, step, session.table_view(), self.moderation.workspace.revision)

    def go_to(self, step: str) -> None:
        """Leave the current step (saving what is pending) and open another of the same table."""
        from tafel.ui.screens.base import TableScreen

        assert self.moderation is not None and self.table_id is not None
        current = self.screen
        holder = getattr(current.focused, "hand_over", None)  # keys typed ahead after an Enter that moved on
        if isinstance(current, TableScreen) and not current.flush():
            self.desk.unsaved.remind()
            if holder:
                holder()
            return  # not saved (full disk): stay, with the text on screen, until Ctrl+S saves it
        if not self.moderation.session.go_to(step):
            if holder:
                holder()
            return
        while len(self.screen_stack) > 2:  # close an overview or help opened over the step
            self.pop_screen()
        screen = self.step_screen(step)
        if screen is not self.screen:
            self.switch_screen(screen)
        # Written once the new screen is painted: a moderator waits for the screen, not for the disk.
        self.call_after_refresh(self.moderation.session.remember_step, self.table_id, step)
        if holder:
            self.call_after_refresh(holder)  # to the new screen's field

    def close_table(self) -> None:
        from tafel.ui.screens.base import TableScreen
        from tafel.ui.screens.start import StartScreen

        if isinstance(self.screen, TableScreen) and (not self.screen.flush() or self.screen.save_failed):
            self.desk.unsaved.remind()
            return  # not saved (full disk): the table stays open, the text on screen until Ctrl+S
        if self.moderation and self.table_id:
            with contextlib.suppress(TafelError):  # a timer left running is no reason to stay
                self.moderation.timers.pause_all(self.table_id)
            self.moderation.session.close()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.call_after_refresh(self.kept.drop, self.kept.generation)  # once popped, they may go
        start = self.screen_stack[0]
        if isinstance(start, StartScreen):
            start.reload()

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification is plain text: it names titles, zones and errors, never read as markup.

        Screens' and widgets' ``notify`` end here too; the catalogue holds no markup of its own.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- global actions ------------------------------------------------------------------

    def action_help(self) -> None:
        from tafel.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_overview(self) -> None:
        from tafel.ui.screens.overview import OverviewScreen
        from tafel.ui.screens.start import StartScreen

        if isinstance(self.screen, OverviewScreen):
            self.pop_screen()
            return
        if self.moderation is None:
            return
        if self.table_id is not None:
            # The open table's overview is kept, and drawn again only after edits.
            view, revision = self.moderation.session.table_view(), self.moderation.workspace.revision
            self.push_screen(self.kept.overview(view, revision))
            return
        table_id = self.screen.selected_table() if isinstance(self.screen, StartScreen) else None
        if table_id is None:
            self.notify(t("tui.overview.no_table"))
            return
        self.push_screen(OverviewScreen(self.moderation.session.view(table_id)))

    def action_undo(self) -> None:
        if self.moderation is None:
            return
        try:
            entry = self.moderation.notes.undo()
        except TafelError as exc:
            self.desk.unsaved.say(t(f"tui.{exc.key}", **exc.params) if exc.key.startswith("db.") else error(exc))
            return
        if entry is None:
            self.notify(t("tui.undo.nothing"))
            return
        self.notify(t(entry.label))
        refresh = getattr(self.screen, "reload", None)
        if callable(refresh):
            refresh()

    def action_quit(self) -> None:  # type: ignore[override]  # Textual's is async; it calls either kind
        from tafel.ui.screens.base import TableScreen

        if self.building():  # Ctrl+Q typed right behind Enter on a table: quit once its screen stands
            self.set_timer(0.01, self.action_quit)
            return

        saved = all([screen.flush() and not screen.save_failed
                     for screen in self.screen_stack if isinstance(screen, TableScreen)])
        if not saved and not self._quit_unsaved:
            self._quit_unsaved = True  # said once; Ctrl+Q again quits anyway
            self.notify(t("tui.db.quit_unsaved"), severity="warning", timeout=UNSAVED_NOTICE)
            return
        self.desk.sharing.stop()
        self.exit()

    def building(self) -> bool:
        """Whether a screen is still being built. Textual ending the app then takes the screen
        apart under its own widgets' mount handlers, which stops it with an error."""
        return self.kept.building() or any(not s.is_mounted for s in self.screen_stack)

    def on_unmount(self) -> None:
        self.desk.sharing.stop()  # however the app ends, the phones' server ends with it
