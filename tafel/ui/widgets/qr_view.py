"""A QR code on screen: dark modules on white whatever the theme, so a phone can scan it.

The code comes as ``halfblocks`` text (two module rows per line, quiet zone included). Where
the terminal has room it is drawn twice as large: a module as two full-block columns on one line,
still square in a terminal's cell, and easier for a phone across the table.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

# Explicit colours, not the theme's: an inverted or low-contrast code does not scan on many phones.
QR_STYLE = Style(color="#000000", bgcolor="#ffffff")
_TOP, _BOTTOM = "▀█", "▄█"
_HALF = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
TERMINAL_QUIET = 2  # enough for phone scanners, and a 100-character URL still fits 80×24


def halfblocks(data: str) -> str:
    """The code as lines of ``▀▄█`` and spaces, two module rows per line.

    Meant for black-on-white styling: a drawn character is dark. A 100-character URL gives a
    version-5 code, 41 × 21 characters with its quiet zone: it fits an 80 × 24 terminal.
    """
    from tafel.render.qr import matrix  # qrcode loads when a code is first shown

    dark = matrix(data, quiet=TERMINAL_QUIET, level="L")
    rows = [*dark, (False,) * len(dark)] if len(dark) % 2 else list(dark)
    return "\n".join(
        "".join(_HALF[top, bottom] for top, bottom in zip(rows[y], rows[y + 1], strict=True))
        for y in range(0, len(rows), 2)
    )


def modules(code: str) -> list[list[bool]]:
    """The module rows (True is dark) that half-block text draws."""
    rows: list[list[bool]] = []
    for line in code.split("\n"):
        rows.append([ch in _TOP for ch in line])
        rows.append([ch in _BOTTOM for ch in line])
    return rows


def enlarged(code: str) -> str:
    """The same code at twice the size: each module two columns wide and one line high."""
    return "\n".join("".join("██" if dark else "  " for dark in row) for row in modules(code))


def size_of(code: str) -> tuple[int, int]:
    lines = code.split("\n")
    return max((len(line) for line in lines), default=0), len(lines)


def fitting(code: str, width: int, height: int) -> str:
    """The largest drawing of ``code`` that fits ``width`` × ``height`` cells (the half blocks at least)."""
    big = enlarged(code)
    w, h = size_of(big)
    return big if w <= width and h <= height else code


# Where a line of an address may end so that a reader sees it goes on: after a slash, or before
# one of these. Never after a hyphen: "gemeente-" at a line's end reads as a word broken in two,
# and is typed without its hyphen.
GOES_ON_BEFORE = ".-_?#&=~"


def url_lines(url: str, width: int) -> list[str]:
    """The address in lines of at most ``width`` characters: one where it fits, else broken after a
    slash (where a line is at least half full that way), else before a dot, hyphen…; a part longer
    than the line is cut, there being no other way."""
    if width <= 0 or len(url) <= width:
        return [url]
    slashes = [i + 1 for i, ch in enumerate(url) if ch == "/" and url[i + 1:i + 2] != "/"]  # not in "//"
    others = [i for i, ch in enumerate(url) if ch in GOES_ON_BEFORE and i > 0]
    lines, start = [], 0
    while len(url) - start > width:
        last = start + width
        at_slash = max((p for p in slashes if start < p <= last), default=start)
        anywhere = max((p for p in slashes + others if start < p <= last), default=last)
        end = at_slash if at_slash - start >= width // 2 else anywhere
        lines.append(url[start:end])
        start = end
    return [*lines, url[start:]]


class QRView(Static):
    def __init__(self, code: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id, classes="qr")
        self.code = code

    def on_mount(self) -> None:
        self.show(self.code)

    def show(self, code: str) -> None:
        self.code = code
        self.display = bool(code)
        # The style is on the characters too: a theme can restyle the widget, not the text.
        self.update(Text(code, style=QR_STYLE, no_wrap=True, overflow="crop", end=""))
