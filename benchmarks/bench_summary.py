"""Summary speed: the PDF of a table with 8 participants and 60 notes, and the whole export.

Goals (issue 4): PDF median ≤ 150 ms and ≤ 3× a bare Platypus document with the same
paragraphs (same font, one plain style, no drawings, no page numbers), measured in the same run,
alternating, so machine noise falls on both; the whole export (table.json, summary.pdf,
index.html, qr.png, qr.svg, each written atomically with fsync) ≤ 300 ms.

    python benchmarks/bench_summary.py [--runs 30] [--canvas sturingsfilosofie] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.factories, from a checkout

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from tafel import settings as settings_mod
from tafel.canvases import load_library
from tafel.render.content import build_summary
from tafel.render.fonts import register_fonts
from tafel.render.pdf_table import QrBlock, SummaryPdf, summary_pdf
from tafel.render.qr import matrix
from tafel.services.summary import export_summary
from tafel.storage.repository import Store
from tests.factories import fill_table


def paragraphs(flowables: list[object]) -> list[str]:
    """The markup of every Paragraph in the story, header table included."""
    out: list[str] = []
    for f in flowables:
        if isinstance(f, Paragraph):
            out.append(f.text)
        elif isinstance(f, Table):
            for row in f._cellvalues:
                for cell in row:
                    out += paragraphs(cell if isinstance(cell, list) else [cell])
    return out


def bare_pdf(texts: list[str]) -> bytes:
    regular, _ = register_fonts()
    style = ParagraphStyle("bare", fontName=regular, fontSize=10, leading=14)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph(t, style) for t in texts])
    return out.getvalue()


def median_ms(fn: Callable[[], object], times: list[float]) -> None:
    start = time.perf_counter()
    fn()
    times.append((time.perf_counter() - start) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--canvas", default="sturingsfilosofie")
    parser.add_argument("--keep", type=Path, help="copy the exported folder here, to look at")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tafel-bench-"))
    os.environ["TAFEL_HOME"] = str(work / "home")
    os.environ["TAFEL_EXPORTS"] = str(work / "exports")
    library = load_library()
    canvas = args.canvas if library.find(args.canvas) else library.all()[0].id
    store = Store.open(f"sqlite:///{work / 'tafel.db'}")
    table_id = fill_table(store, library, canvas=canvas, participants=8, notes=60)
    table = store.get_table(table_id)
    url = f"http://192.168.1.20:8470/{store.share_token(table_id)}/"
    qr = QrBlock(matrix(url), url)

    def ours() -> bytes:
        return summary_pdf(build_summary(table, library.find(table.canvas)), qr)

    texts = paragraphs(SummaryPdf(build_summary(table, library.find(table.canvas)), qr).flowables())
    pdf, bare = ours(), bare_pdf(texts)  # warm up: fonts registered, modules imported
    pdf_ms: list[float] = []
    bare_ms: list[float] = []
    for _ in range(args.runs):
        median_ms(ours, pdf_ms)
        median_ms(lambda: bare_pdf(texts), bare_ms)

    settings = settings_mod.load()
    export_ms: list[float] = []
    export_summary(store, library, settings, table_id)
    for _ in range(max(10, args.runs // 2)):
        matrix.cache_clear()  # count the QR code's making too, as a fresh process would
        median_ms(lambda: export_summary(store, library, settings, table_id), export_ms)
    result = export_summary(store, library, settings, table_id)

    items = len(table.items)
    notes = sum(1 for i in table.items if i.kind not in ("value", "direction", "advice"))
    pdf_median, bare_median = statistics.median(pdf_ms), statistics.median(bare_ms)
    export_median = statistics.median(export_ms)
    print(f"table: canvas {canvas}, {len(table.participants)} participants, {notes} notes, {items} items in all")
    print(f"summary PDF: {len(pdf) / 1024:.0f} KiB; bare Platypus: {len(bare) / 1024:.0f} KiB, {len(texts)} paragraphs")
    print(f"PDF median          {pdf_median:7.1f} ms  (goal <= 150 ms)  {'ok' if pdf_median <= 150 else 'OVER'}")
    print(f"bare Platypus median {bare_median:6.1f} ms")
    ratio = pdf_median / bare_median
    print(f"ratio PDF / bare     {ratio:6.2f} x   (goal <= 3x)       {'ok' if ratio <= 3 else 'OVER'}")
    print(f"whole export median {export_median:7.1f} ms  (goal <= 300 ms)  {'ok' if export_median <= 300 else 'OVER'}")
    print(f"  files: {', '.join(p.name for p in result.paths)}")
    if args.keep:
        shutil.copytree(result.folder, args.keep, dirs_exist_ok=True)
        print(f"  copied to {args.keep}")
    store.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
