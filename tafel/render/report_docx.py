"""The verslag as a Word document (``tafel merge --docx``): for the organiser to finish in Word.

Same blocks, same order as the PDF, HTML and Markdown (``report_outline``). Word's own styles
carry the structure, so the navigation pane and a table of contents work and a screen reader
hears headings and lists: Title for the title, Heading 1/2 for sections and parts, List Bullet
for lists, Quote for quotes. Each chart is a PNG (drawn with Pillow in the embedded DejaVu font)
whose alternative text (``wp:docPr/@descr``) states every figure, followed by a Word table of the
same counts whose first row is a repeating header row. The document's language is set in the
default run properties and the core properties (title, subject, author = the programme).

User text goes into runs as text, never as markup: python-docx escapes it for XML, and
characters XML cannot hold (control characters) become U+FFFD first.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import cache
from importlib.resources import as_file, files

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from PIL import Image, ImageDraw, ImageFont

from tafel import __version__
from tafel.domain.report import Report
from tafel.i18n import t
from tafel.render.report_content import Block, report_blocks
from tafel.render.report_outline import Run, chart_alt, runs, title_text

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
LANGUAGES = {"nl": "nl-NL", "en": "en-GB"}
MUTED = RGBColor(0x4F, 0x5B, 0x69)
ACCENT = (0x15, 0x42, 0x73)
BAR = (0x2F, 0x6A, 0xA3)
CHART_WIDTH_MM = 160


def clean(text: str) -> str:
    """User text as Word can hold it: XML-illegal characters become U+FFFD, CR LF becomes LF."""
    return _ILLEGAL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    with as_file(files("tafel.render").joinpath("fonts", "DejaVuSans.ttf")) as path:
        return ImageFont.truetype(str(path), size)


def chart_png(block: Block) -> bytes:
    """A horizontal bar per value, most mentioned on top, its count at the end (2x for sharp print)."""
    bars = list(block.bars)
    scale = 2
    row, label_w, width = 22 * scale, 190 * scale, 640 * scale
    font = _font(12 * scale)
    height = row * len(bars) + 8 * scale
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    top = max([n for _, n in bars] + [1])
    span = width - label_w - 50 * scale
    for i, (value, count) in enumerate(bars):
        y = i * row + 4 * scale
        label = value if len(value) <= 30 else value[:29] + "…"
        draw.text((label_w - 8 * scale, y + row / 2), label, font=font, fill=(0x1F, 0x29, 0x33), anchor="rm")
        bar = max(round(span * count / top), 2)
        draw.rectangle((label_w, y + 3 * scale, label_w + bar, y + row - 4 * scale), fill=BAR)
        draw.text((label_w + bar + 5 * scale, y + row / 2), str(count), font=font, fill=(0x1F, 0x29, 0x33),
                  anchor="lm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


class DocxReport:
    def __init__(self, report: Report, blocks: list[Block]) -> None:
        self.report = report
        self.lang = report.language
        self.blocks = blocks
        self.doc: DocxDocument = Document()
        self.pictures = 0

    def label(self, key: str, **params: object) -> str:
        return t(f"report.publish.{key}", lang=self.lang, **params)

    def setup(self) -> None:
        doc = self.doc
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as the PDF
        section.left_margin = section.right_margin = Mm(20)
        tag = LANGUAGES.get(self.lang, self.lang)
        # The document's language: every run inherits it from the default run properties.
        rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        for attr in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attr), tag)
        props = doc.core_properties
        props.title = clean(title_text(self.blocks))
        props.subject = self.label("subject")
        props.author = clean(self.report.programme)
        props.language = tag
        props.comments = f"tafel {__version__}"
        props.last_modified_by = clean(self.report.programme)
        props.revision = 1
        # Else the template's own date (2013-12-23) is what Word shows as "Created".
        props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)

    def para(self, text: str, style: str | None = None, **font: object) -> None:
        p = self.doc.add_paragraph(style=style)
        run = p.add_run(clean(text))
        for key, value in font.items():
            setattr(run.font, key, value)

    def run(self, item: Run) -> None:
        block = item.block
        if item.kind == "heading":
            self.doc.add_paragraph(clean(block.text), style="Title" if item.level == 1 else f"Heading {item.level - 1}")
        elif item.kind == "list":
            for b in item.blocks:
                p = self.doc.add_paragraph(style="List Bullet")
                if b.kind == "said":  # the source first, as in the other formats
                    p.add_run(clean(b.source) + ": ").bold = True
                p.add_run(clean(b.text))
        elif block.kind == "quote":
            p = self.doc.add_paragraph(style="Quote")
            p.add_run(f"“{clean(block.text)}”")
            p.add_run().add_break(WD_BREAK.LINE)
            source = p.add_run(f"— {clean(block.source)}")
            source.font.size, source.font.color.rgb = Pt(9), MUTED
        elif block.kind == "chart":
            self.chart(block)
        elif block.kind == "pagebreak":
            self.doc.add_page_break()
        elif block.kind == "subtitle":
            self.para(block.text, "Subtitle")
        elif block.kind in ("figure", "strong"):
            self.para(block.text, None, bold=True)
        elif block.kind in ("small", "aside"):
            self.para(block.text, None, size=Pt(8.5))
        else:  # p, and any kind the content model adds later: its text, never lost
            self.para(block.text)

    def chart(self, block: Block) -> None:
        self.para(block.text, "Caption")
        self.doc.add_picture(io.BytesIO(chart_png(block)), width=Mm(CHART_WIDTH_MM))
        self.pictures += 1
        # Word's "alternative text": the picture's description states every figure in it.
        # Through the document's XML (public: Document.element): python-docx has no alt-text API.
        doc_pr = self.doc.element.body.xpath(".//wp:docPr")[-1]
        doc_pr.set("descr", clean(chart_alt(block, self.lang, picture=True)))
        doc_pr.set("title", clean(block.text))
        table = self.doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        for cell, key in zip(table.rows[0].cells, ("value", "mentions"), strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(self.label(key)).bold = True
        # The first row is the header row: Word repeats it on every page and reads it as headers.
        tr_pr = self.doc.element.body.xpath("./w:tbl[last()]/w:tr[1]")[0].get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)
        for value, count in block.bars:
            cells = table.add_row().cells
            cells[0].text = clean(value)
            cells[1].text = str(count)
        self.doc.add_paragraph()

    def render(self) -> bytes:
        self.setup()
        for item in runs(self.blocks):
            self.run(item)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def render_docx(report: Report, blocks: list[Block] | None = None) -> bytes:
    """The verslag as a .docx file's bytes (``blocks``: the content model, when already built)."""
    return DocxReport(report, blocks if blocks is not None else report_blocks(report)).render()
