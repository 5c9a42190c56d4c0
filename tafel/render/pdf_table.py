"""The table's summary as an A4 PDF (ReportLab Platypus): calm, readable, fit to forward.

Every piece of user text goes through ``safe_text`` before it meets Paragraph markup, so
``<b>`` or ``<img src=…>`` in a note prints as those characters. Every heading is a bookmark
(the PDF's outline), the URL is a link, and only the embedded DejaVu faces are used. Nothing holding user text sits
in a Table or KeepTogether: a 10,000-character note simply flows on to the next page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tafel import __version__
from tafel.render.board import ACCENT, INK, MUTED, ZONE, board_drawing, fit, qr_drawing
from tafel.render.content import Entry, Part, Summary, label, tidy, who
from tafel.render.fonts import printable, register_fonts, safe_text
from tafel.render.qr import Matrix
from tafel.render.reportlab_compat import start_page

MARGIN = 18 * mm
QR_SIZE = 30 * mm
MIN_MODULE = 0.5 * mm  # smaller modules do not scan reliably from paper


@dataclass(frozen=True)
class QrBlock:
    """The QR code as the PDF shows it: its modules, and the URL printed under it (if any)."""

    modules: Matrix
    url: str | None


def styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    base = ParagraphStyle("body", fontName=regular, bulletFontName=regular, fontSize=10, leading=14.5, textColor=INK,
                          spaceAfter=4)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "programme": style("programme", fontSize=9.5, textColor=MUTED, spaceAfter=2),
        "title": style("title", fontName=bold, fontSize=20, leading=25, textColor=ACCENT, spaceAfter=4),
        "subtitle": style("subtitle", fontSize=11, textColor=MUTED, spaceAfter=10),
        "meta": style("meta", fontSize=9.5, leading=13.5, spaceAfter=1),
        "h2": style("h2", fontName=bold, fontSize=14, leading=18, textColor=ACCENT, spaceBefore=14, spaceAfter=6,
                    keepWithNext=1),
        "h3": style("h3", fontName=bold, fontSize=11, leading=15, spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "value": style("value", fontSize=10.5, spaceBefore=6, spaceAfter=1, keepWithNext=1),
        "small": style("small", fontSize=8.5, leading=12, textColor=MUTED),
        "item": style("item", leftIndent=14, bulletIndent=3, spaceAfter=5),
        "direction": style("direction", fontSize=11, leading=16, backColor=ZONE, borderPadding=(8, 8, 8, 8),
                           leftIndent=8, rightIndent=8, spaceBefore=8, spaceAfter=14),
        "qr": style("qr", fontSize=7.5, leading=9.5, textColor=MUTED, alignment=TA_CENTER, spaceAfter=0),
    }


class Heading(Paragraph):
    """A paragraph that is also an entry in the PDF's outline (bookmarks), at ``level``."""

    def __init__(self, markup: str, style: ParagraphStyle, plain: str, level: int) -> None:
        super().__init__(markup, style)
        self.bookmark = printable(plain)
        self.level = level

    def draw(self) -> None:
        super().draw()
        # Bookmarked where it is drawn (also inside the table beside the QR code): its top edge,
        # through the canvas's public transform, so no frame internals are needed.
        key = f"h{id(self)}"
        self.canv.bookmarkHorizontal(key, 0, self.height)
        self.canv.addOutlineEntry(self.bookmark, key, level=self.level, closed=False)
        self.canv.showOutline()  # the reader opens with the bookmarks pane


def para_text(text: str) -> str | None:
    """User text as Paragraph markup: escaped, line breaks kept, runs of blank lines folded."""
    text = tidy(text.replace("\t", " "))
    if not text:
        return None
    return safe_text(text).replace("\n", "<br/>")


