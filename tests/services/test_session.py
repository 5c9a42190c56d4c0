"""The moderator's use cases without the TUI: where the moderator is survives a restart, a resume
file that cannot be read or written is logged and never stops the table, the clock is injected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tafel import settings as settings_mod
from tafel.canvases import Library
from tafel.crashlog import ERROR_LOG, LOG_FOLDER
from tafel.services.moderation import Moderation
from tafel.services.session import CLOSING, PARTICIPANTS, SESSION_FILE
from tafel.storage.repository import Store

NOW = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)


def _moderation(store: Store, library: Library) -> Moderation:
    return Moderation.open(store, library, settings_mod.load(), clock=lambda: NOW)


def _table(m: Moderation) -> str:
    canvas = m.workspace.library.all()[0].id
    return m.session.start_table(canvas=canvas, title="Tafel Delft")


def _errors(home: Path) -> str:
    path = home / LOG_FOLDER / ERROR_LOG
    return path.read_text("utf-8") if path.exists() else ""


def test_the_open_table_and_step_survive_a_restart_with_the_place_in_the_step(
        store: Store, library: Library, tafel_home: Path) -> None:
    m = _moderation(store, library)
    table_id = _table(m)
    assert m.session.view(table_id).table.date == "2026-11-27"  # the injected clock's day
    first_round = m.session.view(table_id).canvas.rounds[0].id
    m.session.open(table_id, first_round)
    m.session.remember_focus("p-2")
    assert (m.session.table_id, m.session.step) == (table_id, first_round)

    again = _moderation(store, library)  # tafel started again on the same database
    assert again.session.last_step() == (table_id, first_round)
    again.session.open(table_id, first_round)  # the same step: the place in it is kept
    assert again.session.last_focus() == "p-2"
    again.session.close()
    assert again.session.table_id is None and again.session.last_step() == (None, None)
    assert not (tafel_home / SESSION_FILE).exists()
    assert _errors(tafel_home) == ""


def test_a_table_opens_where_it_was_left(store: Store, library: Library) -> None:
    m = _moderation(store, library)
    table_id = _table(m)
    assert m.session.open(table_id) and m.session.step == PARTICIPANTS  # no round opened yet
    second = m.session.table_view().canvas.rounds[1].id
    assert m.session.go_to(second) and not m.session.go_to("no-such-step")
    m.session.remember_step(table_id, second)
    m.session.open(table_id)
    assert m.session.step == second  # the current round, from the database
    m.session.end_table(table_id)
    m.session.open(table_id)
    assert m.session.step == CLOSING


def test_a_resume_file_that_cannot_be_written_is_logged_and_the_table_stays_open(
        store: Store, library: Library, tafel_home: Path) -> None:
    m = _moderation(store, library)
    table_id = _table(m)
    (tafel_home / SESSION_FILE).mkdir(parents=True)  # a folder where the file should be: every write fails
    view = m.session.open(table_id)
    assert view.table.id == table_id and m.session.step == PARTICIPANTS
    log = _errors(tafel_home)
    assert "resume file not written" in log and "IsADirectoryError" in log


def test_a_damaged_resume_file_is_logged_and_tafel_starts_at_the_list(
        store: Store, library: Library, tafel_home: Path) -> None:
    m = _moderation(store, library)
    _table(m)
    tafel_home.mkdir(parents=True, exist_ok=True)
    (tafel_home / SESSION_FILE).write_text('{"table": ', "utf-8")  # cut off mid-write by another tool
    assert m.session.last_step() == (None, None)
    log = _errors(tafel_home)
    assert "resume file not read" in log and "JSONDecodeError" in log


def test_an_edit_still_counts_when_the_live_page_fails_and_the_log_says_why(
        store: Store, library: Library, tafel_home: Path) -> None:
    m = _moderation(store, library)
    table_id = _table(m)

    def broken() -> None:
        raise RuntimeError("server gone")

    m.workspace.on_commit = broken
    before = m.workspace.revision
    m.participants.add_participant(table_id, name="Anna", sector="zorg", consent=True)
    assert m.workspace.revision == before + 1
    assert [p.name for p in m.session.view(table_id).table.participants] == ["Anna"]
    assert "live page not told of an edit" in _errors(tafel_home) and "server gone" in _errors(tafel_home)
