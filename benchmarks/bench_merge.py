"""``tafel merge`` on large programmes, as whole processes: against merely reading the files, and scaling.

    python benchmarks/bench_merge.py [--tables 1000] [--ratio 3000] [--big 10000] [--repeat 3] [--no-pdf]

Generates exports (5 participants, about 20 items of Dutch text each) in a temporary folder and
times fresh processes from launch to exit (wall clock, and the CPU time the process used, which
other work on the machine disturbs less), best of ``--repeat``:

1. ``tafel merge FOLDER --json report.json`` for ``--tables`` tables (goal <= 3 s);
2. the same for ``--ratio`` tables, against a process that only reads the same files and
   ``json.loads`` each (goal <= 4x);
3. where that merge spends its time (imports, reading and checking, counting, topics, writing;
   in one process with the steps timed), the topic step's share (goal < half);
4. ``--big`` tables: linear (per table no slower than at ``--ratio`` tables, within 20 %);
5. the PDF verslag for ``--tables`` tables (goal <= 15 s).

Every process keeps its compiled bytecode (``PYTHONPYCACHEPREFIX`` in the temporary folder, after a
first run), as an installed tafel does, and the cache folder of an organiser who merged before (the
decoded dictionary, the memo of lemmas met); the first merge of a programme's words is timed too.
Run it on a quiet machine: the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (  # noqa: SIM905
    "overheid burger vertrouwen regels uitvoering gemeente beleid samenleving menselijke maat verbinding "
    "complexiteit systeem leefwereld initiatief energie wijk bewoners zorg toeslagen ruimte kaders wet "
    "verantwoording sturing ambtenaar contact dialoog oplossing probleem voorbeeld casus school jongeren "
    "ondernemer subsidie afstand politiek signalen besluit tijd geld kennis vakmanschap cultuur fouten leren"
).split()
PHRASES = ["digitale kloof", "menselijke maat", "right to challenge", "lerend vermogen", "brede welvaart"]
VALUES = ["vertrouwen", "betrouwbaarheid", "rechtvaardigheid", "menselijke maat", "betrokkenheid",
          "complexiteit", "systeemwereld", "maatschappelijke opgave", "rechtmatigheid", "respect"]
SECTORS = ["burger", "ondernemer", "wetenschapper", "ambtenaar (beleid)", "bestuurder"]


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    if rng.random() < 0.3:
        text += f", vooral {rng.choice(PHRASES)}"
    return text.capitalize() + "."


def table_doc(rng: random.Random, n: int) -> dict:
    people = [{"id": str(uuid.UUID(int=rng.getrandbits(128))), "name": None, "sector": rng.choice(SECTORS)}
              for _ in range(5)]
    items = []

    def item(round_: str, kind: str, text: str, **extra: object) -> None:
        items.append({"id": str(uuid.UUID(int=rng.getrandbits(128))), "round": round_, "kind": kind,
                      "text": text, **extra})

    for p in people:
        item("waarden", "value", sentence(rng), value=rng.choice(VALUES), participant=p["id"],
             refs=rng.sample(VALUES, rng.randint(0, 2)))
    item("richting", "direction", sentence(rng, 20))
    for k in range(10):
        kind = ("concept", "example", "tension")[k % 3]
        extra = {"between": rng.sample(VALUES, 2)} if kind == "tension" else {}
        if rng.random() < 0.2:
            extra["tags"] = [rng.choice(PHRASES)]
        item("gesprek", kind, sentence(rng, 8), **extra)
    for rank in range(1, 5):
        item("advies", "advice", sentence(rng, 15), rank=rank)
    return {
        "format": "tafel/table", "version": 1, "exported_at": "2024-03-01T12:00:00Z", "generator": "bench",
        "table": {"id": str(uuid.UUID(int=rng.getrandbits(128))), "programme": "Benchmark",
                  "title": f"Tafel {n}", "date": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                  "location": "Utrecht", "moderator": None, "canvas": "sturingsfilosofie",
                  "canvas_version": 1, "language": "nl", "started_at": None, "ended_at": None},
        "participants": people, "items": items,
    }


def generate(folder: Path, count: int) -> None:
    rng = random.Random(count)
    for n in range(count):
        sub = folder / f"{n // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"t{n:05d}.json").write_text(json.dumps(table_doc(rng, n), ensure_ascii=False, indent=2), "utf-8")


READ_ONLY = """
import json, sys
from pathlib import Path
for p in sorted(Path(sys.argv[1]).rglob("*.json")):
    json.loads(p.read_bytes())
"""

# The merge in one process with its steps timed (wrapping the functions the merge calls).
STEPS = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from tafel.canvases import load_library
from tafel.domain import merge as domain_merge
from tafel.services import merge
spent = {"imports": time.perf_counter() - started, "read": 0.0, "count": 0.0, "topics": 0.0, "write": 0.0}

def timed(name, function):
    def run(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t0
    return run

merge._read = timed("read", merge._read)
merge.build_report = timed("count", merge.build_report)
domain_merge.Topics = timed("topics", domain_merge.Topics)
result = merge.merge([Path(sys.argv[1])], load_library())
t0 = time.perf_counter()
merge.write_all(merge.render(result.report, merge.Outputs(json=Path(sys.argv[2]) / "report.json")))
spent["write"] = time.perf_counter() - t0
spent["total"] = time.perf_counter() - started
print(json.dumps(spent))
"""


