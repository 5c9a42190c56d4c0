"""A full disk: one calm line, what was typed stays in its field, and Ctrl+S saves it once there is room.

The disk is made full for real: SQLite's ``PRAGMA max_page_count`` on every connection of the
test's database file, set to the pages it has, and the free room in those pages filled. Every
write that needs room then fails with SQLITE_FULL ("database or disk is full"), as on a full disk.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from textual.widgets import Input

from tafel.canvases import Library
from tafel.domain.timer import RoundTimer
from tafel.services.workspace import db_error
from tafel.storage.repository import Store
from tafel.ui.app import TafelApp
from tafel.ui.screens.notes import NotesScreen
from tafel.ui.screens.participants import ParticipantsScreen
from tafel.ui.screens.values import ValuesScreen
from tafel.ui.widgets.lines_input import LinesInput
from tests.factories import fill_table
from tests.ui.helpers import make_app, notices, ready

FULL_NL = "Schijf vol — wat u typte staat nog op het scherm; maak ruimte en druk op Ctrl+S."
NO_LIMIT = 1_073_741_823  # SQLite's default max_page_count


class Disk:
    """The database file's disk: ``full()`` leaves no room, ``make_room()`` gives it back."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.is_full = False
        event.listen(store.engine, "checkout", self._checkout)

    def _checkout(self, dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        cursor = dbapi_connection.cursor()
        if self.is_full:
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count={pages}")
        else:
            cursor.execute(f"PRAGMA max_page_count={NO_LIMIT}")
        cursor.close()

    def full(self) -> None:
        """No new pages, and the free room in the pages there are taken by a table of filler."""
        self.is_full = True
        store = self.store
        filler = store.create_table(title="vulling", canvas="x", canvas_version=1, date="2023-01-01", language="nl")
        adds = (
            lambda n, size: store.add_item(filler, round="vul", kind="note", text="x" * size),
            lambda n, size: store.add_participant(filler, name="x" * min(size, 200)),
            lambda n, size: store.save_timer(filler, f"r{n}", RoundTimer()),
            lambda n, size: store.save_direction(filler, f"r{n}", "x" * size),
        )
        n = 0
        for size in (3000, 300, 30, 1):
            for add in adds:
                while True:
                    n += 1
                    try:
                        add(n, size)
                    except OperationalError as exc:
                        assert "full" in str(exc)
                        break

    def make_room(self) -> None:
        self.is_full = False


def said(app: TafelApp, text: str) -> bool:
    return any(text == message for message in notices(app))


def rows(store: Store, table_id: str) -> Any:
    return store.get_table(table_id)


def test_a_database_error_becomes_a_tafel_error_naming_it() -> None:
    full = OperationalError("INSERT …", {}, Exception("database or disk is full"))
    assert db_error(full).key == "db.full"
    for message in ("disk I/O error", "attempt to write a readonly database", "database is locked"):
        found = db_error(OperationalError("UPDATE …", {}, Exception(message)))
        assert (found.key, found.params["error"]) == ("db.write_failed", message)


async def test_a_full_disk_keeps_the_typed_text_on_screen_and_ctrl_s_saves_it(
    file_store: Store, library: Library
) -> None:
    table_id = fill_table(file_store, library, participants=1, notes=0)
    canvas = library.get("sturingsfilosofie")
    values = next(r for r in canvas.rounds if r.kind == "values")
    notes = next(r for r in canvas.rounds if r.kind == "notes")
    disk = Disk(file_store)
    app = make_app(file_store, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "participants")
        await pilot.pause()
        disk.full()

        # A participant: Enter fails calmly, the name stays; Ctrl+S after making room stores it.
        assert isinstance(app.screen, ParticipantsScreen)
        name = app.screen.query_one("#name", Input)
        name.insert_text_at_cursor("Anna de Vries")
        await pilot.press("enter")
        await pilot.pause()
        assert said(app, FULL_NL)
        assert name.value == "Anna de Vries"
        assert len(rows(file_store, table_id).participants) == 1
        assert app.is_running

        # A motivation: saved as typed fails; leaving the participant or the round is refused.
        app.go_to(values.id)
        await pilot.pause()
        assert isinstance(app.screen, ValuesScreen)
        motivation = app.screen.query_one("#motivation", LinesInput)
        motivation.focus()
        motivation.value = ""
        long = "Omdat het ertoe doet, " * 100
        motivation.insert_text_at_cursor(long)
        await pilot.pause(1.2)  # the save as typed is due, and fails
        assert app.screen.save_failed
        await pilot.press("enter")  # the next participant: refused, the motivation stays
        await pilot.pause()
        assert motivation.value == long
        app.go_to(notes.id)
        await pilot.pause()
        assert isinstance(app.screen, ValuesScreen) and motivation.value == long
        disk.make_room()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.screen.save_failed and said(app, "Alles is bewaard.")
        (item,) = rows(file_store, table_id).items_of(values.id)
        assert item.text == long

        # A note: Enter fails, the note stays in its field; Ctrl+S lays it once there is room.
        disk.full()
        app.go_to(notes.id)
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        field = app.screen.focused
        assert isinstance(field, LinesInput)
        note = "Het loket belt terug, " * 200
        field.insert_text_at_cursor(note)
        await pilot.press("enter")
        await pilot.pause()
        assert field.value == note
        assert rows(file_store, table_id).items_of(notes.id) == []
        await pilot.press("ctrl+q")  # quitting with unsaved text: said first, not quit
        await pilot.pause()
        assert app.is_running and said(app, "Niet alles is bewaard. Maak ruimte en druk op Ctrl+S, "
                                            "of druk nog eens op Ctrl+Q om toch te stoppen.")
        disk.make_room()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field.value == ""
        assert [i.text for i in rows(file_store, table_id).items_of(notes.id)] == [note.strip()]

        # And the participant typed while the disk was full.
        app.go_to("participants")
        await pilot.pause()
        assert isinstance(app.screen, ParticipantsScreen)
        assert app.screen.query_one("#name", Input).value == "Anna de Vries"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [p.name for p in rows(file_store, table_id).participants][-1] == "Anna de Vries"
