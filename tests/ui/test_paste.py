"""Pasting several lines drops nothing: 5,000 characters over a hundred lines, all of it in the database.

Textual's Input keeps the first line of a paste only (60 of 5,000 characters, nothing said). A
note or advice field lays the lines at once: one note with its line breaks (``[tui] paste =
"one"``, the default) or a note per line ("lines"); one-line fields join the lines with spaces.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tafel.canvases import Library
from tafel.domain.entry import parse_tags
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.dialogs.note import NoteDialog
from tafel.ui.widgets.lines_input import LinesInput
from tafel.ui.widgets.text_input import paste_mode
from tests.factories import fill_table
from tests.ui.helpers import make_app, ready

LINES = [f"Regel {n:03d}: het loket belt terug #thema{n % 3}".ljust(49, ".") for n in range(100)]
PASTED = "\n".join(LINES) + "\n"  # 5,000 characters over 100 lines, as copied from a document
BODIES = [parse_tags(line)[0] for line in LINES]  # the lines without their tags


def first_round(library: Library, kind: str) -> str:
    return next(r.id for r in library.get("sturingsfilosofie").rounds if r.kind == kind)


async def paste(pilot: Pilot[None], field: Input | TextArea, text: str) -> None:
    field.focus()
    await pilot.pause()
    pilot.app.post_message(events.Paste(text))  # as the terminal's driver does: the app gives it to the focus
    await pilot.pause()


def settings_toml(home: Path, mode: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "settings.toml").write_text(f'[tui]\npaste = "{mode}"\n', "utf-8")


async def open_round(app: TafelApp, pilot: Pilot[None], table_id: str, step: str) -> None:
    await ready(app, pilot)
    app.open_table(table_id, step)
    await pilot.pause()


async def test_lines_pasted_into_a_note_field_become_one_note_with_its_line_breaks(
    store: Store, library: Library
) -> None:
    assert len(PASTED) == 5000
    table_id = fill_table(store, library, notes=0)
    notes = first_round(library, "notes")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_round(app, pilot, table_id, notes)
        field = app.screen.focused
        assert isinstance(field, LinesInput)
        await paste(pilot, field, PASTED)
        (note,) = store.get_table(table_id).items_of(notes)
        assert note.text == "\n".join(BODIES)
        assert note.tags == ["thema0", "thema1", "thema2"]
        assert field.value == ""
        # Edited in the dialog with its line breaks, and saved unchanged.
        await pilot.press("up", "e")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one("#text", TextArea).text == note.text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.get_table(table_id).items_of(notes)[0].text == note.text


async def test_with_paste_lines_every_line_is_a_note_and_an_advice(
    store: Store, library: Library, tafel_home: Path
) -> None:
    settings_toml(tafel_home, "lines")
    table_id = fill_table(store, library, notes=0)
    notes, advice = first_round(library, "notes"), first_round(library, "advice")
    app = make_app(store, library)
    assert app.desk.paste_mode == "lines"
    async with app.run_test(size=(120, 40)) as pilot:
        await open_round(app, pilot, table_id, notes)
        field = app.screen.focused
        assert isinstance(field, LinesInput)
        field.insert_text_at_cursor("Vooraf: ")  # typed before the paste: it starts the first line
        await paste(pilot, field, PASTED)
        laid = store.get_table(table_id).items_of(notes)
        assert [i.text for i in laid] == ["Vooraf: " + BODIES[0], *BODIES[1:]]
        app.go_to(advice)
        await pilot.pause()
        before = len(store.get_table(table_id).items_of(advice))
        await paste(pilot, app.screen.query_one("#advice-input", LinesInput), "\r\n".join(LINES[:5]))
        added = store.get_table(table_id).items_of(advice)[before:]
        assert [i.text for i in added] == BODIES[:5]
        assert [i.rank for i in added] == list(range(before + 1, before + 6))


async def test_one_line_fields_join_lines_motivation_and_direction_keep_them(store: Store, library: Library) -> None:
    table_id = fill_table(store, library, participants=1, notes=0)
    values, direction, notes = (first_round(library, k) for k in ("values", "direction", "notes"))
    tension_zone = next(z for z in library.get("sturingsfilosofie").round(notes).zones if z.kind == "tension")
    app = make_app(store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_round(app, pilot, table_id, values)
        motivation = app.screen.query_one("#motivation", LinesInput)
        motivation.value = ""
        await paste(pilot, motivation, PASTED)
        # A motivation is said in paragraphs: its field keeps the pasted lines, nothing dropped.
        assert motivation.value == PASTED.replace("\r\n", "\n").replace("\r", "\n")
        app.go_to(direction)
        await pilot.pause()
        assert store.get_table(table_id).items_of(values)[0].text == motivation.value
        area = app.screen.query_one("#direction-text", TextArea)
        area.clear()
        await paste(pilot, area, PASTED)
        app.screen.flush()
        assert store.get_table(table_id).direction(direction).text == PASTED
        # A tension zone: lines naming no two poles are laid as a note there, not dropped.
        app.go_to(notes)
        await pilot.pause()
        await paste(pilot, app.screen.query_one(f"#in-{tension_zone.id}", LinesInput), "eerste\ntweede")
        (laid,) = store.get_table(table_id).items_of(notes)
        assert (laid.zone, laid.kind, laid.text) == (tension_zone.id, "note", "eerste\ntweede")
        tension_field = app.screen.query_one(f"#in-{tension_zone.id}", LinesInput)
        await paste(pilot, tension_field, "regels <> ruimte: bij\nhet loket")
        tension = store.get_table(table_id).items_of(notes)[-1]
        assert (tension.kind, tension.between, tension.text) == ("tension", ["regels", "ruimte"], "bij het loket")


def test_the_paste_setting_falls_back_to_one_note(tmp_path: Path) -> None:
    assert paste_mode(tmp_path) == "one"  # no settings file
    for text, mode in (('[tui]\npaste = "lines"\n', "lines"), ('[tui]\npaste = "alles"\n', "one"),
                       ("[tui\n", "one"), ('tui = "lines"\n', "one")):
        (tmp_path / "settings.toml").write_text(text, "utf-8")
        assert paste_mode(tmp_path) == mode, text