def process(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """A fresh process from launch to exit: wall seconds, CPU seconds (user + system), its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def best(argv: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    runs = [process(argv, env)[:2] for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def merge_argv(folder: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "tafel", "merge", str(folder), "--json", str(out / "report.json"), *extra]


def bytecode_cached(env: dict[str, str], root: Path) -> dict[str, str]:
    """Processes that keep their compiled bytecode (in a folder of their own), as an installed tafel
    does: a development shell with PYTHONDONTWRITEBYTECODE compiles every module at every start."""
    env = {**env, "PYTHONPYCACHEPREFIX": str(root / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--ratio", type=int, default=3000)
    parser.add_argument("--big", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        small, mid, big, out = root / "small", root / "mid", root / "big", root / "out"
        out.mkdir()
        env = bytecode_cached({**os.environ, "TAFEL_HOME": str(root / "home"), "TAFEL_LANG": "nl"}, root)
        env.pop("TAFEL_DB", None)
        t0 = time.perf_counter()
        generate(small, args.tables)
        generate(mid, args.ratio)
        size = sum(p.stat().st_size for p in mid.rglob("*.json")) / 1_048_576
        print(f"generated {args.tables} and {args.ratio} exports ({size:.1f} MB) in {time.perf_counter() - t0:.1f} s")
        print(f"load average before: {_load()}")
        # The first merge keeps the lemmatiser's dictionary in the cache, and the bytecode; reading once too.
        process(merge_argv(small, out), env)
        process([sys.executable, "-c", READ_ONLY, str(small)], env)

        wall, cpu = best(merge_argv(small, out), env, args.repeat)
        print(f"merge to report.json, {args.tables} tables: {wall:.2f} s (cpu {cpu:.2f} s; goal <= 3 s: "
              f"{verdict(wall <= 3)})")

        read_wall, read_cpu = best([sys.executable, "-c", READ_ONLY, str(mid)], env, args.repeat)
        mid_wall, mid_cpu = best(merge_argv(mid, out), env, args.repeat)
        ratio, cpu_ratio = mid_wall / read_wall, mid_cpu / read_cpu
        print(f"{args.ratio} tables: read + json.loads {read_wall:.2f} s (cpu {read_cpu:.2f} s), merge to report.json "
              f"{mid_wall:.2f} s (cpu {mid_cpu:.2f} s): {ratio:.1f}x (cpu {cpu_ratio:.1f}x; goal <= 4x: "
              f"{verdict(ratio <= 4)})")

        # The organiser's first merge of a programme: no memo of its words' lemmas yet (services/lemmas.py).
        memo = root / "home" / "cache" / "lemmas-memo.json"
        firsts = []
        for _ in range(args.repeat):
            memo.unlink(missing_ok=True)
            firsts.append(process(merge_argv(mid, out), env)[:2])
        first_wall, first_cpu = min(f[0] for f in firsts), min(f[1] for f in firsts)
        print(f"  the first merge of these words (no lemma memo yet, simplemma loaded): {first_wall:.2f} s "
              f"(cpu {first_cpu:.2f} s): {first_wall / read_wall:.1f}x")

        steps = min((json.loads(process([sys.executable, "-c", STEPS, str(mid), str(out)], env)[2])
                     for _ in range(args.repeat)), key=lambda s: s["total"])
        share = steps["topics"] / steps["total"]
        print(f"  in one process ({steps['total']:.2f} s): imports {steps['imports']:.2f}, reading and checking "
              f"{steps['read']:.2f}, counting {steps['count'] - steps['topics']:.2f}, topics {steps['topics']:.2f}, "
              f"writing {steps['write']:.2f} s")
        print(f"  the topic step: {share:.0%} of the merge (goal < 50%: {verdict(share < 0.5)})")

        if args.big:
            generate(big, args.big)
            big_wall, big_cpu = best(merge_argv(big, out), env, args.repeat)  # best of as many as the others
            per_mid, per_big = mid_wall / args.ratio, big_wall / args.big
            print(f"merge to report.json, {args.big} tables: {big_wall:.2f} s (cpu {big_cpu:.2f} s), "
                  f"{big_wall / mid_wall:.1f}x the {args.ratio}-table time; per table {per_big * 1000:.2f} ms "
                  f"against {per_mid * 1000:.2f} ms (cpu {big_cpu / args.big * 1000:.2f} against "
                  f"{mid_cpu / args.ratio * 1000:.2f}; linear, goal within 20%: {verdict(per_big <= 1.2 * per_mid)})")
        if not args.no_pdf:
            wall, cpu, _ = process(merge_argv(small, out, "--out", str(out / "verslag.pdf")), env)
            print(f"merge with PDF verslag, {args.tables} tables ({_pages(out / 'verslag.pdf')} pages): {wall:.2f} s "
                  f"(cpu {cpu:.2f} s; goal <= 15 s: {verdict(wall <= 15)})")
        print(f"load average after: {_load()}")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _pages(path: Path) -> int | str:
    try:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    except Exception:
        return "?"


if __name__ == "__main__":
    main()
