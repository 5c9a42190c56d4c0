"""Every key is in the help screen, the palette has the app's commands, and English is complete."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib.resources import files

import pytest
from rich.console import Console

from tafel import i18n
from tafel.canvases import Library
from tafel.i18n import t
from tafel.storage.repository import Store
from tafel.ui.keys import key_display
from tafel.ui.screens.help import _sections, help_table
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready
from tests.ui.screen_image import screen_text


def flat(data: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else key
        out.update(flat(value, name) if isinstance(value, dict) else {name: str(value)})
    return out


def catalogue(lang: str) -> dict[str, str]:
    return flat(tomllib.loads((files("tafel.i18n") / lang / "tui.toml").read_text("utf-8")))


def test_english_has_every_key_of_the_dutch_catalogue() -> None:
    nl, en = catalogue("nl"), catalogue("en")
    assert sorted(nl) == sorted(en)
    for key, text in nl.items():  # the same placeholders in both languages
        assert sorted(part.split("}")[0] for part in text.split("{")[1:]) == \
            sorted(part.split("}")[0] for part in en[key].split("{")[1:]), key


def test_every_binding_of_every_screen_is_in_the_help() -> None:
    console = Console(width=200, record=True)
    console.print(help_table())
    shown = console.export_text()
    for _name, bindings, _notes in _sections():
        for binding in bindings:
            if binding.description:
                keys = " / ".join(key_display(k) for k in binding.key.split(","))
                assert f"{keys}  " in shown and t(binding.description) in shown, binding


async def test_the_palette_offers_the_apps_commands(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, notes=3)
    notes = next(r.id for r in library.get("sturingsfilosofie").rounds if r.kind == "notes")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, notes)
        await pilot.pause()
        for query, expected in [("notit", t("tui.palette.new_note")), ("volg", t("tui.palette.next_step")),
                                ("canv", t("tui.palette.overview")), ("onged", t("tui.palette.undo"))]:
            await pilot.press("ctrl+p", *query)
            await pilot.pause(0.2)
            assert expected in screen_text(app), query
            await pilot.press("escape")
        app.go_to("closing")
        await pilot.pause()
        for query, expected in [("expo", t("tui.palette.export")), ("qr", t("tui.palette.qr")),
                                ("dele", t("tui.palette.share"))]:
            await pilot.press("ctrl+p", *query)
            await pilot.pause(0.2)
            assert expected in screen_text(app), query
            await pilot.press("escape")
        # Choosing a command runs it: the canvas overview, from the palette.
        await pilot.press("ctrl+p", *"canv")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "OverviewScreen"


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TAFEL_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("nl")


async def test_in_english_no_dutch_text_is_left_on_any_screen(store: Store, library: Library, english: None) -> None:
    nl, en = catalogue("nl"), catalogue("en")
    dutch = [text for key, text in nl.items() if "{" not in text and len(text) >= 10 and text != en[key]]
    table_id = fill_table(store, library, notes=6, programme=None)  # the table's own words stay Dutch
    app = make_app(store, library)
    seen: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        seen.append(screen_text(app))
        app.open_table(table_id, "participants")
        await pilot.pause()
        for step in app.moderation.session.table_view().steps():
            app.go_to(step)
            await pilot.pause()
            seen.append(screen_text(app))
            if step not in ("participants", "closing"):  # and in the lists, with their own keys
                await pilot.press("up")
                await pilot.pause()
                seen.append(screen_text(app))
        for key in ("f2", "escape", "f1"):
            await pilot.press(key)
            await pilot.pause()
            seen.append(screen_text(app))
    on_screen = "\n".join(seen)
    assert "Export (E)" in on_screen and "Help" in on_screen
    assert [text for text in dutch if text in on_screen] == []
    assert "tui." not in on_screen  # no catalogue key shown untranslated (a widget's own keys)
