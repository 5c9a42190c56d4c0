"""The one ReportLab internal tafel uses, in one place (tests/render/test_reportlab_compat.py guards it).

"Page n of m" needs the page count before any page is written, so ``NumberedCanvas`` keeps each
page's state and writes them all in ``save()`` (ReportLab's own documented recipe). Between two
pages it must start the next page without writing the last one; ReportLab has no public call for
that, only ``Canvas._startPage`` (what ``showPage`` ends with). ``reportlab<6`` in pyproject.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas


def start_page(canvas: Canvas) -> None:
    """Begin the next page (page number, graphics state) without writing the current one."""
    canvas._startPage()  # type: ignore[attr-defined]  # not in the stubs: private, see the module's docstring
