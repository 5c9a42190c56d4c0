"""The app's own commands in Textual's command palette (ctrl+p): rounds, canvas, export, undo."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from tafel.i18n import t

if TYPE_CHECKING:
    from tafel.ui.app import TafelApp


class TafelCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        app: TafelApp = self.app  # type: ignore[assignment]  # this provider is TafelApp's only
        screen = self.screen  # the screen the palette was opened over (app.screen is the palette)
        found: list[tuple[str, Callable[[], Any], str]] = []

        def action(name: str) -> Callable[[], Any]:
            return partial(app.run_action, name, screen)

        for name, key in getattr(screen, "PALETTE", ()):
            found.append((t(key), action(name), t(key)))
        found += [
            (t("tui.palette.overview"), partial(app.run_action, "overview"), t("tui.palette.overview_help")),
            (t("tui.palette.help"), partial(app.run_action, "help"), t("tui.palette.help")),
            (t("tui.palette.undo"), partial(app.run_action, "undo"), t("tui.palette.undo")),
        ]
        if app.table_id and app.moderation:
            view = app.moderation.session.table_view()
            for step in view.steps():
                rnd = view.canvas.round(step)
                title = rnd.title if rnd else t(f"tui.steps.{step}")
                found.append((t("tui.palette.go_to", step=title), partial(app.go_to, step),
                              t("tui.palette.go_to_help")))
            found.append((t("tui.palette.tables"), app.close_table, t("tui.palette.tables")))
        return found

    # Round titles come from canvas files: shown as text, never as markup (the palette and
    # ``Matcher.highlight`` read a str as markup; the catalogue's own help texts have none).

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(Text(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                # Escaped for the highlighter: the shown text is the name as written.
                yield Hit(score, matcher.highlight(escape(name)), callback, text=name, help=help_text)
