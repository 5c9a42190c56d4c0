"""Hundreds of hostile requests, sent raw: each gets the small refusal, and no byte of any other file."""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest

from tafel.share import files as files_mod
from tafel.share.security import NOT_FOUND_BODY
from tests.share import corpus
from tests.share.conftest import Shared
from tests.share.raw_http import Reply, request
from tests.share.test_server import assert_secure

SECRET = b"SECRET-7f3a9c-never-served"
SMALL_BODIES = {
    NOT_FOUND_BODY, b"URI too long\n", b"Request header fields too large\n", b"Invalid HTTP request received.",
}


def _plant(shared: Shared) -> dict[str, str]:
    """Tables in every state, links planted in the exports folder, and secrets beside it."""
    own = shared.table("Tafel Eigen")
    other = shared.table("Tafel Ander")
    unexported = shared.table("Tafel Nooit", export=False)
    deleted = shared.table("Tafel Weg")
    link_files = shared.table("Tafel Links")
    link_folder = shared.table("Tafel Map")
    hardlink = shared.table("Tafel Hard")
    for table_id in (link_files, link_folder, hardlink, deleted):  # served before the tampering below
        assert request(shared.port, f"/{shared.store.share_token(table_id)}/".encode()).status == 200
    exports = shared.settings.exports
    (exports / "secret.txt").write_bytes(SECRET + b" beside the exports")
    (shared.settings.home / "secret.txt").write_bytes(SECRET + b" in the data folder")

    files = shared.folder(link_files)
    for name in ("index.html", "summary.pdf"):
        (files / name).unlink()
    (files / "index.html").symlink_to("/etc/passwd")
    (files / "summary.pdf").symlink_to(exports / "secret.txt")

    moved = shared.folder(link_folder)
    shutil.rmtree(moved)
    moved.symlink_to(shared.folder(other), target_is_directory=True)

    hard = shared.folder(hardlink)
    (hard / "index.html").unlink()
    os.link(exports / "secret.txt", hard / "index.html")
    (hard / "summary.pdf").unlink()
    os.link(shared.folder(other) / "summary.pdf", hard / "summary.pdf")

    (exports / "evil").symlink_to("/etc", target_is_directory=True)
    deleted_token = shared.store.share_token(deleted)
    shared.store.delete_table(deleted)
    # An open table's token is its live page (tests/share/test_live.py); one never exported and
    # then deleted gives nothing, as a deleted exported one does.
    unexported_token = shared.store.share_token(unexported)
    shared.store.delete_table(unexported)
    # The server reads the exported tables again (shortened in tests) and looks at a file it read
    # again after RECHECK_SECONDS: the tampering is seen after both.
    time.sleep(2 * max(files_mod.REFRESH_SECONDS, files_mod.RECHECK_SECONDS))
    token = shared.store.share_token(own)
    return {
        "token": token, "other_token": shared.store.share_token(other),
        "unexported_token": unexported_token, "deleted_token": deleted_token,
        "link_files_token": shared.store.share_token(link_files),
        "link_folder_token": shared.store.share_token(link_folder),
        "hardlink_token": shared.store.share_token(hardlink),
        "unknown_token": "A" * 24, "token_first_encoded": f"%{ord(token[0]):02X}{token[1:]}",
        "token_lower": token.lower(), "token_upper": token.upper(), "token_short": token[:-1],
        "own_folder": shared.folder(own).name, "other_folder": shared.folder(other).name,
        "other_token_folder": shared.store.share_token(other),
    }


def _fill(template: bytes, values: dict[str, str]) -> bytes:
    for key, value in values.items():
        template = template.replace(b"{" + key.encode() + b"}", value.encode())
    return template


def _forbidden_bytes(shared: Shared, values: dict[str, str]) -> list[bytes]:
    """Pieces of every file outside the own table's folder that a leak would show."""
    other = shared.settings.exports / values["other_folder"]
    pieces = [SECRET, b"root:x:0:0", b"SQLite format 3", b"<!DOCTYPE", b"<html", b"%PDF", b"Tafel Ander"]
    pieces += [(other / name).read_bytes()[-64:] for name in ("index.html", "summary.pdf")]
    return pieces


