"""Drawings for the summary PDF, made with reportlab.graphics: the canvas board and the QR code.

The board is the canvas of the table in one picture: each round a band, the value cards as
cards, the notes as cards in their zone's column, the direction and the advice as lines. A card
shows one line of its text (the full text is in the document); a zone shows at most a few cards
and says how many more there are, so the drawing always fits on one page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from tafel.render.content import Entry, Part, Summary, label
from tafel.render.fonts import printable, register_fonts
from tafel.render.qr import Matrix, runs

INK = colors.HexColor("#1b2733")
MUTED = colors.HexColor("#4a5866")
ACCENT = colors.HexColor("#1f4e79")
BAND = colors.HexColor("#e4ebf2")
ZONE = colors.HexColor("#f3f6f9")
CARD_LINE = colors.HexColor("#b7c3cf")
VALUE_FILL = colors.HexColor("#fbf5e8")
VALUE_LINE = colors.HexColor("#d8c59b")

GAP = 6.0
BAND_H = 16.0
CARD_H = 15.0
VALUE_H = 32.0
MAX_CARDS = 7  # per zone
MAX_VALUES = 16
MAX_ADVICE = 7


def fit(text: str, font: str, size: float, width: float) -> str:
    """One line of ``text`` that fits ``width``, ending in … when cut."""
    line = " ".join(printable(text).split())
    if stringWidth(line, font, size) <= width:
        return line
    # Cut long texts first by a generous estimate, then bisect on the real width.
    line = line[: int(width / (size * 0.25)) + 1]
    lo, hi = 0, len(line)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(line[:mid].rstrip() + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return line[:lo].rstrip() + "…"


def lines(text: str, font: str, size: float, width: float, most: int) -> list[str]:
    found: list[str] = simpleSplit(" ".join(printable(text).split()), font, size, width)
    if len(found) > most:
        found = found[:most]
        found[-1] = fit(found[-1] + " …", font, size, width) if not found[-1].endswith("…") else found[-1]
    return found


@dataclass
class _Sheet:
    """Shapes placed from the top down; ``drawing`` flips them into ReportLab's bottom-up space."""

    width: float
    y: float = 0.0
    # Each shape made once the sheet's height is known (ReportLab counts y from the bottom).
    shapes: list[Callable[[float], Rect | String]] = field(default_factory=list)

    def rect(self, x: float, top: float, w: float, h: float, **kw: Any) -> None:
        self.shapes.append(lambda height: Rect(x, height - top - h, w, h, **kw))

    def text(self, x: float, baseline: float, s: str, **kw: Any) -> None:
        self.shapes.append(lambda height: String(x, height - baseline, s, **kw))

    def drawing(self, max_height: float) -> Drawing:
        height = self.y
        scale = min(1.0, max_height / height) if height else 1.0
        d = Drawing(self.width, height * scale)
        g = Group()
        for shape in self.shapes:
            g.add(shape(height))
        g.scale(scale, scale)
        d.add(g)
        return d


