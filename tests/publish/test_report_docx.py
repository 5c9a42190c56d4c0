"""``tafel merge --docx``: a Word document with Word's own structure, read back as Word would."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from tafel.domain.report import Report
from tafel.render.report_content import report_blocks
from tafel.render.report_docx import render_docx
from tafel.render.report_outline import runs
from tests.publish.reports import HOSTILE, build


def test_headings_lists_and_properties(report: Report) -> None:
    blocks = report_blocks(report)
    doc = Document(io.BytesIO(render_docx(report, blocks)))
    headings = [(p.style.name, p.text) for p in doc.paragraphs
                if p.style.name == "Title" or p.style.name.startswith("Heading")]
    expected = [("Title" if r.level == 1 else f"Heading {r.level - 1}", r.block.text)
                for r in runs(blocks) if r.kind == "heading"]
    assert headings == expected
    listed = [p for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert len(listed) == sum(1 for b in blocks if b.kind in ("bullet", "said"))
    said = [f"{b.source}: {b.text}" for b in blocks if b.kind == "said"]
    assert said and [p.text for p in listed if p.runs[0].bold] == said  # the source in bold, then the words
    props = doc.core_properties
    assert props.title == blocks[0].text and props.author == report.programme
    assert props.subject in ("Verslag van de gesprekstafels", "Report of the conversation tables")
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == {"nl": "nl-NL", "en": "en-GB"}[report.language]


def test_chart_is_a_picture_with_its_figures_as_alt_text_and_a_table(report: Report) -> None:
    blocks = report_blocks(report)
    charts = [b for b in blocks if b.kind == "chart"]
    doc = Document(io.BytesIO(render_docx(report, blocks)))
    assert len(doc.inline_shapes) == len(charts) == len(doc.tables) >= 1
    pictures = doc.element.body.xpath(".//wp:docPr")  # python-docx has no alt-text API: its XML
    header_rows = doc.element.body.xpath("./w:tbl/w:tr[1]")
    for chart, picture, table, first in zip(charts, pictures, doc.tables, header_rows, strict=True):
        alt = picture.get("descr")
        for value, count in chart.bars:
            assert f"{value}: {count}" in alt
        rows = [[c.text for c in row.cells] for row in table.rows]
        assert rows[0] in (["Waarde", "Keer genoemd"], ["Value", "Times mentioned"])
        assert rows[1:] == [[v, str(n)] for v, n in chart.bars]
        assert first.trPr.find(qn("w:tblHeader")) is not None  # a real header row


def test_user_text_is_text(tmp_path: Path, tafel_home: Path) -> None:
    report, _ = build(tmp_path / "exports", tafel_home, "english")
    doc = Document(io.BytesIO(render_docx(report)))
    said = [p.text for p in doc.paragraphs if HOSTILE in p.text]
    assert said and said[0].startswith("Direction (table 1): ")
    assert "Together with the city." in said[0]


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="soffice is missing (Debian libreoffice-writer-nogui; .ci/run installs it)")
def test_libreoffice_opens_it_without_repair(cli, tmp_path: Path, tafel_home: Path,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    build(tmp_path / "exports", tafel_home, "programme")
    monkeypatch.chdir(tmp_path)
    result = cli("merge", "exports", "--docx", "verslag.docx")
    assert result.code == 0, result.err
    assert not (tmp_path / "verslag.pdf").exists()
    profile = tmp_path / "lo-profile"  # its own profile: no clash with a LibreOffice already running
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(tmp_path / "verslag.docx")],
        capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "out" / "verslag.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join((p.extract_text() or "") for p in PdfReader(pdf).pages)
    assert "Verslag Gesprekstafels sturingsfilosofie" in " ".join(text.split())
