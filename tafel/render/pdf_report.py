"""The programme's verslag as an A4 PDF (ReportLab Platypus), modelled on the 2023 report.

Blocks come from ``report_content``; every piece of user text (quotes, titles, theme and value
names, file names) passes through ``safe_text`` before it meets Paragraph markup, so ``<b>``,
``&`` or ``<img src=...>`` in a note print as those characters.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from tafel import __version__
from tafel.domain.report import Report
from tafel.render.fonts import printable, register_fonts, safe_text
from tafel.render.report_content import Block, report_blocks

MARGIN = 20 * mm
INK = colors.HexColor("#1f2933")
ACCENT = colors.HexColor("#154273")  # the deep blue of Dutch government documents
MUTED = colors.HexColor("#5f6b7a")
QUOTE_BACK = colors.HexColor("#eef3f8")
BAR = colors.HexColor("#4f7fb3")
BAR_ROW = 13  # points per bar in the chart


def styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14.5, textColor=INK, spaceAfter=5)

    def style(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "p": base,
        "title": style("title", fontName=bold, fontSize=26, leading=32, textColor=ACCENT, spaceBefore=120,
                       spaceAfter=10),
        "subtitle": style("subtitle", fontSize=14, leading=18, textColor=MUTED, spaceAfter=40),
        "figure": style("figure", fontName=bold, fontSize=15, leading=20, textColor=ACCENT, spaceAfter=10),
        "h1": style("h1", fontName=bold, fontSize=16, leading=21, textColor=ACCENT, spaceBefore=16, spaceAfter=8,
                    keepWithNext=1),
        "h2": style("h2", fontName=bold, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=3, keepWithNext=1),
        "strong": style("strong", fontName=bold, textColor=ACCENT, spaceAfter=3),
        "bullet": style("bullet", leftIndent=14, bulletIndent=3, spaceAfter=3, bulletFontName=regular),
        "quote": style("quote", leftIndent=12, rightIndent=12, backColor=QUOTE_BACK, borderPadding=(5, 6, 5, 6),
                       spaceBefore=4, spaceAfter=8),
        "said": style("said", leftIndent=12, firstLineIndent=-12, spaceAfter=4),
        "small": style("small", fontSize=8.5, leading=12, textColor=MUTED, spaceBefore=18),
        "aside": style("aside", fontSize=8.5, leading=12, textColor=MUTED, spaceAfter=3),
    }


def _markup(text: str) -> str:
    return safe_text(text).replace("\n", "<br/>")


def bar_chart(block: Block, font: str) -> Drawing:
    """A horizontal bar per value, most mentioned on top, its count at the end of the bar."""
    bars = list(block.bars)
    width = A4[0] - 2 * MARGIN
    label_width = 150
    height = BAR_ROW * len(bars) + 40
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 20
    chart.height = BAR_ROW * len(bars)
    chart.width = width - label_width - 30  # type: ignore[assignment]  # the stubs say int; ReportLab takes points
    chart.data = [[n for _, n in reversed(bars)]]
    chart.categoryAxis.categoryNames = [printable(v)[:40] for v, _ in reversed(bars)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([n for _, n in bars] + [1]) * 1.1
    chart.valueAxis.visible = False
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(String(0, height - 12, printable(block.text), fontName=font, fontSize=9, fillColor=MUTED))
    return drawing


def flowables(blocks: list[Block]) -> list[Flowable]:
    st = styles()
    regular, _ = register_fonts()
    out: list[Flowable] = []
    for block in blocks:
        if block.kind == "pagebreak":
            out.append(PageBreak())
        elif block.kind == "chart":
            out += [Spacer(1, 8), bar_chart(block, regular), Spacer(1, 8)]
        elif block.kind == "bullet":
            out.append(Paragraph(_markup(block.text), st["bullet"], bulletText="•"))
        elif block.kind == "said":
            # Directions and advice: thousands in a large programme, so one plain paragraph each.
            out.append(Paragraph(f"<b>{safe_text(block.source)}:</b> {_markup(block.text)}", st["said"]))
        elif block.kind == "quote":
            source = f'<font color="#5f6b7a" size="8.5">— {safe_text(block.source)}</font>'
            out.append(Paragraph(f"“{_markup(block.text)}”<br/>{source}", st["quote"]))
        else:
            out.append(Paragraph(_markup(block.text), st[block.kind]))
    return out


def render_pdf(report: Report) -> bytes:
    buffer = io.BytesIO()
    regular, _ = register_fonts()
    footer = printable(report.programme)[:90]

    def on_page(canvas: Any, doc: Any) -> None:
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 12 * mm, footer)
        canvas.drawRightString(A4[0] - MARGIN, 12 * mm, str(doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=22 * mm,
        title=printable(report.title or report.programme), author=f"tafel {__version__}",
        creator=f"tafel {__version__}",
        lang=report.language, initialFontName=regular,  # no unembedded Helvetica on any page
    )
    doc.build(flowables(report_blocks(report)), onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