def _check(reply: Reply, forbidden: list[bytes], target: bytes) -> None:
    assert reply.status is not None, target[:120]
    assert reply.body in SMALL_BODIES, (target[:120], reply.raw[:200])
    for piece in forbidden:
        assert piece not in reply.raw, (target[:120], piece)
    assert_secure(reply)


def test_hostile_targets_get_the_small_refusal_and_leak_nothing(shared: Shared) -> None:
    values = _plant(shared)
    forbidden = _forbidden_bytes(shared, values)
    targets = [_fill(p.encode(), values) for p in corpus.HAND_WRITTEN + corpus.generated()]
    targets += [_fill(p, values) for p in corpus.RAW]
    assert len(set(targets)) >= 200
    statuses: Counter[int | None] = Counter()
    for target in targets:
        reply = request(shared.port, target)
        _check(reply, forbidden, target)
        assert reply.status in (400, 404), (target[:120], reply.status)
        statuses[reply.status] += 1
    for method in corpus.METHODS:
        reply = request(shared.port, _fill(b"/{token}/", values), method=method, extra=b"Content-Length: 0\r\n")
        _check(reply, forbidden, method)
        assert reply.status in (400, 404), (method, reply.status)
    print(f"{len(targets)} targets: {dict(statuses)}")
    assert statuses[404] > 300, statuses
    # Every one of the raw-byte targets is stopped by the HTTP parser, before any path handling.
    assert statuses[400] >= len(corpus.RAW), statuses

    # The own table still works: the refusals were about the requests, not a broken server.
    own = request(shared.port, _fill(b"/{token}/", values))
    assert own.status == 200 and b"Tafel Eigen" in own.body


def test_overlong_targets_and_heads(shared: Shared) -> None:
    values = {"token": shared.store.share_token(shared.table())}
    forbidden = [b"<html", b"%PDF"]
    for template in corpus.OVERLONG:
        target = _fill(template.encode(), values)
        reply = request(shared.port, target)
        if len(target) < 65536:
            assert reply.status == 414, (len(target), reply.status)
            _check(reply, forbidden, target)
        else:
            assert reply.status in (400, None), reply.status  # refused by the parser; nothing else said
            if reply.status is not None:
                _check(reply, forbidden, target)
    good = _fill(b"/{token}/", values)
    big = request(shared.port, good, extra=b"X-Filler: " + b"x" * 10_000 + b"\r\n")
    assert big.status == 431
    _check(big, forbidden, good)
    many = request(shared.port, good, extra=b"".join(b"X-%d: y\r\n" % i for i in range(1500)))
    assert many.status == 431
    huge = request(shared.port, good, extra=b"X-Filler: " + b"x" * 100_000 + b"\r\n")
    assert huge.status in (400, None)
    if huge.status is not None:
        _check(huge, forbidden, good)


def test_the_server_reads_only_the_two_files_by_their_own_names(shared: Shared) -> None:
    """A folder with every other kind of file in it still serves just index.html and summary.pdf."""
    table_id = shared.table()
    token = shared.store.share_token(table_id)
    folder: Path = shared.folder(table_id)
    (folder / "notes.txt").write_text("private")
    (folder / "sub").mkdir()
    for target in (f"/{token}/notes.txt", f"/{token}/sub/", f"/{token}/table.json", f"/{token}/qr.png"):
        assert request(shared.port, target.encode()).body == NOT_FOUND_BODY


def test_without_dir_fd_the_path_checks_refuse_the_same_links(shared: Shared, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ``open(..., dir_fd=)`` is missing (Windows), the path-based checks hold the same line."""
    from tafel.share import files

    monkeypatch.setattr(files, "_DIR_FD", False)
    values = _plant(shared)
    forbidden = _forbidden_bytes(shared, values)
    for key in ("link_files_token", "link_folder_token", "hardlink_token", "deleted_token", "unexported_token"):
        for name in ("", "summary.pdf"):
            target = f"/{values[key]}/{name}".encode()
            reply = request(shared.port, target)
            _check(reply, forbidden, target)
            assert reply.status == 404
    own = request(shared.port, _fill(b"/{token}/summary.pdf", values))
    assert own.status == 200 and own.body.startswith(b"%PDF-")
