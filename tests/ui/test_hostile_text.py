"""User, file and canvas text is never markup: `[/]`, `[sic]` and `[@click=…]` are shown as typed.

A title like ``Werkgroep [/] test`` used to crash the app at every start; ``[sic]`` vanished, and
``[@click=app.quit]`` in a canvas became a live action. Here every text a moderator types, a file
brings or a canvas holds looks like markup, and every screen is visited.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Select, TextArea

from tafel.canvases import Library, load_library
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.dialogs.note import NoteDialog
from tafel.ui.screens.closing import ClosingScreen
from tafel.ui.screens.new_table import NewTableScreen
from tafel.ui.screens.start import StartScreen
from tafel.ui.widgets.lines_input import LinesInput
from tests.ui.helpers import make_app, ready
from tests.ui.screen_image import screen_text

HOSTILE_CANVAS = Path(__file__).parent / "data" / "hostile.toml"
TITLE = "Werkgroep [/] test [sic]"
NAME = "Jan [/x]"


def hostile_library() -> Library:
    library = load_library([HOSTILE_CANVAS])
    assert library.find("hostile") is not None, library.broken
    return library


def on_screen(app: TafelApp, *texts: str) -> None:
    shown = screen_text(app)
    for text in texts:
        assert text in shown, f"{text!r} not on the {type(app.screen).__name__}:\n{shown}"


def toasts(app: TafelApp) -> str:
    """The notifications on screen, as drawn (a toast lies in its own layer)."""
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


def still_running(app: TafelApp) -> None:
    assert app.is_running and app.return_code is None  # an unhandled error sets the return code 1


async def type_into(pilot, field: Input | TextArea, text: str) -> None:  # type: ignore[no-untyped-def]
    field.focus()
    if isinstance(field, Input):
        field.insert_text_at_cursor(text)
    else:
        field.insert(text)
    await pilot.pause()


def seed(store: Store, table_id: str) -> None:
    """What is not typed below: a second participant, tags, a tension, advice, direction versions."""
    p = store.add_participant(table_id, name="[b]bold", sector="[b]bold sector", consent=True)
    store.add_item(table_id, round="kaarten", kind="value", participant=p.id, value="[@click=app.quit]eigen[/]",
                   text="[b]motivatie \\[ twee", refs=["[sic] waarde"])
    store.add_item(table_id, round="gesprek", kind="note", zone="zone-a", text="notitie [/oops]",
                   tags=["[/x]", "[b]bold"])
    store.add_item(table_id, round="gesprek", kind="tension", zone="zone-b", text="spanning [sic]",
                   between=["[@click=app.quit]pool[/]", "pool \\["])
    store.add_item(table_id, round="advies", kind="advice", text="[@click=app.quit]advies[/]", rank=1,
                   tags=["[sic]"])
    store.save_direction(table_id, "richting", "eerste [/oops] versie")


async def test_markup_like_text_is_shown_as_typed_on_every_screen(store: Store, tmp_path: Path) -> None:
    library = hostile_library()
    app = make_app(store, library)
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await ready(app, pilot)
        # A new table, typed in the form.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewTableScreen)
        app.screen.query_one("#canvas", Select).value = "hostile"
        await pilot.pause()
        on_screen(app, "Canvas [sic] [/oops]", "[@click=app.quit]quit[/] and [b]bold", "Waarden [sic]")
        form = {"title": TITLE, "programme": "[b]bold", "location": "[@click=app.quit]quit[/]",
                "moderator": "Mod \\[ x"}
        for name, text in form.items():
            await type_into(pilot, app.screen.query_one(f"#{name}", Input), text)
        await pilot.press("ctrl+s")
        await pilot.pause()
        (summary,) = store.list_tables()
        table_id = summary.id
        assert summary.title == TITLE
        # Participants: a name typed, the canvas' sectors offered.
        on_screen(app, TITLE)
        await type_into(pilot, app.screen.query_one("#name", Input), NAME)
        app.screen.query_one("#sector", Select).value = "Jan [/x]"
        await pilot.press("enter")
        await pilot.pause()
        seed(store, table_id)
        assert app.moderation is not None
        app.moderation.workspace.revision += 1  # written behind the app's back: read the table again
        app.screen.reload()
        await pilot.pause()
        on_screen(app, f"1. {NAME} — Jan [/x]", "[b]bold — [b]bold sector")
        app.screen.query_one("#sector", Select).expanded = True
        await pilot.pause()
        on_screen(app, "back \\[ slash")
        app.screen.query_one("#sector", Select).expanded = False
        still_running(app)

        # Values: the round's header, the participant, a card picked, a motivation typed.
        app.go_to("kaarten")
        await pilot.pause()
        on_screen(app, "Waarden [sic]", "Kies [/oops] een kaart", TITLE, NAME)
        await type_into(pilot, app.screen.query_one("#card-input", Input), "[sic]")
        on_screen(app, "[sic] waarde", "[/] desc")
        await pilot.press("enter")
        await pilot.pause()
        await type_into(pilot, app.screen.query_one("#motivation", LinesInput), "omdat [/oops] telt")
        await pilot.press("enter")  # saved; on to the next participant
        await pilot.pause()
        on_screen(app, "[b]bold", "[@click=app.quit]eigen[/]", "[sic] waarde")
        await type_into(pilot, app.screen.query_one("#card-input", Input), "[/nieuw]")
        on_screen(app, "[/nieuw]")
        app.screen.query_one("#card-input", Input).value = ""
        await pilot.pause()
        still_running(app)

        # Direction: the text, its versions and the preview of one.
        app.go_to("richting")
        await pilot.pause()
        on_screen(app, "Richting [/]", "[b]bold prompt")
        area = app.screen.query_one("#direction-text", TextArea)
        area.clear()
        await type_into(pilot, area, "[sic] nieuw [/oops]")
        app.screen.flush()
        await pilot.pause()
        versions = app.screen.query_one("#versions", OptionList)
        versions.focus()
        versions.highlighted = 1
        await pilot.pause()
        on_screen(app, "eerste [/oops] versie")
        versions.highlighted = 0
        await pilot.pause()
        on_screen(app, "[sic] nieuw [/oops]")
        still_running(app)

        # Notes: zone titles and hints from the canvas, notes with tags, a tension's poles.
        app.go_to("gesprek")
        await pilot.pause()
        on_screen(app, "Gesprek [@click=app.quit]quit[/]", "Zone [/x] a", "[@click=app.quit]Spanning[/]",
                  "[sic] hint", "back \\[ hint", "notitie [/oops]", "#[/x]", "#[b]bold",
                  "[@click=app.quit]pool[/] ↔ pool \\[")
        await type_into(pilot, app.screen.query_one("#in-zone-a", LinesInput), "getypt [/x] [sic]")
        await pilot.press("enter")
        await pilot.pause()
        on_screen(app, "getypt [/x] [sic]")
        await pilot.press("up", "shift+right")  # moved to the tension zone: not two poles, said calmly
        await pilot.pause()
        assert "[@click=app.quit]spanning[/]" in toasts(app).lower()
        await pilot.press("e")  # the note in its dialog
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        on_screen(app, "getypt [/x] [sic]")
        await pilot.press("escape")
        app.screen.query_one("#list-zone-b", OptionList).focus()
        await pilot.press("e")  # the tension in its dialog: its poles and tags
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        on_screen(app, "[@click=app.quit]pool[/]", "pool \\[", "spanning [sic]")
        await pilot.press("escape")
        await pilot.pause()
        still_running(app)

        # Advice.
        app.go_to("advies")
        await pilot.pause()
        on_screen(app, "Advies [/oops]", "[@click=app.quit]quit[/] advies", "[@click=app.quit]advies[/]")
        await type_into(pilot, app.screen.query_one("#advice-input", LinesInput), "nog [b]een")
        await pilot.press("enter")
        await pilot.pause()
        on_screen(app, "nog [b]een")

        # The overview, the help, the palette.
        await pilot.press("f2")
        await pilot.pause()
        on_screen(app, TITLE, "Canvas [sic] [/oops]", "Waarden [sic]", "Zone [/x] a", "notitie [/oops]",
                  "[@click=app.quit]advies[/]", "[sic] nieuw [/oops]")
        await pilot.press("escape", "f1")
        await pilot.pause()
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"Advies")
        await pilot.pause(0.3)
        on_screen(app, "Advies [/oops]")
        await pilot.press("escape")
        await pilot.pause()
        still_running(app)

        # Closing: the whole table as a summary.
        app.go_to("closing")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        on_screen(app, TITLE, "[b]bold", "[@click=app.quit]quit[/]", "Mod \\[ x", NAME,
                  "omdat [/oops] telt", "[b]motivatie \\[ twee", "Richting [/]", "getypt [/x] [sic]")
        # Back to the list of tables, and the notifications that named user text.
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        on_screen(app, TITLE, "Canvas [sic] [/oops]")
        still_running(app)

    # The next start: the list of tables shows the title; deleting it names it.
    app = make_app(store, library, resume=False)
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await ready(app, pilot)
        on_screen(app, TITLE)
        await pilot.press("d")
        await pilot.pause()
        on_screen(app, TITLE)
        await pilot.press("y")
        await pilot.pause()
        assert TITLE in toasts(app)  # "deleted: …", shown as typed
        still_running(app)
