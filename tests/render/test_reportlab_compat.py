"""The ReportLab internal that tafel/render/reportlab_compat.py uses is still there and does its job."""

from __future__ import annotations

import inspect
import io

from reportlab.pdfgen.canvas import Canvas

from tafel.render.reportlab_compat import start_page


def test_start_page_is_still_a_method_without_arguments() -> None:
    assert list(inspect.signature(Canvas._startPage).parameters) == ["self"], "ReportLab changed _startPage"


def test_start_page_moves_to_the_next_page_without_writing_one() -> None:
    canvas = Canvas(io.BytesIO())
    canvas.setFont("Helvetica", 20)
    start_page(canvas)
    assert canvas.getPageNumber() == 2
    assert canvas._fontsize != 20, "the new page starts from a fresh graphics state"  # what showPage leaves
    assert canvas._doc.pageCounter == 1, "no page was written"