class BoardPainter:
    def __init__(self, summary: Summary, width: float, max_cards: int = MAX_CARDS) -> None:
        self.summary = summary
        self.max_cards = max_cards
        self.regular, self.bold = register_fonts()
        self.sheet = _Sheet(width)

    def paint(self) -> _Sheet:
        for part in self.summary.parts:
            self.band(part)
            if part.kind == "values":
                self.values(part)
            elif part.kind == "direction":
                self.direction(part)
            elif part.kind == "advice":
                self.advice(part)
            else:
                self.zones(part)
            self.sheet.y += GAP * 1.5
        return self.sheet

    def band(self, part: Part) -> None:
        s = self.sheet
        s.rect(0, s.y, s.width, BAND_H, fillColor=BAND, strokeColor=None, rx=3, ry=3)
        s.text(6, s.y + 11.5, fit(part.title, self.bold, 9, s.width - 12), fontName=self.bold, fontSize=9,
               fillColor=ACCENT)
        s.y += BAND_H + GAP

    def empty(self) -> None:
        s = self.sheet
        s.text(6, s.y + 9, "—", fontName=self.regular, fontSize=8, fillColor=MUTED)
        s.y += 12

    def values(self, part: Part) -> None:
        s, entries = self.sheet, part.entries
        if not entries:
            return self.empty()
        cols = 4
        w = (s.width - (cols - 1) * GAP) / cols
        shown = entries[:MAX_VALUES]
        for n, e in enumerate(shown):
            x, top = (n % cols) * (w + GAP), s.y + (n // cols) * (VALUE_H + GAP)
            s.rect(x, top, w, VALUE_H, fillColor=VALUE_FILL, strokeColor=VALUE_LINE, strokeWidth=0.6, rx=3, ry=3)
            s.text(x + 5, top + 12, fit(e.value or e.text, self.bold, 8.5, w - 10), fontName=self.bold,
                   fontSize=8.5, fillColor=INK)
            s.text(x + 5, top + 24, fit(e.text, self.regular, 7, w - 10), fontName=self.regular, fontSize=7,
                   fillColor=MUTED)
        s.y += ((len(shown) + cols - 1) // cols) * (VALUE_H + GAP)
        self.more(len(entries) - len(shown), 0)

    def direction(self, part: Part) -> None:
        s = self.sheet
        text = next((e.text for e in part.entries if e.text.strip()), "")
        if not text:
            return self.empty()
        found = lines(text, self.regular, 8.5, s.width - 16, 4)
        h = 10 + 11 * len(found)
        s.rect(0, s.y, s.width, h, fillColor=colors.white, strokeColor=CARD_LINE, strokeWidth=0.6, rx=3, ry=3)
        for n, line in enumerate(found):
            s.text(8, s.y + 14 + 11 * n, line, fontName=self.regular, fontSize=8.5, fillColor=INK)
        s.y += h + GAP

    def advice(self, part: Part) -> None:
        s, entries = self.sheet, part.entries
        if not entries:
            return self.empty()
        for e in entries[:MAX_ADVICE]:
            s.rect(0, s.y, s.width, CARD_H, fillColor=colors.white, strokeColor=CARD_LINE, strokeWidth=0.6,
                   rx=2, ry=2)
            s.text(6, s.y + 10.5, f"{e.rank}.", fontName=self.bold, fontSize=8, fillColor=ACCENT)
            s.text(22, s.y + 10.5, fit(e.text, self.regular, 8, s.width - 28), fontName=self.regular, fontSize=8,
                   fillColor=INK)
            s.y += CARD_H + 3
        self.more(len(entries) - MAX_ADVICE, 0)

    def card_text(self, e: Entry) -> str:
        if e.kind == "tension" and len(e.poles) == 2:
            return f"{e.poles[0]} ↔ {e.poles[1]}: {e.text}"
        if e.kind == "value":
            return f"{e.value}: {e.text}" if e.value else e.text
        return e.text

    def zones(self, part: Part) -> None:
        s = self.sheet
        groups = [g for g in part.groups if g.entries or g.title]
        if not groups:
            return self.empty()
        cols = min(len(groups), 4)
        w = (s.width - (cols - 1) * GAP) / cols
        for start in range(0, len(groups), cols):
            row = groups[start:start + cols]
            most = self.max_cards
            tallest = max(min(len(g.entries), most) + (len(g.entries) > most) for g in row)
            h = 20 + tallest * (CARD_H + 3) + 4
            for n, g in enumerate(row):
                x = n * (w + GAP)
                s.rect(x, s.y, w, h, fillColor=ZONE, strokeColor=None, rx=3, ry=3)
                s.text(x + 5, s.y + 13, fit(g.title or "", self.bold, 8, w - 10), fontName=self.bold, fontSize=8,
                       fillColor=ACCENT)
                top = s.y + 20
                for e in g.entries[:most]:
                    s.rect(x + 4, top, w - 8, CARD_H, fillColor=colors.white, strokeColor=CARD_LINE,
                           strokeWidth=0.5, rx=2, ry=2)
                    s.text(x + 8, top + 10.5, fit(self.card_text(e), self.regular, 7.5, w - 16),
                           fontName=self.regular, fontSize=7.5, fillColor=INK)
                    top += CARD_H + 3
                if len(g.entries) > most:
                    s.text(x + 8, top + 9, label(self.summary, "board.more", count=len(g.entries) - most),
                           fontName=self.regular, fontSize=7.5, fillColor=MUTED)
            s.y += h + GAP

    def more(self, count: int, x: float) -> None:
        if count > 0:
            s = self.sheet
            s.text(x + 6, s.y + 8, label(self.summary, "board.more", count=count), fontName=self.regular,
                   fontSize=7.5, fillColor=MUTED)
            s.y += 12


def board_drawing(summary: Summary, width: float, max_height: float) -> Drawing:
    """The board at full width: fewer cards per zone when it would not fit, scaled only as a last resort."""
    for most in range(MAX_CARDS, 1, -1):
        sheet = BoardPainter(summary, width, most).paint()
        if sheet.y <= max_height:
            break
    return sheet.drawing(max_height)


class QrFlowable(Flowable):
    """The QR code as one filled path of module runs, dark on white.

    Drawn straight on the page canvas: a Drawing of several hundred Rect shapes costs tens of
    milliseconds for a picture that is only squares.
    """

    def __init__(self, modules: Matrix, size: float) -> None:
        super().__init__()
        self.modules = modules
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        unit = self.size / len(self.modules)
        c.saveState()
        c.setFillColor(colors.white)
        c.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        path = c.beginPath()
        for x, y, w in runs(self.modules):
            path.rect(x * unit, self.size - (y + 1) * unit, w * unit, unit)
        c.setFillColor(colors.black)
        c.drawPath(path, stroke=0, fill=1)
        c.restoreState()


def qr_drawing(modules: Matrix, size: float) -> Flowable:
    return QrFlowable(modules, size)
