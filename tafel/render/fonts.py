"""The Unicode font every PDF uses, and the one way user text enters Paragraph markup.

DejaVu Sans ships inside the package (``fonts/``, with its licence) so that Dutch diacritics,
curly quotes, € and dashes print the same on every laptop. ReportLab's ``Paragraph`` parses
markup, so user text must be escaped (a note saying ``<img src=...>`` would otherwise embed a
local file); characters the font lacks become a visible placeholder instead of an empty box or
a crash.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import as_file, files
from xml.sax.saxutils import escape

from reportlab.graphics import shapes
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "TafelSans"
BOLD = "TafelSans-Bold"
PLACEHOLDER = "□"  # U+25A1, present in DejaVu Sans
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def register_fonts() -> tuple[str, str]:
    """Register the regular and bold font with ReportLab (once per process); return their names."""
    _register()
    return REGULAR, BOLD


@cache
def _register() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in _FILES.items():
        if name in registered:
            continue
        with as_file(files(__package__).joinpath("fonts", filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    # <b> and <i> inside a Paragraph map onto these faces (no italic face: italic prints upright).
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    # Every ReportLab drawing starts its rendering by setting this default font, even one that
    # draws no text in it: left at Helvetica it puts an unembedded base-14 font in every PDF.
    shapes.STATE_DEFAULTS["fontName"] = REGULAR


@cache
def _covered() -> frozenset[int]:
    """Code points both faces can draw."""
    _register()
    faces = [font.face for font in map(pdfmetrics.getFont, _FILES) if isinstance(font, TTFont)]
    common = set(faces[0].charToGlyph)
    for face in faces[1:]:
        common &= set(face.charToGlyph)
    return frozenset(common)


def printable(s: str) -> str:
    """``s`` with every character the font cannot draw replaced by the placeholder.

    Newlines and tabs stay (callers decide how to lay them out); other control characters,
    lone surrogates and unassigned code points become the placeholder too.
    """
    if s.isascii() and s.isprintable():
        return s
    covered = _covered()
    s = s.replace("\r\n", "\n")
    out: list[str] = []
    for ch in s:
        drawable = ord(ch) in covered and unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn")
        if drawable or ch in "\n\t":
            out.append(ch)
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf") and ch != "\u00ad":
            # Combining marks, variation selectors and zero-width joiners of emoji the font
            # lacks: drop them, the base character already shows as the placeholder.
            continue
        elif ch == "\r":
            out.append("\n")
        else:
            out.append(PLACEHOLDER)
    return "".join(out)


def safe_text(s: str) -> str:
    """User text made safe for Paragraph markup: printable in the font, then XML-escaped."""
    return escape(printable(s), {'"': "&quot;"})
