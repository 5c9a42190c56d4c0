"""The share server serves an exported table's page and PDF, with the right headers, and nothing else."""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.error
import urllib.request

import pytest

from tafel.services import sharing
from tafel.share import files as files_mod
from tafel.share.files import RECHECK_SECONDS
from tafel.share.security import CONTENT_SECURITY_POLICY, NOT_FOUND_BODY
from tafel.share.server import ShareServer
from tests.share.conftest import Shared
from tests.share.raw_http import Reply, request

SECURITY = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def assert_secure(reply: Reply) -> None:
    for name, value in SECURITY.items():
        assert reply.header(name) == value, (name, reply.raw[:300])
    assert reply.header("server") is None


def test_page_and_pdf_are_the_exported_files(shared: Shared) -> None:
    table_id = shared.table()
    token = shared.store.share_token(table_id)
    folder = shared.folder(table_id)

    page = request(shared.port, f"/{token}/".encode())
    assert page.status == 200
    assert page.body == (folder / "index.html").read_bytes()
    assert page.header("content-type") == "text/html; charset=utf-8"
    assert b"Richting voor Tafel Utrecht" in page.body
    assert_secure(page)

    pdf = request(shared.port, f"/{token}/summary.pdf".encode())
    assert pdf.status == 200
    assert pdf.body == (folder / "summary.pdf").read_bytes()
    assert pdf.body.startswith(b"%PDF-")
    assert pdf.header("content-type") == "application/pdf"
    assert_secure(pdf)


def test_head_gives_length_without_body_and_etag_revalidates(shared: Shared) -> None:
    token = shared.store.share_token(shared.table())
    size = (shared.folder(shared.store.resolve("Tafel Utrecht")) / "summary.pdf").stat().st_size
    head = request(shared.port, f"/{token}/summary.pdf".encode(), method=b"HEAD")
    assert head.status == 200 and head.body == b""
    assert head.header("content-length") == str(size)
    etag = head.header("etag")
    assert etag
    again = request(shared.port, f"/{token}/summary.pdf".encode(), extra=f"If-None-Match: {etag}\r\n".encode())
    assert again.status == 304 and again.body == b""
    assert_secure(again)


@pytest.mark.parametrize("method", [b"POST", b"PUT", b"DELETE", b"PATCH", b"OPTIONS", b"TRACE", b"PROPFIND"])
def test_other_methods_get_the_same_404(shared: Shared, method: bytes) -> None:
    token = shared.store.share_token(shared.table())
    reply = request(shared.port, f"/{token}/".encode(), method=method, extra=b"Content-Length: 0\r\n")
    assert (reply.status, reply.body) == (404, NOT_FOUND_BODY)
    assert_secure(reply)


def test_an_open_table_is_live_and_a_new_export_shows_its_summary(shared: Shared) -> None:
    table_id = shared.table("Tafel Zwolle", export=False)
    token = shared.store.share_token(table_id)
    live = request(shared.port, f"/{token}/".encode())
    assert live.status == 200 and b"Tafel Zwolle" in live.body and b"summary.pdf" not in live.body  # the live page
    shared.export(table_id)
    for _ in range(100):  # within the (shortened) refresh: waited for, not timed
        if b"summary.pdf" in (reply := request(shared.port, f"/{token}/".encode())).body:
            break
        time.sleep(files_mod.REFRESH_SECONDS)
    assert reply.status == 200 and b"Tafel Zwolle" in reply.body and b"summary.pdf" in reply.body


def test_a_re_export_is_served_and_a_deleted_table_no_longer(shared: Shared) -> None:
    table_id = shared.table()
    token = shared.store.share_token(table_id)
    assert request(shared.port, f"/{token}/".encode()).status == 200
    direction = next(r for r in shared.library.get("sturingsfilosofie").rounds if r.kind == "direction")
    shared.store.save_direction(table_id, direction.id, "Een nieuwe richting, na de pauze.")
    shared.export(table_id)
    for _ in range(100):  # the file is looked at again after RECHECK_SECONDS: waited for, not timed
        if b"Een nieuwe richting, na de pauze." in request(shared.port, f"/{token}/".encode()).body:
            break
        time.sleep(RECHECK_SECONDS / 5)
    else:
        raise AssertionError("the re-export was not served")
    shared.store.delete_table(table_id)
    time.sleep(2 * files_mod.REFRESH_SECONDS)  # the token list is read again (shortened in tests)
    assert request(shared.port, f"/{token}/".encode()).status == 404


