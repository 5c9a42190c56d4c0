"""pydyf's page references, cached while tafel writes the tagged PDF, are pydyf's own (render/pydyf_compat.py)."""

from __future__ import annotations

import pydyf

from tafel.render.pydyf_compat import page_references_cached


def _pdf_with_pages(count: int) -> pydyf.PDF:
    pdf = pydyf.PDF()
    for _ in range(count):
        page = pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference, "MediaBox": [0, 0, 200, 200]})
        pdf.add_object(page)
        pdf.add_page(page)
    return pdf


def test_cached_references_are_pydyfs_and_follow_new_pages() -> None:
    pdf = _pdf_with_pages(3)
    own = pdf.page_references
    assert len(own) == 3 and all(ref.endswith(b" 0 R") for ref in own)  # the layout the cache reads
    original = pydyf.PDF.page_references
    with page_references_cached():
        assert pdf.page_references == own
        more = pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference, "MediaBox": [0, 0, 200, 200]})
        pdf.add_object(more)
        pdf.add_page(more)
        cached = pdf.page_references
    assert cached == pdf.page_references  # after: pydyf's own again, the same four
    assert len(cached) == 4
    assert pydyf.PDF.page_references is original  # put back
