"""QR codes scanned with a real decoder (zxing-cpp): the PNG, the SVG and the terminal rendering."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image, ImageDraw

from tafel.domain.errors import TafelError
from tafel.i18n import error
from tafel.render.qr import MAX_TEXT_BYTES, check_text_payload, png, svg
from tafel.ui.widgets.qr_view import halfblocks as qr_halfblocks

URLS = [
    "http://192.168.1.20:8470/Qy-uk1t7ZmwHk0SmgQvL7SOH/",
    "https://www.example.org/gesprekstafels/sturingsfilosofie/" + "x" * 43,  # exactly 100 characters
]


def decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image)]


def raster_halfblocks(code: str, cell: tuple[int, int] = (6, 12)) -> Image.Image:
    """Draw the text as a terminal would, black on white: each character cell in two halves."""
    rows = code.split("\n")
    w, h = cell
    image = Image.new("L", (max(map(len, rows)) * w, len(rows) * h), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(rows):
        for x, ch in enumerate(row):
            top, bottom = ch in "▀█", ch in "▄█"
            if top:
                draw.rectangle([x * w, y * h, x * w + w - 1, y * h + h // 2 - 1], fill=0)
            if bottom:
                draw.rectangle([x * w, y * h + h // 2, x * w + w - 1, y * h + h - 1], fill=0)
    return image


@pytest.mark.parametrize("url", URLS)
def test_png_scans_to_the_url(url: str) -> None:
    assert decode(Image.open(io.BytesIO(png(url)))) == [url]


@pytest.mark.parametrize("url", URLS)
def test_svg_scans_to_the_url(url: str) -> None:
    """Rasterise the SVG's path (only M/h/v/z squares) and scan it."""
    doc = svg(url)
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', doc).group(1))
    image = Image.new("L", (size * 6, size * 6), 255)
    draw = ImageDraw.Draw(image)
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", doc):
        x, y, w = int(x), int(y), int(w)
        draw.rectangle([x * 6, y * 6, (x + w) * 6 - 1, y * 6 + 5], fill=0)
    assert decode(image) == [url]
    assert "<script" not in doc and "href" not in doc


@pytest.mark.parametrize("url", URLS)
def test_halfblocks_scan_and_fit_an_80x24_terminal(url: str) -> None:
    code = qr_halfblocks(url)
    lines = code.split("\n")
    assert len(lines) <= 22  # leaves room for a line of text in a 24-line terminal
    assert max(len(line) for line in lines) <= 80
    assert set(code) <= set("▀▄█ \n")
    assert decode(raster_halfblocks(code)) == [url]


def test_halfblocks_have_a_white_quiet_zone() -> None:
    lines = qr_halfblocks(URLS[0]).split("\n")
    assert lines[0].strip() == "" and lines[-1].strip() in ("", "▀" * len(lines[-1].strip()))
    assert all(line[:2] == "  " and line[-2:] == "  " for line in lines)


def test_text_that_does_not_fit_says_by_how_much() -> None:
    text = "é" * 2000  # 4,000 bytes in UTF-8
    with pytest.raises(TafelError) as caught:
        check_text_payload(text)
    assert caught.value.params["over"] == 4000 - MAX_TEXT_BYTES
    assert f"{4000 - MAX_TEXT_BYTES} bytes" in error(caught.value)


def test_text_that_fits_makes_a_code_that_scans() -> None:
    text = "Richting:\nSamen en dichtbij.\n\nAdvies:\n1. Luister eerst.\n2. Doe het samen.\n"
    check_text_payload(text)
    assert decode(Image.open(io.BytesIO(png(text, level="L")))) == [text]
