"""The publishable verslag on a large programme: Word, web page and tagged PDF, and the default merge.

    python benchmarks/bench_publish.py [--tables 1000] [--repeat 3] [--against main]

Generates ``--tables`` exports (as bench_merge does), then, each in a fresh process:

1. ``tafel merge --html``, ``--docx`` and ``--pdf-ua`` (merge + render + write): goal <= 15 s each;
2. the default ``tafel merge`` (verslag.pdf + report.json) with this tree's code and with the code
   of ``--against`` (a git revision, unpacked with ``git archive`` into a temporary folder, so no
   work tree is touched), best of ``--repeat`` runs each, taken in turns: goal not slower
   (within 5%, the noise of two cores shared).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_merge import generate  # noqa: E402  (the same exports as the merge benchmark)

STEP = """
import json, sys, time
from pathlib import Path
step, folder, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
started, cpu = time.perf_counter(), time.process_time()
from tafel.canvases import load_library
from tafel.services import merge
result = merge.merge([folder], load_library())
merged = time.perf_counter()
if step == "default":
    outputs = merge.Outputs(pdf=out / "verslag.pdf", json=out / "report.json")
else:
    outputs = merge.Outputs(**{step.replace("-", "_"): out / f"verslag.{step}"})
files = merge.render(result.report, outputs)
for path, data in files.items():
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
done = time.perf_counter()
print(json.dumps({"seconds": done - started, "cpu": time.process_time() - cpu, "merge": merged - started,
                  "render": done - merged,
                  "bytes": sum(len(d) for d in files.values()), "code": merge.__file__}))
"""


def run(step: str, folder: Path, out: Path, code: Path) -> dict:
    # cwd is the output folder and PYTHONPATH the code under test: `python -c` puts the cwd first on
    # sys.path, so running from a tree would import that tree's tafel whatever PYTHONPATH says.
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run([sys.executable, "-c", STEP, step, str(folder), str(out)], capture_output=True,
                          text=True, check=True, cwd=out, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def unpack(revision: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", revision, "tafel", "canvases"],
                             capture_output=True, check=True).stdout
    into.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", default="main", help="git revision to compare the default merge with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "exports", Path(tmp) / "out"
        out.mkdir()
        t0 = time.perf_counter()
        generate(folder, args.tables)
        print(f"generated {args.tables} exports in {time.perf_counter() - t0:.1f} s")
        for step in ("html", "docx", "pdf-ua"):
            try:
                r = run(step, folder, out, ROOT)
            except subprocess.CalledProcessError as exc:
                print(f"--{step}: failed: {exc.stderr.strip().splitlines()[-1] if exc.stderr else exc}")
                continue
            print(f"merge --{step:<7} {args.tables} tables: {r['seconds']:5.2f} s, cpu {r['cpu']:.2f} s "
                  f"(merge {r['merge']:.2f} s, "
                  f"render {r['render']:.2f} s, {r['bytes'] / 1e6:.1f} MB; goal <= 15 s: "
                  f"{'ok' if r['seconds'] <= 15 else 'MISSED'})")
        other = unpack(args.against, Path(tmp) / "against")
        ours, theirs = [], []
        for _ in range(args.repeat):  # in turns, so a busy moment on the shared cores hits both
            ours.append(run("default", folder, out, ROOT)["seconds"])
            theirs.append(run("default", folder, out, other)["seconds"])
        ratio = min(ours) / min(theirs)
        print(f"default merge (verslag.pdf + report.json): this tree {min(ours):.2f} s, {args.against} "
              f"{min(theirs):.2f} s (best of {args.repeat}); {ratio:.2f}x, goal not slower: "
              f"{'ok' if ratio <= 1.05 else 'MISSED'}")


if __name__ == "__main__":
    main()
