"""The verslag as a tagged PDF (PDF/UA-1, ``tafel merge --pdf-ua``): for publishing.

ReportLab's open-source edition cannot tag a PDF, so this prints the accessible web page of
``report_html`` with WeasyPrint (``pdf_variant="pdf/ua-1"``): the structure tree follows the
HTML (H1-H3, L/LI, Table/TH/TD, BlockQuote, Figure with the SVG's name as /Alt), in reading
order, with /Lang, the title shown as the window title, and every font embedded. One thing is
mended afterwards with pikepdf: WeasyPrint marks the running footer (programme and page
number, from the print styles) as tagged content of a structure element that is not in the
tree; PDF/UA wants page furniture as artifacts, so those marked-content sequences become
``/Artifact`` (type Pagination, subtype Footer) and leave the parent tree.

WeasyPrint and pikepdf are the optional extra ``tafel[publish]`` (WeasyPrint needs Pango from
the system); the plain ``-o verslag.pdf`` stays ReportLab's, fast and dependency-light.
"""

from __future__ import annotations

import io
import logging
import re
from functools import partial
from typing import Any

from tafel.domain.errors import TafelError
from tafel.domain.report import Report
from tafel.render.pydyf_compat import page_references_cached
from tafel.render.report_content import Block, report_blocks
from tafel.render.report_html import render_html

ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
_MARKED = re.compile(rb"/[A-Za-z0-9]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the package is there but Pango is not
        raise TafelError("merge.pdf_ua_unavailable", error=str(exc).splitlines()[0]) from None
    return weasyprint


def furniture_as_artifacts(pdf: bytes) -> bytes:
    """Mark content whose structure element hangs outside the tree (the margin boxes) as artifacts."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root.StructTreeRoot
        tops = root.K if isinstance(root.K, pikepdf.Array) else pikepdf.Array([root.K])
        in_tree = {kid.objgen for top in tops for kid in _kids(top)}
        nums = root.ParentTree.Nums
        by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in doc.pages:
            key = page.obj.get("/StructParents")
            parents = by_key.get(int(key)) if key is not None else None
            if not isinstance(parents, pikepdf.Array):
                continue
            loose = {n for n, element in enumerate(parents) if _outside(element, tops, in_tree)}
            if not loose or not isinstance(page.obj.get("/Contents"), pikepdf.Stream):
                continue
            # "/Span <</MCID 41>> BDC" → "/Artifact <<…>> BDC": a textual edit of the marked-content
            # operator (parsing and rewriting every page's operators took seconds on 300 pages).
            content = page.obj.Contents.read_bytes()
            edited = _MARKED.sub(partial(_as_artifact, loose), content)
            page.obj.Contents.write(edited)
            for n in loose:
                parents[n] = None
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def _as_artifact(loose: set[int], marked: re.Match[bytes]) -> bytes:
    return ARTIFACT if int(marked.group(1)) in loose else marked.group(0)


def _kids(element: Any) -> list[Any]:
    import pikepdf

    k = element.get("/K")
    kids = list(k) if isinstance(k, pikepdf.Array) else [k]
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def _outside(element: Any, tops: Any, in_tree: set[tuple[int, int]]) -> bool:
    """True for an element whose chain of parents leaves the tree: its top ancestor below the
    document element is not one of the document's children."""
    import pikepdf

    top_ids = {top.objgen for top in tops}
    seen = 0
    while isinstance(element, pikepdf.Dictionary) and seen < 200:
        parent = element.get("/P")
        if isinstance(parent, pikepdf.Dictionary) and parent.objgen in top_ids:
            return element.objgen not in in_tree
        element, seen = parent, seen + 1
    return False


def render_pdf_ua(report: Report, blocks: list[Block] | None = None) -> bytes:
    """The verslag as PDF/UA-1 bytes, printed from the accessible HTML."""
    weasyprint = _weasyprint()
    html = render_html(report, blocks if blocks is not None else report_blocks(report), for_print=True)
    # WeasyPrint warns about screen-only CSS (dark mode, text-size-adjust) it rightly ignores.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with page_references_cached():
            pdf = weasyprint.HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")
    finally:
        logger.setLevel(level)
    return furniture_as_artifacts(pdf)