def test_a_removed_export_folder_is_404(shared: Shared) -> None:
    table_id = shared.table()
    token = shared.store.share_token(table_id)
    shutil.rmtree(shared.folder(table_id))
    assert request(shared.port, f"/{token}/".encode()).body == NOT_FOUND_BODY


def test_share_json_points_export_at_the_running_server_and_goes_away(shared: Shared) -> None:
    info = json.loads((shared.settings.home / sharing.RUNNING_FILE).read_text("utf-8"))
    assert info == {"url": shared.url, "pid": os.getpid()}
    table_id = shared.table()
    token = shared.store.share_token(table_id)
    assert sharing.share_url(shared.settings, token) == f"{shared.url}/{token}/"
    # The QR code of an export made now points here, and that URL answers.
    with urllib.request.urlopen(sharing.share_url(shared.settings, token), timeout=5) as reply:
        assert reply.status == 200
    assert shared.server is not None
    shared.server.stop()
    assert not shared.server.running
    assert not (shared.settings.home / sharing.RUNNING_FILE).exists()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{shared.url}/{token}/", timeout=2)


def test_requests_are_logged_without_the_client_address(shared: Shared) -> None:
    token = shared.store.share_token(shared.table())
    request(shared.port, f"/{token}/".encode())
    request(shared.port, b"/%2e%2e/%1b[31m")
    request(shared.port, b"/\x1b[31mred")  # refused by the HTTP parser itself
    assert any(line.endswith(f"GET  /{token}/  200") for line in shared.lines), shared.lines
    assert any(line.endswith("GET  /%2e%2e/%1b[31m  404") for line in shared.lines), shared.lines
    assert any(line.endswith("  -  Invalid HTTP request received.") for line in shared.lines), shared.lines
    assert all("\x1b" not in line for line in shared.lines)
    assert not any("127.0.0.1" in line for line in shared.lines)


def test_log_clients_adds_the_address(shared: Shared) -> None:
    lines: list[str] = []
    server = ShareServer(shared.settings, "127.0.0.1", 0, log=lines.append, log_clients=True)
    server.start()
    try:
        request(server.port, b"/nothing/")
    finally:
        server.stop()
    assert lines and lines[0].endswith("  404  127.0.0.1")


def test_start_and_stop_again_and_a_port_in_use_is_a_clear_error(shared: Shared) -> None:
    from tafel.domain.errors import TafelError
    from tafel.i18n import error

    clash = ShareServer(shared.settings, "127.0.0.1", shared.port)
    with pytest.raises(TafelError) as caught:
        clash.start()
    assert f"127.0.0.1:{shared.port}" in error(caught.value)
    assert shared.server is not None and shared.server.running
    again = ShareServer(shared.settings, "127.0.0.1", 0)
    url = again.start()
    assert again.running and url.startswith("http://127.0.0.1:")
    again.stop()
    assert not again.running


def test_a_slug_under_128_bits_is_never_served(shared: Shared) -> None:
    """A venue serves the slugs the laptops sent; one too short to be unguessable (an older or a
    tampered laptop) gets the 404 of an unknown address, its page and its live stream alike."""
    from sqlalchemy import text

    table_id = shared.table("Tafel Kort", export=False)
    short = "abcdefghijklmnopqrstu"  # 21 characters: 126 bits
    with shared.store.engine.begin() as conn:
        conn.execute(text("UPDATE tafel_table SET share_token = :s WHERE id = :t"), {"s": short, "t": table_id})
    for target in (f"/{short}/", f"/{short}/events", f"/{short}/summary.pdf"):
        reply = request(shared.port, target.encode())
        assert reply.status == 404 and reply.body == NOT_FOUND_BODY, target
    with shared.store.engine.begin() as conn:  # the same table with a full slug is served
        conn.execute(text("UPDATE tafel_table SET share_token = :s WHERE id = :t"), {"s": short + "v", "t": table_id})
    assert b"Tafel Kort" in request(shared.port, f"/{short}v/".encode()).body
