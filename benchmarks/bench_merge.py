"""``tafel merge`` on large programmes: time against merely reading the files, PDF, and scaling.

    python benchmarks/bench_merge.py [--tables 1000] [--big 10000] [--repeat 3]

Generates exports (5 participants, about 20 items of Dutch text each) in a temporary folder, then
measures, each in a fresh process so that peak memory (ru_maxrss) belongs to that step alone:

1. baseline: read every file and ``json.loads`` it (best of ``--repeat``, same run);
2. merge to the JSON report (read, validate, dedupe, count, themes, write report.json), and of
   that the time spent finding topics (``Topics``);
3. merge to the JSON report and the PDF verslag;
4. the same as 2 for ``--big`` tables, against 12x the time of step 2.
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


STEP = """
import gc, json, resource, sys, time
from pathlib import Path
step, folder, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
started = time.perf_counter()
if step == "baseline":
    for p in sorted(folder.rglob("*.json")):
        json.loads(p.read_bytes())
else:
    from tafel.canvases import load_library
    from tafel.domain import merge as domain_merge
    from tafel.services import merge
    imported = time.perf_counter()
    spent = [0.0]
    found_topics = domain_merge.Topics

    def timed(*args, **kwargs):  # the topic step's own time, for "below half the merge's time"
        t0 = time.perf_counter()
        try:
            return found_topics(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - t0

    domain_merge.Topics = timed
    result = merge.merge([folder], load_library())
    outputs = merge.Outputs(json=out / "report.json", pdf=out / "verslag.pdf" if step == "pdf" else None)
    merge.write_all(merge.render(result.report, outputs))
elapsed = time.perf_counter() - started
imports = imported - started if step != "baseline" else 0.0
topics = spent[0] if step != "baseline" else 0.0
print(json.dumps({"seconds": elapsed, "imports": imports, "topics": topics,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(step: str, folder: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", STEP, step, str(folder), str(out)], capture_output=True,
                          text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def best(step: str, folder: Path, out: Path, repeat: int) -> dict:
    runs = [run(step, folder, out) for _ in range(repeat)]
    return min(runs, key=lambda r: r["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, big, out = Path(tmp) / "small", Path(tmp) / "big", Path(tmp) / "out"
        out.mkdir()
        t0 = time.perf_counter()
        generate(small, args.tables)
        size = sum(p.stat().st_size for p in small.rglob("*.json")) / 1_048_576
        print(f"generated {args.tables} exports ({size:.1f} MB) in {time.perf_counter() - t0:.1f} s")
        base = best("baseline", small, out, args.repeat)
        js = best("json", small, out, args.repeat)
        pdf = best("pdf", small, out, 1)
        ratio = js["seconds"] / base["seconds"]
        print(f"read + json.loads, {args.tables} files:   {base['seconds']:.2f} s")
        print(f"merge to report.json, {args.tables} tables: {js['seconds']:.2f} s "
              f"(goal <= 3 s: {'ok' if js['seconds'] <= 3 else 'MISSED'}; {ratio:.1f}x the reading, "
              f"goal <= 4x: {'ok' if ratio <= 4 else 'MISSED'}); peak {js['peak_mb']:.0f} MB")
        print(f"  of which importing tafel: {js['imports']:.2f} s; without it "
              f"{(js['seconds'] - js['imports']) / base['seconds']:.1f}x the reading")
        share = js["topics"] / js["seconds"]
        print(f"  of which finding topics: {js['topics']:.2f} s ({share:.0%} of the merge, goal < 50%: "
              f"{'ok' if share < 0.5 else 'MISSED'})")
        pages = _pages(out / "verslag.pdf")
        print(f"merge with PDF verslag ({pages} pages):   {pdf['seconds']:.2f} s "
              f"(goal <= 15 s: {'ok' if pdf['seconds'] <= 15 else 'MISSED'}); peak {pdf['peak_mb']:.0f} MB")
        if args.big:
            generate(big, args.big)
            large = run("json", big, out)
            scale = large["seconds"] / js["seconds"]
            print(f"merge to report.json, {args.big} tables: {large['seconds']:.2f} s ({scale:.1f}x the "
                  f"{args.tables}-table time, goal <= 12x: {'ok' if scale <= 12 else 'MISSED'}); "
                  f"peak {large['peak_mb']:.0f} MB; topics {large['topics']:.2f} s "
                  f"({large['topics'] / large['seconds']:.0%})")


def _pages(path: Path) -> int | str:
    try:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    except Exception:
        return "?"


if __name__ == "__main__":
    main()
