"""Power cut mid-typing: the real ``tafel`` is SIGKILLed while someone types steadily, and the
database keeps all but about the last second of it, in the direction, a motivation and a note.

The TUI runs as the command does (``python -m tafel``) on a database file, in a pseudo-terminal;
it opens on the round where the moderator was (the session file). A key every 80 ms for 2.5
seconds, then SIGKILL right after a key: no handler runs, nothing is flushed on the way out. 2.5 s
is more than MAX_WAIT and the slack together: a save that waited for a pause in the typing would
lose all of it and fail here.
Characters are counted: the typed text missing from the database, at the typing pace, may be at
most MAX_WAIT (1.0 s) and a slack for a machine whose two cores four test runs share.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from tafel.canvases import Library
from tafel.services.session import SESSION_FILE
from tafel.storage.repository import Store
from tafel.ui.widgets.typing import MAX_WAIT
from tests.factories import fill_table
from tests.ui.terminal import Terminal

EVERY = 0.08  # seconds between two keys
SECONDS = 2.5  # of typing before the power cut
SLACK = 0.75  # seconds: a busy machine's delay in reading the keys and in firing the save timer
TEXT = "de gemeente luistert echt naar wat mensen zeggen en doet er wat mee " * 3


def first_round(library: Library, kind: str) -> str:
    return next(r.id for r in library.get("sturingsfilosofie").rounds if r.kind == kind)


def resume_at(home: Path, db: Path, table_id: str, step: str) -> None:
    """Where the moderator was when tafel stopped: it opens there."""
    home.mkdir(parents=True, exist_ok=True)
    (home / SESSION_FILE).write_text(json.dumps({"db": f"sqlite:///{db}", "table": table_id, "step": step}))


def type_then_kill(runs: list[tuple[Path, Path, str]]) -> list[int]:
    """Start tafel once per (home, database, ``ready``) at the same time, wait until each has drawn
    its ``ready``, type steadily into all of them (a key to each every EVERY), kill each right after
    a key: mid-typing. The keys sent to each. Three tafels at once, not one after another: the
    typing is real time, and one test run waits it out once."""
    terms = [Terminal(["-m", "tafel"], home, db) for home, db, _ in runs]
    try:
        for term, (_, _, ready) in zip(terms, runs, strict=True):
            term.wait_for(ready, timeout=60)
        for term in terms:
            term.settle()  # drawn and idle: the field focused
        sent = 0
        end = time.monotonic() + SECONDS
        while time.monotonic() < end:
            for term in terms:
                term.type(TEXT[sent])
            sent += 1
            time.sleep(EVERY)
        for term in terms:
            term.type(TEXT[sent])
            term.kill()  # right after a key: mid-typing
        sent += 1
    finally:
        for term in terms:
            term.close()
    return [sent] * len(terms)


def missing_seconds(sent: int, saved: str) -> float:
    typed = TEXT[:sent]
    assert typed.startswith(saved.rstrip()), (typed, saved)
    return (sent - len(saved.rstrip())) * EVERY


KINDS = ("direction", "values", "notes")


def test_a_power_cut_mid_typing_loses_at_most_about_a_second(tmp_path: Path, library: Library) -> None:
    """In the direction, a value card's motivation and a note: each its own tafel and database."""
    runs, tables = [], []
    for kind in KINDS:
        home, db = tmp_path / kind / "home", tmp_path / kind / "tafel.db"
        db.parent.mkdir()
        store = Store.open(f"sqlite:///{db}")
        table_id = fill_table(store, library, participants=1, notes=0)
        step = first_round(library, kind)
        rnd = library.get("sturingsfilosofie").round(step)
        assert rnd is not None
        table = store.get_table(table_id)
        if kind == "direction":
            store.save_direction(table_id, step, "")
        if kind == "values":
            store.update_item(table.items_of(step)[0].id, text="")
        store.close()
        resume_at(home, db, table_id, step)
        # The prompt, not the title: the start screen's list shows the title too (the table's current round).
        runs.append((home, db, " ".join(rnd.prompt.split()[:3])))
        tables.append((kind, db, table_id, step))

    sents = type_then_kill(runs)

    assert SECONDS > MAX_WAIT + SLACK  # so a text saved only at a pause in the typing fails below
    for (kind, db, table_id, step), sent in zip(tables, sents, strict=True):
        store = Store.open(f"sqlite:///{db}")
        table = store.get_table(table_id)
        if kind == "direction":
            saved = table.direction(step).text
        elif kind == "values":
            saved = table.items_of(step)[0].text
        else:
            saved = "".join(i.text for i in table.items_of(step))
        store.close()
        lost = missing_seconds(sent, saved)
        print(f"{kind}: {sent} keys typed in {SECONDS:.1f} s, {len(saved.rstrip())} saved, {lost:.2f} s of typing lost")
        assert sent >= SECONDS / EVERY * 0.8  # it really typed for that long
        assert lost <= MAX_WAIT + SLACK, (kind, sent, saved)
