"""What a phone's camera would see of the terminal: the screen's cells drawn as pixels.

Each cell is drawn in its own colours, as a terminal would: a half block paints its upper or
lower half in the foreground colour and the other half in the background colour. So a QR code
drawn in theme colours, or inverted, fails to scan here just as it would on a phone.
"""

from __future__ import annotations

from PIL import Image, ImageDraw
from rich.color import Color
from textual.app import App

CELL = (6, 12)  # a terminal cell's pixels: twice as high as wide
UNKNOWN = (128, 128, 128)  # a cell with no colour of its own (the terminal's default): mid grey


def _rgb(color: Color | None) -> tuple[int, int, int]:
    if color is None or color.is_default:
        return UNKNOWN
    triplet = color.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


def screen_cells(app: App[object]) -> list[list[tuple[str, tuple[int, int, int], tuple[int, int, int]]]]:
    """Every cell of the current screen as (character, foreground, background)."""
    rows = []
    for strip in app.screen._compositor.render_strips():  # Textual's; test_textual_compat guards it
        row = []
        for segment in strip:
            style = segment.style
            fg = _rgb(style.color if style else None)
            bg = _rgb(style.bgcolor if style else None)
            if style is not None and style.reverse:
                fg, bg = bg, fg
            row.extend((ch, fg, bg) for ch in segment.text)
        rows.append(row)
    return rows


def screen_image(app: App[object]) -> Image.Image:
    cells = screen_cells(app)
    w, h = CELL
    image = Image.new("RGB", (max(len(r) for r in cells) * w, len(cells) * h), UNKNOWN)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(cells):
        for x, (ch, fg, bg) in enumerate(row):
            top = fg if ch in "▀█" else bg
            bottom = fg if ch in "▄█" else bg
            draw.rectangle([x * w, y * h, x * w + w - 1, y * h + h // 2 - 1], fill=top)
            draw.rectangle([x * w, y * h + h // 2, x * w + w - 1, y * h + h - 1], fill=bottom)
    return image


def screen_text(app: App[object]) -> str:
    return "\n".join("".join(ch for ch, _, _ in row) for row in screen_cells(app))
