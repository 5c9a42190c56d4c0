"""The moderator's TUI: cold start against a bare Textual app, adding a note, switching rounds.

    python benchmarks/bench_tui.py [--starts 7] [--notes 40]

1. Cold start: ``tafel`` (no arguments) until its first screen is painted, against a bare
   Textual app showing one Static, in fresh processes on a pseudo-terminal, alternating, same
   run. Both exit right after their first paint (``TAFEL_EXIT_ON_FIRST_PAINT`` for tafel).
   Then the moment that matters to the moderator: from launch until the list of tables shows
   (a table's title is written to the terminal; a database of 12 tables), against the moment
   the bare app's text is written, same terminal, alternating. Every process keeps its compiled
   bytecode (after a first run), as an installed tafel does.
2. Adding a note in the pilot on a real SQLite file (WAL, synchronous=FULL): from the Enter key
   being posted to the row being committed.
3. A table with 60 notes and 8 participants: switching rounds, and opening the canvas overview,
   from the call until the new screen has been painted. A table's screens are built once, ahead
   (a second after it opens, one by one) or on a first visit, and kept: first visits before
   that are reported apart, as is the overview drawn again after an edit.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("Gesprekstafels")
    def on_mount(self):
        self.call_after_refresh(self.exit)
Bare().run()
"""


def _timed(argv: list[str], env: dict[str, str]) -> float:
    primary, secondary = pty.openpty()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=secondary, stdout=secondary, stderr=secondary, env=env, close_fds=True)
    os.close(secondary)
    while True:  # drain the terminal so the app never blocks on a full buffer
        try:
            if not os.read(primary, 65536):
                break
        except OSError:
            break
    proc.wait()
    elapsed = time.perf_counter() - start
    os.close(primary)
    if proc.returncode != 0:
        raise SystemExit(f"{argv} exited with {proc.returncode}")
    return elapsed


def _until_shown(argv: list[str], env: dict[str, str], marker: bytes) -> float:
    """Launch to the moment ``marker`` is written to the terminal; then the process is ended."""
    primary, secondary = pty.openpty()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=secondary, stdout=secondary, stderr=secondary, env=env, close_fds=True)
    os.close(secondary)
    seen = b""
    elapsed = None
    while elapsed is None:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            break
        seen = seen[-len(marker):] + chunk
        if marker in seen:
            elapsed = time.perf_counter() - start
    proc.kill()
    proc.wait()
    os.close(primary)
    if elapsed is None:
        raise SystemExit(f"{argv} never showed {marker!r}")
    return elapsed


