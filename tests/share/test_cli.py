"""``tafel share`` as a moderator runs it: in its own process, stopped with Ctrl+C or SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tafel import settings as settings_mod
from tafel.canvases import Library
from tafel.services import sharing
from tafel.services.summary import export_summary
from tafel.storage.repository import Store
from tests.factories import fill_table
from tests.process import ctrl_c_heard, stop
from tests.share.raw_http import request


def _start(*args: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tafel", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=ctrl_c_heard,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    return proc, first


def _stop(proc: subprocess.Popen[str], sig: int) -> tuple[str, str]:
    stop(proc, sig)
    # Read through the same buffered files as readline() did (communicate() would skip their buffers).
    assert proc.stdout is not None and proc.stderr is not None
    return proc.stdout.read(), proc.stderr.read()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_share_prints_the_url_serves_logs_and_cleans_up(tafel_home: Path, library: Library, sig: int) -> None:
    settings = settings_mod.load()
    store = Store.open(settings.db_url)
    table_id = fill_table(store, library)
    export_summary(store, library, settings, table_id)
    token = store.share_token(table_id)
    store.close()

    proc, first = _start("share", "--host", "127.0.0.1", "--port", "0")
    try:
        assert first.startswith("tafel deelt de samenvattingen op http://127.0.0.1:"), first
        url = first.split(" op ", 1)[1].strip().rstrip("/")
        port = int(url.rsplit(":", 1)[1])
        info = json.loads((settings.home / sharing.RUNNING_FILE).read_text("utf-8"))
        assert info == {"url": url, "pid": proc.pid}
        reply = request(port, f"/{token}/".encode())
        assert reply.status == 200 and b"Tafel Utrecht" in reply.body
        time.sleep(0.2)
    finally:
        out, err = _stop(proc, sig)
    assert proc.returncode == 0, err
    assert "Tafels met een samenvatting om te delen: 1" in out
    assert "127.0.0.1 is alleen op deze laptop bereikbaar" in out
    assert f"GET  /{token}/  200" in out
    assert out.rstrip().endswith("Gestopt met delen.")
    assert "Traceback" not in err
    assert not (settings.home / sharing.RUNNING_FILE).exists()


def test_a_port_in_use_is_one_clear_line(tafel_home: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "tafel", "--lang", "en", "share", "--host", "127.0.0.1", "--port", str(port)],
            capture_output=True, text=True, timeout=30,
        )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"tafel cannot share on 127.0.0.1:{port}: Address already in use. Choose another address (--host) or port "
        "(--port)."
    ]
    assert not (settings_mod.load().home / sharing.RUNNING_FILE).exists()


def test_help_shows_the_default_address_and_port(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--lang", "en", "share", "--help")
    assert result.code == 0
    assert f"this laptop's address on the network: {sharing.local_address()}" in " ".join(result.out.split())
    assert f"default {sharing.DEFAULT_PORT}" in result.out


def test_a_public_base_url_is_pointed_out(tafel_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAFEL_BASE_URL", "https://gesprekstafels.example.nl/verslagen")
    proc, first = _start("--lang", "en", "share", "--host", "127.0.0.1", "--port", "0")
    assert proc.stdout is not None
    seen = [proc.stdout.readline() for _ in range(4)]  # the start-up lines, before Ctrl+C comes
    out, err = _stop(proc, signal.SIGINT)
    assert first.startswith("tafel shares the summaries at http://127.0.0.1:")
    note = "new QR codes point to https://gesprekstafels.example.nl/verslagen, not to this laptop"
    assert note in "".join(seen) + out
    assert proc.returncode == 0, err