class NumberedCanvas(Canvas):
    """Writes "Pagina n van m" on every page once the page count is known."""

    label = "{page} / {pages}"
    footer_title = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._marks: dict[int, list[tuple[str, dict[str, Any]]]] = {}

    def showPage(self) -> None:  # ReportLab's name
        self._pages.append(dict(self.__dict__))
        start_page(self)

    def bookmarkPage(  # type: ignore[override]  # ReportLab's name; its Destination exists only in save()
        self, key: str, fit: str = "Fit", left: Any = None, top: Any = None, bottom: Any = None,
        right: Any = None, zoom: Any = None,
    ) -> None:
        # Pages are only really added in save(): a bookmark made now would point at page 1.
        kw = {"fit": fit, "left": left, "top": top, "bottom": bottom, "right": right, "zoom": zoom}
        self._marks.setdefault(len(self._pages), []).append((key, kw))

    def save(self) -> None:
        total = len(self._pages)
        regular, _ = register_fonts()
        marks = self._marks
        for n, state in enumerate(self._pages):
            self.__dict__.update(state)
            for key, kw in marks.get(n, []):
                super().bookmarkPage(key, **kw)
            self.setFont(regular, 8)
            self.setFillColor(MUTED)
            self.drawRightString(A4[0] - MARGIN - 6, 10 * mm, self.label.format(page=self.getPageNumber(), pages=total))
            self.drawString(MARGIN + 6, 10 * mm, self.footer_title)
            super().showPage()
        super().save()


