"""Every format says the same: each count of report.json and each block of the verslag (quotes,
directions, advice, themes, tensions, the account) is in the Markdown, the Word document, the web
page, the ReportLab PDF and the tagged PDF, on the 15-table programme and on a one-table English one."""

from __future__ import annotations

import html
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tafel.i18n import t
from tafel.render.report_content import report_blocks, value_line
from tests.publish.reports import build
from tests.publish.test_report_html import parse


def flat(text: str) -> str:
    """Whitespace folded and ligatures (ﬁ) undone: a phrase wrapped over lines or pages reads as one."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(data: bytes, footer: str | None = None) -> str:
    """The pages' text; ``footer``: the running footer (programme, page number) an untagged PDF
    mixes into the text, taken off each page so a paragraph over a page break reads as one."""
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    if footer:
        pattern = re.compile(rf"(^\s*{re.escape(footer)}\s+\d+\s*|\s*{re.escape(footer)}\s+\d+\s*$)")
        pages = [pattern.sub(" ", page) for page in pages]
    return flat(" ".join(pages))


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))  # paragraphs and tables in body order, as Word shows them
    parts: list[str] = []
    for element in doc.element.body.iterchildren():
        if element.tag.endswith("}p"):
            parts.append("".join(node.text or "" if node.tag.endswith("}t") else "\n"
                                 for node in element.iter() if node.tag.endswith(("}t", "}br"))))
        elif element.tag.endswith("}tbl"):  # a table: its cells in reading order
            parts += ["".join(n.text or "" for n in tc.iter() if n.tag.endswith("}t"))
                      for tc in element.iter() if tc.tag.endswith("}tc")]
    return flat(" ".join(parts))


def md_text(md: str) -> str:
    md = re.sub(r"\\([#>+\-*=|.)\\`_~\[\]])", r"\1", md)  # the escapes that keep user text from being markup
    md = re.sub(r"^> ?", "", md, flags=re.MULTILINE)
    md = md.replace("**", "").replace("|", " ")
    return flat(html.unescape(md))


@pytest.mark.parametrize("which", ["programme", "english"])
def test_every_count_and_quote_in_every_format(cli, tmp_path: Path, tafel_home: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch, which: str) -> None:
    monkeypatch.chdir(tmp_path)
    report, _ = build(Path("exports"), tafel_home, which)  # relative, as the organiser names it
    args = ["merge", "exports", "-o", "verslag.pdf", "--json", "report.json", "--md", "verslag.md",
            "--html", "verslag.html", "--docx", "verslag.docx"]
    try:
        import weasyprint  # noqa: F401

        args += ["--pdf-ua", "verslag-ua.pdf"]
    except (ImportError, OSError):
        pass  # the tagged PDF has its own tests, skipped with the reason
    result = cli(*args)
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    formats = {
        "md": md_text((tmp_path / "verslag.md").read_text("utf-8")),
        "docx": docx_text((tmp_path / "verslag.docx").read_bytes()),
        "html": flat(parse((tmp_path / "verslag.html").read_text("utf-8")).visible),
        "pdf": pdf_text((tmp_path / "verslag.pdf").read_bytes(), footer=data["programme"]),
    }
    if (tmp_path / "verslag-ua.pdf").exists():
        formats["pdf-ua"] = pdf_text((tmp_path / "verslag-ua.pdf").read_bytes())
    lang = report.language  # report.json does not carry it

    # The counts, as report.json has them.
    facts = [str(data["participants"]), str(data["tables"])]
    facts += [value_line(v["value"], v["picked"], v["referenced"], v["tables"], lang) for v in data["values"]]
    facts += [t("report.figures.sector_line", lang=lang, sector=s, count=n) for s, n in data["sectors"].items()]
    facts += [e["text"] for e in data["directions"] + data["advice"]]
    facts += [info["title"] for info in data["table_list"]]
    assert data["values"] and data["directions"] and data["advice"]
    # Every block of the verslag: quotes with their source, themes, tensions, the account.
    blocks = [b for b in report_blocks(report) if b.kind not in ("pagebreak", "small")]
    facts += [b.text for b in blocks] + [b.source for b in blocks if b.source]
    bars = [f"{value} {count}" for b in blocks if b.kind == "chart" for value, count in b.bars]
    assert any(b.kind == "quote" for b in blocks) or which == "english"

    missing = {name: [f for f in facts if flat(f) not in text] for name, text in formats.items()}
    assert missing == {name: [] for name in formats}
    # The chart's counts as a table: in the page, the Word document, the Markdown, the tagged PDF.
    for name in ("md", "docx", "html", "pdf-ua"):
        if name in formats:
            assert [b for b in bars if b not in formats[name]] == [], name
