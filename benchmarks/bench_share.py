"""Share server under load: 100 concurrent clients for 10 s on a table's participant page, on loopback.

The server is the real ``tafel share`` (its own process, logging every request to a file, as at a
table); the page is a real export. The load comes from another process: Debian's ``wrk`` when
installed (``apt-get install wrk``), else a small asyncio client in this file. Each client sends
its next request as soon as the previous answer is in (keep-alive), so latency includes queueing.
Goals: no errors, p99 ≤ 50 ms, ≥ 500 requests/s.

    python benchmarks/bench_share.py [--clients 100] [--seconds 10] [--client python|wrk]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

GOAL_P99_MS = 50.0
GOAL_RPS = 500.0


# -- the fallback load generator (runs in its own process: --serve-load) ------------------------

async def _client(host: str, port: int, path: str, until: float, latencies: list[float], errors: list[str]) -> None:
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < until:
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = int(re.search(rb"(?i)\r\ncontent-length: *(\d+)", head).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if status != 200:
                errors.append(f"status {status}")
            if re.search(rb"(?i)\r\nconnection: *close", head):
                # The server takes turns at its connection cap (a low file limit): connect again, as wrk does.
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    except (OSError, asyncio.IncompleteReadError, ValueError, AttributeError) as exc:
        errors.append(type(exc).__name__)
    finally:
        writer.close()


async def _load(url: str, clients: int, seconds: float) -> dict[str, object]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    latencies: list[float] = []
    errors: list[str] = []
    began = time.perf_counter()
    until = began + seconds
    await asyncio.gather(*(_client(host, port, parts.path, until, latencies, errors) for _ in range(clients)))
    elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"requests": len(latencies), "seconds": elapsed, "errors": len(errors),
            "p50_ms": cuts[49] * 1000, "p99_ms": cuts[98] * 1000}


def python_load(url: str, clients: int, seconds: float) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--serve-load", url, "--clients", str(clients), "--seconds", str(seconds)],
        capture_output=True, text=True, timeout=seconds + 60, check=True,
    )
    return json.loads(out.stdout)


# -- wrk ------------------------------------------------------------------------------------------

def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk_load(url: str, clients: int, seconds: float) -> dict[str, object]:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{clients}", f"-d{int(seconds)}s", "--latency", "--timeout", "5s", url],
        capture_output=True, text=True, timeout=seconds + 60, check=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in ([\d.]+)(m?s)", out).group(1))  # type: ignore[union-attr]
    span = re.search(r"requests in ([\d.]+)(ms|s)", out)
    elapsed = float(span.group(1)) / (1000 if span.group(2) == "ms" else 1)  # type: ignore[union-attr]
    errors = 0
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(g) for g in m.groups())
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    return {"requests": requests, "seconds": elapsed, "errors": errors,
            "p50_ms": _ms(re.search(r"(?m)^\s*50%\s+(\S+)", out).group(1)),  # type: ignore[union-attr]
            "p99_ms": _ms(re.search(r"(?m)^\s*99%\s+(\S+)", out).group(1))}  # type: ignore[union-attr]


# -- the run ----------------------------------------------------------------------------------------

def exported_page(home: Path) -> tuple[str, bytes]:
    from tafel import settings as settings_mod
    from tafel.canvases import load_library
    from tafel.services.summary import export_summary
    from tafel.storage.repository import Store
    from tests.factories import fill_table

    settings = settings_mod.load()
    store = Store.open(settings.db_url)
    library = load_library()
    table_id = fill_table(store, library, participants=8, notes=60)
    folder = export_summary(store, library, settings, table_id).folder
    token = store.share_token(table_id)
    store.close()
    return token, (folder / "index.html").read_bytes()


def start_server(home: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    log = home / "share.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tafel", "share", "--host", "127.0.0.1", "--port", "0"],
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if m := re.search(r"(http://127\.0\.0\.1:\d+)/", log.read_text("utf-8", "replace")):
            return proc, m.group(1), log
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"tafel share did not start:\n{log.read_text('utf-8', 'replace')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--serve-load", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_load:
        print(json.dumps(asyncio.run(_load(args.serve_load, args.clients, args.seconds))))
        return

    client = args.client if args.client != "auto" else ("wrk" if shutil.which("wrk") else "python")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ.update(TAFEL_HOME=str(home / "home"), TAFEL_EXPORTS=str(home / "exports"), TAFEL_LANG="en")
        os.environ.pop("TAFEL_DB", None)
        os.environ.pop("TAFEL_BASE_URL", None)
        token, page = exported_page(home)
        proc, base, log = start_server(home)
        try:
            url = f"{base}/{token}/"
            from urllib.request import urlopen

            with urlopen(url, timeout=5) as reply:
                assert reply.read() == page, "the server did not serve the exported page"
            run = (wrk_load if client == "wrk" else python_load)(url, args.clients, args.seconds)
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=15)
        logged = sum(1 for line in log.read_text("utf-8", "replace").splitlines() if f"/{token}/  200" in line)

    rps = float(run["requests"]) / float(run["seconds"])  # type: ignore[arg-type]
    p50, p99, errors = float(run["p50_ms"]), float(run["p99_ms"]), int(run["errors"])  # type: ignore[arg-type]
    ok = errors == 0 and p99 <= GOAL_P99_MS and rps >= GOAL_RPS
    print(f"share server, participant page ({len(page) / 1024:.1f} KiB), {args.clients} clients, "
          f"{args.seconds:.0f} s on loopback, load from {client} in its own process")
    print(f"  requests        {run['requests']} ({logged} in the server's access log)")
    print(f"  requests/s      {rps:8.0f}   goal ≥ {GOAL_RPS:.0f}")
    print(f"  latency p50     {p50:8.1f} ms")
    print(f"  latency p99     {p99:8.1f} ms   goal ≤ {GOAL_P99_MS:.0f} ms")
    print(f"  errors          {errors:8d}   goal 0")
    print(f"  {'all goals met' if ok else 'GOAL MISSED'}")


if __name__ == "__main__":
    main()
