"""Issue 14 item 4: ``tafel share --db`` on a venue machine serves every table's page from the
programme database — a closed table its summary (built there, as the export builds it), an open
one its live page — with the share server's own rules. Real laptops (``tafel sync``), a real
PostgreSQL, the real server process on a local port."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pypdf import PdfReader

from tests.cli.test_exchange import make_table
from tests.process import ctrl_c_heard, stop
from tests.share import corpus
from tests.share.raw_http import request
from tests.share.test_hostile import _check, _fill
from tests.share.test_server import assert_secure
from tests.sync.test_sync import Laptop


@contextmanager
def venue_server(venue: Laptop, pg_url: str) -> Iterator[tuple[int, list[str]]]:
    """``tafel share --db`` as its own process on 127.0.0.1; (its port, the lines it printed first)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAFEL_")}
    env.update(TAFEL_HOME=str(venue.home), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "tafel", "share", "--db", pg_url, "--host", "127.0.0.1",
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=ctrl_c_heard)
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(5)]
        port = int(lines[0].split(" op ", 1)[1].strip().rstrip("/").rsplit(":", 1)[1])
        # Its access log, read on: a full pipe would stop the server at its next log line.
        threading.Thread(target=proc.stdout.read, daemon=True).start()
        yield port, lines
    finally:
        stop(proc, signal.SIGINT)
    assert proc.returncode == 0


def _pdf_text(body: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(body)).pages)


def test_the_venue_serves_every_synced_table_closed_ones_their_summary_open_ones_live(
    tmp_path: Path, pg_url: str
) -> None:
    closing = Laptop(tmp_path, "laptop-1")
    store = closing.store()
    closed_id = make_table(store)
    store.update_table(closed_id, ended_at="2023-06-12T16:30:00+02:00")
    closed = store.share_token(closed_id)  # the slug its QR code names (made at the export or F8)
    store.close()
    assert closing.tafel("sync", "--to", pg_url).code == 0

    talking = Laptop(tmp_path, "laptop-2")
    store = talking.store()
    open_id = store.create_table(title="Tafel Zwolle", canvas="sturingsfilosofie", date="2023-06-12")
    store.add_item(open_id, round="gesprek", kind="note", zone="begrippen", text="Nog volop in gesprek")
    live = store.share_token(open_id)
    store.close()
    assert talking.tafel("sync", "--to", pg_url).code == 0

    with venue_server(Laptop(tmp_path, "venue"), pg_url) as (port, lines):
        assert any(": 2 (" in line for line in lines), lines  # both tables have a page here
        page = request(port, f"/{closed}/".encode())
        assert page.status == 200, page.raw[:300]
        assert_secure(page)  # the CSP and the other headers, as for an export's page
        body = page.body.decode()
        assert "Tafel Utrecht" in body and "Begin bij de mensen." in body and "summary.pdf" in body
        assert "<script" not in body  # the summary, not the live page
        assert "Anna de Boer" in body and "Bert Jansen" not in body  # names only with consent
        pdf = request(port, f"/{closed}/summary.pdf".encode())
        assert pdf.status == 200 and pdf.header("content-type") == "application/pdf"
        assert "Begin bij de mensen." in _pdf_text(pdf.body) and "Bert Jansen" not in _pdf_text(pdf.body)
        etag = page.header("etag")
        assert etag and request(port, f"/{closed}/".encode(), extra=f"If-None-Match: {etag}\r\n".encode()).status == 304

        now = request(port, f"/{live}/".encode())
        assert now.status == 200 and "Nog volop in gesprek" in now.body.decode()
        assert now.body.count(b"<script>") == 1  # the live page, pushed by its events
        assert request(port, f"/{live}/summary.pdf".encode()).status == 404  # open: no summary yet

        # Corrected after the closing on its laptop, synced again: the venue shows the new text.
        store = closing.store()
        advice = store.get_table(closed_id).items_of(kind="advice")[0]
        store.update_item(advice.id, text="Begin bij de buurt, niet bij het loket.")
        store.close()
        assert closing.tafel("sync").code == 0
        again = request(port, f"/{closed}/".encode())
        assert again.status == 200 and "Begin bij de buurt, niet bij het loket." in again.body.decode()
        assert "Begin bij de buurt" in _pdf_text(request(port, f"/{closed}/summary.pdf".encode()).body)

        # The hostile corpus gets the same small refusals here, and no byte of either table.
        values = {"token": closed, "other_token": live, "other_token_folder": live, "unknown_token": "A" * 24,
                  "token_first_encoded": f"%{ord(closed[0]):02X}{closed[1:]}", "token_lower": closed.lower(),
                  "token_upper": closed.upper(), "token_short": closed[:-1]}
        forbidden = [b"root:x:0:0", b"SQLite format 3", b"<html", b"%PDF", b"Tafel Utrecht", b"Tafel Zwolle"]
        # (those naming export folders or tables in other states are the share tests' own)
        targets = [f for f in (_fill(t.encode(), values) for t in corpus.HAND_WRITTEN + corpus.generated())
                   if b"{" not in f]
        targets += [_fill(p, values) for p in corpus.RAW]
        assert len(targets) > 300
        for target in targets:
            reply = request(port, target)
            _check(reply, forbidden, target)
            assert reply.status in (400, 404), (target[:120], reply.status)
        assert request(port, f"/{closed}/".encode()).status == 200  # still serving