def to_the_list(runs: int, tables: int = 12) -> tuple[float, float]:
    """Median seconds from launch until tafel's start screen lists the tables, and until the bare
    Textual app's text shows (same terminal size, alternating runs)."""
    from tafel.canvases import load_library
    from tafel.storage.repository import Store
    from tests.factories import fill_table

    with tempfile.TemporaryDirectory() as home:
        store = Store.open(f"sqlite:///{home}/tafel.db")  # the default database of TAFEL_HOME
        library = load_library()
        for n in range(tables):
            fill_table(store, library, title=f"Bench tafel {n:02d}", date=f"2023-06-{n + 1:02d}", notes=6)
        store.close()
        env = {**os.environ, "TAFEL_HOME": home, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        env = bytecode_cached(env, home)
        env.pop("TAFEL_DB", None)
        env.pop(EXIT_ENV, None)
        tafel = [sys.executable, "-c", "from tafel.cli import main; main([])"]
        bare = [sys.executable, "-c", BARE_APP]
        newest = f"Bench tafel {tables - 1:02d}".encode()  # the first row: most recently changed
        _until_shown(tafel, env, newest)  # warm the disk cache for both
        _until_shown(bare, env, b"Gesprekstafels")
        tafel_times, bare_times = [], []
        for _ in range(runs):
            tafel_times.append(_until_shown(tafel, env, newest))
            bare_times.append(_until_shown(bare, env, b"Gesprekstafels"))
    return statistics.median(tafel_times), statistics.median(bare_times)


EXIT_ENV = "TAFEL_EXIT_ON_FIRST_PAINT"


def bytecode_cached(env: dict[str, str], folder: str) -> dict[str, str]:
    """Processes that keep their compiled bytecode (in a folder of their own), as an installed tafel
    and Textual do: a development shell with PYTHONDONTWRITEBYTECODE compiles tafel at every start."""
    env = {**env, "PYTHONPYCACHEPREFIX": f"{folder}/pycache"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cold_start(runs: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TAFEL_HOME": home, EXIT_ENV: "1", "TERM": "xterm-256color",
               "COLUMNS": "100", "LINES": "30"}
        env = bytecode_cached(env, home)
        tafel = [sys.executable, "-c", "from tafel.cli import main; main([])"]
        bare = [sys.executable, "-c", BARE_APP]
        _timed(tafel, env)  # first run makes the database file and warms the disk cache for both
        _timed(bare, env)
        tafel_times, bare_times = [], []
        for _ in range(runs):
            tafel_times.append(_timed(tafel, env))
            bare_times.append(_timed(bare, env))
    return statistics.median(tafel_times), statistics.median(bare_times)


async def in_the_pilot(notes: int) -> dict[str, Any]:
    from tafel import settings as settings_mod
    from tafel.canvases import load_library
    from tafel.storage.repository import Store
    from tafel.ui import app as app_module
    from tafel.ui.app import TafelApp
    from tests.factories import fill_table

    library = load_library()
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TAFEL_HOME"] = tmp
        store = Store.open(f"sqlite:///{tmp}/bench.db")
        table_id = fill_table(store, library, participants=8, notes=60)
        canvas = library.get("sturingsfilosofie")
        app = TafelApp(settings_mod.load(), store=store, library=library, blink=False, resume=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.moderation is not None

            async def painted(action: Any) -> float:
                done = asyncio.Event()
                start = time.perf_counter()
                action()
                app.call_after_refresh(done.set)
                await done.wait()
                elapsed = time.perf_counter() - start
                await pilot.pause()
                return elapsed

            # First visits, before the screens are built ahead: open the table, go through at once.
            app_module.PREBUILD_AFTER = 3600.0
            app.open_table(table_id, "participants")
            await pilot.pause()
            firsts: list[float] = []
            for rnd in canvas.rounds:
                firsts.append(await painted(lambda r=rnd: app.go_to(r.id)))
            firsts.append(await painted(app.action_overview))
            app.pop_screen()
            app.close_table()
            await pilot.pause()
            # As at a table: the moderator is at the participants for a while; the rounds are built ahead.
            app_module.PREBUILD_AFTER = 1.0
            app.open_table(table_id, "participants")
            started = time.perf_counter()
            while len(app.kept) < len(app.moderation.session.table_view().steps()):
                await asyncio.sleep(0.05)
            out["prebuilt"] = time.perf_counter() - started
            await pilot.pause()
            switches: list[float] = []
            overviews: list[float] = []
            for rep in range(3):
                for rnd in canvas.rounds:
                    switches.append(await painted(lambda r=rnd: app.go_to(r.id)))
                    took = await painted(app.action_overview)
                    if rep or rnd is not canvas.rounds[0]:  # the overview's first drawing is a first visit
                        overviews.append(took)
                    app.pop_screen()
                    await pilot.pause()
            out["switch"] = statistics.median(switches), max(switches)
            out["overview"] = statistics.median(overviews), max(overviews)
            out["first"] = statistics.median(firsts), max(firsts)
            # After an edit the overview is drawn again: add a note, then open it.
            notes_round = next(r for r in canvas.rounds if r.kind == "notes")
            redrawn: list[float] = []
            for n in range(5):
                app.moderation.notes.add_note(table_id, notes_round, notes_round.zones[0].id, f"Nieuw {n}")
                redrawn.append(await painted(app.action_overview))
                app.pop_screen()
                await pilot.pause()
            out["redrawn"] = statistics.median(redrawn), max(redrawn)

            notes_round = next(r for r in canvas.rounds if r.kind == "notes")
            app.go_to(notes_round.id)
            await pilot.pause()
            moderation = app.moderation
            committed: list[float] = []
            original = moderation.notes.add_note

            def timed_add(*args: Any, **kwargs: Any) -> Any:
                item = original(*args, **kwargs)
                committed.append(time.perf_counter())
                return item

            moderation.notes.add_note = timed_add  # type: ignore[method-assign]
            latencies: list[float] = []
            for n in range(notes):
                field = app.focused
                field.insert_text_at_cursor(f"Notitie {n}")  # type: ignore[union-attr]
                await pilot.pause()
                start = time.perf_counter()
                await pilot.press("enter")
                latencies.append(committed[-1] - start)
            out["note"] = statistics.median(latencies), max(latencies)
        store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=7)
    parser.add_argument("--notes", type=int, default=40)
    parser.add_argument("--start-only", action="store_true", help="only the two start measurements")
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    tafel, bare = cold_start(args.starts)
    print(f"cold start to first screen: tafel {tafel * 1000:.0f} ms, bare Textual {bare * 1000:.0f} ms, "
          f"ratio {tafel / bare:.2f} (goal <= 1.5)")
    listed, shown = to_the_list(args.starts)
    print(f"launch until the list of tables shows: tafel {listed * 1000:.0f} ms, bare Textual's first screen "
          f"{shown * 1000:.0f} ms, ratio {listed / shown:.2f} (goal <= 1.5)")
    if args.start_only:
        return
    found = asyncio.run(in_the_pilot(args.notes))
    med, worst = found["note"]
    print(f"add a note, Enter to committed row (file DB, synchronous=FULL): median {med * 1000:.1f} ms, "
          f"max {worst * 1000:.1f} ms (goal median <= 20 ms)")
    med, worst = found["switch"]
    print(f"switch rounds, 60 notes + 8 participants: median {med * 1000:.0f} ms, max {worst * 1000:.0f} ms "
          "(goal < 100 ms)")
    med, worst = found["overview"]
    print(f"open the canvas overview, same table: median {med * 1000:.0f} ms, max {worst * 1000:.0f} ms "
          "(goal < 100 ms)")
    med, worst = found["redrawn"]
    print(f"  the overview right after adding a note (drawn again): median {med * 1000:.0f} ms, "
          f"max {worst * 1000:.0f} ms")
    med, worst = found["first"]
    print(f"  first visits right after opening the table, before the screens are built ahead: median "
          f"{med * 1000:.0f} ms, max {worst * 1000:.0f} ms (built in the background "
          f"{found['prebuilt']:.1f} s after opening)")


if __name__ == "__main__":
    main()
