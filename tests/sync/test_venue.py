"""Issue 14's figure, small: 3 laptop processes, each with its own SQLite, each making one edit a
second while the background sync runs, PostgreSQL stopped and started again in the middle — every
table arrives once and no acknowledged edit is missing. The load (20 laptops, 60 s, a 30 s outage)
and its timings are ``benchmarks/bench_sync.py``'s, which this runs shorter."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.pg import PgServer

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_sync.py"


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("bench_sync", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LAPTOPS = 3


def test_laptops_at_once_with_postgresql_stopped_in_the_middle_lose_nothing(pg_server: PgServer) -> None:
    figures = _bench().run(  # type: ignore[attr-defined]
        laptops=LAPTOPS, seconds=4, outage_at=1, outage=2, quiet=True, server=pg_server)
    assert figures["finished"] == LAPTOPS, figures
    assert figures["tables_in_postgresql"] == figures["distinct_tables"] == LAPTOPS, figures
    assert figures["lost_edits"] == 0, figures
    assert figures["pending_after"] == 0, figures
    assert figures["edits"] >= LAPTOPS * 3, figures  # edits went on while PostgreSQL was down
    assert figures["outage_s"] >= 2, figures
