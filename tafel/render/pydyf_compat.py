"""pydyf (WeasyPrint's PDF writer) made faster while tafel writes the tagged PDF; its one internal.

``page_references`` is a public property of ``pydyf.PDF``; it is replaced for the duration of one
PDF with a version that reads ``pages["Kids"]`` as pydyf lays it out (object number, 0, "R" for
every page). ``pydyf>=0.11,<0.14`` in pyproject; tests/publish/test_pydyf_compat.py checks the
replacement gives what pydyf's own does on a real PDF, and that it is put back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def page_references_cached() -> Iterator[None]:
    """pydyf rebuilds the tuple of every page's reference each time WeasyPrint tags an element
    (15 million strings for a 300-page verslag, a third of the writing time). Pages are only ever
    appended, so the tuple is cached by their count while this PDF is written."""
    import pydyf

    original = pydyf.PDF.page_references

    def cached(pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        found: tuple[int, tuple[bytes, ...]] | None = pdf.__dict__.get("_tafel_page_refs")
        if found is None or found[0] != len(kids):
            found = (len(kids), tuple(f"{n} 0 R".encode("ascii") for n in kids[::3]))
            pdf.__dict__["_tafel_page_refs"] = found
        return found[1]

    pydyf.PDF.page_references = property(cached)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original