class SummaryPdf:
    def __init__(self, summary: Summary, qr: QrBlock) -> None:
        self.s = summary
        self.qr = qr
        self.st = styles()
        self.width = A4[0] - 2 * MARGIN - 12  # the frame keeps 6 pt padding on each side
        self.story: list[Flowable] = []

    def p(self, markup: str, style: str) -> None:
        self.story.append(Paragraph(markup, self.st[style]))

    def heading(self, text: str, style: str, level: int) -> Heading:
        return Heading(safe_text(text), self.st[style], text, level)

    def user(self, text: str, style: str, **kw: Any) -> None:
        markup = para_text(text)
        if markup is None:
            markup = f'<font color="#4a5866">{safe_text(label(self.s, "blank"))}</font>'
        self.story.append(Paragraph(markup, self.st[style], **kw))

    def header(self) -> None:
        s = self.s
        left: list[Flowable] = []
        if s.programme:
            left.append(Paragraph(safe_text(s.programme), self.st["programme"]))
        left.append(self.heading(s.title, "title", 0))
        left.append(Paragraph(safe_text(label(s, "subtitle")), self.st["subtitle"]))
        rows = [("meta.date", s.date_text), ("meta.location", s.location), ("meta.canvas", s.canvas_name)]
        for key, value in rows:
            if value:
                left.append(Paragraph(f"<b>{safe_text(label(s, key))}:</b> {safe_text(value)}", self.st["meta"]))
        if not self.qr_in_header:
            self.story += left
            return
        right: list[Flowable] = [qr_drawing(self.qr.modules, QR_SIZE), Spacer(1, 3), *self.qr_caption()]
        side = QR_SIZE + 14 * mm
        table = Table([[left, right]], colWidths=[self.width - side, side])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (1, 0), (1, 0), 8),
            ("FONTNAME", (0, 0), (-1, -1), register_fonts()[0]),  # not the table's default Helvetica
        ]))
        self.story.append(table)

    @property
    def qr_in_header(self) -> bool:
        """A URL's code fits the header with modules of at least half a millimetre; a long text's does not."""
        return len(self.qr.modules) * MIN_MODULE <= QR_SIZE

    def qr_caption(self) -> list[Flowable]:
        caption = label(self.s, "qr.caption") if self.qr.url else label(self.s, "qr.text_caption")
        out: list[Flowable] = [Paragraph(safe_text(caption), self.st["qr"])]
        if self.qr.url:
            url = safe_text(self.qr.url)  # escaped for the attribute too (quotes become &quot;)
            out.append(Paragraph(f'<a href="{url}" color="#1f4e79"><u>{url}</u></a>', self.st["qr"]))
        return out

    def qr_section(self) -> None:
        """A large code (``--qr text`` with much text) gets its own block at the end, big enough to scan."""
        size = min(max(len(self.qr.modules) * MIN_MODULE, 60 * mm), self.width)
        self.story.append(KeepTogether([
            self.heading(label(self.s, "qr.heading"), "h2", 1),
            qr_drawing(self.qr.modules, size), Spacer(1, 4), *self.qr_caption(),
        ]))

    def people(self) -> None:
        s = self.s
        self.story.append(self.heading(label(s, "people.heading"), "h2", 1))
        if not s.participants:
            self.p(safe_text(label(s, "people.none")), "body")
            return
        total = label(s, "people.total_one") if s.participants == 1 else label(s, "people.total", count=s.participants)
        self.p(safe_text(total), "body")
        for line in s.sectors:
            text = safe_text(label(s, "people.sector", sector=line.sector, count=line.count))
            if line.names:
                text += " — " + safe_text(label(s, "people.named", names=", ".join(line.names)))
            self.story.append(Paragraph(text, self.st["item"], bulletText="•"))
        self.p(safe_text(label(s, "people.privacy")), "small")

    def entry(self, e: Entry) -> None:
        if e.kind == "value":
            head = f"<b>{safe_text(e.value)}</b>" if e.value else ""
            chosen_by = who(self.s, e)
            if chosen_by:
                head += f'  <font size="9" color="#4a5866">{safe_text(chosen_by)}</font>'
            if head:
                self.p(head, "value")
            self.user(e.text, "body")
            if e.refs:
                self.p(safe_text(label(self.s, "value.refs", refs=", ".join(e.refs))), "small")
        elif e.kind == "direction":
            self.user(e.text, "direction")
        elif e.kind == "advice":
            self.user(e.text, "item", bulletText=f"{e.rank}.")
        elif e.kind == "tension" and len(e.poles) == 2:
            # The two poles first: they say what the note is about.
            between = safe_text(label(self.s, "tension.between", a=e.poles[0], b=e.poles[1]))
            markup = para_text(e.text)
            body = f"<br/>{markup}" if markup else ""
            self.story.append(Paragraph(f'<font size="9" color="#4a5866">{between}</font>{body}', self.st["item"],
                                        bulletText="•"))
        else:
            self.user(e.text, "item", bulletText="•")

    def part(self, part: Part) -> None:
        self.story.append(self.heading(part.title, "h2", 1))
        if not part.entries:
            self.p(f'<font color="#4a5866">{safe_text(label(self.s, "empty"))}</font>', "body")
            return
        for group in part.groups:
            if group.title and (len(part.groups) > 1 or group.title != part.title):
                self.story.append(self.heading(group.title, "h3", 2))
                if not group.entries:
                    self.p(f'<font color="#4a5866">{safe_text(label(self.s, "empty"))}</font>', "small")
            for e in group.entries:
                self.entry(e)

    def timing(self) -> None:
        """Planned against actual minutes per round, when the rounds were timed."""
        s = self.s
        if not s.timing:
            return
        self.story.append(self.heading(label(s, "timing.heading"), "h2", 1))
        for r in s.timing:
            shown = "–" if r.actual is None else f"{r.actual:g}"
            line = label(s, "timing.line", round=r.title, planned=r.planned, actual=shown)
            self.story.append(Paragraph(safe_text(line), self.st["item"], bulletText="•"))

    def board(self) -> None:
        # Kept together: the drawing is bounded to one page, so its heading never stays behind alone.
        self.story.append(KeepTogether([
            self.heading(label(self.s, "board.heading"), "h2", 1),
            Paragraph(safe_text(label(self.s, "board.caption")), self.st["small"]),
            Spacer(1, 4),
            board_drawing(self.s, self.width, A4[1] - 2 * MARGIN - 90),
        ]))

    def flowables(self) -> list[Flowable]:
        self.story = []
        self.header()
        self.people()
        for part in self.s.parts:
            self.part(part)
        self.timing()
        self.board()
        if not self.qr_in_header:
            self.qr_section()
        return self.story

    def build(self) -> bytes:
        self.flowables()
        out = io.BytesIO()
        regular, _ = register_fonts()
        doc = SimpleDocTemplate(
            out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm,
            title=printable(label(self.s, "pdf_title", title=self.s.title)),
            author=printable(self.s.programme or label(self.s, "default_author")), subject=label(self.s, "subtitle"),
            creator=f"tafel {__version__}", lang=self.s.lang,
            initialFontName=regular, displayDocTitle=True,
        )
        page_label, footer_title = label(self.s, "page.number"), self.s.title

        class Numbered(NumberedCanvas):
            pass

        Numbered.label = page_label
        Numbered.footer_title = fit(footer_title, regular, 8, self.width * 0.6)
        doc.build(self.story, canvasmaker=Numbered)
        return out.getvalue()


def summary_pdf(summary: Summary, qr: QrBlock) -> bytes:
    """The summary PDF's bytes."""
    return SummaryPdf(summary, qr).build()
