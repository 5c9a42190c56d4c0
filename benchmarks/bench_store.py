"""Store speed and durability: median ms per acknowledged edit, against raw sqlite3.

Both sides write the same edit (insert a note, touch the table's last-change time) as one
committed transaction on a WAL file with synchronous=FULL, in the same run, alternating, so
disk and machine noise fall on both. Then a longer SIGKILL run than the test suite's.

    python benchmarks/bench_store.py [--edits 400] [--kills 200]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.crashcheck, from a checkout

from tafel.storage.db import BUSY_TIMEOUT_MS
from tafel.storage.repository import Store, now_iso
from tests import crashcheck


def raw_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=FULL", f"busy_timeout={BUSY_TIMEOUT_MS}"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def raw_edit(conn: sqlite3.Connection, table_id: str, n: int) -> None:
    now = now_iso()
    conn.execute("BEGIN")
    next_position = "SELECT coalesce(max(position), -1) + 1 FROM item WHERE table_id = ?"
    position = conn.execute(next_position, (table_id,)).fetchone()[0]
    conn.execute(
        'INSERT INTO item (id, table_id, round, kind, text, refs, "between", tags, zone, position, created_at,'
        " updated_at, extra) VALUES (?, ?, 'gesprek', 'note', ?, '[]', '[]', '[]', 'z', ?, ?, ?, '{}')",
        (str(uuid.uuid4()), table_id, f"raw {n}", position, now, now),
    )
    conn.execute("UPDATE tafel_table SET updated_at = ? WHERE id = ?", (now, table_id))
    conn.execute("COMMIT")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=400)
    parser.add_argument("--kills", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        store = Store.open(f"sqlite:///{path}")
        table_id = store.create_table(title="Bench", canvas="sturingsfilosofie")
        conn = raw_connection(path)
        ours: list[float] = []
        raw: list[float] = []
        for n in range(args.edits):
            t0 = time.perf_counter()
            store.add_item(table_id, round="gesprek", kind="note", text=f"store {n}", zone="z")
            t1 = time.perf_counter()
            raw_edit(conn, table_id, n)
            t2 = time.perf_counter()
            ours.append((t1 - t0) * 1000)
            raw.append((t2 - t1) * 1000)
        conn.close()
        store.close()
        median_ours, median_raw = statistics.median(ours), statistics.median(raw)
        print(f"edits measured:                 {args.edits} each, alternating")
        print(f"store (SQLModel), median:       {median_ours:.3f} ms per acknowledged edit")
        print(f"raw sqlite3, same pragmas:      {median_raw:.3f} ms per acknowledged edit")
        print(f"ratio store / raw:              {median_ours / median_raw:.2f}  (goal <= 3)")

        t0 = time.perf_counter()
        report = crashcheck.run(Path(tmp) / "crash.db", kills=args.kills, seed=11)
        elapsed = time.perf_counter() - t0
        print(f"SIGKILL runs:                   {report.kills} in {elapsed:.1f} s, "
              f"{report.acknowledged} acknowledged edits")
        print(f"integrity_check:                {', '.join(report.integrity)}")
        print(f"acknowledged edits missing:     {len(report.missing)}")
        print(f"last acknowledged update kept:  {report.counter_ok}")


if __name__ == "__main__":
    main()
