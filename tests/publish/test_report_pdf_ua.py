"""``tafel merge --pdf-ua``: a tagged PDF (PDF/UA-1) checked as a validator would, with pikepdf."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from tafel.domain.report import Report
from tafel.render.report_content import report_blocks
from tafel.render.report_outline import runs
from tests.publish.reports import HOSTILE, build

pikepdf = pytest.importorskip("pikepdf", reason="pikepdf is missing: pip install -e '.[test]'")


def _weasyprint_missing() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"WeasyPrint cannot load ({exc}): pip install 'tafel[publish]'; apt-get install libpango-1.0-0 " \
               "libpangoft2-1.0-0 (.ci/run does this)"
    return None


pytestmark = pytest.mark.skipif(_weasyprint_missing() is not None, reason=str(_weasyprint_missing()))


def render(report: Report) -> bytes:
    from tafel.render.report_pdf_ua import render_pdf_ua

    return render_pdf_ua(report)


def _elements(pdf: Any) -> list[Any]:
    """The structure elements in document (reading) order."""
    out: list[Any] = []

    def walk(element: Any) -> None:
        out.append(element)
        k = element.get("/K")
        for kid in (list(k) if isinstance(k, pikepdf.Array) else [k]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid)

    root = pdf.Root.StructTreeRoot.K
    for top in (list(root) if isinstance(root, pikepdf.Array) else [root]):
        walk(top)
    return out


def test_structure_language_title_and_headings_in_order(report: Report) -> None:
    blocks = report_blocks(report)
    with pikepdf.open(io.BytesIO(render(report))) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == report.language
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        with pdf.open_metadata() as meta:
            assert meta.get("dc:title") == blocks[0].text
            assert meta.get("pdfuaid:part") == "1"
        tags = [str(e.S) for e in _elements(pdf)]
    headings = [t for t in tags if re.fullmatch(r"/H[1-6]", t)]
    assert headings == [f"/H{r.level}" for r in runs(blocks) if r.kind == "heading"]
    assert {"/L", "/LI", "/LBody", "/Table", "/TH", "/TD", "/Figure", "/P"} <= set(tags)
    if any(b.kind == "quote" for b in blocks):
        assert "/BlockQuote" in tags


def test_every_figure_has_alt_text_with_its_figures(report: Report) -> None:
    charts = [b for b in report_blocks(report) if b.kind == "chart"]
    with pikepdf.open(io.BytesIO(render(report))) as pdf:
        figures = [e for e in _elements(pdf) if e.S == "/Figure"]
        alts = [str(f.get("/Alt", "")) for f in figures]
    assert len(figures) == len(charts) and all(alts)
    for chart, alt in zip(charts, alts, strict=True):
        assert all(f"{value}: {count}" in alt for value, count in chart.bars)


def _fonts(pdf: Any) -> dict[str, bool]:
    found: dict[str, bool] = {}

    def visit(resources: Any) -> None:
        if resources is None:
            return
        for font in (resources.get("/Font") or {}).values():
            inner = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = inner.get("/FontDescriptor")
            found[str(font.BaseFont)] = descriptor is not None and any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return found


def test_every_font_embedded_and_the_footer_is_an_artifact(report: Report) -> None:
    with pikepdf.open(io.BytesIO(render(report))) as pdf:
        fonts = _fonts(pdf)
        assert fonts and all(fonts.values()), fonts
        # Every tagged piece of content belongs to an element of the tree (reading order has no orphans)…
        in_tree = {e.objgen for e in _elements(pdf)}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        for i in range(1, len(nums), 2):
            entries = nums[i] if isinstance(nums[i], pikepdf.Array) else [nums[i]]
            assert all(e is None or e.objgen in in_tree for e in entries)
        # …and the running footer (from page 2: the programme and the page number) is page furniture.
        if len(pdf.pages) > 1:
            content = pdf.pages[1].Contents.read_bytes()
            assert re.search(rb"/Artifact\s*<<\s*/Type /Pagination /Subtype /Footer\s*>>\s*BDC", content)


def test_text_says_the_same_and_user_text_is_text(tmp_path: Path, tafel_home: Path) -> None:
    from pypdf import PdfReader

    report, _ = build(tmp_path / "exports", tafel_home, "english")
    text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(render(report))).pages).split())
    assert HOSTILE in text
    assert "Report Conversation tables pilot" in text


def test_cli_writes_the_tagged_pdf(cli, tmp_path: Path, tafel_home: Path,  # type: ignore[no-untyped-def]
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    build(tmp_path / "exports", tafel_home, "programme")
    monkeypatch.chdir(tmp_path)
    result = cli("merge", "exports", "--pdf-ua", "verslag-toegankelijk.pdf", "-o", "verslag.pdf")
    assert result.code == 0, result.err
    tagged = pikepdf.open(tmp_path / "verslag-toegankelijk.pdf")
    plain = pikepdf.open(tmp_path / "verslag.pdf")
    assert "/StructTreeRoot" in tagged.Root and "/StructTreeRoot" not in plain.Root  # -o stays ReportLab's
    assert result.err == ""  # WeasyPrint's warnings about screen-only CSS are not the organiser's business
