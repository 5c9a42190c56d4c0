"""``tafel export``: the table's folder for participants, what it prints, and --qr text."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from tafel.canvases import load_library
from tafel.services.reading import read_document
from tafel.settings import load
from tafel.storage.repository import Store
from tests.render.helpers import DATA, flat, pdf_text, write_table

Run = Callable[..., Any]
CANVAS = str(DATA / "proeftafel.toml")
FILES = {"table.json", "summary.pdf", "index.html", "qr.png", "qr.svg"}


@pytest.fixture
def db_store(tafel_home: Path) -> Store:
    return Store.open(load().db_url)


@pytest.fixture
def table(db_store: Store) -> Any:
    return write_table(db_store, load_library([DATA / "proeftafel.toml"]))


def scan(path: Path) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(path))]


def test_export_writes_the_folder_and_prints_folder_and_url(
    db_store: Store, table: Any, cli: Run, tmp_path: Path,
) -> None:
    result = cli("--canvas", CANVAS, "export", "Tafel Zwolle")
    assert result.code == 0, result.err
    folder = tmp_path / "exports" / "2024-03-07-tafel-zwolle"
    assert {p.name for p in folder.iterdir()} == FILES
    token = db_store.share_token(table.table_id)
    url = scan(folder / "qr.png")[0]
    assert url.endswith(f":8470/{token}/")
    assert f"{folder}" in result.out and url in result.out
    assert read_document(folder / "table.json")["table"]["id"] == table.table_id
    text = flat(pdf_text((folder / "summary.pdf").read_bytes()))
    assert table.direction in text and url in text.replace(" ", "")
    assert "summary.pdf" in (folder / "index.html").read_text("utf-8")
    # The share server finds the folder by the table's token.
    assert Path(db_store.exported_folders()[token]) == folder.resolve()


def test_public_base_url_names_the_folder_after_the_token(
    db_store: Store, table: Any, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TAFEL_BASE_URL", "https://gesprekstafels.example.nl/tafels/")
    result = cli("--canvas", CANVAS, "export", table.table_id[:8])
    assert result.code == 0, result.err
    token = db_store.share_token(table.table_id)
    assert len(token) >= 22  # at least 128 random bits, URL-safe
    folder = tmp_path / "exports" / token
    url = f"https://gesprekstafels.example.nl/tafels/{token}/"
    assert {p.name for p in folder.iterdir()} == FILES
    assert scan(folder / "qr.png") == [url]
    assert url in result.out


def test_out_folder_and_english(table: Any, cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "elders"
    result = cli("--lang", "en", "--canvas", CANVAS, "export", "Tafel Zwolle", "--out", str(out))
    assert result.code == 0, result.err
    assert {p.name for p in out.iterdir()} == FILES
    assert "Folder:" in result.out and "The QR code points to:" in result.out
    # The summary speaks the table's language (Dutch), not the moderator's.
    assert "Wie deden er mee" in pdf_text((out / "summary.pdf").read_bytes())


def test_qr_text_holds_direction_and_advice(table: Any, cli: Run, tmp_path: Path) -> None:
    result = cli("--canvas", CANVAS, "export", "Tafel Zwolle", "--qr", "text")
    assert result.code == 0, result.err
    folder = tmp_path / "exports" / "2024-03-07-tafel-zwolle"
    [payload] = scan(folder / "qr.png")
    assert table.direction in payload
    assert [line for line in payload.splitlines() if line.startswith(("1.", "2.", "3."))] == [
        f"{n}. {text}" for n, text in enumerate(table.advice, start=1)
    ]
    assert "http" not in payload
    assert "bytes" in result.out
    reader = PdfReader(io.BytesIO((folder / "summary.pdf").read_bytes()))
    assert "als tekst" in flat(reader.pages[0].extract_text())


def test_qr_text_too_long_writes_nothing_and_says_by_how_much(
    db_store: Store, table: Any, cli: Run, tmp_path: Path,
) -> None:
    db_store.save_direction(table.table_id, "richting", "lang " * 700)  # 3,500 bytes
    result = cli("--canvas", CANVAS, "export", "Tafel Zwolle", "--qr", "text")
    assert result.code == 2
    assert "bytes te veel" in result.err and "Traceback" not in result.err
    over = int(result.err.split(": ", 1)[1].split(" bytes")[0])
    assert 3500 - 2953 < over < 3500
    assert not (tmp_path / "exports").exists()


def test_unknown_table_is_one_line(cli: Run) -> None:
    result = cli("export", "bestaat-niet")
    assert result.code == 2 and result.err.count("\n") == 1


def test_export_is_repeatable_and_replaces_files(table: Any, cli: Run, tmp_path: Path) -> None:
    assert cli("--canvas", CANVAS, "export", "Tafel Zwolle").code == 0
    folder = tmp_path / "exports" / "2024-03-07-tafel-zwolle"
    first = json.loads((folder / "table.json").read_text("utf-8"))["table"]["id"]
    assert cli("--canvas", CANVAS, "export", "Tafel Zwolle").code == 0
    assert json.loads((folder / "table.json").read_text("utf-8"))["table"]["id"] == first
    assert {p.name for p in folder.iterdir()} == FILES  # no temporary files left behind
