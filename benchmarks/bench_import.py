"""``tafel import`` of a whole programme: 1,000 table files into an empty database, then again.

    python benchmarks/bench_import.py [--tables 1000]

Generates the same exports as bench_merge.py (5 participants, 20 items each) and runs the real
command, ``python -m tafel --db … import FILE…``, as a user would, in a fresh process each time
(so the time includes starting tafel). Measured on a WAL file with synchronous=FULL:

1. import into an empty database (every table created);
2. the same files again into the full database (every table unchanged);
3. newer files of the same tables, each with one note edited and one added (every table merged).

The script only uses the command line, so the same script measures the code before and after a
change to the import.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_merge import generate  # noqa: E402  (the same programme as the merge benchmark)


def newer(folder: Path, target: Path) -> None:
    """Each file again, exported later, with one item's text changed and one new note."""
    rng = random.Random(7)
    for path in sorted(folder.rglob("*.json")):
        doc = json.loads(path.read_text("utf-8"))
        doc["exported_at"] = "2099-01-01T00:00:00Z"
        doc["items"][-1]["text"] += " (bijgewerkt)"
        doc["items"].append({"id": str(uuid.UUID(int=rng.getrandbits(128))), "round": "gesprek",
                             "kind": "concept", "text": "later toegevoegd"})
        out = target / path.relative_to(folder)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")


def run_import(db: Path, files: list[Path]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tafel", "--db", f"sqlite:///{db}", "import", *map(str, files)],
        capture_output=True, text=True, cwd=ROOT,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"tafel import failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        first, second, db = Path(tmp) / "first", Path(tmp) / "second", Path(tmp) / "bench.db"
        generate(first, args.tables)
        newer(first, second)
        files = sorted(first.rglob("*.json"))
        later = sorted(second.rglob("*.json"))
        empty, out = run_import(db, files)
        print(f"import {len(files)} tables into an empty database: {empty:.2f} s "
              f"({empty / len(files) * 1000:.1f} ms per table)")
        again, out = run_import(db, files)
        print(f"the same files again (unchanged):      {again:.2f} s "
              f"({again / len(files) * 1000:.1f} ms per table)")
        merged, out = run_import(db, later)
        print(f"newer files, 1 edit + 1 new note each: {merged:.2f} s "
              f"({merged / len(later) * 1000:.1f} ms per table)")
        print(f"last output line: {out.strip().splitlines()[-1][:160]}")


if __name__ == "__main__":
    main()
