"""Kill a writer mid-edit, again and again, and check that no acknowledged edit was lost.

A test harness, kept out of the package: used by the test suite (50 kills) and by
``benchmarks/bench_store.py`` (more). The writer is a forked child process making edits through
the Store; after each commit returns it reports the edit's number on a pipe. The parent SIGKILLs
it at a random moment, then checks the file with ``PRAGMA integrity_check`` and looks for every
acknowledged edit.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from tafel.storage.repository import Store

ACKS_BEFORE_KILL = 2  # edits the writer has made before the random moment of its kill starts


@dataclass
class CrashReport:
    kills: int
    acknowledged: int
    missing: list[str]
    integrity: list[str]
    counter_ok: bool


def _writer(url: str, table_id: str, counter_id: str, start: int, ack_fd: int) -> None:
    store = Store.open(url)
    n = start
    while True:
        n += 1
        if n % 4 == 0:
            store.update_item(counter_id, text=str(n))
        else:
            store.add_item(table_id, round="gesprek", kind="note", text=f"edit-{n}", zone="notities")
        os.write(ack_fd, f"{n}\n".encode())


def _first_acks(read_fd: int, count: int, at_most: float = 60.0) -> list[bytes]:
    """What the writer said until it acknowledged ``count`` edits (or died, or ``at_most`` seconds)."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + at_most
    while b"".join(chunks).count(b"\n") < count:
        ready, _, _ = select.select([read_fd], [], [], max(deadline - time.monotonic(), 0.0))
        if not ready:
            break  # a writer that hangs: killed now; the report shows how little it did
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break  # the writer died: the report shows it
        chunks.append(chunk)
    return chunks


def _run_once(url: str, table_id: str, counter_id: str, start: int, rng: random.Random) -> list[int]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write until killed
        os.close(read_fd)
        try:
            _writer(url, table_id, counter_id, start, write_fd)
        finally:
            os._exit(1)
    os.close(write_fd)
    # The random moment is counted from the writer's first edits, not from the fork: on a loaded
    # machine the child had barely started when killed, and 50 kills came with 15 edits in all.
    chunks = _first_acks(read_fd, ACKS_BEFORE_KILL)
    time.sleep(rng.uniform(0.005, 0.12))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    return [int(line) for line in b"".join(chunks).decode().split()]


def run(path: Path, kills: int, seed: int = 7) -> CrashReport:
    url = f"sqlite:///{path}"
    store = Store.open(url)
    table_id = store.create_table(title="Crash", canvas="sturingsfilosofie")
    counter_id = store.add_item(table_id, round="gesprek", kind="note", text="0", zone="notities").id
    store.close()
    rng = random.Random(seed)
    acked: list[int] = []
    next_start = 0
    for _ in range(kills):
        done = _run_once(url, table_id, counter_id, next_start, rng)
        acked += done
        # The edit in flight at the kill may have committed without being acknowledged:
        # skip one number so the next run never repeats it.
        next_start = (done[-1] if done else next_start) + 1
    db = sqlite3.connect(path)
    integrity = [row[0] for row in db.execute("PRAGMA integrity_check")]
    texts = {row[0] for row in db.execute("SELECT text FROM item WHERE table_id = ?", (table_id,))}
    counter = int(db.execute("SELECT text FROM item WHERE id = ?", (counter_id,)).fetchone()[0])
    db.close()
    wanted = [f"edit-{n}" for n in acked if n % 4 != 0]
    last_counter = max((n for n in acked if n % 4 == 0), default=0)
    return CrashReport(
        kills=kills,
        acknowledged=len(acked),
        missing=[w for w in wanted if w not in texts],
        integrity=integrity,
        counter_ok=counter >= last_counter,
    )
